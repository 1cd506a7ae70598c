import { GITHUB_PACING } from "jit-access/internal/github/write-queue.js";
import { isWrite } from "./route-costs.js";
import { LONG_DURATION, SHORT_DURATION, pacingKept, perLifecycle, runBurst, type BurstGrant, type BurstRun } from "./burst-run.js";
import type { BenchReport, BenchScenario } from "./report.js";
import { readSizes, type BenchSizes } from "./sizes.js";
import { num, percentile, secs, verdict } from "./stats.js";

const TARGET_REMOVAL_P99_MS = 2000;
/** Grants of the shortest duration at the head of each burst: enough to show, few enough to leave the burst a burst. */
const MAX_SHORT = 5;

/**
 * `burst`: a quarter of N and N requests approved within one minute, with
 * the app pacing its writes as GitHub asks: how long approvals wait for
 * their membership, whether removals that fall due mid-burst overtake the
 * queued comments, and what the records wait. Figures are GitHub time.
 *
 * @example
 * const report = await burstScenario({ ...DEFAULT_SIZES, burstRequests: 8 }).run();
 */
export function burstScenario(sizes: BenchSizes = readSizes()): BenchScenario {
  return {
    name: "burst",
    description: "approvals in a burst with GitHub's write pacing: time to membership, removals mid-burst, record waits",
    async run() {
      const n = sizes.burstRequests;
      const runs: BurstRun[] = [];
      for (const size of [...new Set([Math.ceil(n / 4), n])]) runs.push(await runBurst(size, shortOf(size)));
      return report(runs);
    },
  };
}

function shortOf(size: number): number {
  return Math.min(MAX_SHORT, Math.ceil(size / 10));
}

function report(runs: BurstRun[]): BenchReport {
  const lateness = (grants: BurstGrant[]) => grants.map((g) => g.removedAt - g.expiresAt);
  const midBurst = (r: BurstRun) => lateness(r.grants.filter((g) => g.expiresAt <= r.drainedAt));
  const afterBurst = (r: BurstRun) => lateness(r.grants.filter((g) => g.expiresAt > r.drainedAt));
  const spread = (values: number[]) => `${secs(percentile(values, 50))} / ${secs(percentile(values, 99))} / ${secs(Math.max(...values))}`;
  const counted = (values: number[]) => (values.length > 0 ? `${spread(values)} (${values.length})` : "none");
  const row = (what: string, cell: (r: BurstRun) => string, target = "", met?: (r: BurstRun) => boolean) => [what, ...runs.map(cell), target, met ? verdict(runs.every(met)) : ""];
  const removalMet = (values: (r: BurstRun) => number[]) => (r: BurstRun) => values(r).length === 0 || percentile(values(r), 99) <= TARGET_REMOVAL_P99_MS;
  const recordWaits = (r: BurstRun) => r.burstWrites.filter((w) => w.write === "record").map((w) => w.waitedMs);
  const lateAdds = (r: BurstRun) => r.grants.filter((g) => g.putAt > g.expiresAt).length;
  const table = [
    ["measure (GitHub time)", ...runs.map((r) => `${num(r.size)} approvals`), "target", "verdict"],
    row("approval → membership `PUT`: p50 / p99 / max", (r) => spread(r.grants.map((g) => g.putAt - g.approvedAt))),
    row("memberships added after their own expiry", (r) => num(lateAdds(r)), "0", (r) => lateAdds(r) === 0),
    row(`expiry → \`DELETE\`, grants that ended mid-burst: p50 / p99 / max`, (r) => counted(midBurst(r)), `p99 ≤ ${secs(TARGET_REMOVAL_P99_MS)}`, removalMet(midBurst)),
    row("expiry → `DELETE`, the other grants (ended after the burst): p50 / p99 / max", (r) => counted(afterBurst(r)), `p99 ≤ ${secs(TARGET_REMOVAL_P99_MS)}`, removalMet(afterBurst)),
    row("record-write wait in the queue, during the burst: p50 / p99", (r) => `${secs(percentile(recordWaits(r), 50))} / ${secs(percentile(recordWaits(r), 99))}`),
    row("first approval → last granted (membership `PUT`) / → last removed (`DELETE`)", (r) => `${secs(r.lastPutAt - r.startedAt)} / ${secs(Math.max(...r.grants.map((g) => g.removedAt)) - r.startedAt)}`),
    row("first approval → burst's last record written", (r) => secs(r.drainedAt - r.startedAt)),
    row("writes per lifecycle (comments among them)", (r) => `${num(perLifecycle(r.calls, r.size).writes, 1)} (${num(perLifecycle(r.calls, r.size).comments, 1)})`),
    row("rate-limited calls per lifecycle", (r) => num(perLifecycle(r.calls, r.size).limited, 1)),
    row("calls GitHub refused with a secondary limit (403/429): reads / writes", (r) => `${num(refusedBy(r, false))} / ${num(refusedBy(r, true))}`),
  ];
  return { title: "Burst: approvals with GitHub's write pacing", table, notes: notes(runs) };
}

function notes(runs: BurstRun[]): string[] {
  const each = (say: (r: BurstRun) => string) => runs.map((r) => `${num(r.size)}: ${say(r)}`).join("; ");
  const kept = each((r) => {
    const p = pacingKept(r.calls);
    return `least gap between two writes ${secs(p.leastGapMs)}, at most ${num(p.perMinute)} comments in any minute and ${num(p.perHour)} in any hour`;
  });
  const removals = each((r) => {
    const lines = r.burstWrites.filter((w) => w.write === "removal");
    if (lines.length === 0) return "no removal fell due during the burst";
    return `${lines.length} \`DELETE\`s waited at most ${secs(Math.max(...lines.map((l) => l.waitedMs)))} in the queue and each overtook up to ${num(Math.max(...lines.map((l) => l.passed)))} queued writes`;
  });
  return [
    `Each size: that many requesters open a request each (the first ${MAX_SHORT}, or a tenth of a smaller burst, for ${SHORT_DURATION}, the shortest a request can name; the others for ${LONG_DURATION}); their first records are written; then the clock moves an hour on, so that the burst finds GitHub's hourly window of comments empty. A listed approver approves every request within one minute, evenly spaced, and the run goes on until every grant has ended. The app paces its writes with \`GITHUB_PACING\`: one write a second, ${GITHUB_PACING.contentPerMinute} comments a minute, ${GITHUB_PACING.contentPerHour} an hour; removals first, then membership \`PUT\`s, then records, then labels.`,
    "Time is compressed by stepping, not by speeding up: the app, the emulator and the write queue's `PacingTimer` read one clock that stands still while they work and jumps to the next due timer (a write's turn, a grant's end, an approval) once the emulator has been quiet for a moment. Pacing is therefore exact and every figure is GitHub (app) time in which the app's own work and GitHub's answers take no time: a real deployment adds its calls' latency to each. " +
      `Wall time: ${each((r) => `${num(r.realMs / 1000, 1)} s`)}.`,
    `Pacing kept, from the times GitHub served the writes: ${kept}.`,
    `Grants that ended mid-burst (expired before the burst's last record was written): ${removals}. Lateness runs from the expiry in the signed grant record to the \`DELETE\`; the grant's clock starts at its \`PUT\`, so no approval's wait is taken from its grant.`,
    `Writes and calls per lifecycle count everything the app sent from the opening of the requests to the last removal, divided by the number of requests; the record-write wait is what the queue logged for each comment from the first approval until the burst's last record was written.`,
  ];
}

/** Calls answered with a secondary-limit refusal, writes or reads. */
function refusedBy(run: BurstRun, writes: boolean): number {
  return run.calls.filter((c) => (c.status === 403 || c.status === 429) && /secondary rate limit/i.test(JSON.stringify(c.responseBody ?? "")) && isWrite(c) === writes).length;
}

export default burstScenario();
