import { forgetLogs, inBenchWorld } from "./bench-world.js";
import { BENCH_EPOCH, fastClock } from "./clocks.js";
import type { BenchScenario } from "./report.js";
import { seedGrants } from "./seed-grants.js";
import { readSizes, type BenchSizes } from "./sizes.js";
import { measureSweep, type SweepMeasure } from "./sweep-run.js";
import { mib, ms, num, seconds, verdict } from "./stats.js";

const SPEED = 3600;
const HOURLY_BUDGET = 5000;
// Grants outlast the scenario: 30 days is 12 real minutes at 3600×.
const DURATION = "30d";

/**
 * `sweep`: what a sweep costs over many open grants — an idle one in steady
 * state, and the first one after a restart, when every request is looked at
 * again — and how soon a request opened during that first sweep is answered.
 *
 * @example
 * const report = await sweepScenario({ ...DEFAULT_SIZES, sweepRequests: 20, sweepRepos: 2 }).run();
 */
export function sweepScenario(sizes: BenchSizes = readSizes()): BenchScenario {
  return {
    name: "sweep",
    description: "sweep cost over many open grants: idle, and first after a restart with a new request answered during it",
    run: () => {
      const n = sizes.sweepRequests;
      const repos = Math.min(sizes.sweepRepos, n);
      const clock = fastClock(BENCH_EPOCH, SPEED);
      // One more person than grants: they open a new request while the first sweep runs.
      return inBenchWorld({ clock, repos, requesters: n + 1, logLevel: "warn" }, async (world) => {
        const seeding = performance.now();
        await seedGrants(world, n, DURATION);
        forgetLogs(world);
        const seeded = seconds(seeding);
        // A fresh process over the seeded GitHub: its first sweep reads every request and brings it to steady state.
        await world.sandbox.restart();
        const restarted = await measureSweep(world, { requester: world.requesters[n]!, repo: world.repos[0]! });
        // The new request changed its repository's listings: one sweep takes that in before the idle one is measured.
        await measureSweep(world);
        const idle = await measureSweep(world);
        const row = (what: string, m: SweepMeasure, target: string, met?: boolean) => [
          what, num(m.listed), num(m.glanced), num(m.reconciled), num(m.limited), num(m.limited / n, 2), num(m.notModified), num(m.writes), ms(m.ms), m.answer ? ms(m.answer.answeredMs) : "", mib(m.peakRss), mib(m.heapDelta, true), target, met === undefined ? "" : verdict(met),
        ];
        const answer = restarted.answer!;
        const perRequest = restarted.limited / n;
        const writes = restarted.writes + idle.writes;
        const perRoute = restarted.routes.slice(0, 6).map((c) => `\`${c.route}\` ${num(c.limited / n, 3)}`).join(", ");
        const notes = [
          `${num(n)} open requests in ${num(repos)} repositories, each holding a live grant: one request went through the app (opened, approved, granted for ${DURATION}); its thread was replayed onto the others with the app's records re-signed for each, the \`access:granted\` label and the team membership. Seeding took ${seeded}. Webhooks are dropped from then on: only the sweep makes the app look.`,
          "Each sweep lists, per repository, open requests, closed requests still labelled granted and requests owing a removal, page by page with conditional requests. An open request labelled granted that the process does not know yet is glanced at, a hundred per GraphQL query (`nodes(ids:)` by the listing's node ids, each issue's comments): a live grant whose whole signed trail verifies and on which the core decides nothing is armed at its signed expiry (\"glanced\"); the rest, and requests whose listing changed or that are due, are reconciled in full (\"reconciled\"), in the scheduler's backlog behind webhooks and timers. Time runs from the start of the sweep until the last reconcile it caused has finished.",
          `First after a restart: a fresh app process (no caches, no timers, the sweep's listings unknown) over the seeded GitHub; ${num(perRequest, 3)} rate-limited calls per open request, REST and GraphQL together (${num(restarted.totals.core)} REST core calls, ${num(restarted.totals.graphql)} GraphQL requests of ${num(restarted.totals.graphqlPoints)} points in all by GitHub's formula); ${num(restarted.limited / HOURLY_BUDGET, 2)} hours of a ${num(HOURLY_BUDGET)}/h installation budget. Timers armed after it: ${num(restarted.timers)} (one per grant, for its expiry).`,
          `Per open request, the first sweep after a restart spent: ${perRoute}.`,
          `A new request opened during the first sweep (by another person, once GitHub had served the sweep's first GraphQL query, with webhooks flowing again) had its \`received\` record served ${ms(answer.answeredMs)} after it was opened (real time, webhook delivery included); the sweep's last reconcile finished ${ms(answer.sweepLeftMs)} after it was opened, and ${num(answer.backlogWhenAnswered)} of the sweep's reconciles were still waiting in the backlog when it was answered. Its own calls are not counted in the sweep's figures.`,
          "Memory: the emulator runs in the same process and holds the whole world, so peak RSS includes it. The heap change is measured after a full collection with the emulator's log of requests and webhooks and the app's kept log lines emptied, so it is what the app kept (caches, timers), plus whatever the emulator's world grew by.",
          `The clock runs ${SPEED}× real time so that the emulator's 5,000/h budget renews every real second and no call is refused; times are real.`,
        ];
        if (writes > 0) notes.push(`**The sweeps wrote ${num(writes)} times**: some seeded grants were not taken as they stand; the figures are not those of a steady state.`);
        return {
          title: "Sweep: cost over many open grants",
          table: [
            ["sweep", "listed", "glanced", "reconciled", "rate-limited calls", "per open request", "answered 304", "writes", "time", "new request answered", "peak RSS", "heap Δ", "target", "verdict"],
            row("first after a restart", restarted, "≤ 1.2 rate-limited calls per open request", perRequest <= 1.2),
            row("steady state (idle): a later one", idle, "0 rate-limited calls", idle.limited === 0),
          ],
          notes,
        };
      });
    },
  };
}

export default sweepScenario();
