import type { BenchScenario } from "./report.js";

/**
 * The benchmark scenarios by name. Each lives in its own module (default
 * export: a BenchScenario) and is loaded only when run.
 */
export const scenarios: Record<string, () => Promise<BenchScenario>> = {
  masking: async () => (await import("./masking.js")).default,
};
