import { GITHUB_PACING } from "jit-access/internal/github/write-queue.js";
import { inBenchWorld } from "./bench-world.js";
import { pacingKept, perLifecycle } from "./burst-run.js";
import { BENCH_EPOCH, manualClock } from "./clocks.js";
import { bindingLimit, limitsPerLifecycle, type LimitUse } from "./github-limits.js";
import { runLifecycle } from "./lifecycle-run.js";
import type { BenchReport, BenchScenario } from "./report.js";
import { readSizes, type BenchSizes } from "./sizes.js";
import { num, percentile, secs, verdict } from "./stats.js";
import { runSustained, type SustainedRun } from "./sustained-run.js";

/** How far above the binding limit's pace the second run goes. */
const ABOVE = 1.25;

/**
 * `sustained`: lifecycles an hour GitHub's limits allow, computed from the
 * calls of a warm lifecycle measured in the same run against each
 * documented limit (the one that binds named), then run: that many
 * lifecycles at that pace with GitHub's secondary limits on, and at a pace
 * above it, side by side.
 *
 * @example
 * const report = await sustainedScenario({ ...DEFAULT_SIZES, sustainedLifecycles: 4 }).run();
 */
export function sustainedScenario(sizes: BenchSizes = readSizes()): BenchScenario {
  return {
    name: "sustained",
    description: "lifecycles an hour within GitHub's secondary limits: computed per limit, then run at that pace",
    async run() {
      const clock = manualClock(BENCH_EPOCH);
      const warm = await inBenchWorld({ clock }, async (world) => {
        await runLifecycle(world, clock, world.requesters[0]!);
        return Object.values(await runLifecycle(world, clock, world.requesters[0]!)).flat();
      });
      const uses = limitsPerLifecycle(warm, 1);
      const binding = bindingLimit(uses);
      const pace = Math.floor(binding.lifecyclesPerHour);
      const runs = [await runSustained(sizes.sustainedLifecycles, pace), await runSustained(sizes.sustainedLifecycles, Math.ceil(pace * ABOVE))];
      return report(uses, binding, runs);
    },
  };
}

function report(uses: LimitUse[], binding: LimitUse, runs: SustainedRun[]): BenchReport {
  const perHour = (use: LimitUse) => (Number.isFinite(use.lifecyclesPerHour) ? num(use.lifecyclesPerHour) : "no limit");
  const limits = [
    ["GitHub's limit", "allows", "a warm lifecycle spends", "lifecycles an hour", "binds"],
    ...uses.map((u) => [u.limit, u.allowance, `${num(u.perLifecycle, 1)} ${u.unit}`, perHour(u), u === binding ? "**binds**" : ""]),
  ];
  const spread = (values: number[]) => `${secs(percentile(values, 50))} / ${secs(percentile(values, 99))} / ${secs(Math.max(...values))}`;
  const row = (what: string, cell: (r: SustainedRun) => string, target = "", met?: boolean) => [what, ...runs.map(cell), target, met === undefined ? "" : verdict(met)];
  const atPace = runs[0]!;
  const measured = [
    ["measured, GitHub's secondary limits on", ...runs.map((r, i) => `${num(r.perHour)} an hour${i === 0 ? " (the binding limit's pace)" : ` (${ABOVE}× that)`}`), "target", "verdict"],
    row("lifecycles run", (r) => num(r.size)),
    row("calls refused by GitHub's secondary limits (403/429)", (r) => num(r.refused), "0 at the binding pace", atPace.refused === 0),
    row("approval → membership `PUT`: p50 / p99 / max", (r) => spread(r.toGrant)),
    row("expiry → `DELETE`: p50 / p99 / max", (r) => spread(r.toRemoval)),
    row("most comments in any minute / any hour", (r) => `${num(pacingKept(r.calls).perMinute)} / ${num(pacingKept(r.calls).perHour)}`),
    row("writes (comments) and rate-limited calls per lifecycle", (r) => `${num(perLifecycle(r.calls, r.size).writes, 1)} (${num(perLifecycle(r.calls, r.size).comments, 1)}), ${num(perLifecycle(r.calls, r.size).limited, 1)}`),
  ];
  return {
    title: "Sustained: lifecycles an hour within GitHub's limits",
    table: limits,
    tables: [measured],
    notes: [
      `Binding: ${binding.limit}, ${num(binding.perLifecycle, 1)} ${binding.unit} a lifecycle against ${binding.allowance}: ${perHour(binding)} lifecycles an hour.`,
      "A lifecycle: the requester opens a request, one listed approver comments `/approve`, the app grants for 1 h and removes the membership at the end. The first table divides each of GitHub's documented limits (secondary: content-creating requests, REST and GraphQL points; GitHub's advice of one write a second, which the app's write queue keeps; the primary budgets) by what a warm lifecycle (the second in one app process, on a manual clock, so the counts are exact) spent of it in this run. Per-minute limits count as 60 minutes' worth, sustained. A REST read answered 304 is counted at 1 secondary point: GitHub says 304s spare the primary budget, not the secondary points.",
      `Measured: that many requests opened one after another at the pace named, each approved a minute after it was opened, on a stepped clock (every wait is exact GitHub time; the app's work and GitHub's answers take none), with the emulator enforcing GitHub's secondary limits on the same clock and the app pacing its writes with \`GITHUB_PACING\`. Above the binding pace GitHub refuses nothing either, because the app's write queue holds comments to ${num(GITHUB_PACING.contentPerMinute)} a minute and ${num(GITHUB_PACING.contentPerHour)} an hour itself: the excess shows as approvals waiting longer for their membership, growing for as long as the pace is kept. Wall time: ${runs.map((r) => `${num(r.perHour)}/h ${num(r.realMs / 1000, 1)} s`).join(", ")}.`,
    ],
  };
}

export default sustainedScenario();
