import { parseCommand } from "./commands.js";
import { samePerson } from "./drift.js";
import { sourceKey, type History } from "./history.js";
import type { DecisionInput } from "./input.js";
import type { RecordData } from "./records.js";

/**
 * Commands written in a pull-request review's text (`/revoke`, `/deny`,
 * `/extend 1h` typed into the review box) are not read: the review counts by
 * its state alone (an approving review approves). Unanswered, such a command
 * looked accepted: a requester who wrote `/revoke` there kept the access
 * believing it gone. Each is answered once, saying where to write it. An
 * approving review whose text says `/approve` and that approves something
 * (see {@link approvesSomething}) says nothing more than the review, and is
 * not answered, unless a break-glass grant awaits its review
 * (`glassReview`), which only a comment gives; one that approves nothing
 * (after the grant, no extension asked) is answered. Only reviews after the
 * app's first record on the request are answered (one on an ordinary pull
 * request before it was labelled a request was written for no request).
 *
 * @example
 * reviewCommandAnswers(input, history, false);
 * // [{ event: "attempt-refused", source: "review-body", sourceId: 55, actor: "jane", command: "/revoke", reason: "…" }]
 */
export function reviewCommandAnswers(input: DecisionInput, history: History, glassReview: boolean): RecordData[] {
  const approves = approvesSomething(input, history);
  const answers: RecordData[] = [];
  for (const item of input.timeline) {
    if (item.kind !== "review" || item.author.bot || item.body === undefined || item.seq <= (history.firstSeq ?? Number.POSITIVE_INFINITY)) continue;
    if (history.answered.has(sourceKey("review-body", item.id))) continue;
    const parsed = parseCommand(item.body);
    const counted = item.state === "approved" && approves(item.seq);
    if (parsed.kind === "none" || (counted && !glassReview && parsed.kind === "command" && parsed.command.name === "approve")) continue;
    const command = parsed.kind === "command" ? `/${parsed.command.name}` : "command";
    const where = parsed.kind === "command" ? `post \`${command}\` as a comment of its own on the pull request` : "post the command as a comment of its own on the pull request";
    const approval = counted ? " (the approving review itself counts as an approval)" : "";
    answers.push({ event: "attempt-refused", source: "review-body", sourceId: item.id, actor: item.author.login, command, reason: `a command written in a pull-request review is not read${approval}: ${where}` });
  }
  return answers;
}

/**
 * Whether an approving review at a timeline place approves something: the
 * request (before the grant's record), or an extension (after its `/extend`
 * comment and up to the record that settled it, or on, while it is pending
 * or its `/extend` is not recorded yet).
 */
function approvesSomething(input: DecisionInput, history: History): (seq: number) => boolean {
  const windows: [number, number][] = [];
  const commentSeq = (id: number, fallback: number) => input.timeline.find((i) => i.kind === "comment" && i.id === id)?.seq ?? fallback;
  let open: number | undefined;
  let settled = -1;
  for (const record of input.records) {
    if (record.data.event === "extension-requested") open = commentSeq(record.data.sourceId, record.seq);
    else if ((record.data.event === "extended" || record.data.event === "extension-denied") && open !== undefined) {
      windows.push([open, record.seq]);
      open = undefined;
      settled = record.seq;
    }
  }
  if (open !== undefined) windows.push([open, Number.POSITIVE_INFINITY]);
  // An `/extend` not recorded yet (read in this very run) asks approvers too.
  const asked = input.timeline.find((i) => i.kind === "comment" && i.seq > settled && samePerson(i.author, input.request.author) && !history.answered.has(sourceKey("comment", i.id)) && !history.extendsTaken.has(sourceKey("comment", i.id)) && isExtend(i.body));
  if (asked !== undefined && open === undefined) windows.push([asked.seq, Number.POSITIVE_INFINITY]);
  const granted = history.granted?.seq;
  return (seq) => granted === undefined || seq < granted || windows.some(([from, to]) => seq > from && seq <= to);
}

function isExtend(body: string): boolean {
  const parsed = parseCommand(body);
  return parsed.kind === "command" && parsed.command.name === "extend";
}
