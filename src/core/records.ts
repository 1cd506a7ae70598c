import type { DriftRecordData } from "./drift-records.js";
import type { TeamIds } from "./team-ids.js";

/**
 * The decision records the app writes, one per audit comment. The core
 * decides their content; src/audit adds the envelope (request, time, previous
 * record's hash), renders the readable text and signs it.
 */
export interface RecordedRequest {
  team: string;
  durationMs?: number;
  justification: string;
  ticket?: string;
  /** The form's Emergency box was ticked (break-glass asked for). */
  emergency?: true;
}

/** Where an approval (or an attempt at one) came from. */
export type ApprovalSource = "comment" | "label" | "review";

// `readAt` (GitHub's time of the read a decision was made on) is no longer written: records
// written before it was dropped still carry it, and nothing reads it.
export type RecordData =
  | { event: "received"; requestHash: string; requester: string; requesterId?: number; request: RecordedRequest; policyRef: string; approvalsNeeded: number; approvers: { users: string[]; teams: string[] }; voided: string[]; reason?: string; bodyEdits?: number; readAt?: number; breakGlassRefused?: string; restated?: true }
  | { event: "refused"; requestHash: string; requester: string; problems: string[]; policyRef?: string }
  /** `review-body`: a command written in a pull-request review's text, which is not read (the review itself is `review`). */
  | { event: "attempt-refused"; source: ApprovalSource | "review-body"; sourceId: number; actor: string; command: string; reason: string }
  | { event: "approval"; source: ApprovalSource; sourceId: number; by: string; requestHash: string; count: number; needed: number }
  | { event: "approval-withdrawn"; source: ApprovalSource; sourceId: number; by: string; reason: string }
  | { event: "approved"; requestHash: string; requester: string; requesterId?: number; team: string; durationMs: number; expiresAt: number; standing: boolean; approvers: string[]; policyRef: string; readAt?: number; breakGlass?: BreakGlassGrant }
  // `teamIds`: the team's ids from GitHub's answer to the membership `PUT` (a rename keeps them; records before them lack them).
  // `breakGlass`: the grant was made by break-glass, its terms signed here too, so that deleting the `approved` record alone does not hide it.
  | { event: "granted"; requester: string; requesterId?: number; team: string; teamIds?: TeamIds; expiresAt: number; standing: boolean; breakGlass?: BreakGlassGrant }
  | { event: "escalated"; notify: { users: string[]; teams: string[] }; waitedMs: number }
  | { event: "timed-out"; requester: string; waitedMs: number }
  | { event: "expiring"; requester: string; team: string; expiresAt: number }
  | { event: "extension-requested"; requester: string; team: string; durationMs: number; sourceId: number; approvalsNeeded: number; readAt?: number }
  | { event: "extension-denied"; requester: string; by: string; reason: string }
  | { event: "extended"; requester: string; team: string; previousExpiresAt: number; expiresAt: number; approvers: string[]; policyRef?: string }
  | { event: "revoke-failed"; requester: string; team: string; reason: string }
  | { event: "grant-failed"; requester: string; team: string; reason: string }
  | { event: "expired"; requester: string; team: string; removed: boolean; keptFor?: string }
  | { event: "revoked"; requester: string; team: string; by: string; reason: string; removed: boolean; keptFor?: string }
  | { event: "denied"; requester: string; by: string; reason: string }
  | { event: "withdrawn"; requester: string; by: string }
  | { event: "tampered"; findings: string[]; removed: boolean; keptFor?: string }
  | { event: "break-glass-reviewed"; requester: string; by: string; outcome: "accepted" | "flagged"; reason?: string; sourceId: number }
  | { event: "break-glass-overdue"; requester: string; team: string; notify: { users: string[]; teams: string[] }; dueAt: number }
  | DriftRecordData;

/**
 * A grant made without approval in an emergency: how it was asked for, who
 * was told, and by when an approver must review it.
 */
export interface BreakGlassGrant {
  /** The form's Emergency box, or a `/break-glass` comment (its id). */
  via: "form" | "comment";
  sourceId?: number;
  notify: { users: string[]; teams: string[] };
  reviewDueAt: number;
}

export type RecordEvent = RecordData["event"];

/** A record the shell found in one of the app's own comments, with a valid signature. */
export interface TrustedRecord {
  /** Position in the timeline. */
  seq: number;
  commentId: number;
  at: number;
  data: RecordData;
}

/** The states of a request; each has a status label `access:<state>`. */
export const REQUEST_STATES = ["new", "invalid", "pending", "approved", "granted", "expired", "revoked", "denied", "withdrawn", "failed", "timed-out", "revoke-failed", "tampered"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
/** The states a request ends in: closed and locked, its trail complete. */
export const FINAL_STATES: readonly RequestState[] = ["expired", "revoked", "denied", "withdrawn", "failed", "timed-out", "tampered"];

/**
 * A label's name as the app compares it: GitHub's label names are one per
 * repository whatever their case (`Access:Granted` is `access:granted`), so
 * every label read is taken with its ASCII letters in lower case. Other
 * letters are left as they are: JavaScript's lower case of some (`İ`, the
 * Kelvin sign) need not be GitHub's, and a name written back in another
 * spelling than GitHub matches could make a new label.
 *
 * @example
 * labelKey("Access-Request"); // "access-request"
 */
export function labelKey(name: string): string {
  return name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

export const STATUS_LABEL_PREFIX = "access:";

/** Set beside the status label on a request granted by break-glass, from the app's signed records alone. */
export const BREAK_GLASS_LABEL = "access:break-glass";

/**
 * The break-glass grant a request's records (and records about to be
 * written) hold, if any: the one fact the `access:break-glass` label and the
 * after-the-fact review rest on.
 *
 * @example
 * breakGlassOf([approvedRecord.data]); // { via: "form", notify: …, reviewDueAt: … }
 */
export function breakGlassOf(data: readonly RecordData[]): BreakGlassGrant | undefined {
  let glass: BreakGlassGrant | undefined;
  // The latest approval decides: a new snapshot of the request starts afresh, as it does for approvals.
  for (const d of data) {
    if (d.event === "received") glass = undefined;
    else if (d.event === "approved") glass = d.breakGlass;
  }
  return glass;
}

/**
 * The status label of a state.
 *
 * @example
 * statusLabel("granted"); // "access:granted"
 */
export function statusLabel(state: RequestState): string {
  return `${STATUS_LABEL_PREFIX}${state}`;
}
