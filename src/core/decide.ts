import { awaitsReview, withBreakGlassReview } from "./break-glass-review.js";
import { parseCommand } from "./commands.js";
import { closedBy, finish, records, type Decision } from "./decision.js";
import { ended, tampered } from "./decide-ended.js";
import { granted } from "./decide-granted.js";
import { bodyEditedSince, invalid, pending, regrant } from "./decide-pending.js";
import { removalFailed } from "./end-grant.js";
import { evaluateRequest } from "./evaluate-request.js";
import { foldHistory, type History } from "./history.js";
import { handAddedStatusLabels } from "./status-labels.js";
import type { DecisionInput } from "./input.js";
import type { TeamPolicy } from "./policy.js";
import { FINAL_STATES } from "./records.js";
import { hashRequest } from "./request-hash.js";
import { reviewCommandAnswers } from "./review-commands.js";

export type { Decision, Effect } from "./decision.js";

/**
 * The lifecycle decision: from the request's timeline, the app's own records,
 * the policies, membership facts and the time, to the state the request is in
 * and the effects that bring GitHub there. Pure: the same input always gives
 * the same decision, so a repeated, late or out-of-order webhook changes
 * nothing, and a restart loses nothing.
 *
 * @example
 * const { state, effects, wakeAt } = decide(input);
 */
export function decide(input: DecisionInput): Decision {
  const history = foldHistory(input.records);
  const decision = decideState(input, history);
  // Commands written in a review's text are answered while people's commands still matter (a break-glass review too).
  // Awaiting its review as the decision found it (one recorded now does not make an earlier review's text read).
  const glassReview = awaitsReview(input, history, []);
  const unread = AWAITS_COMMENTS.has(decision.state) || glassReview ? reviewCommandAnswers(input, history, glassReview) : [];
  const effects = [...records(handAddedStatusLabels(input, history)), ...records(unread), ...decision.effects];
  // GitHub refuses the app's comments on a locked conversation, and everyone's but
  // writers': a request that must record something (someone locked it before it
  // finished, or tampered with a finished one) is unlocked so that its trail can be
  // written, and a finished one locked again; one that waits on people's comments
  // (approvals, /revoke, /extend, a break-glass review) is unlocked whatever it
  // records, so that a requester or an approver without write access can still act.
  // An invalid one waits on an edit of its body, which a lock does not stop: a thread
  // a maintainer locked (spam opened from the form) stays locked.
  const awaitsComments = AWAITS_COMMENTS.has(decision.state) || awaitsReview(input, history, effects);
  if (input.request.locked && (awaitsComments || effects.some((e) => e.kind === "record"))) {
    effects.unshift({ kind: "unlock" });
    if (FINAL.has(decision.state) && !effects.some((e) => e.kind === "lock") && !awaitsReview(input, history, effects)) effects.push({ kind: "lock" });
  }
  return { ...decision, effects };
}

const FINAL = new Set<Decision["state"]>(FINAL_STATES);
/** The states in which a request waits on people's comments. */
const AWAITS_COMMENTS = new Set<Decision["state"]>(["pending", "approved", "granted", "revoke-failed"]);

function decideState(input: DecisionInput, history: History): Decision {
  const requester = input.request.author;
  // A tampered trail ends the request; a break-glass use on it still awaits its review (see withBreakGlassReview).
  if (input.findings.length > 0 && history.terminal?.data.event !== "tampered") return withBreakGlassReview(input, history, (h) => tampered(input, h));
  if (history.terminal) return withBreakGlassReview(input, history, (h) => ended(input, h));
  const grant = history.granted?.data;
  if (grant) return withBreakGlassReview(input, history, (h) => granted(input, h, grant));

  const decision = beforeGrant(input, history);
  // An approval was recorded, so its membership may have been added before a
  // crash; if this decision does not grant, that membership must not stay.
  // Where GitHub refused the membership just now, the membership was read
  // (nextStep asks for it): none means nothing to remove, and no `DELETE`
  // that the same missing permission would refuse holds back the answer.
  const approved = history.approved?.data;
  if (!approved || decision.state === "granted" || decision.effects.some((e) => e.kind === "remove-member")) return decision;
  if (input.grantRefused !== undefined && input.membership === "none") return decision;
  const keptFor = (input.otherGrants ?? []).some((g) => g.expiresAt > input.now);
  if (approved.standing || keptFor) return decision;
  // GitHub would not remove it: the request stays live, labelled revoke-failed, the trail says so once, and the
  // removal is tried again; the decision it held back (a refusal, a withdrawal) is recorded once it goes through.
  if (input.removalFailed !== undefined) return removalFailed(input, history, requester.login, approved.team, input.removalFailed);
  return { ...decision, effects: [{ kind: "remove-member", team: approved.team, login: requester.login }, ...decision.effects] };
}

function beforeGrant(input: DecisionInput, history: History): Decision {
  const requester = input.request.author;
  const closed = closedBy(input);
  if (closed) {
    const by = closed.by ?? requester.login;
    return finish(input, "withdrawn", [{ kind: "record", data: { event: "withdrawn", requester: requester.login, by } }], "not_planned");
  }
  const evaluation = evaluateRequest(input.request.body, requester, input.policy, input.directory, input.request.ref.split("/")[0]);
  if (!evaluation.ok) return invalid(input, history, evaluation);
  // The approval stands for the text it was given to: after an edit since the snapshot, even back to the same text, it does not.
  const snapshot = history.snapshot;
  const edited = snapshot?.data.event === "received" && bodyEditedSince(input, snapshot.at, snapshot.data.bodyEdits) !== undefined;
  if (history.approved && history.approved.data.requestHash === hashRequest(evaluation.request) && !edited) {
    return regrant(input, history, evaluation.policy, history.approved.data);
  }
  return pending(input, history, evaluation);
}

/**
 * Whether a decision adds or removes a membership, so that the shell looks
 * up the person's other live grants of the team and decides again with them.
 *
 * @example
 * if (needsOtherGrants(decision)) decision = decide({ ...input, otherGrants });
 */
export function needsOtherGrants(decision: Decision): { team: string; login: string } | undefined {
  for (const effect of decision.effects) {
    if (effect.kind === "remove-member" || effect.kind === "add-member") return { team: effect.team, login: effect.login };
    if (effect.kind === "record" && effect.data.event === "approved") return { team: effect.data.team, login: effect.data.requester };
  }
  return undefined;
}

/**
 * The membership look-ups a decision needs, so the shell asks GitHub for
 * exactly these: the requester's organisation membership; for every person
 * who issued a command, added the approval label or approved a review,
 * membership of the approver teams; the requester's membership of the
 * requester teams. Once a request is granted or finished (`settled`), who
 * may request no longer matters: the requester is not looked up, so a live
 * grant or a finished request costs no look-up for them (a sweep after a
 * restart reads thousands), unless the requester of a live grant asked
 * for more time (an `/extend` in the timeline, or one recorded:
 * `extending`), which is judged as a request is; a finished request
 * (`ended`) never looks its requester up.
 *
 * @example
 * planLookups({ request, timeline }, policies.teams.get("ops"), false);
 */
export function planLookups(
  input: Pick<DecisionInput, "request" | "timeline">,
  policy: TeamPolicy | undefined,
  settled: boolean,
  ended = false,
  extending = false,
): { org: string[]; teams: { team: string; login: string }[] } {
  const requester = input.request.author.login.toLowerCase();
  const teams: { team: string; login: string }[] = [];
  const asks = !settled || (!ended && (extending || input.timeline.some((i) => i.kind === "comment" && i.author.login.toLowerCase() === requester && isExtend(i.body))));
  const org = asks ? [requester] : [];
  if (!policy) return { org, teams };
  const actors = new Set<string>();
  const label = policy.approvalLabel?.toLowerCase();
  for (const item of input.timeline) {
    if (item.kind === "comment" && !item.author.bot && parseCommand(item.body).kind !== "none") actors.add(item.author.login.toLowerCase());
    if (item.kind === "labeled" && !item.actor.bot && item.label.toLowerCase() === label) actors.add(item.actor.login.toLowerCase());
    if (item.kind === "review" && !item.author.bot && item.state === "approved") actors.add(item.author.login.toLowerCase());
  }
  const listed = new Set(policy.approvers.users.map((u) => u.toLowerCase()));
  for (const login of actors) {
    // A user listed by name counts only while an active member of the organisation (an ex-employee's account does not).
    if (listed.has(login) && login !== requester) org.push(login);
    // A user listed by name is an approver whatever their teams, unless approvals must come from distinct teams.
    if (listed.has(login) && !policy.distinctTeams) continue;
    for (const team of policy.approvers.teams) teams.push({ team, login });
  }
  if (asks) for (const team of policy.requesters?.teams ?? []) teams.push({ team, login: requester });
  if (!settled) {
    // Break-glass is judged on the requester's membership of its own requester teams.
    for (const team of policy.breakGlass?.requesters.teams ?? []) if (!teams.some((t) => t.team === team && t.login === requester)) teams.push({ team, login: requester });
  }
  return { org, teams };
}

function isExtend(body: string): boolean {
  const parsed = parseCommand(body);
  return parsed.kind === "command" && parsed.command.name === "extend";
}
