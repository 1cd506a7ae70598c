import type { RecordedRequest } from "github-emulator/emulator/index.js";
import { APPROVER, ORG, TEAM, openRequests, type BenchWorld, type OpenedRequest } from "./bench-world.js";
import type { FastClock } from "./clocks.js";
import { grantExpiry, removals, unfinished } from "./grants.js";
import { waitUntil } from "./wait.js";

/** One approval, timed: from its webhook to the membership `PUT`, and the calls in between. */
export interface TimedApproval {
  request: OpenedRequest;
  deliveredAt: number;
  putAt: number;
  /** Every call the emulator served from the webhook to the `PUT`, the `PUT` last. */
  calls: RecordedRequest[];
}

/**
 * With the app running: opens a request per requester (1 h grants), approves
 * them one at a time, then waits for every removal. Returns each approval
 * timed (clock ms) and each removal's lateness after its expiry, in real ms
 * (Infinity when it never came).
 *
 * @example
 * const { approvals, lateness } = await measureRunning(world, clock, world.requesters.slice(0, 200));
 */
export async function measureRunning(world: BenchWorld, clock: FastClock, requesters: readonly string[]): Promise<{ approvals: TimedApproval[]; lateness: number[] }> {
  const requests = openRequests(world, requesters);
  await world.sandbox.settle();
  const approvals = await timeApprovals(world, requests);
  const removed = await awaitRemovals(world, requests, { since: 0, timeoutMs: 120_000 });
  return { approvals, lateness: removed.map((r) => seen(clock.real(r.removedAt - r.expiresAt))) };
}

/**
 * Grants a request per requester, all at once, for `duration`; stops the
 * app, moves the clock past every expiry, starts the app again and times each
 * removal from that start, in real ms (Infinity when it did not come within
 * `timeoutMs`). Also returns the calls the app made from its start on.
 *
 * @example
 * const { fromStart } = await measureAfterRestart(world, clock, world.requesters.slice(200), { duration: "1d", timeoutMs: 120_000 });
 */
export async function measureAfterRestart(
  world: BenchWorld,
  clock: FastClock,
  requesters: readonly string[],
  options: { duration: string; timeoutMs: number },
): Promise<{ fromStart: number[]; calls: RecordedRequest[] }> {
  const { sandbox } = world;
  const requests = openRequests(world, requesters, options.duration);
  await sandbox.settle();
  for (const request of requests) sandbox.github.as(APPROVER).comment(request.repo, request.number, "/approve");
  await sandbox.settle();
  const expiries = requests.map((r) => grantExpiry(sandbox, r) ?? Number.NaN);
  if (expiries.some((at) => !(at > clock.now()))) throw new Error(`not every grant was made and still live before the restart; use a longer duration than ${options.duration}`);
  const since = sandbox.github.requests.length;
  let startedAt = 0;
  await sandbox.restart(() => {
    // No timer is armed while the app is stopped, so the clock may jump.
    clock.advance(Math.max(...expiries) + 1000 - clock.now());
    startedAt = clock.now();
  });
  const removed = await awaitRemovals(world, requests, { since, timeoutMs: options.timeoutMs });
  return { fromStart: removed.map((r) => seen(clock.real(r.removedAt - startedAt))), calls: sandbox.github.requests.slice(since) };
}

/** Approves the requests one at a time, timing each from its webhook to the membership `PUT`. */
async function timeApprovals(world: BenchWorld, requests: readonly OpenedRequest[]): Promise<TimedApproval[]> {
  const { github } = world.sandbox;
  const timed: TimedApproval[] = [];
  for (const request of requests) {
    const since = github.requests.length;
    github.as(APPROVER).comment(request.repo, request.number, "/approve");
    // The comment queued exactly one webhook; the queue was idle, so it is sent at once.
    const deliveredAt = github.deliveries.at(-1)!.at;
    await world.sandbox.settle();
    const path = `/orgs/${ORG}/teams/${TEAM}/memberships/${request.requester}`;
    const made = github.requests.slice(since);
    const put = made.findIndex((r) => r.method === "PUT" && r.path === path && r.status === 200);
    if (put < 0) throw new Error(`${request.repo}#${request.number}: approved, but no membership PUT`);
    timed.push({ request, deliveredAt, putAt: made[put]!.at, calls: made.slice(0, put + 1) });
  }
  return timed;
}

/** Waits until every request has been removed (or time is up); each one's expiry and `DELETE` time (NaN when none). */
async function awaitRemovals(world: BenchWorld, requests: readonly OpenedRequest[], options: { since: number; timeoutMs: number }): Promise<{ expiresAt: number; removedAt: number }[]> {
  const { sandbox } = world;
  const expiries = requests.map((r) => grantExpiry(sandbox, r) ?? Number.NaN);
  await waitUntil(async () => {
    await sandbox.settle();
    return unfinished(sandbox, requests).length === 0;
  }, options.timeoutMs);
  const removed = removals(sandbox, options.since);
  return requests.map((r, i) => ({ expiresAt: expiries[i]!, removedAt: removed.get(r.requester) ?? Number.NaN }));
}

/** A removal that never came counts as infinitely late, so percentiles and verdicts show it. */
function seen(value: number): number {
  return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
}
