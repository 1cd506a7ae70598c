import type { TamperFinding } from "../core/input.js";
import type { TrustedRecord } from "../core/records.js";
import { hasRecordMarker, openRecord } from "./record-codec.js";

/** A comment as the chain check needs it. */
export interface ChainComment {
  seq: number;
  id: number;
  body: string;
  at: number;
  /** Written by this app: bot login `<slug>[bot]`, type Bot, via this app's id. */
  byApp: boolean;
}

export interface ChainResult {
  records: TrustedRecord[];
  findings: TamperFinding[];
  /** Hash of the last trusted record, the `prev` of the next one. */
  lastHash: string | null;
}

/**
 * Checks the app's records on one request: only comments the app wrote
 * itself whose signature verifies are trusted; each must name the previous
 * record's hash, so a deleted record shows as a gap. A record-like comment by
 * anyone else is a forgery.
 *
 * @example
 * const { records, findings } = verifyChain(comments, "acme/access#7", key);
 */
export function verifyChain(comments: readonly ChainComment[], request: string, key: string): ChainResult {
  const records: TrustedRecord[] = [];
  const findings: TamperFinding[] = [];
  let lastHash: string | null = null;
  for (const comment of comments) {
    if (!comment.byApp) {
      if (hasRecordMarker(comment.body)) {
        findings.push({ kind: "forged", commentId: comment.id, detail: `comment ${comment.id} carries a record but was not written by jit-access` });
      }
      continue;
    }
    const opened = openRecord(comment.body, key);
    if (!opened.ok) {
      findings.push({ kind: "edited", commentId: comment.id, detail: `comment ${comment.id} by jit-access fails verification: ${opened.reason}` });
      continue;
    }
    const { record, hash } = opened;
    if (record.issue !== request) {
      findings.push({ kind: "forged", commentId: comment.id, detail: `comment ${comment.id} holds a record of ${record.issue}, not of ${request}` });
      continue;
    }
    if (record.prev !== lastHash) {
      findings.push({ kind: "missing", commentId: comment.id, detail: `a record before comment ${comment.id} is missing: it names a previous record that is not on the request` });
    }
    lastHash = hash;
    const { v: _v, issue: _i, at: _a, prev: _p, ...data } = record;
    records.push({ seq: comment.seq, commentId: comment.id, at: Date.parse(record.at), data });
  }
  return { records, findings, lastHash };
}
