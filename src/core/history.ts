import type { RecordData, TrustedRecord } from "./records.js";

type Of<E extends RecordData["event"]> = TrustedRecord & { data: Extract<RecordData, { event: E }> };

/** What the app's own trusted records say happened so far. */
export interface History {
  /** The latest snapshot of the request: `received` (valid) or `refused`. */
  snapshot?: Of<"received"> | Of<"refused">;
  /** The latest `received` snapshot, also while a refusal followed it. */
  received?: Of<"received">;
  /**
   * Where the terms of the latest `received` snapshot were first recorded: a
   * record that restates the one before it (`restated`: an approval no
   * longer stood, the terms the same) keeps the terms of that one. `floor`:
   * the place of the snapshot before `from` (-1: none, `from` was the first).
   */
  terms?: { from: Of<"received">; floor: number; first: boolean; denyFloor: number };
  approved?: Of<"approved">;
  granted?: Of<"granted">;
  terminal?: Of<"expired" | "revoked" | "denied" | "withdrawn" | "grant-failed" | "timed-out" | "tampered" | "removed-early">;
  /** The timeline position of the app's first trusted record on the request. */
  firstSeq?: number;
  /** When the request was first recorded as received (pending timeout and escalation count from here). */
  firstReceivedAt?: number;
  escalated: boolean;
  /** The expiry now in force: the grant's, or the latest extension's. */
  expiresAt?: number;
  /** Expiry times the requester has been warned about. */
  noticed: Set<number>;
  /** An extension asked for and not yet approved or denied. */
  extension?: Of<"extension-requested">;
  revokeFailed: boolean;
  /** Comments whose `/extend` was taken up (`comment:id`). */
  extendsTaken: Set<string>;
  /** Attempts already answered with a refusal (`source:id`), never answered twice. */
  answered: Set<string>;
  /**
   * The `/approve` comments recorded as a break-glass grant's review
   * (`comment:id`): answered by that record, but still an approval of an
   * extension asked before them (break-glass-review.ts), so not in `answered`.
   */
  reviewApprovals: Set<string>;
  /** `/break-glass` comments an approval record took up (`comment:id`): judged once, never again. */
  glassTaken: Set<string>;
  /** Approvals recorded one by one under the latest `received` snapshot (`source:id` → login), kept through a refusal. */
  recorded: Map<string, string>;
  /** Recorded approvals since withdrawn (`source:id`). */
  withdrawn: Set<string>;
  /** The after-the-fact review of a break-glass grant, once an approver gave it. */
  review?: Of<"break-glass-reviewed">;
  /** The overdue review has been escalated (once). */
  reviewOverdue: boolean;
}

/**
 * The key an approval source is known by in the history.
 *
 * @example
 * sourceKey("comment", 12); // "comment:12"
 */
export function sourceKey(source: string, id: number): string {
  return `${source}:${id}`;
}

const TERMINAL = new Set(["expired", "revoked", "denied", "withdrawn", "grant-failed", "timed-out", "tampered", "removed-early"]);

/**
 * Folds the trusted records, oldest first, into the request's history.
 *
 * @example
 * foldHistory([]).answered.size; // 0
 */
export function foldHistory(records: readonly TrustedRecord[]): History {
  const history: History = { glassTaken: new Set(), answered: new Set(), reviewApprovals: new Set(), recorded: new Map(), withdrawn: new Set(), escalated: false, noticed: new Set(), revokeFailed: false, extendsTaken: new Set(), reviewOverdue: false };
  for (const record of records) {
    const { data } = record;
    history.firstSeq ??= record.seq;
    if (data.event === "received") history.firstReceivedAt ??= record.at;
    if (data.event === "received" || data.event === "refused") {
      const previous = history.snapshot;
      history.snapshot = record as Of<"received"> | Of<"refused">;
      // A new valid snapshot voids everything approved before it. A refusal keeps the approvals recorded
      // under the valid one before it, so that the next valid snapshot names them among those voided.
      if (data.event === "received") {
        // Edit counts are compared where both records hold one (records made before they were kept hold none).
        const was = history.terms?.from.data.bodyEdits;
        // One written without a count (GitHub's edit history unread) cannot show the body unedited: new terms.
        const sameEdits = was === undefined || data.bodyEdits === was;
        const restates = data.restated === true && history.terms !== undefined && previous?.data.event === "received" && previous.data.requestHash === data.requestHash && sameEdits;
        if (!restates) {
          if (data.restated === true && history.terms !== undefined) {
            // A restatement that cannot show the body unedited starts new terms, but the acts since the old terms began
            // stay in its window: not counted, each is answered (the record names only the approvals it found lost).
            history.terms = { ...history.terms, from: record as Of<"received">, first: false };
          } else {
            // A `/deny` counts from where a valid record stood: after a refusal, from this record on.
            const floor = previous?.seq ?? -1;
            history.terms = { from: record as Of<"received">, floor, first: previous === undefined, denyFloor: previous?.data.event === "refused" ? record.seq : floor };
          }
          // New terms void the approval that took a `/break-glass` up: asked before them, it is asked again.
          history.glassTaken.clear();
        }
        history.received = record as Of<"received">;
        history.recorded.clear();
        history.withdrawn.clear();
      }
      if (!history.granted) delete history.approved;
    } else if (data.event === "attempt-refused") {
      history.answered.add(sourceKey(data.source, data.sourceId));
    } else if (data.event === "approval") {
      history.recorded.set(sourceKey(data.source, data.sourceId), data.by);
    } else if (data.event === "approval-withdrawn") {
      history.withdrawn.add(sourceKey(data.source, data.sourceId));
    } else if (data.event === "approved") {
      history.approved = record as Of<"approved">;
      if (data.breakGlass?.sourceId !== undefined) history.glassTaken.add(sourceKey("comment", data.breakGlass.sourceId));
    } else if (data.event === "granted") {
      history.granted ??= record as Of<"granted">;
      history.expiresAt ??= data.expiresAt;
    } else if (data.event === "escalated") {
      history.escalated = true;
    } else if (data.event === "expiring") {
      history.noticed.add(data.expiresAt);
    } else if (data.event === "extension-requested") {
      history.extension = record as Of<"extension-requested">;
      history.extendsTaken.add(sourceKey("comment", data.sourceId));
      history.recorded.clear();
      history.withdrawn.clear();
    } else if (data.event === "extension-denied") {
      delete history.extension;
    } else if (data.event === "extended") {
      history.expiresAt = data.expiresAt;
      delete history.extension;
    } else if (data.event === "break-glass-reviewed") {
      history.review ??= record as Of<"break-glass-reviewed">;
      (data.outcome === "accepted" ? history.reviewApprovals : history.answered).add(sourceKey("comment", data.sourceId));
    } else if (data.event === "break-glass-overdue") {
      history.reviewOverdue = true;
    } else if (data.event === "revoke-failed") {
      history.revokeFailed = true;
    } else if (TERMINAL.has(data.event)) {
      history.terminal = record as History["terminal"] & object;
    }
  }
  return history;
}
