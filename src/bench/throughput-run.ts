import { openRequests, type BenchWorld } from "./bench-world.js";
import { settledMemory, samplePeakRss, type MemoryReading } from "./memory.js";
import { queueMixedStream, type EventKind } from "./mixed-stream.js";
import { callTotals, costsByRoute, type RouteCost } from "./route-costs.js";

/** What one run of the stream measured. */
export interface StreamMeasure {
  /** Webhooks the stream queued, by kind and in all. */
  kinds: Record<EventKind, number>;
  queued: number;
  /** Every webhook sent meanwhile: the stream's and those the app's own writes caused. */
  delivered: number;
  ms: number;
  limited: number;
  routes: RouteCost[];
  before: MemoryReading;
  after: MemoryReading;
  peakRss: number;
}

/**
 * Opens a request per requester (answered before the stream starts), queues
 * the mixed stream at once, and times it until the last webhook is answered
 * and the last reconcile has finished.
 *
 * @example
 * const measure = await measureStream(world, 3000);
 * measure.queued / (measure.ms / 1000); // events per second
 */
export async function measureStream(world: BenchWorld, events: number): Promise<StreamMeasure> {
  const { sandbox } = world;
  const { github } = sandbox;
  // Grants of 30 days outlast the run: no expiry is mixed in.
  const requests = openRequests(world, world.requesters, "30d");
  await sandbox.settle();
  const before = settledMemory();
  const calls = github.requests.length;
  const deliveries = github.deliveries.length;
  const peak = samplePeakRss();
  const started = performance.now();
  const kinds = queueMixedStream(world, requests, events);
  const queued = github.deliveries.length - deliveries;
  await sandbox.settle();
  const ms = performance.now() - started;
  const peakRss = peak.stop();
  const made = github.requests.slice(calls);
  return {
    kinds,
    queued,
    delivered: github.deliveries.length - deliveries,
    ms,
    limited: callTotals(made).limited,
    routes: costsByRoute(made),
    before,
    after: settledMemory(),
    peakRss,
  };
}
