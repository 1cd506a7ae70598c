/** How big each scenario is; the defaults are the figures docs/performance.md reports. */
export interface BenchSizes {
  /** Requests run through a whole lifecycle at once (`lifecycle`). */
  concurrentLifecycles: number;
  /** Requests whose approval → grant and expiry → removal are timed (`latency`). */
  latencyRequests: number;
  /** Open requests the sweep lists (`sweep`), spread over `sweepRepos` repositories. */
  sweepRequests: number;
  sweepRepos: number;
  /** Webhooks in the mixed stream (`throughput`). */
  throughputEvents: number;
  /** Approvals in the larger burst (`burst`); a quarter of it is the smaller one. */
  burstRequests: number;
  /** Lifecycles run at the pace GitHub's binding limit allows, and above it (`sustained`). */
  sustainedLifecycles: number;
}

export const DEFAULT_SIZES: BenchSizes = {
  concurrentLifecycles: 1000,
  latencyRequests: 200,
  sweepRequests: 10_000,
  sweepRepos: 50,
  throughputEvents: 3000,
  burstRequests: 200,
  sustainedLifecycles: 200,
};

const VARIABLES: Record<keyof BenchSizes, string> = {
  concurrentLifecycles: "BENCH_LIFECYCLE_N",
  latencyRequests: "BENCH_LATENCY_N",
  sweepRequests: "BENCH_SWEEP_N",
  sweepRepos: "BENCH_SWEEP_REPOS",
  throughputEvents: "BENCH_THROUGHPUT_N",
  burstRequests: "BENCH_BURST_N",
  sustainedLifecycles: "BENCH_SUSTAINED_N",
};

/**
 * The sizes, each overridable by an environment variable (smaller runs for
 * a quick look): BENCH_LIFECYCLE_N, BENCH_LATENCY_N, BENCH_SWEEP_N,
 * BENCH_SWEEP_REPOS, BENCH_THROUGHPUT_N, BENCH_BURST_N, BENCH_SUSTAINED_N.
 *
 * @example
 * readSizes({ BENCH_LIFECYCLE_N: "50" }).concurrentLifecycles; // 50
 */
export function readSizes(env: Record<string, string | undefined> = process.env): BenchSizes {
  const sizes = { ...DEFAULT_SIZES };
  for (const key of Object.keys(VARIABLES) as (keyof BenchSizes)[]) {
    const raw = env[VARIABLES[key]];
    if (raw === undefined || raw === "") continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${VARIABLES[key]} must be a whole number of at least 1, not "${raw}"`);
    sizes[key] = value;
  }
  return sizes;
}
