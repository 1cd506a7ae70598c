import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { GitHubError } from "../../src/github/errors.js";
import { failureCause } from "../../src/operate/failure-cause.js";
import { FailureLog } from "../../src/operate/failure-log.js";
import { StaleReadError } from "../../src/reconcile/reconcile.js";
import { Scheduler } from "../../src/reconcile/scheduler.js";
import { RedisUnavailableError } from "../../src/coordination/redis-coordinator.js";
import { LockBusyError } from "../../src/reconcile/grant-index.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { manualClock } from "../e2e/manual-clock.js";
import { HOUR } from "../e2e/world.js";
import { grantedWorld } from "./operate-harness.js";
import { duplicateKeys } from "../drills/json-keys.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/** A debug-level logger whose lines are kept, parsed. */
function captured(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: "debug" }, out), lines };
}

const ref = (number: number) => ({ installationId: 1, owner: "acme", repo: "access", number });

describe("log lines an operator can ship", () => {
  it("every line of a whole lifecycle is strict JSON with one name", async () => {
    const w = await grantedWorld();
    const s = (sandbox = w.sandbox);
    w.clock.advance(HOUR);
    await s.settle();
    const lines = s.logs.flatMap((chunk) => chunk.split("\n")).filter((line) => line !== "");
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((line) => duplicateKeys(line).length > 0)).toEqual([]);
    const names = new Set(lines.map((line) => (JSON.parse(line) as { name?: string }).name));
    // Probot's own loggers keep their most specific name; the app's lines say "jit-access".
    expect(names.has("jit-access")).toBe(true);
    expect(names.has(undefined)).toBe(false);
  });

  it("a lagging read, a busy lock and Redis being away are retried at debug, without a stack", async () => {
    const { log, lines } = captured();
    const failures = [new StaleReadError("acme/access#1"), new LockBusyError(), new RedisUnavailableError()];
    const scheduler = new Scheduler(async (r) => Promise.reject(failures[r.number - 1]), manualClock(0), log);
    for (const number of [1, 2, 3]) scheduler.enqueue(ref(number));
    await scheduler.idle();
    expect(lines.map((l) => [l.level, l.cause, "err" in l])).toEqual([
      [20, "stale-read", false],
      [20, "lock-busy", false],
      [20, "redis", false],
    ]);
  });

  it("the same GitHub failure on many requests is one warning, then one line with the count; a request failing for minutes is one error", async () => {
    const { log, lines } = captured();
    const clock = manualClock(0);
    const failures = new FailureLog(log, 30_000, clock);
    const scheduler = new Scheduler(async () => Promise.reject(new GitHubError("GET /repos/{owner}/{repo}/issues/{issue_number} failed (502): Bad Gateway", 502, "GET …")), clock, log, undefined, { failureLog: failures });
    for (let number = 1; number <= 20; number++) scheduler.enqueue(ref(number));
    await scheduler.idle();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[40, "reconcile failed; will retry"]]);
    // Every request retries with backoff (1 s, 2 s, 4 s …) for two minutes of clock.
    for (let t = 0; t < 150; t++) {
      clock.advance(1_000);
      await scheduler.idle();
    }
    const warnings = lines.filter((l) => l.level === 40);
    const errors = lines.filter((l) => l.level === 50);
    // One line at first, then one per 30 s window, each with its count.
    expect(warnings.length).toBeLessThanOrEqual(1 + 150 / 30);
    expect(warnings.slice(1).every((l) => typeof l.count === "number" && l.count > 0)).toBe(true);
    expect(warnings.reduce((sum, l) => sum + (typeof l.count === "number" ? l.count : 1), 0) + errors.length).toBe(20 * 8);
    // Each request that kept failing is one error line, without a stack.
    expect(errors).toHaveLength(20);
    expect(errors.every((l) => l.msg === "reconcile keeps failing; it is retried every minute until the cause is fixed" && !("err" in l))).toBe(true);
  });

  it("a failure of a kind nobody foresaw is an error with its stack, once per request", async () => {
    const { log, lines } = captured();
    const clock = manualClock(0);
    const scheduler = new Scheduler(async () => Promise.reject(new TypeError("cannot read properties of undefined")), clock, log);
    scheduler.enqueue(ref(1));
    await scheduler.idle();
    clock.advance(1_000);
    await scheduler.idle();
    expect(lines.map((l) => [l.level, "err" in l])).toEqual([
      [50, true],
      [40, false],
    ]);
  });
});

describe("FailureLog", () => {
  it("logs a cause's first failure at once, counts the rest of its window, and stays silent once it stops", () => {
    const { log, lines } = captured();
    const clock = manualClock(0);
    const failures = new FailureLog(log, 30_000, clock);
    for (let i = 0; i < 5; i++) failures.report("github-5xx", { attempt: i }, "reconcile failed; will retry");
    failures.report("network", {}, "reconcile failed; will retry");
    expect(lines.map((l) => l.cause)).toEqual(["github-5xx", "network"]);
    clock.advance(30_000);
    expect(lines.slice(2).map((l) => [l.cause, l.count])).toEqual([["github-5xx", 4]]);
    clock.advance(60_000);
    expect(lines).toHaveLength(3);
    failures.report("github-5xx", {}, "reconcile failed; will retry");
    expect(lines).toHaveLength(4);
  });
});

describe("failureCause", () => {
  it("names the cause through wrapping errors", () => {
    expect(failureCause(new Error("effect failed", { cause: new GitHubError("x", 503, "GET /x") }))).toBe("github-5xx");
    expect(failureCause(new GitHubError("x", 0, "GET /x"))).toBe("network");
    expect(failureCause(new GitHubError("x", 403, "PUT /x", 60))).toBe("rate-limit");
    expect(failureCause(new GitHubError("x", 422, "POST /x"))).toBe("github-4xx");
    expect(failureCause(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBe("network");
    expect(failureCause(new GitHubError("GET /app/installations failed (500): connect ECONNREFUSED 127.0.0.1:1", 500, "GET /app/installations"))).toBe("network");
    expect(failureCause(new RedisUnavailableError())).toBe("redis");
    expect(failureCause("a string")).toBe("other");
  });
});
