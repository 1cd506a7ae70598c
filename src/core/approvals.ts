import { parseCommand, type Command } from "./commands.js";
import { approverProblem, countApprovals } from "./eligibility.js";
import { sourceKey, type History } from "./history.js";
import type { DecisionInput, TimelineItem } from "./input.js";
import type { TeamPolicy } from "./policy.js";
import type { ApprovalSource, RecordData } from "./records.js";

/** An approval that counts, and where it came from. */
export interface Approval {
  login: string;
  source: ApprovalSource;
  sourceId: number;
}

/** What people did since the request's snapshot, judged. */
export interface Tally {
  /** Distinct eligible approvers, first approval of each. */
  approvals: Approval[];
  /** How many of them count (fewer than `approvals.length` only under `distinct_teams`). */
  count: number;
  /** A valid `/deny`, if there was one; it ends the request. */
  deny?: { by: string; reason: string };
  /** Refusals (answered once), label removals, withdrawals. */
  records: RecordData[];
  labelsToRemove: string[];
}

type CommentItem = Extract<TimelineItem, { kind: "comment" }>;

/**
 * Where counting starts: after a record's place in the timeline — or, with
 * `beforeRecord`, also what people did before that record was written (the
 * app was down, or the record waited its turn in the write queue), so long
 * as the act comes after `floor`, the previous record's place, and after
 * `labelledAt`, where the item became an access request (an approving review
 * of an ordinary pull request, or an `/approve` on an unlabelled issue, was
 * never given to a request). The caller sets `beforeRecord` only for a body
 * GitHub's edit history shows never edited. With `answer`, commands that
 * still do not count and that the record did not name as voided are
 * answered once, so that nobody's approval goes unheard.
 */
export interface Since {
  seq: number;
  beforeRecord?: boolean;
  floor?: number;
  labelledAt?: number;
  /**
   * A `/deny` placed after this and before the record counts: made while a
   * valid record stood (one made while a refusal stood was answered "not
   * valid yet"). Undefined: none placed before the record counts.
   */
  denyFloor?: number;
  /** `recordAt`: where the record naming `voided` stands; approvals they placed before it are not answered again. */
  answer?: { voided: ReadonlySet<string>; recordAt?: number };
}

/**
 * Counting starts after a record.
 *
 * @example
 * since(history.snapshot); // { seq: 4 }
 */
export function since(record: { seq: number } | undefined): Since {
  return { seq: record ? record.seq : -1 };
}

/**
 * Whether someone's act comes after the point counting starts.
 *
 * @example
 * isAfter(comment, since(history.snapshot)); // true
 */
export function isAfter(item: TimelineItem, from: Since): boolean {
  if (item.seq > from.seq) return true;
  return from.beforeRecord === true && item.seq > (from.floor ?? -1) && item.seq > (from.labelledAt ?? -1);
}

/**
 * Judges every approval path after a timeline position — `/approve` and
 * `/deny` comments, the team's approval label, pull-request reviews — with
 * one set of rules: eligible when evaluated, once per person, nothing edited,
 * nothing from before the request's current snapshot.
 *
 * @example
 * const tally = tallyApprovals(input, policy, since(history.snapshot), history);
 * tally.count >= policy.approvals;
 */
export function tallyApprovals(input: DecisionInput, policy: TeamPolicy, from: Since, history: History, mode: "request" | "extension" = "request"): Tally {
  const requester = input.request.author;
  const tally: Tally = { approvals: [], count: 0, records: [], labelsToRemove: [] };
  const refuse = (source: ApprovalSource, sourceId: number, actor: string, command: string, reason: string) => {
    if (history.answered.has(sourceKey(source, sourceId))) return;
    tally.records.push({ event: "attempt-refused", source, sourceId, actor, command, reason });
  };
  // Candidates by path; a later event on the same path can withdraw them.
  const byComment = new Map<string, Approval>();
  const byLabel = new Map<string, Approval>();
  const byReview = new Map<string, Approval>();
  const label = policy.approvalLabel?.toLowerCase();
  // An approval the record names as voided was told there: not answered again for what made it not count.
  const named = (login: string, seq: number) => from.answer !== undefined && seq < (from.answer.recordAt ?? -1) && from.answer.voided.has(login.toLowerCase());
  const lastLabelAdd = lastLabelAdded(input, label);

  for (const item of input.timeline) {
    if (!isAfter(item, from) && !denyBeforeRecord(item, from)) {
      if (from.answer && item.seq > (from.floor ?? -1)) answerBeforeRecord(item, from, { voided: from.answer.voided, answered: history.answered, label, lastLabelAdd }, input, refuse, tally);
      continue;
    }
    // An attempt refused once never counts later, even if its author has since become eligible.
    if ("id" in item && history.answered.has(sourceKey(SOURCE_OF[item.kind] ?? "comment", item.id))) continue;
    if (item.kind === "comment") {
      const parsed = parseCommand(item.body);
      if (parsed.kind === "none") continue;
      // While a grant is live, only /approve and /deny are the extension's business: the grant answers the rest once.
      if (mode === "extension" && (parsed.kind === "invalid" || (parsed.command.name !== "approve" && parsed.command.name !== "deny"))) continue;
      if (parsed.kind === "invalid") {
        refuse("comment", item.id, item.author.login, "command", parsed.message);
        continue;
      }
      const outcome = judgeCommand(item, parsed.command, policy, input, byComment);
      if (outcome.kind === "refused" && !(parsed.command.name === "approve" && named(item.author.login, item.seq))) refuse("comment", item.id, item.author.login, `/${parsed.command.name}`, outcome.reason);
      else if (outcome.kind === "approve") byComment.set(item.author.login.toLowerCase(), { login: item.author.login, source: "comment", sourceId: item.id });
      else if (outcome.kind === "deny") {
        tally.deny = { by: item.author.login, reason: outcome.reason };
        break;
      }
    } else if ((item.kind === "labeled" || item.kind === "unlabeled") && label !== undefined && item.label.toLowerCase() === label) {
      if (item.kind === "unlabeled") {
        byLabel.clear();
        continue;
      }
      if (isApp(item.actor.login, input)) continue;
      // GitHub names the label as it is now: one renamed into the approval label after someone added it was another then.
      const problem = item.renamed
        ? `the label was renamed or edited after @${item.actor.login} added it (or GitHub gives no time to show it was not), so it is not known to have been \`${item.label}\` then`
        : approverProblem(item.actor, requester, policy, input.directory);
      if (problem) {
        if (!named(item.actor.login, item.seq)) refuse("label", item.id, item.actor.login, `label ${item.label}`, `${problem}; the label was removed`);
        if (!tally.labelsToRemove.includes(item.label)) tally.labelsToRemove.push(item.label);
      } else {
        byLabel.set(item.actor.login.toLowerCase(), { login: item.actor.login, source: "label", sourceId: item.id });
      }
    } else if (item.kind === "review") {
      const key = item.author.login.toLowerCase();
      if (item.state === "approved") {
        const problem = approverProblem(item.author, requester, policy, input.directory);
        if (problem) {
          if (!named(item.author.login, item.seq)) refuse("review", item.id, item.author.login, "approving review", problem);
        } else {
          byReview.set(key, { login: item.author.login, source: "review", sourceId: item.id });
        }
      } else if (item.state === "dismissed" || item.state === "changes_requested") {
        byReview.delete(key);
      }
    }
  }

  // A label that an eligible approver added but that is no longer on the issue does not count.
  const labelPresent = label !== undefined && input.request.labels.some((l) => l.toLowerCase() === label);
  const candidates = [...byComment.values(), ...(labelPresent ? [...byLabel.values()] : []), ...byReview.values()];
  const seen = new Set<string>();
  for (const approval of candidates.sort((a, b) => a.sourceId - b.sourceId)) {
    const key = approval.login.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    tally.approvals.push(approval);
  }
  tally.count = countApprovals(tally.approvals.map((a) => a.login), policy, input.directory);

  const live = new Set([...byComment.values(), ...byLabel.values(), ...byReview.values()].map((a) => sourceKey(a.source, a.sourceId)));
  for (const [key, by] of history.recorded) {
    if (live.has(key) && (labelPresent || !key.startsWith("label:"))) continue;
    if (history.withdrawn.has(key)) continue;
    const [source, id] = key.split(":") as [ApprovalSource, string];
    tally.records.push({ event: "approval-withdrawn", source, sourceId: Number(id), by, reason: WITHDRAWN[source] });
  }
  return tally;
}

/**
 * A `/deny` placed before the record counting starts after (its write
 * waiting its turn, or made while the trail showed earlier terms) and after
 * the place before it: it refuses the request whatever the trail showed,
 * so it counts, as it would have on a timely read.
 */
function denyBeforeRecord(item: TimelineItem, from: Since): boolean {
  if (from.answer === undefined || from.denyFloor === undefined || item.kind !== "comment" || item.seq <= from.denyFloor || item.seq <= (from.labelledAt ?? -1)) return false;
  const parsed = parseCommand(item.body);
  return parsed.kind === "command" && parsed.command.name === "deny";
}

/**
 * An approving act placed before the record counting starts after, and
 * after the place before it: it does not count, and is answered once so that
 * nobody's approval goes unheard (those the record names as voided were
 * told there). An approval label so added is taken off, so that it does
 * not look like an approval, and is added again.
 */
function answerBeforeRecord(
  item: TimelineItem,
  from: Since,
  known: { voided: ReadonlySet<string>; answered: ReadonlySet<string>; label: string | undefined; lastLabelAdd: number },
  input: DecisionInput,
  refuse: (source: ApprovalSource, sourceId: number, actor: string, command: string, reason: string) => void,
  tally: Tally,
): void {
  const who = item.kind === "comment" || item.kind === "review" ? item.author : item.kind === "labeled" ? item.actor : undefined;
  if (who === undefined || who.bot) return;
  const why = `it was made ${item.seq <= (from.labelledAt ?? -1) ? "before the issue was labelled an access request" : "before jit-access read the request recorded above"}, so it cannot be known to be for this version of it`;
  const { voided, label } = known;
  if (item.kind === "labeled") {
    if (label === undefined || item.label.toLowerCase() !== label || isApp(who.login, input)) return;
    // Only the add the label on the issue comes from (added again after its answer, it counts); taken off until
    // it is gone (a removal is best effort), answered once.
    if (item.seq !== known.lastLabelAdd || !input.request.labels.some((l) => l.toLowerCase() === label)) return;
    if (!tally.labelsToRemove.includes(item.label)) tally.labelsToRemove.push(item.label);
    if (known.answered.has(sourceKey("label", item.id))) return;
    if (!voided.has(who.login.toLowerCase())) refuse("label", item.id, who.login, `label ${item.label}`, `${why}; the label was removed, add it again`);
    return;
  }
  const parsed = item.kind === "comment" ? parseCommand(item.body) : undefined;
  // A `/deny` reaches here only where it does not count (see denyBeforeRecord): always answered.
  if (item.kind === "comment" && parsed?.kind === "command" && parsed.command.name === "deny") {
    refuse("comment", item.id, who.login, "/deny", `${why}; post \`/deny\` again`);
    return;
  }
  if (voided.has(who.login.toLowerCase())) return;
  if (item.kind === "review" && item.state === "approved") refuse("review", item.id, who.login, "approving review", `${why}; approve the pull request again`);
  if (item.kind === "comment" && parsed?.kind === "command" && parsed.command.name === "approve") refuse("comment", item.id, who.login, "/approve", `${why}; post \`/approve\` again`);
}

const SOURCE_OF: Partial<Record<TimelineItem["kind"], ApprovalSource>> = { comment: "comment", labeled: "label", review: "review" };

const WITHDRAWN: Record<ApprovalSource, string> = {
  comment: "the approval comment was edited or deleted",
  label: "the approval label was removed",
  review: "the approving review was dismissed or replaced",
};

type Outcome = { kind: "approve" } | { kind: "deny"; reason: string } | { kind: "refused"; reason: string } | { kind: "skip" };

function judgeCommand(comment: CommentItem, command: Command, policy: TeamPolicy, input: DecisionInput, approved: Map<string, Approval>): Outcome {
  const author = comment.author;
  const requester = input.request.author;
  switch (command.name) {
    case "approve": {
      const reason = approverProblem(author, requester, policy, input.directory)
        ?? (comment.edited ? "an approval comment that was edited does not count; post a new `/approve`" : undefined)
        ?? (approved.has(author.login.toLowerCase()) ? `@${author.login} has already approved; each approver counts once` : undefined);
      return reason ? { kind: "refused", reason } : { kind: "approve" };
    }
    case "deny": {
      const reason = author.login.toLowerCase() === requester.login.toLowerCase()
        ? "you cannot deny your own request; close the issue to withdraw it"
        : approverProblem(author, requester, policy, input.directory) ?? (comment.edited ? "a `/deny` comment that was edited does not count; post a new one" : undefined);
      return reason ? { kind: "refused", reason } : { kind: "deny", reason: command.reason };
    }
    case "revoke":
      return { kind: "refused", reason: "nothing has been granted yet; to withdraw the request, close the issue" };
    case "extend":
      return { kind: "refused", reason: "nothing has been granted yet, so there is nothing to extend; change the Duration in the request instead" };
    case "flag":
      return { kind: "refused", reason: "nothing has been granted yet; `/flag` records a finding on a break-glass grant after the fact — to refuse this request, comment `/deny <reason>`" };
    case "break-glass":
      // Judged by the break-glass rules (break-glass.ts), never as an approval.
      return { kind: "skip" };
  }
}

/**
 * Where `label` (lower case) was added last, or -1: the label on the issue
 * now is that add's (one added again after an answer is a new add).
 *
 * @example
 * lastLabelAdded(input, "access-approved"); // 42
 */
export function lastLabelAdded(input: DecisionInput, label: string | undefined): number {
  let last = -1;
  if (label !== undefined) for (const item of input.timeline) if (item.kind === "labeled" && item.label.toLowerCase() === label) last = item.seq;
  return last;
}

/**
 * The app's own bot is never an approver and its label changes are not attempts.
 *
 * @example
 * isApp("jit-access[bot]", input); // true
 */
export function isApp(login: string, input: DecisionInput): boolean {
  return input.appLogin !== undefined && login.toLowerCase() === input.appLogin.toLowerCase();
}
