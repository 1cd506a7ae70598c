import { describe, expect, it } from "vitest";
import { burstScenario } from "jit-access-bench/burst.js";
import { latencyScenario } from "jit-access-bench/latency.js";
import { lifecycleScenario } from "jit-access-bench/lifecycle.js";
import type { BenchReport, BenchScenario } from "jit-access-bench/report.js";
import { renderReport } from "jit-access-bench/report.js";
import { scenarios } from "jit-access-bench/scenarios.js";
import { DEFAULT_SIZES, readSizes, type BenchSizes } from "jit-access-bench/sizes.js";
import { sustainedScenario } from "jit-access-bench/sustained.js";
import { sweepScenario } from "jit-access-bench/sweep.js";
import { throughputScenario } from "jit-access-bench/throughput.js";

// Tiny sizes: this checks that each scenario runs and reports, not how fast anything is.
const TINY: BenchSizes = { concurrentLifecycles: 3, latencyRequests: 3, sweepRequests: 6, sweepRepos: 2, throughputEvents: 40, burstRequests: 4, sustainedLifecycles: 4 };

function expectWellFormed(report: BenchReport): void {
  expect(report.title).not.toBe("");
  const [header, ...rows] = report.table;
  expect(header!.length).toBeGreaterThan(1);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row).toHaveLength(header!.length);
  const text = renderReport(report);
  expect(text).not.toMatch(/NaN|undefined|\[object/);
}

describe("bench scenarios run at tiny sizes and report a table", () => {
  const cases: [string, (sizes: BenchSizes) => BenchScenario][] = [
    ["lifecycle", lifecycleScenario],
    ["latency", latencyScenario],
    ["sweep", sweepScenario],
    ["throughput", throughputScenario],
    ["burst", burstScenario],
    ["sustained", sustainedScenario],
  ];
  it.each(cases)("%s", async (name, create) => {
    const scenario = create(TINY);
    expect(scenario.name).toBe(name);
    expect(Object.keys(scenarios)).toContain(name);
    const report = await scenario.run();
    expectWellFormed(report);
    if (name === "sweep") {
      // Every seeded live grant armed from a glance, nothing written; read in full at most the new request opened during it.
      const [header, first] = report.table;
      const cell = (column: string) => first![header!.indexOf(column)]!;
      expect({ glanced: cell("glanced"), writes: cell("writes") }).toEqual({ glanced: String(TINY.sweepRequests), writes: "0" });
      expect(Number(cell("reconciled"))).toBeLessThanOrEqual(1);
      expect(cell("new request answered")).toMatch(/ms$/);
    }
    if (name === "throughput") {
      // The target's row is measured with the emulator on a thread of its own; the app's thread is measured apart, and the emulator on the app's thread is shown beside it.
      const row = (label: string) => report.table.find((r) => r[0]!.startsWith(label));
      if (process.platform === "linux") expect(Number(row("stream events per CPU-second of the app's thread")![1]!.replaceAll(",", ""))).toBeGreaterThan(0);
      expect(row("for comparison: stream events per second with the emulator on the app's thread")![1]).toMatch(/^[\d,]+ \([\d,]+\)$/);
    }
    if (name === "lifecycle") {
      // The request is read through GraphQL: its requests and points are shown apart from REST's core budget.
      const row = (label: string) => report.table.find((r) => r[0]!.includes(label));
      expect(Number(row("`POST /graphql` requests")![2]!.replaceAll("*", ""))).toBeGreaterThan(0);
      expect(Number(row("GraphQL points")![2])).toBeGreaterThan(0);
      expect(report.table.flat().join(" ")).not.toContain("/graphql (not served)");
    }
  }, 120_000);
});

describe("bench sizes", () => {
  it("come from the environment, and refuse what is not a positive whole number", () => {
    expect(readSizes({})).toEqual(DEFAULT_SIZES);
    expect(readSizes({ BENCH_LIFECYCLE_N: "50", BENCH_SWEEP_REPOS: "3" })).toMatchObject({ concurrentLifecycles: 50, sweepRepos: 3 });
    expect(() => readSizes({ BENCH_SWEEP_N: "0" })).toThrow(/BENCH_SWEEP_N must be a whole number/);
  });
});
