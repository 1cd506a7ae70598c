import type { TamperFinding } from "../core/input.js";
import type { TrustedRecord } from "../core/records.js";
import { checkChain, type ChainComment, type ProblemStatus } from "./check-chain.js";
import { decisionOf } from "./record-codec.js";

export type { ChainComment } from "./check-chain.js";

export interface ChainResult {
  records: TrustedRecord[];
  findings: TamperFinding[];
  /** Hash of the last trusted record, the `prev` of the next one. */
  lastHash: string | null;
}

/** How each status reaches the decision core: the core knows three kinds of tampering. */
const FINDING: Record<ProblemStatus, TamperFinding["kind"]> = {
  forged: "forged",
  "other-request": "forged",
  edited: "edited",
  "missing-before": "missing",
  "out-of-order": "missing",
};

/**
 * Checks the app's records on one request for the decision core: only
 * comments the app wrote itself whose signature verifies are trusted; each
 * must name the previous record's hash, so a deleted record shows as a gap.
 * A record-like comment by anyone else is a forgery. An exact copy of one of
 * the app's records (a write made twice) is neither trusted again nor a
 * finding. See checkChain for the status of each comment.
 *
 * @example
 * const { records, findings } = verifyChain(comments, "acme/access#7", key);
 */
export function verifyChain(comments: readonly ChainComment[], request: string, key: string): ChainResult {
  const records: TrustedRecord[] = [];
  const findings: TamperFinding[] = [];
  let lastHash: string | null = null;
  const edits = new Map(comments.flatMap((c) => (c.byApp && c.edit ? [[c.id, c.edit] as const] : [])));
  for (const checked of checkChain(comments, request, key)) {
    const edit = edits.get(checked.commentId);
    // Any edit of the app's own comment is tampering, even one that put the text back.
    const edited = edit ? `comment ${checked.commentId} by the app was edited by @${edit.by} at ${new Date(edit.at).toISOString()}` : undefined;
    if (checked.status === "duplicate" && !edited) continue;
    if (checked.status !== "verified" && checked.status !== "duplicate") {
      findings.push({ kind: FINDING[checked.status], commentId: checked.commentId, detail: [checked.detail ?? checked.status, edited].filter(Boolean).join("; ") });
    } else if (edited) {
      findings.push({ kind: "edited", commentId: checked.commentId, detail: edited });
    }
    if (checked.status === "duplicate") continue;
    const { record, hash } = checked;
    if (!record || hash === undefined || checked.status === "other-request") continue;
    lastHash = hash;
    records.push({ seq: checked.seq, commentId: checked.commentId, at: Date.parse(record.at), data: decisionOf(record) });
  }
  return { records, findings, lastHash };
}
