import type { BenchScenario } from "./report.js";

/**
 * The benchmark scenarios by name. Each lives in its own module (default
 * export: a BenchScenario) and is loaded only when run.
 */
export const scenarios: Record<string, () => Promise<BenchScenario>> = {
  lifecycle: async () => (await import("./lifecycle.js")).default,
  latency: async () => (await import("./latency.js")).default,
  sweep: async () => (await import("./sweep.js")).default,
  throughput: async () => (await import("./throughput.js")).default,
  masking: async () => (await import("./masking.js")).default,
  burst: async () => (await import("./burst.js")).default,
  sustained: async () => (await import("./sustained.js")).default,
};
