import { forgetLogs, type BenchWorld } from "./bench-world.js";
import { settledMemory, samplePeakRss } from "./memory.js";
import { callTotals, costsByRoute, type RouteCost } from "./route-costs.js";

/** One sweep, from listing to the last reconcile it caused. */
export interface SweepMeasure {
  listed: number;
  reconciled: number;
  limited: number;
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
}

/**
 * Runs one sweep of the app and waits for every reconcile it enqueued.
 *
 * @example
 * const idle = await measureSweep(world); // idle.limited === 0 when nothing changed
 */
export async function measureSweep(world: BenchWorld): Promise<SweepMeasure> {
  const { sandbox } = world;
  forgetLogs(world);
  const before = settledMemory();
  const peak = samplePeakRss();
  const started = performance.now();
  const { listed, enqueued } = await sandbox.jit.sweeper.sweep();
  await sandbox.settle();
  const ms = performance.now() - started;
  const peakRss = peak.stop();
  const calls = sandbox.github.requests;
  const { limited, notModified } = callTotals(calls);
  const writes = calls.filter((r) => r.method !== "GET" && !r.path.endsWith("/access_tokens")).length;
  const routes = costsByRoute(calls).filter((c) => c.limited > 0);
  forgetLogs(world);
  const heapDelta = settledMemory().heapUsed - before.heapUsed;
  return { listed, reconciled: enqueued, limited, notModified, writes, ms, peakRss, heapDelta, timers: sandbox.jit.scheduler.wakeups().size, routes };
}
