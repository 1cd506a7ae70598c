import type { TamperFinding } from "../core/input.js";
import { STATUS_LABEL_PREFIX, type TrustedRecord } from "../core/records.js";

/** Status labels the app sets only after recording a grant or an end. */
const NEEDS_RECORDS = new Set(["granted", "revoke-failed", "expired", "revoked", "denied", "withdrawn", "timed-out", "failed", "tampered"]);
const GRANT_OR_END = new Set(["granted", "expired", "revoked", "denied", "withdrawn", "timed-out", "grant-failed", "tampered"]);

/**
 * Deletions the hash chain alone cannot show: the chain's last records can
 * be deleted without a gap. Two more witnesses catch that. The status label:
 * the app labels a request only after recording the decision, so a label
 * that says "granted" or an end over a trail with no such record means
 * records went missing. And the number of records this process has seen on
 * the request: fewer now means some were deleted.
 *
 * @example
 * trailFindings(records, ["access-request", "access:granted"], 5); // [{ kind: "missing", … }]
 */
export function trailFindings(records: readonly TrustedRecord[], labels: readonly string[], seenCount: number | undefined): TamperFinding[] {
  const findings: TamperFinding[] = [];
  const states = labels.filter((l) => l.startsWith(STATUS_LABEL_PREFIX)).map((l) => l.slice(STATUS_LABEL_PREFIX.length));
  const recorded = records.some((r) => GRANT_OR_END.has(r.data.event));
  const claimed = states.find((s) => NEEDS_RECORDS.has(s));
  if (claimed !== undefined && !recorded) {
    findings.push({ kind: "missing", detail: `the request is labelled access:${claimed} but its records of that decision are gone: the app's last comments were deleted` });
  }
  if (seenCount !== undefined && records.length < seenCount) {
    findings.push({ kind: "missing", detail: `${seenCount - records.length} of the app's records on this request were deleted (it had ${seenCount}, ${records.length} remain)` });
  }
  return findings;
}
