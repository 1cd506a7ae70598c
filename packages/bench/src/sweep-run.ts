import { answerDuringSweep, isAbout, type AnswerDuringSweep } from "./answer-during-sweep.js";
import { forgetLogs, type BenchWorld } from "./bench-world.js";
import { settledMemory, samplePeakRss } from "./memory.js";
import { callTotals, costsByRoute, isWrite, type CallTotals, type RouteCost } from "./route-costs.js";

/** One sweep, from listing to the last reconcile it caused. */
export interface SweepMeasure {
  listed: number;
  reconciled: number;
  limited: number;
  /** REST core calls and GraphQL requests and points apart (see callTotals). */
  totals: CallTotals;
  notModified: number;
  /** Calls that changed something on GitHub; a sweep of unchanged grants makes none. */
  writes: number;
  ms: number;
  peakRss: number;
  /** Heap retained after the sweep, less before (both after a full collection). */
  heapDelta: number;
  /** Timers armed when it was done. */
  timers: number;
  /** Rate-limited calls by route, most first. */
  routes: RouteCost[];
  /** Requests the sweep armed from a glance, without a reconcile. */
  glanced: number;
  /** A request opened while the sweep ran, when one was (its calls are not counted above). */
  answer?: AnswerDuringSweep;
}

/**
 * Runs one sweep of the app and waits for every reconcile it enqueued.
 * With `newcomer`, a request is opened by that person while the sweep runs
 * (see answerDuringSweep); its own calls are left out of the sweep's.
 *
 * @example
 * const idle = await measureSweep(world); // idle.limited === 0 when nothing changed
 */
export async function measureSweep(world: BenchWorld, newcomer?: { requester: string; repo: string }): Promise<SweepMeasure> {
  const { sandbox } = world;
  forgetLogs(world);
  const before = settledMemory();
  const peak = samplePeakRss();
  const started = performance.now();
  const sweep = () => sandbox.jit.sweeper.sweep();
  const during = newcomer ? await answerDuringSweep(world, newcomer, sweep) : undefined;
  const { listed, enqueued, glanced = 0 } = during ? during.result : await sweep();
  await sandbox.settle();
  const ms = performance.now() - started;
  const peakRss = peak.stop();
  const calls = during ? sandbox.github.requests.filter((r) => !isAbout(r, during.request)) : sandbox.github.requests;
  const totals = callTotals(calls);
  const { limited, notModified } = totals;
  const writes = calls.filter(isWrite).length;
  const routes = costsByRoute(calls).filter((c) => c.limited > 0);
  forgetLogs(world);
  const heapDelta = settledMemory().heapUsed - before.heapUsed;
  return { listed, reconciled: enqueued, limited, totals, notModified, writes, ms, peakRss, heapDelta, timers: sandbox.jit.scheduler.wakeups().size, routes, glanced, ...(during ? { answer: during.answer } : {}) };
}
