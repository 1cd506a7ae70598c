import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { GITHUB_PACING } from "../../src/github/write-queue.js";
import { APP_LABELS } from "../../src/github/request-query.js";
import { manualClock } from "../../src/reconcile/clock.js";
import { checkInvariants } from "./invariants.js";
import { drain, until } from "./paced.js";
import { appComments, events, members, openedAndApproved, openRequest, REPO, world } from "./world.js";

/*
 * An extension approved before the grant's end, read by the app only after
 * it had removed the member at that end (the run holding the `/extend`'s
 * record still waited in the write queue, or reads failed past the end):
 * the trail must say what the team shows, the grant ended, and why the
 * extension was not made; never `extended` for a member who is gone, nor
 * the app's own removal later blamed on someone else.
 */

let sandbox: Sandbox | undefined;
afterEach(async () => {
  expect(sandbox?.github.unhandled ?? []).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
});
const MINUTE = 60_000;

const told = (s: Sandbox, n: number) => appComments(s, n).some((b) => b.includes('"event":"extension-denied"') && b.includes("jit-access read the approval only after that end"));

describe("an extension approved in time but read after the app removed the member at the end", () => {
  it("the run still writing the `/extend`'s record removed the member: the grant ends, the extension is refused saying why, and no drift check blames anyone", async () => {
    const pacing = manualClock(0);
    const w = await world({ writePacing: GITHUB_PACING, pacingTimer: pacing });
    const s = (sandbox = w.sandbox);
    const n = openRequest(s, "jane", { duration: "1h" });
    await drain(s, pacing);
    s.github.as("alice").comment(REPO, n, "/approve");
    await drain(s, pacing);
    expect(members(s)).toEqual(["jane"]);
    w.clock.advance(58 * MINUTE);
    s.github.as("jane").comment(REPO, n, "/extend 30m");
    await until(() => s.jit.writes.stats().depth.record === 1 && !s.jit.writes.stats().inFlight, "the extension-requested record queued");
    w.clock.advance(MINUTE);
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.github.settle();
    w.clock.advance(MINUTE + 1_000);
    await drain(s, pacing);
    expect(members(s)).toEqual([]);
    expect(checkInvariants(s, [n], [], w.clock.now())).toEqual([]);
    expect(events(s, n)).not.toContain("extended");
    expect(events(s, n).at(-1)).toBe("expired");
    expect(told(s, n)).toBe(true);

    const drift = s.jit.driftSweep();
    for (let i = 0; i < 50; i++) {
      pacing.advance(GITHUB_PACING.gapMs);
      await new Promise((r) => setTimeout(r, 5));
    }
    await drift;
    await drain(s, pacing);
    expect(events(s, n)).not.toContain("removed-early");
  });

  it("reads failing past the end: the overdue removal took the member out; once read, the grant ends and the extension is refused saying why", async () => {
    const w = await world();
    const s = (sandbox = w.sandbox);
    for (const label of APP_LABELS) s.github.addLabel(REPO, label);
    const n = await openedAndApproved(s);
    w.clock.advance(30 * MINUTE);
    s.github.as("jane").comment(REPO, n, "/extend 30m");
    await s.settle();
    expect(events(s, n).at(-1)).toBe("extension-requested");
    w.clock.advance(29 * MINUTE);
    await s.settle();
    s.github.failNext({ method: "POST", path: /^\/graphql$/ }, { status: 502, times: 1_000_000 });
    s.github.as("alice").comment(REPO, n, "/approve");
    for (let i = 0; i < 48; i++) {
      w.clock.advance(5_000);
      await s.settle();
    }
    expect(members(s)).toEqual([]);
    s.github.clearFaults();
    w.clock.advance(MINUTE);
    await s.settle();
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(checkInvariants(s, [n], [], w.clock.now())).toEqual([]);
    expect(events(s, n)).not.toContain("extended");
    expect(told(s, n)).toBe(true);
  });
});
