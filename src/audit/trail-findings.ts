import type { ProblemStatus } from "./check-chain.js";
import type { RequestTrail } from "./load-trail.js";
import { FINAL_EVENTS } from "./record-facts.js";

const AFTER_THE_FACT = new Set(["break-glass-reviewed", "break-glass-overdue"]);

/** Something wrong with a request's trail, as `audit verify` reports it. */
export interface TrailFinding {
  request: string;
  /** A record's status, or `unfinished`: the request is closed but its trail has no final record. */
  kind: ProblemStatus | "unfinished";
  commentId?: number;
  detail: string;
}

/**
 * Everything wrong with one request's trail: each record that is not
 * verified, and a closed request whose trail does not end in a final record
 * (expired, revoked, denied, withdrawn, failed, tampered). The latter is the
 * only sign, from GitHub alone, that the last record was deleted; it also
 * shows while the app has not yet processed a close.
 *
 * @example
 * trailFindings(trail).map((f) => f.kind); // ["missing-before", "forged"]
 */
export function trailFindings(trail: RequestTrail): TrailFinding[] {
  const findings: TrailFinding[] = [];
  for (const record of trail.records) {
    // A duplicate is the app's own write made twice: shown by export, not a problem.
    if (record.status === "verified" || record.status === "duplicate") continue;
    findings.push({ request: trail.request, kind: record.status, commentId: record.commentId, detail: record.detail ?? record.status });
  }
  // The review of a break-glass grant may follow its final record: the request closes after it.
  const lastOwn = trail.records.filter((r) => r.status !== "forged" && r.status !== "other-request" && r.status !== "duplicate" && !AFTER_THE_FACT.has(r.record?.event ?? "")).at(-1);
  const last = lastOwn?.record;
  // An edited last record is already a finding; whether it was final cannot be read.
  if (trail.issue.state === "closed" && lastOwn?.status !== "edited" && !(last && FINAL_EVENTS.has(last.event))) {
    findings.push({
      request: trail.request,
      kind: "unfinished",
      detail: unfinished(last?.event),
    });
  }
  return findings;
}

function unfinished(event: string | undefined): string {
  if (event === undefined) return "the request is closed but carries no record from jit-access: its records may have been deleted, or jit-access never processed it";
  if (event === "revoke-failed") return "the request is closed but removing the membership has failed so far (revoke-failed); jit-access keeps trying";
  return `the request is closed but its last record is "${event}", not a final one: a final record may have been deleted, or jit-access has not yet processed the close`;
}
