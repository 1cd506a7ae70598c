import { hasRecordMarker, openRecord, type SignedRecord } from "./record-codec.js";

/** A comment as the chain check needs it. */
export interface ChainComment {
  seq: number;
  id: number;
  body: string;
  at: number;
  /** Written by this app: bot login `<slug>[bot]`, type Bot, via this app's id. */
  byApp: boolean;
  /** The last edit by anyone, when the edit history was read (GraphQL) and shows one. */
  edit?: { at: number; by: string };
}

/**
 * What the check found for one record-bearing comment:
 * - `verified`: written by the app, signature valid, and it names the record before it;
 * - `forged`: a record in a comment the app did not write;
 * - `edited`: the app's comment no longer matches its signature (or lost its record);
 * - `other-request`: a valid record of another request, moved here;
 * - `missing-before`: valid, but the record it names as previous is not on the request (deleted);
 * - `out-of-order`: valid, but it names a record that is elsewhere in the trail, or repeats one
 *   without an id, or carries the id of another record;
 * - `duplicate`: an exact copy (same id, same hash) of an earlier record of the app: a write the
 *   app made twice when GitHub's answer to the first was lost. Not tampering, and no link in
 *   the chain: the chain goes on from the record before it.
 */
export type RecordStatus = "verified" | "forged" | "edited" | "other-request" | "missing-before" | "out-of-order" | "duplicate";

/** The statuses that are findings: everything but a verified record and a harmless duplicate. */
export type ProblemStatus = Exclude<RecordStatus, "verified" | "duplicate">;

export interface CheckedRecord {
  commentId: number;
  /** Position in the issue's timeline. */
  seq: number;
  /** When GitHub says the comment was made. */
  postedAt: number;
  status: RecordStatus;
  /** Why, in words, when the status is not `verified` (or when its link could not be checked). */
  detail?: string;
  /** The record, when its signature verifies. */
  record?: SignedRecord;
  /** The record's hash, when its signature verifies. */
  hash?: string;
}

/**
 * Checks every record-bearing comment on one request: who wrote it, its
 * signature, and its place in the chain. Only comments the app wrote itself
 * whose signature verifies carry a record; each must name the hash of the
 * record before it, so a deleted record shows as a gap and a moved one as out
 * of order.
 *
 * @example
 * checkChain(comments, "acme/access#7", key).filter((c) => c.status !== "verified");
 */
export function checkChain(comments: readonly ChainComment[], request: string, key: string): CheckedRecord[] {
  const opened = comments.flatMap((comment) => openOne(comment, request, key));
  const place = new Map<string, number>();
  const ids = new Map<string, { hash: string; commentId: number }>();
  for (const checked of opened) {
    if (checked.status !== "verified" || checked.hash === undefined) continue;
    const copy = copyOf(checked, ids);
    if (copy) Object.assign(checked, copy);
    else if (!place.has(checked.hash)) place.set(checked.hash, checked.commentId);
  }

  let last: { hash: string; commentId: number } | null = null;
  let unreadable: number | undefined;
  for (const checked of opened) {
    const { record, hash } = checked;
    if (checked.status === "edited") unreadable = checked.commentId;
    // A record of another request is no link in this request's chain.
    if (checked.status !== "verified" || !record || hash === undefined) continue;
    const link = linkProblem(record.prev, hash, checked.commentId, last, place, unreadable);
    if (link) Object.assign(checked, link);
    last = { hash, commentId: checked.commentId };
    unreadable = undefined;
  }
  return opened;
}

/**
 * Whether a record repeats the id of an earlier one: the same record written
 * twice (a duplicate), or another record under a taken id (tampering; the
 * app never reuses an id). Records without an id are never duplicates.
 */
function copyOf(checked: CheckedRecord, ids: Map<string, { hash: string; commentId: number }>): Pick<CheckedRecord, "status" | "detail"> | undefined {
  const id = checked.record?.id;
  if (id === undefined || checked.hash === undefined) return undefined;
  const first = ids.get(id);
  if (!first) {
    ids.set(id, { hash: checked.hash, commentId: checked.commentId });
    return undefined;
  }
  if (first.hash === checked.hash) {
    return { status: "duplicate", detail: `comment ${checked.commentId} is an exact copy of the record of comment ${first.commentId} (the same write made twice, when GitHub's answer to the first was lost): not counted again` };
  }
  return { status: "out-of-order", detail: `comment ${checked.commentId} carries the id of the record of comment ${first.commentId} but different content` };
}

function openOne(comment: ChainComment, request: string, key: string): CheckedRecord[] {
  const base = { commentId: comment.id, seq: comment.seq, postedAt: comment.at };
  if (!comment.byApp) {
    return hasRecordMarker(comment.body)
      ? [{ ...base, status: "forged", detail: `comment ${comment.id} carries a record but was not written by jit-access` }]
      : [];
  }
  const opened = openRecord(comment.body, key);
  if (!opened.ok) return [{ ...base, status: "edited", detail: `comment ${comment.id} by jit-access fails verification: ${opened.reason}` }];
  const { record, hash } = opened;
  if (record.issue !== request) {
    return [{ ...base, status: "other-request", detail: `comment ${comment.id} holds a record of ${record.issue}, not of ${request}`, record, hash }];
  }
  return [{ ...base, status: "verified", record, hash }];
}

/** What is wrong with a record's link to the one before it, if anything. */
function linkProblem(
  prev: string | null,
  hash: string,
  commentId: number,
  last: { hash: string; commentId: number } | null,
  place: ReadonlyMap<string, number>,
  unreadable: number | undefined,
): Pick<CheckedRecord, "status" | "detail"> | undefined {
  if (prev === (last?.hash ?? null)) return undefined;
  const first = place.get(hash);
  if (first !== undefined && first !== commentId) {
    return { status: "out-of-order", detail: `comment ${commentId} repeats the record of comment ${first}` };
  }
  if (prev === null) return { status: "out-of-order", detail: `comment ${commentId} holds the first record of the request, but records come before it` };
  const named = place.get(prev);
  if (named !== undefined) {
    return { status: "out-of-order", detail: `comment ${commentId} follows the record of comment ${named}, which is not the record before it: the records were reordered` };
  }
  if (unreadable !== undefined) {
    // The record before it was edited, so its hash cannot be known: the edit is the finding, not a gap.
    return { status: "verified", detail: `its link to the record before it cannot be checked, because comment ${unreadable} was edited` };
  }
  return { status: "missing-before", detail: `a record before comment ${commentId} is missing: it names a previous record that is not on the request` };
}

/**
 * The name a request's records go by: the issue named by the app's first
 * record on it, else the issue itself. Only the app writes its own comments,
 * and comments move with an issue GitHub transfers to another repository:
 * a first record naming another issue means the request was moved, and its
 * trail goes on under the name it was opened with (a record naming anything
 * else after it is still found out).
 *
 * @example
 * trailName(comments, "acme/other#3", key); // "acme/access#7" after a transfer
 */
export function trailName(comments: readonly ChainComment[], key: string, signingKey: string): string {
  for (const comment of comments) {
    if (!comment.byApp) continue;
    const opened = openRecord(comment.body, signingKey);
    if (opened.ok) return opened.record.issue;
  }
  return key;
}
