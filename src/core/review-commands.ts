import { parseCommand } from "./commands.js";
import { sourceKey, type History } from "./history.js";
import type { DecisionInput } from "./input.js";
import type { RecordData } from "./records.js";

/**
 * Commands written in a pull-request review's text (`/revoke`, `/deny`,
 * `/extend 1h` typed into the review box) are not read: the review counts by
 * its state alone (an approving review is judged as an approval, wherever
 * approvals are counted). Unanswered, such a command looked accepted: a
 * requester who wrote `/revoke` there kept the access believing it gone.
 * Each is answered once, saying where to write it; the answer says nothing
 * of whether the review counted, which the approvals' own records say. An
 * approving review whose text says `/approve` says nothing more than the
 * review, and is not answered, unless a break-glass grant awaits its review
 * (`glassReview`), which only a comment gives. Only reviews after the app's
 * first record on the request are answered (one on an ordinary pull request
 * before it was labelled a request was written for no request).
 *
 * @example
 * reviewCommandAnswers(input, history, false);
 * // [{ event: "attempt-refused", source: "review-body", sourceId: 55, actor: "jane", command: "/revoke", reason: "…" }]
 */
export function reviewCommandAnswers(input: DecisionInput, history: History, glassReview: boolean): RecordData[] {
  const answers: RecordData[] = [];
  for (const item of input.timeline) {
    if (item.kind !== "review" || item.author.bot || item.body === undefined || item.seq <= (history.firstSeq ?? Number.POSITIVE_INFINITY)) continue;
    if (history.answered.has(sourceKey("review-body", item.id))) continue;
    const parsed = parseCommand(item.body);
    if (parsed.kind === "none" || (!glassReview && item.state === "approved" && parsed.kind === "command" && parsed.command.name === "approve")) continue;
    const command = parsed.kind === "command" ? `/${parsed.command.name}` : "command";
    const where = parsed.kind === "command" ? `post \`${command}\` as a comment of its own on the pull request` : "post the command as a comment of its own on the pull request";
    answers.push({ event: "attempt-refused", source: "review-body", sourceId: item.id, actor: item.author.login, command, reason: `a command written in a pull-request review's text is not read (the review counts by its state alone): ${where}` });
  }
  return answers;
}
