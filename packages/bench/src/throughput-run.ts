import { settledMemory, samplePeakRss } from "./memory.js";
import type { EventKind } from "./mixed-stream.js";
import type { RouteCost } from "./route-costs.js";
import type { StreamWorld } from "./stream-world.js";
import { mainThreadCpuMs } from "./thread-cpu.js";

/** What one run of the stream measured. */
export interface StreamMeasure {
  /** Webhooks the stream queued, by kind and in all. */
  kinds: Record<EventKind, number>;
  queued: number;
  /** Every webhook sent meanwhile: the stream's and those the app's own writes caused. */
  delivered: number;
  ms: number;
  /** CPU time the process spent meanwhile (user and system, every thread): the app's and the emulator's. */
  cpuMs: number;
  /** CPU time of the process's main thread meanwhile, where the app runs (undefined where Linux's /proc is not). */
  appCpuMs: number | undefined;
  limited: number;
  routes: RouteCost[];
  peakRss: number;
  /** The main thread's heap after less before, each after a full collection with the bench's logs emptied. */
  heapDelta: number;
  /** Webhooks per second when the app only has to see that they are not about a request. */
  ceiling: number;
}

/**
 * Opens a request per requester (answered before the stream starts), queues
 * the mixed stream at once, and times it until the last webhook is answered
 * and the last reconcile has finished. Then, for comparison in the same run,
 * times as many webhooks that the app only has to recognise as not its
 * business.
 *
 * @example
 * const measure = await measureStream(world, 3000);
 * measure.queued / (measure.ms / 1000); // events per second
 */
export async function measureStream(world: StreamWorld, events: number): Promise<StreamMeasure> {
  const { emulator } = world;
  // Grants of 30 days outlast the run: no expiry is mixed in.
  const requests = await emulator.openRequests("30d");
  await world.settle();
  await world.forgetLogs();
  const before = settledMemory();
  const peak = samplePeakRss();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const appCpu = mainThreadCpuMs();
  const { kinds, queued } = await emulator.queueStream(requests, events);
  await world.settle();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const appCpuAfter = mainThreadCpuMs();
  const peakRss = peak.stop();
  const { delivered, limited, routes } = await emulator.tally();
  const appCpuMs = appCpu === undefined || appCpuAfter === undefined ? undefined : appCpuAfter - appCpu;
  const measure = { kinds, queued, delivered, ms, cpuMs: (used.user + used.system) / 1000, appCpuMs, limited, routes, peakRss };
  await world.forgetLogs();
  const heapDelta = settledMemory().heapUsed - before.heapUsed;
  return { ...measure, heapDelta, ceiling: await ignoredPerSecond(world, events) };
}

async function ignoredPerSecond(world: StreamWorld, events: number): Promise<number> {
  const started = performance.now();
  await world.emulator.openIgnored(events);
  await world.settle();
  return events / ((performance.now() - started) / 1000);
}
