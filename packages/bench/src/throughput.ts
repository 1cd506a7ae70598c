import { inBenchWorld } from "./bench-world.js";
import { loopbackCost } from "./loopback.js";
import { BENCH_EPOCH, fastClock } from "./clocks.js";
import { MIX } from "./mixed-stream.js";
import type { BenchScenario } from "./report.js";
import { readSizes, type BenchSizes } from "./sizes.js";
import { startSplitWorld } from "./split-world.js";
import { mib, ms, num, verdict } from "./stats.js";
import { inProcessStreamWorld } from "./stream-world.js";
import { measureStream, type StreamMeasure } from "./throughput-run.js";

const SPEED = 3600;
const TARGET_EVENTS_PER_S = 1000;
// Requests the stream acts on; fewer for a short stream.
const MAX_REQUESTS = 200;
const REPOS = 4;

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
    run: async () => {
      const requesters = Math.min(MAX_REQUESTS, sizes.throughputEvents);
      // The figure the target is for first, so the app's code is not yet warmed by the comparison run.
      const world = await startSplitWorld({ start: BENCH_EPOCH, speed: SPEED, requesters, repos: REPOS });
      const m = await measureStream(world, sizes.throughputEvents).finally(() => world.stop());
      const together = await inBenchWorld({ clock: fastClock(BENCH_EPOCH, SPEED), requesters, repos: REPOS }, (inProcess) => measureStream(inProcessStreamWorld(inProcess), sizes.throughputEvents));
      const loopback = await loopbackCost();
      const rate = m.queued / (m.ms / 1000);
      const perCpu = (measure: StreamMeasure, cpuMs: number | undefined) => (cpuMs === undefined ? "not measured (no /proc)" : num(measure.queued / (cpuMs / 1000)));
      const perRoute = m.routes.slice(0, 5).map((c) => `\`${c.route}\` ${num(c.limited / m.queued, 2)} (+${num(c.notModified / m.queued, 2)} × 304)`).join(", ");
      const mix = Object.entries(m.kinds).map(([kind, count]) => `${kind} ${num(count)}`).join(", ");
      return {
        title: "Throughput: webhooks on one process",
        table: [
          ["measure", "value", "target", "verdict"],
          ["stream events per second (until every reconcile finished)", num(rate), `≥ ${num(TARGET_EVENTS_PER_S)}`, verdict(rate >= TARGET_EVENTS_PER_S)],
          ["stream events per CPU-second of the app's thread", perCpu(m, m.appCpuMs), "", ""],
          ["for comparison: stream events per CPU-second of the process (the app's thread, the emulator's, and the runtime's own)", perCpu(m, m.cpuMs), "", ""],
          ["for comparison: stream events per second with the emulator on the app's thread, as the sandbox runs it (per CPU-second of the process)", `${num(together.queued / (together.ms / 1000))} (${perCpu(together, together.cpuMs)})`, "", ""],
          ["for comparison: one round trip over TCP on 127.0.0.1 between two threads of a process on this machine (2 KiB, and an answer): wall; CPU of the process", `${num(loopback.wallUs)} µs; ${num(loopback.cpuUs)} µs`, "", ""],
          ["for comparison: webhooks per second that the app only recognises as not about a request", `${num(m.ceiling)} (the stream reached ${num((100 * rate) / m.ceiling)} % of it)`, "", ""],
          ["stream events", num(m.queued), "", ""],
          ["all webhooks delivered (the stream and the app's own writes coming back)", num(m.delivered), "", ""],
          ["time (CPU time of the app's thread; of the process)", `${ms(m.ms)} (${m.appCpuMs === undefined ? "not measured" : ms(m.appCpuMs)}; ${ms(m.cpuMs)})`, "", ""],
          ["rate-limited calls (per stream event)", `${num(m.limited)} (${num(m.limited / m.queued, 2)})`, "", ""],
          ["peak RSS (the process: the app and the emulator)", mib(m.peakRss), "", ""],
          ["the app's heap after − before (each after a full collection)", mib(m.heapDelta, true), "", ""],
        ],
        notes: [
          `The stream, queued at once: ${mix} (in every 20 events: ${Object.entries(MIX).map(([k, v]) => `${v} ${k}`).join(", ")}). Commands take turns: \`/approve\` by a listed approver (a grant), \`/approve\` by someone who may not approve (a refusal), \`/deny\` by an approver team's member; each goes to a request of its own among ${num(requesters)} pending ones in ${REPOS} repositories. Non-requests: an issue opened, then a comment on it. Label changes: \`triage\` added to and taken off requests.`,
          `Calls per stream event, by route: ${perRoute}.`,
          "The emulator sends webhooks one at a time over one kept-alive connection, each waiting for the app's answer: GitHub's documentation does not say how many deliveries of one hook it has in flight at once, and the bench takes the strictest case, where the emulator's time per delivery adds to the app's; reconciles run meanwhile. Time runs from queuing the stream until the last webhook is answered and the last reconcile has finished.",
          "What runs where: the app (Probot's server, the app, its masked logging at info, as in production) runs on the process's main thread; the emulator (building, signing and sending the webhooks, answering the app's REST and GraphQL calls) runs on a worker thread of the same process (with NODE_ENV=production there, as graphql-js runs in production), and the two talk HTTP over 127.0.0.1 as before, as the app and github.com would. Against github.com the emulator's work is not the app's, so the first row is measured this way; the CPU rows give the app's thread alone (from Linux's /proc) and the whole process. The comparison row runs the same stream with the emulator on the app's thread (the sandbox's way, and this bench's before), after the first run, in the same process.",
          `The loopback row is the network's own cost on this machine, whatever the app does: each webhook delivery is one such round trip, and each of the app's calls another (${num((m.delivered + m.limited) / m.queued, 2)} per stream event here, the calls that spend no rate limit not counted); it varies from machine to machine, and against github.com the other side's share is not the app's.`,
          `RSS is the process's, the emulator's included; the heap row is the app's thread's. The clock runs ${SPEED}× real time so the emulator's 5,000/h budget renews every real second; times are real.`,
        ],
      };
    },
  };
}

export default throughputScenario();
