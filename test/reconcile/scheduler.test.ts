import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Decision } from "../../src/core/decide.js";
import { GitHubError, MembershipRefusedError, PermanentGitHubError, TransientGitHubError } from "../../src/github/errors.js";
import { retryDelay, Scheduler } from "../../src/reconcile/scheduler.js";
import { manualClock } from "../e2e/manual-clock.js";

const ref = { installationId: 1, owner: "acme", repo: "access", number: 7 };
const silent = pino({ level: "silent" });

describe("Scheduler", () => {
  it("never runs two reconciles of one request at once, and runs once more for what came meanwhile", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const scheduler = new Scheduler(async () => {
      running++;
      most = Math.max(most, running);
      runs++;
      if (runs === 1) await gate;
      running--;
      return undefined;
    }, manualClock(0), silent);
    scheduler.enqueue(ref);
    scheduler.enqueue(ref);
    scheduler.enqueue(ref);
    release();
    await scheduler.idle();
    expect(most).toBe(1);
    expect(runs).toBe(2);
  });

  it("wakes a request at the decision's exact time", async () => {
    const clock = manualClock(1_000);
    const times: number[] = [];
    const scheduler = new Scheduler(async () => {
      times.push(clock.now());
      return { state: "granted", effects: [], wakeAt: 5_000 } satisfies Decision;
    }, clock, silent);
    scheduler.enqueue(ref);
    await scheduler.idle();
    clock.advance(3_999);
    await scheduler.idle();
    expect(times).toEqual([1_000]);
    clock.advance(1);
    await scheduler.idle();
    expect(times).toEqual([1_000, 5_000]);
  });

  it("retries a failure with backoff, longer when GitHub asks for it", async () => {
    const clock = manualClock(0);
    const times: number[] = [];
    const scheduler = new Scheduler(async () => {
      times.push(clock.now());
      if (times.length === 1) throw new Error("502");
      if (times.length === 2) throw new GitHubError("secondary rate limit", 403, "POST /x", 30);
      return undefined;
    }, clock, silent);
    scheduler.enqueue(ref);
    await scheduler.idle();
    clock.advance(1_000);
    await scheduler.idle();
    clock.advance(29_999);
    await scheduler.idle();
    expect(times).toEqual([0, 1_000]);
    clock.advance(1);
    await scheduler.idle();
    expect(times).toEqual([0, 1_000, 31_000]);
  });

  it("GitHub's retry-after is honoured from the first retry", async () => {
    const clock = manualClock(0);
    const times: number[] = [];
    const scheduler = new Scheduler(async () => {
      times.push(clock.now());
      if (times.length === 1) throw new GitHubError("secondary rate limit", 429, "POST /x", 45);
      return undefined;
    }, clock, silent);
    scheduler.enqueue(ref);
    await scheduler.idle();
    clock.advance(44_999);
    await scheduler.idle();
    expect(times).toEqual([0]);
    clock.advance(1);
    await scheduler.idle();
    expect(times).toEqual([0, 45_000]);
  });

  it("takes the retry delay from the error: a transient one backs off, at least as long as GitHub asked", () => {
    const bad = new TransientGitHubError("bad gateway", 502, "GET /x");
    expect([1, 2, 3, 7, 8, 20].map((n) => retryDelay(bad, n))).toEqual([1_000, 2_000, 4_000, 60_000, 60_000, 60_000]);
    const limited = new TransientGitHubError("secondary rate limit", 403, "POST /x", 90);
    expect(retryDelay(limited, 1)).toBe(90_000);
    // Wrapped by an effect's failure, it still counts.
    expect(retryDelay(new Error("effect failed", { cause: limited }), 1)).toBe(90_000);
    // A failure of unknown kind may pass: it backs off like a transient one.
    expect(retryDelay(new Error("socket hang up"), 3)).toBe(4_000);
  });

  it("a permanent or refused failure is read again once soon, then only every minute", () => {
    for (const error of [new PermanentGitHubError("gone", 422, "POST /x"), new MembershipRefusedError("team sync", 403), new Error("effect failed", { cause: new PermanentGitHubError("x", 404, "GET /x") })]) {
      expect([1, 2, 3].map((n) => retryDelay(error, n))).toEqual([1_000, 60_000, 60_000]);
    }
  });

  it("runs a request that fails permanently again after a second, then after a minute", async () => {
    const clock = manualClock(0);
    const times: number[] = [];
    const scheduler = new Scheduler(async () => {
      times.push(clock.now());
      if (times.length <= 2) throw new PermanentGitHubError("Validation Failed", 422, "POST /x");
      return undefined;
    }, clock, silent);
    scheduler.enqueue(ref);
    const seen: number[][] = [];
    for (const step of [0, 1_000, 59_999, 1]) {
      clock.advance(step);
      await scheduler.idle();
      seen.push([...times]);
    }
    expect(seen).toEqual([[0], [0, 1_000], [0, 1_000], [0, 1_000, 61_000]]);
  });

  it("logs a request's failure with the logger for its installation", async () => {
    const lines: { installation?: number; msg: string }[] = [];
    const capture = (installation: number) => pino({ level: "info" }, { write: (line: string) => void lines.push({ installation, ...(JSON.parse(line) as { msg: string }) }) });
    const scheduler = new Scheduler(async () => {
      throw new Error("CUST-1234 broke it");
    }, manualClock(0), capture(0), undefined, { logFor: (r) => capture(r.installationId) });
    scheduler.enqueue({ ...ref, installationId: 42 });
    await scheduler.idle();
    scheduler.stop();
    expect(lines).toEqual([expect.objectContaining({ installation: 42, msg: "reconcile failed; will retry" })]);
  });

  it("serves a webhook's request before a sweep's backlog: by order of start, whatever the timing", async () => {
    const started: number[] = [];
    const gates = new Map<number, () => void>();
    const scheduler = new Scheduler((r) => {
      started.push(r.number);
      return new Promise((resolve) => gates.set(r.number, () => resolve(undefined)));
    }, manualClock(0), silent, undefined, { backlogSlots: 2 });
    const at = (number: number) => ({ ...ref, number });
    // A first sweep's thousands: only two start; the rest wait their turn.
    for (let n = 1; n <= 50; n++) scheduler.backlog(at(n));
    expect(started).toEqual([1, 2]);
    expect(scheduler.backlogged).toBe(48);
    // A webhook for a new request, and one for a request still waiting in the backlog: both start now.
    scheduler.enqueue(at(100));
    scheduler.enqueue(at(40));
    expect(started).toEqual([1, 2, 100, 40]);
    expect(scheduler.backlogged).toBe(47);
    // The backlog goes on only once fewer than two reconciles run, in its order, without 40 again.
    gates.get(1)!();
    gates.get(2)!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2, 100, 40]);
    gates.get(100)!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2, 100, 40, 3]);
    // Everything left runs in its order; a request the sweep asks for again while it waits is not added twice.
    scheduler.backlog(at(7));
    for (let n = 3; n <= 50; n++) {
      if (n === 40) continue;
      while (!gates.has(n)) await new Promise((resolve) => setImmediate(resolve));
      gates.get(n)!();
    }
    gates.get(40)!();
    await scheduler.idle();
    const rest = Array.from({ length: 48 }, (_, i) => i + 3).filter((n) => n !== 40);
    expect(started).toEqual([1, 2, 100, 40, ...rest]);
    expect(scheduler.busy).toBe(false);
  });

  it("drops the backlog on stop: the next sweep finds those requests again", async () => {
    const started: number[] = [];
    const scheduler = new Scheduler(async (r) => void started.push(r.number), manualClock(0), silent, undefined, { backlogSlots: 1 });
    for (let n = 1; n <= 5; n++) scheduler.backlog({ ...ref, number: n });
    scheduler.stop();
    await scheduler.idle();
    expect(started).toEqual([1]);
    expect(scheduler.busy).toBe(false);
  });
});
