import { inBenchWorld } from "./bench-world.js";
import { BENCH_EPOCH, fastClock } from "./clocks.js";
import { MIX } from "./mixed-stream.js";
import type { BenchScenario } from "./report.js";
import { readSizes, type BenchSizes } from "./sizes.js";
import { mib, ms, num, verdict } from "./stats.js";
import { measureStream } from "./throughput-run.js";

const SPEED = 3600;
const TARGET_EVENTS_PER_S = 1000;
// Requests the stream acts on; fewer for a short stream.
const MAX_REQUESTS = 200;

/**
 * `throughput`: webhooks one app process handles per second for a mixed
 * stream, counted until every reconcile they caused has finished, and its
 * memory.
 *
 * @example
 * const report = await throughputScenario({ ...DEFAULT_SIZES, throughputEvents: 40 }).run();
 */
export function throughputScenario(sizes: BenchSizes = readSizes()): BenchScenario {
  return {
    name: "throughput",
    description: "webhooks per second for a mixed stream, and RSS",
    run: () => {
      const clock = fastClock(BENCH_EPOCH, SPEED);
      const requesters = Math.min(MAX_REQUESTS, sizes.throughputEvents);
      return inBenchWorld({ clock, requesters, repos: 4 }, async (world) => {
        const m = await measureStream(world, sizes.throughputEvents);
        const rate = m.queued / (m.ms / 1000);
        const perRoute = m.routes.slice(0, 5).map((c) => `\`${c.route}\` ${num(c.limited / m.queued, 2)} (+${num(c.notModified / m.queued, 2)} × 304)`).join(", ");
        const mix = Object.entries(m.kinds).map(([kind, count]) => `${kind} ${num(count)}`).join(", ");
        return {
          title: "Throughput: webhooks on one process",
          table: [
            ["measure", "value", "target", "verdict"],
            ["stream events per second (until every reconcile finished)", num(rate), `≥ ${num(TARGET_EVENTS_PER_S)}`, verdict(rate >= TARGET_EVENTS_PER_S)],
            ["for comparison: stream events per CPU-second of the process (the app and the emulator; a busy machine lowers the rate above, less this)", num(m.queued / (m.cpuMs / 1000)), "", ""],
            ["for comparison: webhooks per second that the app only recognises as not about a request", `${num(m.ceiling)} (the stream reached ${num((100 * rate) / m.ceiling)} % of it)`, "", ""],
            ["stream events", num(m.queued), "", ""],
            ["all webhooks delivered (the stream and the app's own writes coming back)", num(m.delivered), "", ""],
            ["time (CPU time of the process)", `${ms(m.ms)} (${ms(m.cpuMs)})`, "", ""],
            ["rate-limited calls (per stream event)", `${num(m.limited)} (${num(m.limited / m.queued, 2)})`, "", ""],
            ["peak RSS", mib(m.peakRss), "", ""],
            ["heap after − before (each after a full collection)", mib(m.heapDelta, true), "", ""],
          ],
          notes: [
            `The stream, queued at once: ${mix} (in every 20 events: ${Object.entries(MIX).map(([k, v]) => `${v} ${k}`).join(", ")}). Commands take turns: \`/approve\` by a listed approver (a grant), \`/approve\` by someone who may not approve (a refusal), \`/deny\` by an approver team's member; each goes to a request of its own among ${num(requesters)} pending ones in 4 repositories. Non-requests: an issue opened, then a comment on it. Label changes: \`triage\` added to and taken off requests.`,
            `Calls per stream event, by route: ${perRoute}.`,
            "The emulator sends webhooks one at a time over one kept-alive connection, each waiting for the app's answer, as one GitHub hook does; reconciles run meanwhile. Time runs from queuing the stream until the last webhook is answered and the last reconcile has finished.",
            `The app logs at info, as in production, every line masked. The emulator runs in the same process, so RSS includes it and the CPU it spends serving the app counts against the app's time. The clock runs ${SPEED}× real time so the emulator's 5,000/h budget renews every real second; times are real.`,
          ],
        };
      });
    },
  };
}

export default throughputScenario();
