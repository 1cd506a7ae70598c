import type { RecordedRequest } from "github-emulator/emulator/index.js";
import { APPROVER, openRequests, type BenchWorld } from "./bench-world.js";
import type { FastClock, ManualClock } from "./clocks.js";
import { grantExpiry, unfinished } from "./grants.js";
import { finishesWithin, waitFor } from "./wait.js";

/** The steps of a lifecycle, in order, each with the requests the app made in it. */
export type LifecycleSteps = Record<"open" | "approve" | "expire", RecordedRequest[]>;

/**
 * One whole lifecycle on a manual clock — open, one `/approve` by a listed
 * approver, grant, expiry — and the requests the app
 * made in each step.
 *
 * @example
 * const steps = await runLifecycle(world, clock, "dev-00001");
 * Object.values(steps).flat().length; // every request of the lifecycle
 */
export async function runLifecycle(world: BenchWorld, clock: ManualClock, requester: string): Promise<LifecycleSteps> {
  const { sandbox } = world;
  let mark = sandbox.github.requests.length;
  // Waits for the app to finish what the last action caused; the calls it made meanwhile.
  const settled = async (): Promise<RecordedRequest[]> => {
    await sandbox.settle();
    const made = sandbox.github.requests.slice(mark);
    mark += made.length;
    return made;
  };
  const request = openRequests(world, [requester])[0]!;
  const { repo, number } = request;
  const open = await settled();
  sandbox.github.as(APPROVER).comment(repo, number, "/approve");
  const approve = await settled();
  const expiresAt = grantExpiry(sandbox, request);
  if (expiresAt === undefined) throw new Error(`${repo}#${number} was not granted`);
  // A second before the end (where a notice used to be due), then the end on the grant's own timer.
  clock.advance(expiresAt - 1000 - clock.now());
  const before = await settled();
  clock.advance(1000);
  const expire = [...before, ...(await settled())];
  if (unfinished(sandbox, [request]).length > 0) throw new Error(`${repo}#${number} did not expire: ${sandbox.github.issue(repo, number).labels.join(", ")}`);
  return { open, approve, expire };
}

/** What a run of many lifecycles at once made, and whether it finished in time. */
export interface ConcurrentRun {
  requests: RecordedRequest[];
  finished: boolean;
  /** How far the requests got: granted (at some point), and gone all the way. */
  granted: number;
  expired: number;
}

/**
 * Every requester of the world opens a request at once; all are approved at
 * once; the grants then expire on the fast clock's timers. Returns the
 * requests the app made from the first opening to the last removal, or up
 * to `timeoutMs` of real time, when the run is given up.
 *
 * @example
 * const { requests, finished } = await runConcurrentLifecycles(world, clock, 180_000);
 */
export async function runConcurrentLifecycles(world: BenchWorld, clock: FastClock, timeoutMs: number): Promise<ConcurrentRun> {
  const { sandbox } = world;
  const since = sandbox.github.requests.length;
  const requests = openRequests(world, world.requesters);
  const run = async () => {
    await sandbox.settle();
    for (const request of requests) sandbox.github.as(APPROVER).comment(request.repo, request.number, "/approve");
    await sandbox.settle();
    const ungranted = requests.filter((r) => grantExpiry(sandbox, r) === undefined);
    if (ungranted.length > 0) throw new Error(`${ungranted.length} of ${requests.length} requests were not granted`);
    await waitFor(
      async () => {
        await sandbox.settle();
        return unfinished(sandbox, requests).length === 0;
      },
      timeoutMs,
      `${requests.length} grants to expire (${clock.speed}× clock)`,
    );
  };
  const finished = await finishesWithin(run(), timeoutMs);
  const granted = requests.filter((r) => grantExpiry(sandbox, r) !== undefined).length;
  const expired = requests.length - unfinished(sandbox, requests).length;
  return { requests: sandbox.github.requests.slice(since), finished, granted, expired };
}
