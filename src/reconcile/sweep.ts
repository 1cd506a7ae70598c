import type { Logger } from "pino";
import { MAX_POLICY_DURATION_MS } from "../core/policy-schema.js";
import { labelKey, statusLabel } from "../core/records.js";
import type { GitHubClient, IssueRef, ListedIssue } from "../github/client.js";
import { GLANCE_PAGE } from "../github/glance-query.js";
import type { GlanceCandidate, GlanceOutcome } from "./glance-requests.js";
import { memoryKey, type ProcessMemory } from "./process-memory.js";
import { SweepFailures } from "./sweep-failures.js";

export interface SweepDeps {
  installations(): Promise<number[]>;
  github(installationId: number): Promise<GitHubClient>;
  /** Reads a repository's policy settings (a conditional request, free while unchanged) so its request label is known. */
  readSettings?(github: GitHubClient, installationId: number, owner: string, repo: string): Promise<boolean>;
  /** Asks for a reconcile; the sweep's wait behind those webhooks and timers ask for (the scheduler's backlog). */
  enqueue(ref: IssueRef): void;
  /** Asks for a reconcile that waits for nothing: a grant past its end (default: `enqueue`). */
  enqueueNow?(ref: IssueRef): void;
  /**
   * Reads many open requests of one repository at once and arms the removal
   * of each live grant that needs nothing before its end (glanceRequests);
   * returns those to reconcile in full. Without it, every request the
   * process does not know yet is reconciled in full.
   */
  glance?(github: GitHubClient, installationId: number, owner: string, repo: string, candidates: readonly GlanceCandidate[]): Promise<GlanceOutcome>;
  /** Requests with a known wake-up time (armed timers). */
  wakeups(): Map<string, number>;
  now(): number;
  log: Logger;
  /** Where the sweep keeps what each listed issue looked like (see ProcessMemory.listed). */
  memory: Pick<ProcessMemory, "listed">;
  /** Wraps each sweep (metrics: its duration and counts). */
  measure?(run: () => Promise<SweepResult>): Promise<SweepResult>;
}

export interface SweepResult {
  listed: number;
  enqueued: number;
  /** Requests whose live grant a glance armed, without a reconcile. */
  glanced?: number;
}

type Listed = ListedIssue;

// GitHub's timestamps have one-second resolution: a change in the same second
// as a listing leaves updated_at as it was. Such issues are looked at again.
const SAME_SECOND_MS = 2_000;

/** What the listing says of an issue; any difference means it changed. */
function fingerprint(issue: Listed): string {
  return [issue.updated_at, issue.comments ?? "", issue.state ?? "", labelsOf(issue).sort().join(",")].join("|");
}

function labelsOf(issue: Listed): string[] {
  return (issue.labels ?? []).map((l) => labelKey(typeof l === "string" ? l : (l.name ?? "")));
}

/**
 * The safety net under webhooks and timers. Lists open requests in every
 * repository of every installation with conditional requests — an unchanged
 * list is answered 304, which costs no rate limit — and reconciles those that
 * changed since the last sweep or are due. The first sweep after a start
 * looks at every open request, which re-arms every timer: an open request
 * labelled granted that the process does not know yet is first glanced at,
 * a hundred in one GraphQL query (see glanceRequests), and reconciled in
 * full only when the glance cannot vouch for it. What the sweep asks for
 * waits behind webhooks and timers (the scheduler's backlog), except a
 * grant past its end, whose removal waits for nothing.
 *
 * The first sweep after a start also reads every issue touched within the
 * longest grant a policy can give (30 days), in every repository and state:
 * labels can be stripped and issues moved, and only the records tell.
 *
 * It also lists closed requests still labelled granted: a grant whose request
 * was closed while the app was down must still be revoked.
 *
 * @example
 * const sweeper = new Sweeper(deps);
 * await sweeper.sweep(); // { listed: 12, enqueued: 3 }
 */
export class Sweeper {
  /** A sweep has run to its end since the start. */
  private ended = false;
  /** Installations whose first wide read (see listAndEnqueue) went through: the others get it at the next sweep. */
  private readonly wideRead = new Set<number>();

  constructor(private readonly deps: SweepDeps) {}

  private now(ref: IssueRef): void {
    (this.deps.enqueueNow ?? this.deps.enqueue)(ref);
  }

  /**
   * Whether a sweep has run to its end since the start, with at least one
   * installation gone through (or none to sweep): the open requests it could
   * read have been looked at (readiness). One installation GitHub refuses
   * (suspended, a permission withdrawn) does not keep the others from being
   * ready; it is logged, and the sweep fails for it alone.
   */
  get swept(): boolean {
    return this.ended;
  }

  sweep(): Promise<SweepResult> {
    return this.deps.measure ? this.deps.measure(() => this.listAndEnqueue()) : this.listAndEnqueue();
  }

  private async listAndEnqueue(): Promise<SweepResult> {
    let listed = 0;
    let enqueued = 0;
    // After a start, every issue touched within the longest grant any policy can give is read
    // once, in every repository, whatever its labels and state: a request whose labels were
    // stripped before it was closed, or that was moved to a repository without policies, may
    // still hold a grant, and the app's records, not labels, say what it owes. Those come last,
    // after every labelled request, so that grants due now are not kept waiting behind them.
    const since = new Date(this.deps.now() - MAX_POLICY_DURATION_MS).toISOString();
    const queued = new Set<string>();
    const due = new Set([...this.deps.wakeups()].filter(([, at]) => at <= this.deps.now()).map(([key]) => key));
    const wide: { installationId: number; github: GitHubClient; owner: string; repo: string; since: string }[] = [];
    let glanced = 0;
    const take = (issues: readonly ListedIssue[], installationId: number, owner: string, repo: string, owed: (issue: Listed) => boolean, glancing?: GlanceCandidate[]) => {
      for (const issue of issues) {
        listed++;
        const key = memoryKey(installationId, `${owner}/${repo}#${issue.number}`);
        const print = fingerprint(issue);
        const recent = Date.parse(issue.updated_at) >= this.deps.now() - SAME_SECOND_MS;
        if (queued.has(key)) continue;
        const known = this.deps.memory.listed.has(key);
        if (this.deps.memory.listed.get(key) !== print || recent || due.has(key) || owed(issue)) {
          queued.add(key);
          this.deps.memory.listed.set(key, print);
          const ref = { installationId, owner, repo, number: issue.number };
          // Unknown to this process, listed as a live grant, nothing due: a glance may be enough.
          if (glancing && !known && !recent && !due.has(key) && mayGlance(issue)) glancing.push({ ref, nodeId: issue.node_id!, labels: labelsOf(issue), updatedAt: issue.updated_at });
          else {
            // A timer that should have fired (the clock jumped), or a request labelled as holding a grant or
            // owing a removal: its removal waits for nothing, never behind the backlog.
            if (due.has(key) || mayOweRemoval(issue)) this.now(ref);
            else this.deps.enqueue(ref);
            enqueued++;
          }
        }
      }
    };
    const glance = async (github: GitHubClient, installationId: number, owner: string, repo: string, candidates: GlanceCandidate[]) => {
      for (let at = 0; at < candidates.length; at += GLANCE_PAGE) {
        const page = candidates.slice(at, at + GLANCE_PAGE);
        let outcome: GlanceOutcome;
        try {
          outcome = (await this.deps.glance?.(github, installationId, owner, repo, page)) ?? { full: page.map((c) => c.ref), urgent: [] };
        } catch (error) {
          // Fail closed: a glance that failed vouches for nothing; every one is read in full.
          this.deps.log.warn({ err: error, repo: `${owner}/${repo}`, requests: page.length }, "glance failed; reconciling those requests in full");
          outcome = { full: page.map((c) => c.ref), urgent: [] };
        }
        // A grant past its end (it ended while the app was down) is removed before anything else.
        for (const ref of outcome.urgent) this.now(ref);
        for (const ref of outcome.full) this.deps.enqueue(ref);
        const read = outcome.full.length + outcome.urgent.length;
        enqueued += read;
        glanced += page.length - read;
      }
    };
    const failures = new SweepFailures(this.deps.log, "sweep");
    const failedIn = new Set<number>();
    const attempt = async (installationId: number, repo: string | undefined, run: () => Promise<void>) => {
      if (!(await failures.attempt({ installationId, ...(repo === undefined ? {} : { repo }) }, run))) failedIn.add(installationId);
    };
    const installations = await this.deps.installations();
    for (const installationId of installations) {
      await attempt(installationId, undefined, async () => {
        const github = await this.deps.github(installationId);
        // The client's listings are conditional: an unchanged page is answered 304 and costs no rate limit.
        const repos = await github.listRepositories();
        for (const { owner, repo } of repos) {
          if (!this.wideRead.has(installationId)) wide.push({ installationId, github, owner, repo, since });
          await attempt(installationId, `${owner}/${repo}`, async () => {
            // Where there are policies, every open issue is listed, not only labelled ones: a
            // request whose labels someone removed must still be found. Elsewhere no request
            // can be granted, and only owed work is looked for.
            const hasPolicies = (await this.deps.readSettings?.(github, installationId, owner, repo)) ?? true;
            if (hasPolicies) {
              const candidates: GlanceCandidate[] = [];
              take(await github.listAllIssues(owner, repo, { state: "open" }), installationId, owner, repo, () => false, this.deps.glance ? candidates : undefined);
              await glance(github, installationId, owner, repo, candidates);
            }
            // Owed work that no webhook may announce again: a grant (open in a repository without
            // policies, or closed while the app was down; open ones only when they changed or are
            // due, since a running grant has its timer), a removal that failed.
            take(await github.listAllIssues(owner, repo, { label: statusLabel("granted"), state: "all" }), installationId, owner, repo, (issue) => issue.state === "closed");
            take(await github.listAllIssues(owner, repo, { label: statusLabel("revoke-failed"), state: "all" }), installationId, owner, repo, () => true);
          });
        }
      });
    }
    for (const { installationId, github, owner, repo, since: after } of wide) {
      await attempt(installationId, `${owner}/${repo}`, async () => take(await github.listAllIssues(owner, repo, { state: "all", since: after }), installationId, owner, repo, () => true));
    }
    for (const { installationId } of wide) if (!failedIn.has(installationId)) this.wideRead.add(installationId);
    // Ready once some installation went through (or there is none): one GitHub refuses does not hold the others back,
    // but a deployment whose every installation failed (GitHub down) has looked at nothing.
    if (installations.length === 0 || installations.some((id) => !failedIn.has(id))) this.ended = true;
    this.deps.log.debug({ listed, enqueued, glanced }, "sweep done");
    failures.throwIfAny();
    return { listed, enqueued, glanced };
  }
}

/** An open issue (no pull request) the listing shows labelled granted, with the id a glance reads it by. */
/** Labelled as a live grant or a removal to retry: a reconcile of it may remove a membership. */
function mayOweRemoval(issue: Listed): boolean {
  const labels = labelsOf(issue);
  return labels.includes(statusLabel("granted")) || labels.includes(statusLabel("revoke-failed"));
}

function mayGlance(issue: Listed): boolean {
  return issue.state === "open" && issue.pull_request === undefined && typeof issue.node_id === "string" && labelsOf(issue).includes(statusLabel("granted"));
}
