import { since, type Since } from "./approvals.js";
import { sourceKey, type History } from "./history.js";
import { parseCommand } from "./commands.js";
import type { DecisionInput, TimelineItem } from "./input.js";
import type { TeamPolicy } from "./policy.js";
import { labelKey, STATUS_LABEL_PREFIX, type RecordData } from "./records.js";

/*
 * Which acts of people count for a pending request: from where (after the
 * snapshot's record, or before it when the body was never edited and the
 * item was a request already) and until when (a pending timeout's deadline).
 */

/**
 * A wait that ran out is judged on the approvals given before it ran out,
 * however late the app reads it (the app down at the deadline, a cron
 * sweep): approving acts GitHub dates at or after the deadline (`/approve`,
 * `/break-glass`, a label added, an approving review) are left out, so an
 * approval posted after it grants nothing and the request times out. What
 * takes an approval back or refuses (`/deny`, a label removed, a review
 * dismissed or asking for changes, an edit) counts whenever it was made: a
 * late read never grants what a timely one would have denied.
 */
export function inTime(input: DecisionInput, history: History, policy: TeamPolicy): DecisionInput {
  if (history.firstReceivedAt === undefined || policy.pendingTimeoutMs === undefined) return input;
  const deadline = history.firstReceivedAt + policy.pendingTimeoutMs;
  return input.now < deadline ? input : { ...input, timeline: input.timeline.filter((item) => item.at < deadline || !approving(item)) };
}

/**
 * Answers to the approving comments a wait that ran out left out (see
 * inTime), not answered yet: what the read that ends the request (timed
 * out, denied) or approves it on what came before the deadline tells each of
 * them, once; and what the end answers for one posted while that read's
 * records were being written. The answer does not depend on the outcome: a
 * run that stops between the answer and its other records may come to
 * another one. Without it an `/approve` or a `/break-glass` posted after the
 * deadline and before the read would never be answered. A bot's comment is
 * no command, and one the trail already counted (an approval the app's
 * clock read before the deadline) keeps the answer it had.
 *
 * @example
 * lateAnswers(read, history, policy); // [{ event: "attempt-refused", command: "/break-glass", … }]
 */
export function lateAnswers(read: DecisionInput, history: History, policy: TeamPolicy): RecordData[] {
  if (history.firstReceivedAt === undefined || policy.pendingTimeoutMs === undefined) return [];
  const deadline = history.firstReceivedAt + policy.pendingTimeoutMs;
  if (read.now < deadline) return [];
  const reason = `it was posted after the request's wait ran out at ${new Date(deadline).toISOString()}, so it counts for nothing: only what was given before then decides this request; open a new request if the need remains`;
  const answers: RecordData[] = [];
  for (const item of read.timeline) {
    if (item.kind !== "comment" || item.author.bot || item.at < deadline || !approving(item)) continue;
    const key = sourceKey("comment", item.id);
    if (history.answered.has(key) || history.recorded.has(key) || history.glassTaken.has(key)) continue;
    const parsed = parseCommand(item.body);
    const command = parsed.kind === "command" ? `/${parsed.command.name}` : "command";
    answers.push({ event: "attempt-refused", source: "comment", sourceId: item.id, actor: item.author.login, command, reason });
  }
  return answers;
}

/** Whether an act gives an approval (or grants by itself): a label added may be the approval label. */
function approving(item: TimelineItem): boolean {
  if (item.kind === "review") return item.state === "approved";
  if (item.kind === "labeled") return true;
  if (item.kind !== "comment") return false;
  const parsed = parseCommand(item.body);
  return parsed.kind === "command" && (parsed.command.name === "approve" || parsed.command.name === "break-glass");
}

/**
 * Acts before a record count only when the body was never edited (and they
 * came after the item became a request; see Since): an approver could then
 * have read one text only, the one recorded. Once edited, an approval
 * posted between the edit and the app's record of it may have been given
 * to the text before the edit, read on a page loaded earlier; it is
 * answered and asked again. Unknown edit history: none count.
 */
export function unchanged(input: DecisionInput, history: History): { beforeRecord?: true; labelledAt: number } {
  const edits = input.request.bodyEdits;
  // Where the item became a request is told either way: nothing before it was given to the request (a `/deny` included).
  const at = labelledAt(input, history);
  return edits === undefined || edits.last !== undefined ? { labelledAt: at } : { beforeRecord: true, labelledAt: at };
}

/**
 * Where the item became an access request: the last time, before the app's
 * first record, that someone other than the app added the request label or
 * a status label (the labels that make the app read an issue). None found
 * while the request label is known: nothing before the first record counts.
 * Unknown request label (a caller that gives none): -1.
 */
function labelledAt(input: DecisionInput, history: History): number {
  if (input.requestLabel === undefined) return -1;
  const request = labelKey(input.requestLabel);
  const end = history.firstSeq ?? Number.POSITIVE_INFINITY;
  const app = input.appLogin?.toLowerCase();
  let at = Number.POSITIVE_INFINITY;
  for (const item of input.timeline) {
    if (item.seq >= end) break;
    // The app's own label (its first write's label landed, its record not) says nothing of when people made it a request.
    // A label renamed since it was added may not have been the request label then.
    if (item.kind !== "labeled" || item.renamed || item.actor.login.toLowerCase() === app) continue;
    const key = labelKey(item.label);
    if (key === request || key.startsWith(STATUS_LABEL_PREFIX)) at = item.seq;
  }
  return at;
}

/**
 * Where counting starts for the latest valid snapshot: after the record
 * that first set its terms (a record restating them, when an approval no
 * longer stood, keeps what was given since), or also before it on a body
 * never edited (see Since) when that record was the first. Under a first
 * record an approver could have read one text only. A later record follows
 * a change the body does not show (a policy change that moved the
 * duration, a refusal while the request was invalid): an act placed before
 * it was made while the trail showed the earlier terms, and is answered
 * instead.
 */
export function snapshotSince(input: DecisionInput, history: History): Since {
  return termsSince(input, history) ?? since(history.snapshot);
}

/** Where counting starts for the terms of the latest `received` snapshot (see snapshotSince); undefined before one. */
export function termsSince(input: DecisionInput, history: History): Since | undefined {
  const terms = history.terms;
  if (terms === undefined) return undefined;
  // Where the item became a request bounds what a `/deny` may count from, whatever the terms.
  const before = unchanged(input, history);
  return { ...since(terms.from), floor: terms.floor, denyFloor: terms.denyFloor, labelledAt: before.labelledAt, ...(terms.first ? before : {}) };
}
