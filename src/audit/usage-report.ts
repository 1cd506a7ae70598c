import { isWithin, localLabel, type BusinessHours } from "./business-hours.js";
import type { RequestTrail } from "./load-trail.js";
import { summarise, type Outcome, type RequestSummary } from "./request-summary.js";

export interface ReportOptions {
  /** Count requests first recorded at or after this time (epoch ms). */
  since?: number;
  /** The time the report is made: grants due before it and not ended are revocation failures. */
  now: number;
  businessHours: BusinessHours;
  /** Requests by one person for one team within `repeatWindowDays` that make a pattern. */
  repeatThreshold: number;
  repeatWindowDays: number;
  /** An approval recorded this soon after the request it approves is a rubber stamp. */
  rubberStampSeconds: number;
  /** A grant removed later than this after its expiry was removed late. */
  revocationGraceMinutes: number;
}

export interface Counts {
  requests: number;
  granted: number;
  denied: number;
  timedOut: number;
  withdrawn: number;
  invalid: number;
  failed: number;
  pending: number;
}

export interface UsageReport {
  settings: Omit<ReportOptions, "businessHours" | "since" | "now"> & { businessHours: string; timeZone: string; since: string | null; generatedAt: string };
  totals: Counts;
  byTeam: (Counts & { team: string; approveP50Ms: number | null; approveP90Ms: number | null })[];
  byRequester: (Counts & { requester: string })[];
  timeToApprove: { approvals: number; p50Ms: number | null; p90Ms: number | null };
  repeatedRequests: { requester: string; team: string; count: number; first: string; last: string; requests: string[]; advice: string }[];
  rubberStamps: { request: string; requester: string; team: string; approvers: string[]; afterSeconds: number }[];
  outsideBusinessHours: { request: string; requester: string; team: string; grantedAt: string; local: string }[];
  revocationFailures: { request: string; requester: string; team: string; expiresAt: string; endedAt: string | null; lateByMinutes: number; problem: string }[];
  /** Every grant made without approval, and where its review after the fact stands. */
  breakGlass: { request: string; requester: string; team: string; grantedAt: string; via: "form" | "comment"; reviewDueAt: string; review: "accepted" | "flagged" | "awaiting" | "overdue"; reviewedBy: string | null; reviewedAt: string | null; finding: string | null }[];
  /** Record-bearing comments left out because their signature does not verify (see `audit verify`). */
  unverifiedRecords: number;
}

export const REPEAT_ADVICE = "consider standing access or a policy change";
/** The team of a request that was never valid. */
export const NO_TEAM = "(not valid)";

/**
 * The usage patterns of access requests, from the records alone: counts per
 * team and per requester, time to approve (p50/p90), repeated requests,
 * rubber-stamp approvals, grants outside business hours, revocation
 * failures (grants not removed, or removed late) and break-glass uses with
 * their review state.
 *
 * @example
 * const report = usageReport(trails, { now: Date.now(), businessHours: parseBusinessHours("Mon-Fri 09:00-18:00"), repeatThreshold: 3, repeatWindowDays: 30, rubberStampSeconds: 60, revocationGraceMinutes: 5 });
 * report.totals.granted;
 */
export function usageReport(trails: readonly RequestTrail[], options: ReportOptions): UsageReport {
  const summaries = trails.flatMap((t) => summarise(t) ?? []).filter((s) => options.since === undefined || s.openedAt >= options.since);
  const teamOf = (s: RequestSummary) => s.team ?? NO_TEAM;
  const waits = (list: RequestSummary[]) => list.flatMap((s) => (s.approval ? [s.approval.sinceOpened] : []));
  const { businessHours, since, now, ...thresholds } = options;
  return {
    settings: { ...thresholds, businessHours: businessHours.text, timeZone: businessHours.timeZone, since: since === undefined ? null : iso(since), generatedAt: iso(now) },
    totals: count(summaries),
    byTeam: groups(summaries, teamOf).map(([team, list]) => ({ team, ...count(list), approveP50Ms: percentile(waits(list), 50), approveP90Ms: percentile(waits(list), 90) })),
    byRequester: groups(summaries, (s) => s.requester.toLowerCase()).map(([, list]) => ({ requester: list[0]!.requester, ...count(list) })),
    timeToApprove: { approvals: waits(summaries).length, p50Ms: percentile(waits(summaries), 50), p90Ms: percentile(waits(summaries), 90) },
    repeatedRequests: repeats(summaries, options),
    rubberStamps: summaries.flatMap((s) =>
      s.approval && s.approval.sinceSnapshot < options.rubberStampSeconds * 1000
        ? [{ request: s.request, requester: s.requester, team: teamOf(s), approvers: s.approval.by, afterSeconds: Math.round(s.approval.sinceSnapshot / 1000) }]
        : [],
    ),
    outsideBusinessHours: summaries.flatMap((s) =>
      s.grant && !isWithin(s.grant.at, businessHours)
        ? [{ request: s.request, requester: s.requester, team: teamOf(s), grantedAt: iso(s.grant.at), local: localLabel(s.grant.at, businessHours.timeZone) }]
        : [],
    ),
    revocationFailures: summaries.flatMap((s) => revocationFailures(s, options)),
    breakGlass: summaries.flatMap((s) => breakGlassUse(s, now)),
    unverifiedRecords: trails.reduce((n, t) => n + t.records.filter((r) => !r.record).length, 0),
  };
}

function count(list: readonly RequestSummary[]): Counts {
  const is = (outcome: Outcome) => list.filter((s) => s.outcome === outcome).length;
  return {
    requests: list.length,
    granted: list.filter((s) => s.grant).length,
    denied: is("denied"),
    timedOut: is("timed-out"),
    withdrawn: is("withdrawn"),
    invalid: is("invalid"),
    failed: is("failed"),
    pending: is("pending"),
  };
}

/** Groups by key, largest group first, then by key. */
function groups(list: readonly RequestSummary[], key: (s: RequestSummary) => string): [string, RequestSummary[]][] {
  const map = new Map<string, RequestSummary[]>();
  for (const s of list) map.set(key(s), [...(map.get(key(s)) ?? []), s]);
  return [...map].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b));
}

/** Nearest-rank percentile: a time that actually occurred, never an interpolation. */
function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** People who asked for the same team at least `repeatThreshold` times within any window of `repeatWindowDays`. */
function repeats(summaries: readonly RequestSummary[], options: ReportOptions): UsageReport["repeatedRequests"] {
  const window = options.repeatWindowDays * 86_400_000;
  const found: UsageReport["repeatedRequests"] = [];
  for (const [, list] of groups(summaries.filter((s) => s.team), (s) => `${s.requester.toLowerCase()}\n${s.team}`)) {
    const sorted = [...list].sort((a, b) => a.openedAt - b.openedAt);
    let best: RequestSummary[] = [];
    for (let i = 0, j = 0; j < sorted.length; j++) {
      while (sorted[j]!.openedAt - sorted[i]!.openedAt > window) i++;
      if (j - i + 1 > best.length) best = sorted.slice(i, j + 1);
    }
    if (best.length < options.repeatThreshold) continue;
    found.push({
      requester: best[0]!.requester,
      team: best[0]!.team!,
      count: best.length,
      first: iso(best[0]!.openedAt),
      last: iso(best.at(-1)!.openedAt),
      requests: best.map((s) => s.request),
      advice: REPEAT_ADVICE,
    });
  }
  return found;
}

/**
 * A grant's revocation failures: each removal GitHub refused (as recorded),
 * and a membership not removed by its expiry plus grace, or not at all. A
 * standing membership is never removed.
 */
function revocationFailures(s: RequestSummary, options: ReportOptions): UsageReport["revocationFailures"] {
  const grant = s.grant;
  if (!grant || grant.standing) return [];
  const due = grant.expiresAt + options.revocationGraceMinutes * 60_000;
  const endedAt = grant.endedAt ?? null;
  const lateBy = (at: number) => Math.max(0, Math.round((at - grant.expiresAt) / 60_000));
  const base = { request: s.request, requester: s.requester, team: s.team ?? NO_TEAM, expiresAt: iso(grant.expiresAt), endedAt: endedAt === null ? null : iso(endedAt) };
  const failures = s.removalFailures.map((f) => ({ ...base, lateByMinutes: lateBy(f.at), problem: `GitHub refused the removal at ${iso(f.at)}: ${f.reason}` }));
  if (endedAt === null && options.now > due) failures.push({ ...base, lateByMinutes: lateBy(options.now), problem: "not removed: no record of its end, past its expiry" });
  if (endedAt !== null && endedAt > due && grant.endEvent === "expired") failures.push({ ...base, lateByMinutes: lateBy(endedAt), problem: "removed late" });
  return failures;
}

/** A break-glass use and its review state: overdue once its due time passed without a review, whether or not the escalation was written yet. */
function breakGlassUse(s: RequestSummary, now: number): UsageReport["breakGlass"] {
  const use = s.breakGlass;
  if (!use) return [];
  const review = use.review?.outcome ?? (use.overdueAt !== undefined || now >= use.reviewDueAt ? "overdue" : "awaiting");
  return [{
    request: s.request,
    requester: s.requester,
    team: s.team ?? NO_TEAM,
    grantedAt: iso(use.at),
    via: use.via,
    reviewDueAt: iso(use.reviewDueAt),
    review,
    reviewedBy: use.review?.by ?? null,
    reviewedAt: use.review ? iso(use.review.at) : null,
    finding: use.review?.reason ?? null,
  }];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
