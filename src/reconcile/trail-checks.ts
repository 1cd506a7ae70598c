import type { TamperFinding, TimelineItem } from "../core/input.js";
import { STATUS_LABEL_PREFIX, type TrustedRecord } from "../core/records.js";
import { labelsAddedByApp } from "../core/status-labels.js";

/** Status labels the app sets only after recording a grant or an end. */
const NEEDS_RECORDS = new Set(["granted", "revoke-failed", "expired", "revoked", "denied", "withdrawn", "timed-out", "failed", "tampered"]);
// How long after its own last write the app waits before reading fewer records as deletions (GitHub's reads can lag its writes).
const SETTLE_MS = 60_000;
const GRANT_OR_END = new Set(["granted", "expired", "revoked", "denied", "withdrawn", "timed-out", "grant-failed", "tampered", "removed-early"]);

/**
 * Deletions the hash chain alone cannot show: the chain's last records can
 * be deleted without a gap. Two more witnesses catch that. The status label:
 * the app labels a request only after recording the decision, so a label
 * that says "granted" or an end over a trail with no such record means
 * records went missing — judged only when the timeline itself shows the
 * label being added, so a timeline that lags behind the issue is never
 * mistaken for tampering, and only when the app itself added it: a status
 * label anyone else adds is never trusted (the core takes it off and says
 * so), so it can neither fake a grant nor, read as tampering, make the app
 * revoke one. And the number of records this process has seen
 * on the request: fewer now, well after its last write, means deletions.
 *
 * @example
 * trailFindings(records, ["access-request", "access:granted"], timeline, { count: 5, at: 0 }, Date.now(), "jit-access[bot]");
 */
export function trailFindings(
  records: readonly TrustedRecord[],
  labels: readonly string[],
  timeline: readonly TimelineItem[],
  seen: { count: number; at: number } | undefined,
  now: number,
  appLogin: string,
): TamperFinding[] {
  const findings: TamperFinding[] = [];
  // Only the app's own status labels say anything about its records.
  const states = [...labelsAddedByApp(labels, timeline, appLogin)].filter((l) => l.startsWith(STATUS_LABEL_PREFIX)).map((l) => l.slice(STATUS_LABEL_PREFIX.length));
  const recorded = records.some((r) => GRANT_OR_END.has(r.data.event));
  const claimed = states.find((s) => NEEDS_RECORDS.has(s));
  if (claimed !== undefined && !recorded) {
    findings.push({ kind: "missing", detail: `the request is labelled access:${claimed} but its records of that decision are gone: the app's last comments were deleted` });
  }
  if (seen !== undefined && records.length < seen.count && now - seen.at > SETTLE_MS) {
    findings.push({ kind: "missing", detail: `${seen.count - records.length} of the app's records on this request were deleted (it had ${seen.count}, ${records.length} remain)` });
  }
  return findings;
}
