import { parseCommand } from "./commands.js";
import { askedAt } from "./decide-granted.js";
import type { Decision, Effect } from "./decision.js";
import { samePerson } from "./drift.js";
import { approverProblem } from "./eligibility.js";
import { sourceKey, type History } from "./history.js";
import type { DecisionInput, TimelineItem } from "./input.js";
import type { TeamPolicy } from "./policy.js";
import type { BreakGlassGrant, RecordData } from "./records.js";
import { parseRequestBody } from "./request-form.js";
import { appLabelledBreakGlass } from "./status-labels.js";

type CommentItem = Extract<TimelineItem, { kind: "comment" }>;

/**
 * Wraps the decision on a break-glass grant (live or ended) that no approver
 * has reviewed yet: judges the `/approve` and `/flag <reason>` comments
 * posted since the grant as reviews, escalates once to the notify list when
 * `review_within` has passed, and keeps the request open (not closed, not
 * locked) until a review is recorded — even after the grant ended. The
 * review state comes from the app's signed records alone. `next` decides
 * the rest with the review comments taken out of its hands.
 *
 * @example
 * withBreakGlassReview(input, history, (h) => granted(input, h, grant)).effects;
 * // [{ kind: "record", data: { event: "break-glass-reviewed", outcome: "accepted", … } }, …]
 */
export function withBreakGlassReview(input: DecisionInput, history: History, next: (history: History) => Decision): Decision {
  const use = glassUse(input, history);
  // A tampered trail ends the request (its grant too), but not the review its signed records say a break-glass use owes:
  // otherwise one comment forged on the request by anyone who may comment would spare the use its review.
  const tamperedWith = input.findings.length > 0 || history.terminal?.data.event === "tampered";
  if (!use || (!history.granted && (!tamperedWith || history.terminal?.data.event === "grant-failed")) || history.review) return next(history);
  const { team, requester, glass } = use;
  const policy = teamPolicy(input, team);
  const effects: Effect[] = [];
  const consumed = new Set<string>();
  // `/approve` comments left to a pending extension's count (see below).
  const released = new Set<string>();
  // An `/extend` (recorded and pending, or posted and not yet read) asked approvers to comment `/approve`.
  let extensionAsked = history.extension === undefined ? Number.POSITIVE_INFINITY : askedAt(input, history.extension);
  let reviewed = false;
  for (const item of input.timeline) {
    if (item.kind !== "comment" || item.seq <= use.since || item.author.bot) continue;
    const key = sourceKey("comment", item.id);
    if (history.answered.has(key) || history.reviewApprovals.has(key)) continue;
    const parsed = parseCommand(item.body);
    if (parsed.kind === "command" && parsed.command.name === "extend" && samePerson(item.author, input.request.author) && !history.extendsTaken.has(key)) extensionAsked = Math.min(extensionAsked, item.seq);
    if (parsed.kind !== "command" || (parsed.command.name !== "approve" && parsed.command.name !== "flag")) continue;
    // After an `/extend`, an `/approve` is also an approval of the extension, as its record asks: left to its count.
    const forExtension = parsed.command.name === "approve" && item.seq > extensionAsked;
    if (forExtension && reviewed) {
      released.add(key);
      continue;
    }
    consumed.add(key);
    // Without the policy nobody's eligibility can be judged: the comment waits, unanswered, until it can be read.
    if (!policy) continue;
    const command = `/${parsed.command.name}`;
    const problem = reviewed ? "the break-glass grant has just been reviewed by the comment above; nothing more is needed" : reviewProblem(item, input, policy);
    if (problem !== undefined) {
      effects.push({ kind: "record", data: { event: "attempt-refused", source: "comment", sourceId: item.id, actor: item.author.login, command, reason: problem } });
      continue;
    }
    const data: RecordData = { event: "break-glass-reviewed", requester, by: item.author.login, outcome: parsed.command.name === "flag" ? "flagged" : "accepted", sourceId: item.id };
    if (parsed.command.name === "flag") data.reason = parsed.command.reason;
    effects.push({ kind: "record", data });
    reviewed = true;
    if (forExtension) {
      consumed.delete(key);
      released.add(key);
    }
  }
  const overdue = !reviewed && !history.reviewOverdue && input.now >= glass.reviewDueAt;
  const decision = next({ ...history, answered: new Set([...history.answered, ...consumed]), reviewApprovals: new Set([...history.reviewApprovals, ...released]) });
  // The escalation follows whatever the grant itself needed now (its end first, when both are due).
  const all = [...effects, ...decision.effects];
  if (overdue) all.push({ kind: "record", data: { event: "break-glass-overdue", requester, team, notify: glass.notify, dueAt: glass.reviewDueAt } });
  if (reviewed) return { ...decision, effects: all };
  const wakeAt = !overdue && !history.reviewOverdue ? glass.reviewDueAt : undefined;
  const times = [decision.wakeAt, wakeAt].filter((t): t is number => t !== undefined && t > input.now);
  const kept: Decision = { state: decision.state, effects: keepOpen(all) };
  if (times.length > 0) kept.wakeAt = Math.min(...times);
  return kept;
}

/**
 * Whether a request must stay open after this decision: a break-glass grant
 * was made and no review is recorded, nor about to be.
 *
 * @example
 * if (awaitsReview(input, history, effects)) return; // do not lock
 */
export function awaitsReview(input: DecisionInput, history: History, effects: readonly Effect[]): boolean {
  const glass = glassUse(input, history) ?? effects.some((e) => e.kind === "record" && e.data.event === "approved" && e.data.breakGlass !== undefined);
  const ends = (event: string) => effects.some((e) => e.kind === "record" && e.data.event === event);
  // A grant GitHub refused was no use: nothing to review.
  return Boolean(glass) && !history.review && !ends("break-glass-reviewed") && history.terminal?.data.event !== "grant-failed" && !ends("grant-failed");
}

/** A break-glass use: its team and requester, the timeline point after which reviews count, and the grant's terms. */
interface GlassUse {
  readonly team: string;
  readonly requester: string;
  readonly since: number;
  readonly glass: BreakGlassGrant;
}

/**
 * The break-glass use a request owes a review for, if any: the signed
 * `approved` record's, or the signed `granted` record's where the `approved`
 * one is gone; or, on a trail tampered with that holds neither, the one the
 * app's own `access:break-glass` label event says was made (see
 * appLabelledBreakGlass), since deleting those records would otherwise spare
 * the use its review. The label's terms come from the team's policy (the
 * notify list, `review_within` from the label), its team from the
 * records left or the request's body unedited since; a team unknown, or no
 * policy defines, leaves every review unjudged, and the request open until
 * an admin looks into it.
 */
function glassUse(input: DecisionInput, history: History): GlassUse | undefined {
  const approved = history.approved;
  if (approved) return approved.data.breakGlass ? { team: approved.data.team, requester: approved.data.requester, since: approved.seq, glass: approved.data.breakGlass } : undefined;
  // The signed `granted` record of a break-glass grant holds its terms too.
  const grant = history.granted;
  if (grant?.data.breakGlass !== undefined) return { team: grant.data.team, requester: grant.data.requester, since: grant.seq, glass: grant.data.breakGlass };
  const labelled = appLabelledBreakGlass(input);
  if (labelled === undefined) return undefined;
  const snapshot = history.snapshot?.data;
  const via = snapshot?.event === "received" && snapshot.request.emergency ? "form" : "comment";
  // The body names the team only while nobody edited it since the label: whoever deleted the records could point it elsewhere.
  const edited = input.request.bodyEdits === undefined || (input.request.bodyEdits.count > 0 && (input.request.bodyEdits.last?.at ?? Number.POSITIVE_INFINITY) >= labelled.at);
  const parsed = edited ? undefined : parseRequestBody(input.request.body);
  const team = history.granted?.data.team ?? (snapshot?.event === "received" ? snapshot.request.team : parsed?.ok ? parsed.fields.team : "");
  const terms = teamPolicy(input, team)?.breakGlass;
  const glass: BreakGlassGrant = { via, notify: terms?.notify ?? { users: [], teams: [] }, reviewDueAt: labelled.at + (terms?.reviewWithinMs ?? 0) };
  return { team, requester: input.request.author.login, since: labelled.seq, glass };
}

function teamPolicy(input: DecisionInput, team: string): TeamPolicy | undefined {
  return input.policy.kind === "ok" ? input.policy.policies.teams.get(team) : undefined;
}

/** Why a comment is no review, or undefined when it counts. */
function reviewProblem(comment: CommentItem, input: DecisionInput, policy: TeamPolicy): string | undefined {
  const author = comment.author;
  const requester = input.request.author;
  if (author.login.toLowerCase() === requester.login.toLowerCase()) {
    return `you cannot review your own break-glass grant; an approver of \`${policy.team}\` other than you must comment \`/approve\` or \`/flag <reason>\``;
  }
  const problem = approverProblem(author, requester, policy, input.directory);
  if (problem !== undefined) return `${problem}; only an approver's review of a break-glass grant counts`;
  if (comment.edited) return "a review comment that was edited does not count; post a new `/approve` or `/flag <reason>`";
  return undefined;
}

/** The decision's effects without closing or locking the request; labels a close would have set are set on their own. */
function keepOpen(effects: readonly Effect[]): Effect[] {
  return effects.flatMap((effect): Effect[] => {
    if (effect.kind === "lock") return [];
    if (effect.kind === "close") return effect.labels ? [{ kind: "set-labels", labels: effect.labels }] : [];
    return [effect];
  });
}
