import { parseCommand } from "./commands.js";
import { sourceKey, type History } from "./history.js";
import type { DecisionInput } from "./input.js";
import type { RecordData } from "./records.js";

/**
 * Commands written in a pull-request review's text (`/revoke`, `/deny`,
 * `/extend 1h` typed into the review box) are not read: the review counts by
 * its state alone (an approving review approves). Unanswered, such a command
 * looked accepted: a requester who wrote `/revoke` there kept the access
 * believing it gone. Each is answered once, saying where to write it. An
 * approving review whose text says `/approve` says nothing more than the
 * review, and is not answered. Only reviews after the app's first record on
 * the request are answered (one on an ordinary pull request before it was
 * labelled a request was written for no request).
 *
 * @example
 * reviewCommandAnswers(input, history);
 * // [{ event: "attempt-refused", source: "review-body", sourceId: 55, actor: "jane", command: "/revoke", reason: "…" }]
 */
export function reviewCommandAnswers(input: DecisionInput, history: History): RecordData[] {
  const answers: RecordData[] = [];
  for (const item of input.timeline) {
    if (item.kind !== "review" || item.author.bot || item.body === undefined || item.seq <= (history.firstSeq ?? Number.POSITIVE_INFINITY)) continue;
    if (history.answered.has(sourceKey("review-body", item.id))) continue;
    const parsed = parseCommand(item.body);
    if (parsed.kind === "none" || (parsed.kind === "command" && parsed.command.name === "approve" && item.state === "approved")) continue;
    const command = parsed.kind === "command" ? `/${parsed.command.name}` : "command";
    const where = parsed.kind === "command" ? `post \`${command}\` as a comment of its own on the pull request` : "post the command as a comment of its own on the pull request";
    const approval = item.state === "approved" ? " (the approving review itself counts as an approval)" : "";
    answers.push({ event: "attempt-refused", source: "review-body", sourceId: item.id, actor: item.author.login, command, reason: `a command written in a pull-request review is not read${approval}: ${where}` });
  }
  return answers;
}
