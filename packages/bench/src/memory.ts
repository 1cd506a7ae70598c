import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A heap delta means something only after a full collection; the bench runs
// under plain `node`, so the collector is exposed here rather than by a flag.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

export interface MemoryReading {
  rss: number;
  heapUsed: number;
}

/**
 * The process's memory after a full garbage collection.
 *
 * @example
 * const before = settledMemory(); … settledMemory().heapUsed - before.heapUsed;
 */
export function settledMemory(): MemoryReading {
  collect();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

/**
 * Samples RSS every `intervalMs` until stopped; returns the highest seen.
 *
 * @example
 * const peak = samplePeakRss();
 * await work();
 * peak.stop(); // bytes
 */
export function samplePeakRss(intervalMs = 20): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}
