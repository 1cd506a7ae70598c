import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Decision } from "../../src/core/decide.js";
import { GitHubError } from "../../src/github/errors.js";
import { Scheduler } from "../../src/reconcile/scheduler.js";
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
});
