import { pino } from "pino";
import type { SinkEntry } from "../../src/audit/file-sink.js";
import type { GitHubClient, IssueFacts, IssueRef, TimelineEntry } from "../../src/github/client.js";
import { MembershipRefusedError } from "../../src/github/errors.js";
import type { PolicyLoader } from "../../src/github/load-policies.js";
import { createMasker } from "../../src/masking/index.js";
import type { EffectWriter } from "../../src/reconcile/apply-effects.js";
import { FakeRequestSource } from "../../src/reconcile/fake-request-source.js";
import { GrantIndex } from "../../src/reconcile/grant-index.js";
import { createProcessMemory } from "../../src/reconcile/process-memory.js";
import { reconcile, type ReconcileDeps } from "../../src/reconcile/reconcile.js";
import { formBody, policy, T0 } from "../core/fixtures.js";

export const APP = { id: 1, slug: "jit-access" };
export const KEY = "k".repeat(32);
export const REF: IssueRef = { installationId: 1, owner: "acme", repo: "access", number: 7 };
export const NAME = "acme/access#7";

/**
 * One request over the fake request source, with a writer that records
 * every write and feeds the app's comments and labels back into the fake
 * (as GitHub would show them on the next read), a clock the test moves,
 * and the audit file's lines. No HTTP.
 */
export class ReconcileWorld {
  readonly source = new FakeRequestSource();
  readonly grants = new GrantIndex();
  /** Every write, in order: "comment", "add platform-admins/jane", "remove …", "label …". */
  readonly writes: string[] = [];
  readonly audit: SinkEntry[] = [];
  /** The process's memory: one per world, so its reconciles share it as one process's do. */
  readonly memory = createProcessMemory("access-request");
  now = T0;
  /** When set, GitHub refuses to add the membership with this reason. */
  refuse: string | undefined;
  /** When set, removing the membership fails. */
  failRemoval = false;
  private nextId = 1000;

  constructor(labels: string[] = ["access-request"]) {
    const issue: IssueFacts = { author: { login: "jane", type: "User", id: 42 }, body: formBody({ duration: "1h" }), state: "open", labels, isPullRequest: false, locked: false, updatedAt: new Date(T0).toISOString(), bodyEdits: { count: 0 } };
    this.source.issues.set(NAME, { issue, entries: [] });
    this.source.orgMembers.add("acme/jane").add("acme/alice");
    this.source.ids.set("jane", 42).set("alice", 43);
  }

  /** The request as the fake holds it. */
  get request(): { issue: IssueFacts; entries: TimelineEntry[] } {
    const found = this.source.issues.get(NAME);
    if (!found) throw new Error("the request was deleted");
    return found;
  }

  /** A person's comment on the request, now. */
  comment(login: string, body: string): void {
    const at = new Date(this.now).toISOString();
    // jane is the issue's author (id 42): her comments are her account's.
    this.request.entries.push({ event: "commented", id: this.nextId++, body, user: { login, type: "User", id: login === "jane" ? 42 : login.length }, created_at: at, updated_at: at });
  }

  /** The request read once, then approved by alice a minute later: the next reconcile grants. */
  async approveByAlice(deps: ReconcileDeps = this.deps()): Promise<void> {
    await reconcile(REF, deps);
    this.now += 60_000;
    this.comment("alice", "/approve");
  }

  deps(): ReconcileDeps {
    const writer = this.writer();
    return {
      github: async () => writer as unknown as GitHubClient,
      source: async () => this.source,
      identity: async () => APP,
      policies: { load: async () => policy, committedAt: () => undefined } as unknown as PolicyLoader,
      grants: this.grants,
      masker: () => createMasker(),
      signingKey: KEY,
      requestLabel: "access-request",
      now: () => this.now,
      log: pino({ level: "silent" }),
      memory: this.memory,
      auditSink: { append: async (entry) => void this.audit.push(entry), flushed: async () => undefined },
    };
  }

  private writer(): EffectWriter {
    // Writes go to the issue they name (a test may hold several requests of one person).
    const on = (ref: IssueRef) => this.source.issues.get(`${ref.owner}/${ref.repo}#${ref.number}`) ?? this.request;
    // As on GitHub, each label the app adds or takes off is an event of the issue's timeline.
    const labels = (ref: IssueRef, change: (labels: string[]) => string[]) => {
      const request = on(ref);
      const before = request.issue.labels;
      const after = change(before);
      const at = new Date(this.now).toISOString();
      const actor = { login: `${APP.slug}[bot]`, type: "Bot", id: 9 };
      for (const name of after.filter((l) => !before.includes(l))) request.entries.push({ event: "labeled", id: this.nextId++, label: { name }, actor, created_at: at });
      for (const name of before.filter((l) => !after.includes(l))) request.entries.push({ event: "unlabeled", id: this.nextId++, label: { name }, actor, created_at: at });
      request.issue.labels = after;
    };
    return {
      createComment: async (ref, body) => {
        const id = this.nextId++;
        const at = new Date(this.now).toISOString();
        on(ref).entries.push({ event: "commented", id, body, user: { login: `${APP.slug}[bot]`, type: "Bot", id: 9 }, performed_via_github_app: { id: APP.id }, created_at: at, updated_at: at });
        this.writes.push("comment");
        return { id };
      },
      addTeamMember: async (org, team, login) => {
        this.writes.push(`add ${team}/${login}`);
        if (this.refuse !== undefined) throw new MembershipRefusedError(this.refuse);
        this.source.teams.set(`${org}/${team}/${login}`, "active");
        return {};
      },
      removeTeamMember: async (org, team, login) => {
        this.writes.push(`remove ${team}/${login}`);
        if (this.failRemoval) throw new Error("GitHub answered 502");
        return this.source.teams.delete(`${org}/${team}/${login}`) ? "removed" : "absent";
      },
      addLabel: async (ref, label) => labels(ref, (l) => [...l.filter((x) => x !== label), label]),
      removeLabel: async (ref, label) => labels(ref, (l) => l.filter((x) => x !== label)),
      setLabels: async (ref, next) => labels(ref, () => [...next]),
      close: async (ref, _reason, next) => {
        on(ref).issue.state = "closed";
        if (next) labels(ref, () => [...next]);
      },
      lock: async (ref) => void (on(ref).issue.locked = true),
      unlock: async (ref) => void (on(ref).issue.locked = false),
      writeIssue: async () => {
        throw new Error("no batched writes without a node id");
      },
      findPostedComment: async () => undefined,
    };
  }
}
