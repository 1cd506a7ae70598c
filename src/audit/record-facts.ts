import { UNREPORTED_REMOVER } from "../core/drift-records.js";
import type { RecordData } from "../core/records.js";
import { decisionOf, type SignedRecord } from "./record-codec.js";

/**
 * The facts about a request that every record repeats, so that each record —
 * a comment read on its own, a line of the export or of the file sink —
 * says who, which team, for how long, until when and under which policy,
 * without the reader having to find the earlier records.
 */
export interface RecordFacts {
  /** Who caused this record; `jit-access` when the app acted on its own (an expiry, a grant after approval). */
  actor?: string;
  requester?: string;
  team?: string;
  durationMs?: number;
  expiresAt?: number;
  policyRef?: string;
  /** Hash of the request's fields as recorded (what approvals bind to). */
  requestHash?: string;
  /** Who approved the grant this record belongs to. */
  approvedBy?: string[];
}

/** The actor of records the app writes on its own account. */
export const APP_ACTOR = "jit-access";

/**
 * Events after which a request's trail is complete: nothing more is granted,
 * and the app closes and locks the request. `timed-out` is listed for the
 * lifecycle's pending time-out.
 */
export const FINAL_EVENTS: ReadonlySet<string> = new Set(["expired", "revoked", "denied", "withdrawn", "grant-failed", "tampered", "timed-out", "removed-early"]);

/**
 * The facts a new record carries: those of the request as the earlier
 * records left them, updated by the new record's own data. Derived from
 * records only, never from the live issue, so they say what was decided.
 *
 * @example
 * recordFacts({ event: "expired", requester: "jane", team: "ops", removed: true }, [approved]);
 * // { actor: "jit-access", requester: "jane", team: "ops", durationMs: 3600000, expiresAt: …, policyRef: "policies@…", … }
 */
export function recordFacts(data: RecordData, earlier: readonly RecordData[]): RecordFacts {
  let facts: RecordFacts = {};
  for (const record of earlier) facts = carry(facts, record);
  return { actor: actorOf(data), ...carry(facts, data) };
}

/**
 * The facts of each record along a trail: those the record carries, with any
 * it lacks completed from the records before it, so records written before
 * records carried facts read the same. Undefined where a comment holds no
 * record that verifies.
 *
 * @example
 * factsAlong(trail.records.map((r) => r.record))[3]?.team; // "platform-admins"
 */
export function factsAlong(records: readonly (SignedRecord | undefined)[]): (RecordFacts | undefined)[] {
  const earlier: RecordData[] = [];
  return records.map((record) => {
    if (!record) return undefined;
    const data = decisionOf(record);
    const facts = { ...recordFacts(data, earlier), ...definedFacts(record) };
    earlier.push(data);
    return facts;
  });
}

/**
 * Who caused a record, from its data alone.
 *
 * @example
 * actorOf({ event: "denied", requester: "jane", by: "alice", reason: "" }); // "alice"
 */
export function actorOf(data: RecordData): string {
  switch (data.event) {
    case "received":
    case "refused":
      return data.requester;
    case "attempt-refused":
      return data.actor;
    case "extension-requested":
      return data.requester;
    case "approval":
    case "approval-withdrawn":
    case "denied":
    case "revoked":
    case "withdrawn":
    case "extension-denied":
    case "break-glass-reviewed":
      return data.by;
    case "approved":
    case "extended":
      // The approval that completed the count is the last one.
      return data.approvers.at(-1) ?? APP_ACTOR;
    case "granted":
    case "grant-failed":
    case "expired":
    case "tampered":
    case "escalated":
    case "timed-out":
    case "expiring":
    case "revoke-failed":
    case "break-glass-overdue":
    case "drift-reverted":
    case "drift-baseline":
      return APP_ACTOR;
    case "drift-found":
      return data.addedBy ?? APP_ACTOR;
    case "removed-early":
      return data.by ?? UNREPORTED_REMOVER;
  }
}

/** The facts after one more record. A new snapshot of the request starts them afresh. */
function carry(facts: RecordFacts, data: RecordData): RecordFacts {
  switch (data.event) {
    case "received":
      return defined({ requester: data.requester, team: data.request.team, durationMs: data.request.durationMs, policyRef: data.policyRef, requestHash: data.requestHash });
    case "refused":
      return defined({ requester: data.requester, policyRef: data.policyRef, requestHash: data.requestHash });
    case "approved":
      return { requester: data.requester, team: data.team, durationMs: data.durationMs, expiresAt: data.expiresAt, policyRef: data.policyRef, requestHash: data.requestHash, approvedBy: data.approvers };
    case "granted":
    case "expiring":
      return { ...facts, requester: data.requester, team: data.team, expiresAt: data.expiresAt };
    case "extended": {
      // The grant now lasts longer: its duration grows by what was added.
      const durationMs = facts.durationMs === undefined ? undefined : facts.durationMs + data.expiresAt - data.previousExpiresAt;
      return defined({ ...facts, requester: data.requester, team: data.team, durationMs, expiresAt: data.expiresAt, policyRef: data.policyRef ?? facts.policyRef });
    }
    case "grant-failed":
    case "expired":
    case "revoked":
    case "revoke-failed":
    case "extension-requested":
      return { ...facts, requester: data.requester, team: data.team };
    case "denied":
    case "withdrawn":
    case "timed-out":
    case "extension-denied":
    case "break-glass-reviewed":
      return { ...facts, requester: data.requester };
    case "break-glass-overdue":
      return { ...facts, requester: data.requester, team: data.team };
    case "attempt-refused":
    case "approval":
    case "approval-withdrawn":
    case "escalated":
    case "tampered":
      return facts;
    case "drift-found":
    case "drift-reverted":
    case "drift-baseline":
      return { ...facts, team: data.team };
    case "removed-early":
      return { ...facts, requester: data.requester, team: data.team };
  }
}

/** The facts a signed record carries itself. */
function definedFacts(record: SignedRecord): RecordFacts {
  const { actor, requester, team, durationMs, expiresAt, policyRef, requestHash, approvedBy } = record;
  return defined({ actor, requester, team, durationMs, expiresAt, policyRef, requestHash, approvedBy });
}

/** Drops undefined values, which exactOptionalPropertyTypes (and JSON) would not keep. */
function defined(facts: { [K in keyof RecordFacts]: RecordFacts[K] | undefined }): RecordFacts {
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined)) as RecordFacts;
}
