import { forgetLogs, openRequests, type BenchWorld } from "./bench-world.js";
import { settledMemory, samplePeakRss } from "./memory.js";
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
  /** CPU time the process spent meanwhile (user and system, every thread): the app's and the emulator's. */
  cpuMs: number;
  limited: number;
  routes: RouteCost[];
  peakRss: number;
  /** Heap after less before, each after a full collection with the bench's logs emptied. */
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
export async function measureStream(world: BenchWorld, events: number): Promise<StreamMeasure> {
  const { sandbox } = world;
  const { github } = sandbox;
  // Grants of 30 days outlast the run: no expiry is mixed in.
  const requests = openRequests(world, world.requesters, "30d");
  await sandbox.settle();
  forgetLogs(world);
  const before = settledMemory();
  const peak = samplePeakRss();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const kinds = queueMixedStream(world, requests, events);
  const queued = github.deliveries.length;
  await sandbox.settle();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const peakRss = peak.stop();
  const made = github.requests;
  const measure = { kinds, queued, delivered: github.deliveries.length, ms, cpuMs: (used.user + used.system) / 1000, limited: callTotals(made).limited, routes: costsByRoute(made), peakRss };
  forgetLogs(world);
  const heapDelta = settledMemory().heapUsed - before.heapUsed;
  return { ...measure, heapDelta, ceiling: await ignoredPerSecond(world, events) };
}

async function ignoredPerSecond(world: BenchWorld, events: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    const repo = world.repos[i % world.repos.length]!;
    world.sandbox.github.as(world.requesters[i % world.requesters.length]!).openIssue(repo, { title: "Docs typo", body: "On the front page." });
  }
  await world.sandbox.settle();
  return events / ((performance.now() - started) / 1000);
}
