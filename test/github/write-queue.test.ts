import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { issueWriteDocument } from "../../src/github/issue-write.js";
import { ticketOf } from "../../src/github/pace-writes.js";
import { GITHUB_PACING, NO_PACING, WriteQueue, type WriteKind, type WritePacing } from "../../src/github/write-queue.js";
import { manualClock, type ManualClock } from "../../src/reconcile/clock.js";

const ROUTES: Record<WriteKind, [string, string]> = {
  removal: ["DELETE", "/orgs/{org}/teams/{team_slug}/memberships/{username}"],
  grant: ["PUT", "/orgs/{org}/teams/{team_slug}/memberships/{username}"],
  record: ["POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  other: ["POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels"],
};

/** A queue on a manual clock, and the writes it started, in order, with when. */
function harness(pacing: WritePacing = GITHUB_PACING) {
  const clock = manualClock(0);
  const logged: Record<string, unknown>[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });
  const queue = new WriteQueue({ pacing, timer: clock, log });
  const started: { name: string; at: number }[] = [];
  const write = (kind: WriteKind, name: string = kind) => {
    const [method, url] = ROUTES[kind];
    return queue.schedule(ticketOf(method, url), async () => {
      started.push({ name, at: clock.now() });
      return name;
    });
  };
  return { clock, queue, started, write, logged, names: () => started.map((s) => s.name) };
}

/** Lets resolved writes settle, then moves the clock. */
async function advance(clock: ManualClock, ms: number): Promise<void> {
  await flush();
  clock.advance(ms);
  await flush();
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe("WriteQueue", () => {
  it("classifies writes by what they do", () => {
    expect(ticketOf("DELETE", "/orgs/{org}/teams/{team_slug}/memberships/{username}")).toMatchObject({ kind: "removal", contentCreating: false });
    expect(ticketOf("PUT", "/orgs/acme/teams/ops/memberships/jane")).toMatchObject({ kind: "grant", route: "PUT /orgs/…" });
    expect(ticketOf("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments")).toMatchObject({ kind: "record", contentCreating: true });
    expect(ticketOf("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels")).toMatchObject({ kind: "other", contentCreating: false });
    expect(ticketOf("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}")).toMatchObject({ kind: "other" });
    expect(ticketOf("POST", "/repos/{owner}/{repo}/check-runs")).toMatchObject({ kind: "other", contentCreating: false });
  });

  it("paces a batched GraphQL write as one write: a record and one content-creating request when it comments", () => {
    const { query } = issueWriteDocument({ subjectId: "I_1", isPullRequest: false, comment: "Expired.", addLabelIds: ["L_1"], close: "completed", lock: true });
    expect(ticketOf("POST", "/graphql", query)).toEqual({ kind: "record", contentCreating: true, route: "POST /graphql" });
    const labelsOnly = issueWriteDocument({ subjectId: "I_1", isPullRequest: false, addLabelIds: ["L_1"] }).query;
    expect(ticketOf("POST", "/api/graphql", labelsOnly)).toMatchObject({ kind: "other", contentCreating: false });
  });

  it("runs removals first, then grants, records and the rest, each kind in order of arrival", async () => {
    const h = harness();
    const all = [h.write("other", "first")];
    all.push(h.write("other", "label"), h.write("record", "comment-1"), h.write("grant", "put"), h.write("record", "comment-2"), h.write("removal", "delete"));
    for (let i = 0; i < 6; i++) await advance(h.clock, 1_000);
    await Promise.all(all);
    // "first" was already sent when the others arrived.
    expect(h.names()).toEqual(["first", "delete", "put", "comment-1", "comment-2", "label"]);
  });

  it("a DELETE queued after 20 comments goes first", async () => {
    const h = harness();
    const all = Array.from({ length: 20 }, (_, i) => h.write("record", `comment-${i}`));
    all.push(h.write("removal", "delete"));
    for (let i = 0; i < 21; i++) await advance(h.clock, 1_000);
    await Promise.all(all);
    expect(h.names().indexOf("delete")).toBe(1);
    expect(h.names()).toHaveLength(21);
    // The log says so: nothing went out while it waited, and it passed the 19 comments still queued.
    expect(h.logged.find((l) => l.write === "removal")).toMatchObject({ msg: "write", waitedMs: 1_000, startedMeanwhile: 0, passed: 19, route: "DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}" });
  });

  it("leaves at least a second between the starts of two writes", async () => {
    const h = harness();
    const all = [h.write("other", "a"), h.write("other", "b"), h.write("removal", "c")];
    await advance(h.clock, 999);
    expect(h.names()).toEqual(["a"]);
    await advance(h.clock, 1);
    expect(h.names()).toEqual(["a", "c"]);
    await advance(h.clock, 1_000);
    await Promise.all(all);
    expect(h.started).toEqual([{ name: "a", at: 0 }, { name: "c", at: 1_000 }, { name: "b", at: 2_000 }]);
  });

  it("keeps content-creating writes within the minute's allowance, while other writes go on", async () => {
    const h = harness({ ...NO_PACING, contentPerMinute: 2, contentPerHour: 500 });
    const all = [h.write("record", "c1"), h.write("record", "c2"), h.write("record", "c3")];
    await advance(h.clock, 0);
    expect(h.names()).toEqual(["c1", "c2"]);
    all.push(h.write("removal", "delete"));
    await advance(h.clock, 0);
    expect(h.names()).toEqual(["c1", "c2", "delete"]);
    await advance(h.clock, 59_999);
    expect(h.names()).toHaveLength(3);
    await advance(h.clock, 1);
    await Promise.all(all);
    expect(h.started.at(-1)).toEqual({ name: "c3", at: 60_000 });
  });

  it("keeps content-creating writes within the hour's allowance", async () => {
    const h = harness({ ...NO_PACING, contentPerHour: 3 });
    const all = [1, 2, 3, 4].map((i) => h.write("record", `c${i}`));
    await advance(h.clock, 0);
    expect(h.names()).toEqual(["c1", "c2", "c3"]);
    await advance(h.clock, 3_600_000);
    await Promise.all(all);
    expect(h.started.at(-1)).toEqual({ name: "c4", at: 3_600_000 });
  });

  it("pauses every write until the time a rate limit named, and a later pause extends it", async () => {
    const h = harness();
    h.queue.pauseUntil(5_000, "429");
    h.queue.pauseUntil(3_000, "an earlier end changes nothing");
    const all = [h.write("removal", "delete"), h.write("record", "comment")];
    expect(h.queue.stats()).toMatchObject({ depth: { removal: 1, record: 1 }, pausedUntil: 5_000 });
    await advance(h.clock, 4_999);
    expect(h.names()).toEqual([]);
    await advance(h.clock, 1);
    expect(h.names()).toEqual(["delete"]);
    await advance(h.clock, 1_000);
    await Promise.all(all);
    expect(h.started).toEqual([{ name: "delete", at: 5_000 }, { name: "comment", at: 6_000 }]);
    expect(h.queue.stats()).toMatchObject({ done: 2, longestWaitMs: 6_000, inFlight: false });
    expect(h.queue.stats().pausedUntil).toBeUndefined();
  });

  it("without pacing, runs writes back to back, still most urgent first", async () => {
    const h = harness(NO_PACING);
    let release!: () => void;
    const first = h.queue.schedule(ticketOf("POST", "/repos/o/r/issues/1/comments"), () => new Promise<void>((r) => (release = r)));
    const all = [h.write("record", "comment"), h.write("removal", "delete")];
    await flush();
    expect(h.names()).toEqual([]);
    release();
    await first;
    await Promise.all(all);
    expect(h.names()).toEqual(["delete", "comment"]);
  });

  it("once closed, refuses what waits and what comes, and never sends it", async () => {
    const h = harness();
    const sent = h.write("other", "sent");
    const waiting = h.write("removal", "waiting");
    h.queue.close();
    await expect(waiting).rejects.toThrow(/write not sent: the app is shutting down/);
    await expect(h.write("grant", "late")).rejects.toThrow(/write not sent/);
    await advance(h.clock, 5_000);
    await expect(sent).resolves.toBe("sent");
    expect(h.names()).toEqual(["sent"]);
  });

  it("holds reads to their number at once, never behind writes, and lets the next in as one ends", async () => {
    const clock = manualClock(0);
    const queue = new WriteQueue({ pacing: { ...GITHUB_PACING, concurrentReads: 2 }, timer: clock });
    queue.pauseUntil(60_000, "writes held; reads are not");
    const running: string[] = [];
    const releases: (() => void)[] = [];
    const read = (name: string) => queue.read(() => new Promise<void>((r) => {
      running.push(name);
      releases.push(r);
    }));
    const all = [read("a"), read("b"), read("c")];
    await flush();
    expect(running).toEqual(["a", "b"]);
    releases[0]?.();
    await flush();
    expect(running).toEqual(["a", "b", "c"]);
    for (const release of releases) release();
    await Promise.all(all);
  });
});
