import { approvalBreakdown } from "./approval-breakdown.js";
import { inBenchWorld } from "./bench-world.js";
import { BENCH_EPOCH, fastClock } from "./clocks.js";
import { measureAfterRestart, measureRunning } from "./latency-run.js";
import type { BenchScenario } from "./report.js";
import { callTotals } from "./route-costs.js";
import { readSizes, type BenchSizes } from "./sizes.js";
import { ms, num, percentile, verdict } from "./stats.js";

const SPEED = 3600;
const TARGET_APPROVAL_P99_MS = 50;
const TARGET_LATENESS_P99_MS = 1000;
// Long enough (24 s real) for the second batch to be granted before the app is stopped; the clock then jumps past it.
const HELD_DURATION = "1d";
const GRACE_MS = 10_000;

/**
 * `latency`: app time from the approval's webhook to the membership PUT, and
 * how late removals run — with the app running, and after a restart.
 *
 * @example
 * const report = await latencyScenario({ ...DEFAULT_SIZES, latencyRequests: 3 }).run();
 */
export function latencyScenario(sizes: BenchSizes = readSizes()): BenchScenario {
  return {
    name: "latency",
    description: "approval → PUT, expiry → DELETE running and after a restart",
    run: () => {
      const n = sizes.latencyRequests;
      const clock = fastClock(BENCH_EPOCH, SPEED);
      return inBenchWorld({ clock, requesters: 2 * n, sweep: true }, async (world) => {
        const sweepMs = world.sandbox.config.sweepIntervalMs;
        const { approvals, lateness } = await measureRunning(world, clock, world.requesters.slice(0, n));
        // Waits a little past the bound, so that a near miss shows by how much.
        const { fromStart: restarted, calls } = await measureAfterRestart(world, clock, world.requesters.slice(n), { duration: HELD_DURATION, timeoutMs: sweepMs + GRACE_MS });
        const timelines = calls.filter((c) => c.method === "GET" && c.path.endsWith("/timeline")).length;
        const approval = approvals.map((t) => clock.real(t.putAt - t.deliveredAt));
        const row = (what: string, values: number[], target: string, met: boolean) => [what, ms(percentile(values, 50)), ms(percentile(values, 99)), ms(Math.max(...values)), target, verdict(met)];
        const split = approvalBreakdown(approvals).map((p) => `${p.part} ${ms(clock.real(p.medianMs))} (${p.medianCalls} calls)`).join("; ");
        return {
          title: "Latency: approval to grant, expiry to removal",
          table: [
            ["measure", "p50", "p99", "max", "target", "verdict"],
            row("approval webhook → membership `PUT` (app time)", approval, `p99 < ${TARGET_APPROVAL_P99_MS} ms`, percentile(approval, 99) < TARGET_APPROVAL_P99_MS),
            row("expiry → membership `DELETE`, running", lateness, `p99 ≤ ${ms(TARGET_LATENESS_P99_MS)}`, percentile(lateness, 99) <= TARGET_LATENESS_P99_MS),
            row("app start → `DELETE`, grant expired while stopped", restarted, `max ≤ one sweep interval (${ms(sweepMs)})`, Math.max(...restarted) <= sweepMs),
          ],
          notes: [
            `${num(n)} requests, opened together, then approved one at a time by a listed approver (the policy asks for one approval, so it is the final one); 1 h grants. App time runs from the emulator sending the \`issue_comment\` webhook to the emulator serving the \`PUT\`: Probot's signature check, the handler, the reconcile's reads, the approval record, over loopback. The emulator and the app share one process.`,
            `Where the approval → \`PUT\` time goes (medians; each gap between served calls is put down to the later call): ${split}.`,
            `Times are read on a clock running ${SPEED}× real time (sub-millisecond, from \`performance.now()\`) and divided by ${SPEED}: every figure here is real time. The fast clock lets 1 h grants expire after 1 s, so removals run while later approvals are being made, and lets the emulator's 5,000/h budget renew every real second.`,
            "Running: each grant's removal is driven by the timer armed at its exact expiry; lateness runs from the expiry in the signed grant record to the `DELETE`.",
            `After a restart: ${num(n)} more requests granted for ${HELD_DURATION} together; the app is stopped, the clock jumps past every expiry, the app is started (its start-up sweep runs at once) and each \`DELETE\` is timed from the start. The bound is one sweep interval: a sweep that missed one would find it in the next. A removal not seen within ${ms(sweepMs + GRACE_MS)} shows as "not seen" and misses. To remove ${num(n)} grants the started app made ${num(calls.length)} calls (${num(callTotals(calls).limited)} rate-limited), ${num(timelines)} of them timeline reads (${num(timelines / n, 1)} per grant).`,
          ],
        };
      });
    },
  };
}

export default latencyScenario();
