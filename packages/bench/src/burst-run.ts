import type { RecordedRequest } from "github-emulator/emulator/index.js";
import { GITHUB_PACING } from "jit-access/internal/github/write-queue.js";
import { APPROVER, inBenchWorld, type BenchWorld, type OpenedRequest } from "./bench-world.js";
import { BENCH_EPOCH, steppedClock } from "./clocks.js";
import { grantExpiry, MEMBERSHIP_PATH, unfinished } from "./grants.js";
import { isCommentWrite, isWrite } from "./route-costs.js";
import { stepper } from "./step-until.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The shortest duration a request can name: these grants end while the burst's writes are still queued. */
export const SHORT_DURATION = "1m";
export const LONG_DURATION = "1h";
/** Real time one size may take before it is given up. */
const TIMEOUT_MS = 300_000;

/** One request of the burst, in GitHub (app) time. */
export interface BurstGrant {
  request: OpenedRequest;
  short: boolean;
  approvedAt: number;
  putAt: number;
  expiresAt: number;
  removedAt: number;
}

/** A write as the app's queue logged it when its turn came. */
export interface LoggedWrite {
  write: string;
  waitedMs: number;
  /** Queued writes it overtook. */
  passed: number;
}

/** What one burst did, every time in GitHub (app) milliseconds. */
export interface BurstRun {
  size: number;
  grants: BurstGrant[];
  /** The first approval; the last membership `PUT`; when the queue had written the burst's last record. */
  startedAt: number;
  lastPutAt: number;
  drainedAt: number;
  /** Writes that went out from the first approval until the burst's records were written. */
  burstWrites: LoggedWrite[];
  /** Every call the app made, from the first opening to the last removal. */
  calls: RecordedRequest[];
  realMs: number;
}

/**
 * `size` requests are opened (the first few for the shortest duration), their
 * first records written, then the clock moves an hour on, so that the burst
 * finds GitHub's hourly window empty. All are approved within one minute;
 * the run goes on until every grant has ended. The app paces its writes as
 * GitHub asks, on the same stepped clock as everything else.
 *
 * @example
 * const run = await runBurst(50, 5);
 * run.grants.filter((g) => g.putAt > g.expiresAt).length; // 0
 */
export async function runBurst(size: number, short: number): Promise<BurstRun> {
  const began = performance.now();
  const clock = steppedClock(BENCH_EPOCH);
  // Debug, for the queue's line per write: how long it waited and what it overtook.
  // GitHub's secondary limits on, on the same stepped clock: a write the pacing lets through too soon is refused, as GitHub would.
  const options = { clock, requesters: size, writePacing: GITHUB_PACING, pacingTimer: clock, logLevel: "debug", secondaryLimits: { clock: () => clock.now() } };
  return inBenchWorld(options, async (world) => {
    const { github, logs } = world.sandbox;
    const step = stepper(world, clock, TIMEOUT_MS);
    const calls = callLog(world);
    const requests = world.requesters.map((requester, i) => {
      const repo = world.repos[i % world.repos.length]!;
      return { repo, requester, number: world.open(requester, repo, i < short ? SHORT_DURATION : LONG_DURATION) };
    });
    await step("the requests' first records", () => queueEmpty(world));
    if (clock.next() !== undefined) throw new Error("a timer is armed before the burst; the clock cannot jump an hour");
    clock.advance(HOUR);

    const startedAt = clock.now();
    const logsFrom = logs.length;
    const approvedAt = requests.map((_, i) => startedAt + Math.floor((i * MINUTE) / size));
    requests.forEach((r, i) => clock.after(approvedAt[i]! - startedAt, () => github.as(APPROVER).comment(r.repo, r.number, "/approve")));
    await step("every membership and the burst's records", () => calls.memberships("PUT").size === size && queueEmpty(world));
    const drainedAt = clock.now();
    const burstWrites = writeLines(logs.slice(logsFrom));
    const expiries = requests.map((r) => grantExpiry(world.sandbox, r) ?? Number.NaN);
    await step("every grant to end", () => calls.memberships("DELETE").size === size && queueEmpty(world));
    const left = unfinished(world.sandbox, requests);
    if (left.length > 0) throw new Error(`${left.length} of ${size} requests did not end as expired`);

    const puts = calls.memberships("PUT");
    const deletes = calls.memberships("DELETE");
    const grants = requests.map((request, i) => ({
      request,
      short: i < short,
      approvedAt: approvedAt[i]!,
      putAt: puts.get(request.requester) ?? Number.NaN,
      expiresAt: expiries[i]!,
      removedAt: deletes.get(request.requester) ?? Number.NaN,
    }));
    return { size, grants, startedAt, lastPutAt: Math.max(...grants.map((g) => g.putAt)), drainedAt, burstWrites, calls: calls.all(), realMs: performance.now() - began };
  });
}

/**
 * Nothing waiting in the app's write queue and nothing being written.
 *
 * @example
 * await step("the writes to drain", () => queueEmpty(world));
 */
export function queueEmpty(world: BenchWorld): boolean {
  const stats = world.sandbox.jit.writes.stats();
  return !stats.inFlight && Object.values(stats.depth).every((d) => d === 0);
}

/**
 * The calls the emulator served from now on, with the first successful membership `PUT` and `DELETE` per person, read as they come.
 *
 * @example
 * const calls = callLog(world);
 * calls.memberships("PUT").get("dev-00001"); // when that person's membership was added
 */
export function callLog(world: BenchWorld) {
  const { requests } = world.sandbox.github;
  const since = requests.length;
  let read = since;
  const seen = { PUT: new Map<string, number>(), DELETE: new Map<string, number>() };
  return {
    all: () => requests.slice(since),
    memberships(method: "PUT" | "DELETE"): Map<string, number> {
      for (; read < requests.length; read++) {
        const call = requests[read]!;
        const encoded = MEMBERSHIP_PATH.exec(call.path)?.[1];
        if (encoded === undefined || call.status >= 300 || (call.method !== "PUT" && call.method !== "DELETE")) continue;
        const login = decodeURIComponent(encoded);
        const at = seen[call.method];
        if (!at.has(login)) at.set(login, call.at);
      }
      return seen[method];
    },
  };
}

function writeLines(lines: readonly string[]): LoggedWrite[] {
  return lines.flatMap((line) => {
    const parsed = JSON.parse(line) as Partial<LoggedWrite>;
    return typeof parsed.write === "string" && typeof parsed.waitedMs === "number" ? [{ write: parsed.write, waitedMs: parsed.waitedMs, passed: parsed.passed ?? 0 }] : [];
  });
}

/**
 * How closely the app's writes kept GitHub's pacing: the least time between
 * two writes, and the most comments in any minute and in any hour.
 *
 * @example
 * pacingKept(run.calls); // { leastGapMs: 1000, perMinute: 80, perHour: 412 }
 */
export function pacingKept(calls: readonly RecordedRequest[]): { leastGapMs: number; perMinute: number; perHour: number } {
  const writes = calls.filter(isWrite).map((c) => c.at);
  const comments = calls.filter(isCommentWrite).map((c) => c.at);
  let leastGapMs = Number.POSITIVE_INFINITY;
  for (let i = 1; i < writes.length; i++) leastGapMs = Math.min(leastGapMs, writes[i]! - writes[i - 1]!);
  return { leastGapMs, perMinute: mostWithin(comments, MINUTE), perHour: mostWithin(comments, HOUR) };
}

/**
 * Writes and calls per lifecycle: mutating calls, comments among them, and rate-limited calls, each over `size`.
 *
 * @example
 * perLifecycle(run.calls, run.size); // { writes: 11, comments: 5, limited: 24 }
 */
export function perLifecycle(calls: readonly RecordedRequest[], size: number): { writes: number; comments: number; limited: number } {
  const writes = calls.filter(isWrite);
  return { writes: writes.length / size, comments: writes.filter(isCommentWrite).length / size, limited: calls.filter((c) => c.rateLimited).length / size };
}

/** The most of the sorted times that fall within any window of `windowMs` (a start and the ones before it within the window). */
function mostWithin(times: readonly number[], windowMs: number): number {
  let most = 0;
  let from = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[i]! - times[from]! >= windowMs) from++;
    most = Math.max(most, i - from + 1);
  }
  return most;
}
