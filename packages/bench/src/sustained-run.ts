import type { RecordedRequest } from "github-emulator/emulator/index.js";
import { GITHUB_PACING } from "jit-access/internal/github/write-queue.js";
import { APPROVER, inBenchWorld, type OpenedRequest } from "./bench-world.js";
import { LONG_DURATION, callLog, queueEmpty } from "./burst-run.js";
import { BENCH_EPOCH, steppedClock } from "./clocks.js";
import { grantExpiry } from "./grants.js";
import { stepper } from "./step-until.js";

const HOUR = 3_600_000;
/** An approver answers a minute after the request is opened. */
const APPROVAL_AFTER_MS = 60_000;
/** Real time one run may take before it is given up. */
const TIMEOUT_MS = 300_000;
const SECONDARY = /secondary rate limit/i;

/** What a run of lifecycles at a steady pace did, every time in GitHub (app) milliseconds. */
export interface SustainedRun {
  perHour: number;
  size: number;
  /** Approval to membership `PUT`, and expiry to `DELETE`, per lifecycle. */
  toGrant: number[];
  toRemoval: number[];
  /** Answers of GitHub's secondary limits (403 or 429) the app got. */
  refused: number;
  /** Every call the app made, from the first opening to the last removal. */
  calls: RecordedRequest[];
  realMs: number;
}

/**
 * `size` requests opened one after another at `perHour`, each approved a
 * minute after it was opened and granted for an hour, with GitHub's
 * secondary limits on and the app pacing its writes as GitHub asks, on a
 * stepped clock (waits are exact; the work between takes no time). Goes on
 * until every grant has ended.
 *
 * @example
 * const run = await runSustained(250, 125);
 * run.refused; // 0: GitHub never had to refuse a call
 */
export async function runSustained(size: number, perHour: number): Promise<SustainedRun> {
  const began = performance.now();
  const clock = steppedClock(BENCH_EPOCH);
  const options = { clock, requesters: size, writePacing: GITHUB_PACING, pacingTimer: clock, secondaryLimits: { clock: () => clock.now() } };
  return inBenchWorld(options, async (world) => {
    const { github } = world.sandbox;
    const step = stepper(world, clock, TIMEOUT_MS);
    const calls = callLog(world);
    const requests: OpenedRequest[] = [];
    const approvedAt: number[] = [];
    world.requesters.forEach((requester, i) => {
      clock.after(Math.round((i * HOUR) / perHour), () => {
        const repo = world.repos[i % world.repos.length]!;
        const request = { repo, requester, number: world.open(requester, repo, LONG_DURATION) };
        requests[i] = request;
        approvedAt[i] = clock.now() + APPROVAL_AFTER_MS;
        clock.after(APPROVAL_AFTER_MS, () => github.as(APPROVER).comment(repo, request.number, "/approve"));
      });
    });
    await step("every grant to end", () => calls.memberships("DELETE").size === size && queueEmpty(world));
    const puts = calls.memberships("PUT");
    const deletes = calls.memberships("DELETE");
    const expiries = requests.map((r) => grantExpiry(world.sandbox, r) ?? Number.NaN);
    const made = calls.all();
    return {
      perHour,
      size,
      toGrant: requests.map((r, i) => (puts.get(r.requester) ?? Number.NaN) - approvedAt[i]!),
      toRemoval: requests.map((r, i) => (deletes.get(r.requester) ?? Number.NaN) - expiries[i]!),
      refused: made.filter((c) => (c.status === 403 || c.status === 429) && SECONDARY.test(JSON.stringify(c.responseBody ?? ""))).length,
      calls: made,
      realMs: performance.now() - began,
    };
  });
}
