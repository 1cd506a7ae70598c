import type { RequestTrail } from "./load-trail.js";
import type { SignedRecord } from "./record-codec.js";
import { factsAlong } from "./record-facts.js";

/** How a request ended, as far as its records tell. */
export type Outcome = "pending" | "invalid" | "granted" | "denied" | "timed-out" | "withdrawn" | "failed" | "tampered";

/** One request, reduced to what the usage report counts. */
export interface RequestSummary {
  request: string;
  requester: string;
  /** The team last asked for; undefined for a request that was never valid. */
  team?: string;
  /** When the app first recorded the request (epoch ms). */
  openedAt: number;
  outcome: Outcome;
  /** The approval that led to the grant: when, by whom, and how long after the request as approved was recorded. */
  approval?: { at: number; by: string[]; sinceOpened: number; sinceSnapshot: number };
  /** The grant: when it started, when it was due to end, and when the record of its end was written. */
  grant?: { at: number; expiresAt: number; standing: boolean; endedAt?: number; endEvent?: string };
  /** Removals GitHub refused, as the app recorded them. */
  removalFailures: { at: number; reason: string }[];
  /** A grant made without approval in an emergency, and its review after the fact. */
  breakGlass?: BreakGlassUse;
}

/** A break-glass use as its records tell it. */
export interface BreakGlassUse {
  at: number;
  via: "form" | "comment";
  reviewDueAt: number;
  review?: { at: number; by: string; outcome: "accepted" | "flagged"; reason?: string };
  /** When the overdue review was escalated. */
  overdueAt?: number;
}

/** Records of these statuses are the app's own, signed: their content can be counted. */
const AUTHENTIC = new Set(["verified", "missing-before", "out-of-order"]);

/**
 * Reduces a request's trail to what the usage report counts, from the
 * records whose signature verifies (each counted once). Undefined for a
 * request the app has not recorded.
 *
 * @example
 * summarise(trail)?.outcome; // "granted"
 */
export function summarise(trail: RequestTrail): RequestSummary | undefined {
  const seen = new Set<string>();
  const records: SignedRecord[] = [];
  for (const checked of trail.records) {
    if (!checked.record || checked.hash === undefined || !AUTHENTIC.has(checked.status) || seen.has(checked.hash)) continue;
    seen.add(checked.hash);
    records.push(checked.record);
  }
  const first = records[0];
  if (!first) return undefined;
  const facts = factsAlong(records);
  const summary: RequestSummary = { request: trail.request, requester: facts.at(-1)?.requester ?? trail.issue.author, openedAt: Date.parse(first.at), outcome: "pending", removalFailures: [] };
  let snapshotAt = summary.openedAt;
  let valid = false;
  records.forEach((record, i) => {
    const at = Date.parse(record.at);
    const team = facts[i]?.team;
    if (team !== undefined) summary.team = team;
    switch (record.event) {
      case "received":
        valid = true;
        snapshotAt = at;
        break;
      case "refused":
        snapshotAt = at;
        break;
      case "approved":
        // A break-glass grant had no approver: it is no approval to time, nor a rubber stamp.
        if (record.breakGlass) summary.breakGlass = { at, via: record.breakGlass.via, reviewDueAt: record.breakGlass.reviewDueAt };
        else summary.approval = { at, by: record.approvers, sinceOpened: at - summary.openedAt, sinceSnapshot: at - snapshotAt };
        break;
      case "break-glass-reviewed":
        if (summary.breakGlass && !summary.breakGlass.review) {
          summary.breakGlass.review = { at, by: record.by, outcome: record.outcome, ...(record.reason === undefined ? {} : { reason: record.reason }) };
        }
        break;
      case "break-glass-overdue":
        if (summary.breakGlass) summary.breakGlass.overdueAt ??= at;
        break;
      case "granted":
        // Its `approved` record deleted, a break-glass grant's own record still says so.
        if (record.breakGlass && !summary.breakGlass) summary.breakGlass = { at, via: record.breakGlass.via, reviewDueAt: record.breakGlass.reviewDueAt };
        summary.grant = { at, expiresAt: record.expiresAt, standing: record.standing };
        summary.outcome = "granted";
        break;
      case "extended":
        if (summary.grant) summary.grant.expiresAt = record.expiresAt;
        break;
      case "revoke-failed":
        summary.removalFailures.push({ at, reason: record.reason });
        break;
      case "expired":
      case "revoked":
      case "removed-early":
      case "tampered":
        if (summary.grant && summary.grant.endedAt === undefined) Object.assign(summary.grant, { endedAt: at, endEvent: record.event });
        if (record.event === "tampered" && !summary.grant) summary.outcome = "tampered";
        break;
      case "denied":
      case "withdrawn":
      case "timed-out":
        summary.outcome = record.event;
        break;
      case "grant-failed":
        summary.outcome = "failed";
        break;
    }
  });
  if (!valid && summary.outcome === "pending") summary.outcome = "invalid";
  return summary;
}
