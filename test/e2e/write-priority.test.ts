import { afterEach, describe, expect, it } from "vitest";
import { GITHUB_PACING } from "../../src/github/write-queue.js";
import { manualClock, type ManualClock } from "../../src/reconcile/clock.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { checkInvariants } from "./invariants.js";
import { drain, until } from "./paced.js";
import { HOUR, openRequest, ORG, REPO, TEAM, world, writes } from "./world.js";

/**
 * Writes paced as GitHub asks (a second apart, comments within their
 * allowance), on a pacing clock the test moves: a removal that becomes due
 * while many requests' comments wait goes out before all of them.
 */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

const REQUESTERS = Array.from({ length: 10 }, (_, i) => `dev${i + 1}`);

/** One pacing gap at a time, until the membership is added and the granted record waits its turn. */
async function untilGrantedRecordWaits(s: Sandbox, pacing: ManualClock): Promise<void> {
  const grantedRecordWaits = () => s.github.teamMembers(ORG, TEAM).length === 1 && s.jit.writes.stats().depth.record === 1;
  for (let i = 0; i < 200 && !grantedRecordWaits(); i++) {
    await s.github.settle();
    if (!grantedRecordWaits() && !s.jit.writes.stats().inFlight) pacing.advance(GITHUB_PACING.gapMs);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("write priority with pacing on", () => {
  it("a grant expiring while ten requests' comments are queued is removed before any of them", async () => {
    const pacing = manualClock(0);
    const w = await world({ writePacing: GITHUB_PACING, pacingTimer: pacing });
    const s = (sandbox = w.sandbox);
    for (const login of REQUESTERS) s.github.addUser(login, { orgs: { [ORG]: "active" } });
    const granted = openRequest(s, "jane");
    await drain(s, pacing);
    s.github.as("alice").comment(REPO, granted, "/approve");
    await drain(s, pacing);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["jane"]);

    // Ten requests arrive; their records queue up behind the pacing gap.
    const burst = REQUESTERS.map((login) => openRequest(s, login));
    await until(() => s.jit.writes.stats().depth.record >= 8 && !s.jit.writes.stats().inFlight, "the burst's records queued");
    const queuedRecords = s.jit.writes.stats().depth.record;

    // Jane's grant ends now; its reconcile reads GitHub (unpaced) and queues the DELETE.
    w.clock.advance(HOUR);
    await until(() => s.jit.writes.stats().depth.removal === 1, "the removal queued");
    const before = s.github.requests.length;
    await drain(s, pacing);

    const after = writes(s, before);
    expect(after[0]).toBe(`DELETE ${s.github.membershipPathById(ORG, TEAM, "jane")}`);
    // Every record written after it (a batched record carries its comment as the field `comment`).
    expect(after.slice(1).filter((x) => /\/issues\/\d+\/comments$/.test(x) || x.startsWith("POST /graphql {comment")).length).toBeGreaterThanOrEqual(queuedRecords);
    expect(s.github.teamMembers(ORG, TEAM)).toEqual([]);
    for (const n of burst) expect(s.github.issue(REPO, n).labels).toContain("access:pending");
    expect(checkInvariants(s, [granted, ...burst], [], w.clock.now())).toEqual([]);
  });

  it("a grant whose time is up while its granted record still waits is removed once: by the run at its expiry, not again when the end is recorded", async () => {
    const pacing = manualClock(0);
    const w = await world({ writePacing: GITHUB_PACING, pacingTimer: pacing });
    const s = (sandbox = w.sandbox);
    const n = openRequest(s, "jane");
    await drain(s, pacing);
    const before = s.github.requests.length;
    s.github.as("alice").comment(REPO, n, "/approve");
    await untilGrantedRecordWaits(s, pacing);
    expect(s.jit.writes.stats().depth.record).toBe(1);
    w.clock.advance(HOUR);
    await until(() => s.jit.writes.stats().depth.removal === 1, "the removal at the expiry queued");
    await drain(s, pacing);
    const deletes = writes(s, before).filter((x) => x.startsWith("DELETE"));
    expect(deletes).toEqual([`DELETE ${s.github.membershipPathById(ORG, TEAM, "jane")}`]);
    expect(s.github.issue(REPO, n).state).toBe("closed");
    expect(checkInvariants(s, [n], [], w.clock.now())).toEqual([]);
    expect(s.github.comments(REPO, n).map((c) => /"event":"([a-z-]+)"/.exec(c.body)?.[1])).toEqual(["received", undefined, "approved", "granted", "expired"]);
  });

  it("a record GitHub refuses (the conversation locked meanwhile) while its batch's labels went through: the labels are put back, no false tampering, and the retry grants", async () => {
    const pacing = manualClock(0);
    const w = await world({ writePacing: GITHUB_PACING, pacingTimer: pacing });
    const s = (sandbox = w.sandbox);
    // The repository has the app's labels, so the granted record and its label go in one request.
    for (const label of ["access:pending", "access:granted", "access:expired"]) s.github.addLabel(REPO, label);
    const n = openRequest(s, "jane");
    await drain(s, pacing);
    s.github.as("alice").comment(REPO, n, "/approve");
    await untilGrantedRecordWaits(s, pacing);
    expect(s.jit.writes.stats().depth.record).toBe(1);
    // Someone with triage locks the conversation while the granted record waits its turn.
    s.github.as("alice").lock(REPO, n);
    await drain(s, pacing);
    const trail = s.github.comments(REPO, n).map((c) => /"event":"([a-z-]+)"/.exec(c.body)?.[1]).filter((e) => e !== undefined);
    expect(trail).not.toContain("tampered");
    expect(trail).toContain("granted");
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["jane"]);
    expect(s.github.issue(REPO, n).labels).toContain("access:granted");
    expect(checkInvariants(s, [n], [], w.clock.now())).toEqual([]);
  });

  it("a secondary-limit answer pauses writes for the seconds GitHub asked, on the pacing clock (a stepped or test clock, not the wall's)", async () => {
    const pacing = manualClock(0);
    const w = await world({ writePacing: GITHUB_PACING, pacingTimer: pacing });
    const s = (sandbox = w.sandbox);
    const message = "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.";
    s.github.failNext({ method: "POST", path: /\/comments$/ }, { status: 403, headers: { "retry-after": "60" }, body: { message } });
    openRequest(s, "jane");
    await until(() => s.jit.writes.stats().pausedUntil !== undefined, "the pause");
    expect(s.jit.writes.stats().pausedUntil).toBe(60_000);
  });
});

