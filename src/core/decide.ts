import { tallyApprovals } from "./approvals.js";
import { parseCommand, type Command } from "./commands.js";
import { approverProblem, countApprovals } from "./eligibility.js";
import { evaluateRequest, type Evaluation } from "./evaluate-request.js";
import { foldHistory, sourceKey, type History } from "./history.js";
import type { DecisionInput, Person, TimelineItem } from "./input.js";
import type { TeamPolicy } from "./policy.js";
import { STATUS_LABEL_PREFIX, statusLabel, type RecordData, type RequestState } from "./records.js";
import { hashBody, hashRequest } from "./request-hash.js";

/** One change the shell must make. Records first, labels and closing last. */
export type Effect =
  | { kind: "record"; data: RecordData }
  | { kind: "add-member"; team: string; login: string }
  | { kind: "remove-member"; team: string; login: string }
  | { kind: "add-label"; label: string }
  | { kind: "remove-label"; label: string }
  | { kind: "close"; reason: "completed" | "not_planned" };

export interface Decision {
  state: RequestState;
  effects: Effect[];
  /** When the request must be looked at again even if nothing happens on GitHub (an expiry). */
  wakeAt?: number;
}

type CommentItem = Extract<TimelineItem, { kind: "comment" }>;
interface CommandItem {
  comment: CommentItem;
  parsed: { kind: "command"; command: Command } | { kind: "invalid"; message: string };
}

/**
 * The lifecycle decision: from the request's timeline, the app's own records,
 * the policies, membership facts and the time, to the state the request is in
 * and the effects that bring GitHub there. Pure: the same input always gives
 * the same decision, so a repeated, late or out-of-order webhook changes
 * nothing, and a restart loses nothing.
 *
 * @example
 * const { state, effects } = decide(input);
 */
export function decide(input: DecisionInput): Decision {
  const history = foldHistory(input.records);
  const requester = input.request.author;
  if (input.findings.length > 0 && history.terminal?.data.event !== "tampered") return tampered(input, history);
  if (history.terminal) return ended(input, history);
  if (history.granted) return granted(input, history, history.granted.data);

  if (input.request.state === "closed") {
    return finish(input, "withdrawn", [{ kind: "record", data: { event: "withdrawn", requester: requester.login, by: closer(input.timeline)?.login ?? requester.login } }], "not_planned");
  }
  const evaluation = evaluateRequest(input.request.body, requester, input.policy, input.directory);
  if (!evaluation.ok) return invalid(input, history, evaluation);
  if (history.approved && history.approved.data.requestHash === hashRequest(evaluation.request)) {
    return regrant(input, history, evaluation.policy, history.approved.data);
  }
  return pending(input, history, evaluation);
}

/**
 * An approval was recorded but the membership not yet added (a crash, or
 * GitHub failing): check the approvers again, now, before granting.
 */
function regrant(input: DecisionInput, history: History, policy: TeamPolicy, approved: Extract<RecordData, { event: "approved" }>): Decision {
  const requester = input.request.author;
  const still = approved.approvers.filter((login) => approverProblem({ login, bot: false }, requester, policy, input.directory) === undefined);
  if (countApprovals(still, policy, input.directory) >= policy.approvals) return grant(input, approved, []);
  const lost = approved.approvers.filter((login) => !still.includes(login));
  const snapshot = history.snapshot?.data;
  const request = snapshot?.event === "received" ? snapshot.request : { team: approved.team, durationMs: approved.durationMs, justification: "" };
  const data: RecordData = {
    event: "received",
    requestHash: approved.requestHash,
    requester: requester.login,
    request,
    policyRef: approved.policyRef,
    approvalsNeeded: policy.approvals,
    approvers: policy.approvers,
    voided: lost,
    reason: `${lost.map((l) => `@${l}`).join(", ")} can no longer approve \`${policy.team}\`, so the approval no longer holds; approve again`,
  };
  return labelled(input, "pending", [{ kind: "record", data }]);
}

/**
 * The membership look-ups a decision needs, so the shell asks GitHub for
 * exactly these: the requester's organisation membership, and for every
 * person who issued a command, added the approval label or approved a
 * review, membership of the approver teams; the requester's membership of the
 * requester teams.
 *
 * @example
 * planLookups({ body, author, timeline }, policies.teams.get("ops"));
 */
export function planLookups(
  input: Pick<DecisionInput, "request" | "timeline">,
  policy: TeamPolicy | undefined,
): { org: string[]; teams: { team: string; login: string }[] } {
  const requester = input.request.author.login.toLowerCase();
  const teams: { team: string; login: string }[] = [];
  if (!policy) return { org: [requester], teams };
  const actors = new Set<string>();
  const label = policy.approvalLabel?.toLowerCase();
  for (const item of input.timeline) {
    if (item.kind === "comment" && !item.author.bot && parseCommand(item.body).kind !== "none") actors.add(item.author.login.toLowerCase());
    if (item.kind === "labeled" && !item.actor.bot && item.label.toLowerCase() === label) actors.add(item.actor.login.toLowerCase());
    if (item.kind === "review" && !item.author.bot && item.state === "approved") actors.add(item.author.login.toLowerCase());
  }
  for (const login of actors) for (const team of policy.approvers.teams) teams.push({ team, login });
  for (const team of policy.requesters?.teams ?? []) teams.push({ team, login: requester });
  return { org: [requester], teams };
}

function invalid(input: DecisionInput, history: History, evaluation: Extract<Evaluation, { ok: false }>): Decision {
  const requestHash = hashBody(input.request.body);
  const effects: Effect[] = [];
  const told = history.snapshot?.data.event === "refused" && history.snapshot.data.requestHash === requestHash && history.snapshot.data.problems.join("\n") === evaluation.problems.join("\n");
  if (!told) {
    const data: RecordData = { event: "refused", requestHash, requester: input.request.author.login, problems: evaluation.problems };
    if (evaluation.policyRef !== undefined) data.policyRef = evaluation.policyRef;
    effects.push({ kind: "record", data });
  }
  const since = told ? history.snapshot!.seq : Infinity;
  for (const { comment, parsed } of commandsAfter(input, since, history)) {
    effects.push(refusal(comment, parsed, "the request is not valid yet; fix the problems listed above, then approve again"));
  }
  return labelled(input, "invalid", effects);
}

function pending(input: DecisionInput, history: History, evaluation: Extract<Evaluation, { ok: true }>): Decision {
  const { request, policy, policyRef } = evaluation;
  const requestHash = hashRequest(request);
  const requester = input.request.author;
  const snapshot = history.snapshot;
  if (snapshot?.data.event !== "received" || snapshot.data.requestHash !== requestHash) {
    // A new or changed request: approvals given before this snapshot were for
    // something else (or for a version the app never saw) and no longer count.
    const before = tallyApprovals(input, policy, history.snapshot?.seq ?? -1, history);
    const voided = [...new Set([...before.approvals.map((a) => a.login), ...history.recorded.values()])];
    const data: RecordData = { event: "received", requestHash, requester: requester.login, request, policyRef, approvalsNeeded: policy.approvals, approvers: policy.approvers, voided };
    const effects: Effect[] = [{ kind: "record", data }];
    // A stale approval label would look like an approval; take it off so approvers add it again.
    const stale = input.request.labels.find((l) => policy.approvalLabel !== undefined && l.toLowerCase() === policy.approvalLabel.toLowerCase());
    if (stale !== undefined) effects.push({ kind: "remove-label", label: stale });
    return labelled(input, "pending", effects);
  }

  const tally = tallyApprovals(input, policy, snapshot.seq, history);
  const effects: Effect[] = tally.records.map((data) => ({ kind: "record", data }));
  for (const label of tally.labelsToRemove) effects.push({ kind: "remove-label", label });
  if (tally.deny) {
    effects.push({ kind: "record", data: { event: "denied", requester: requester.login, by: tally.deny.by, reason: tally.deny.reason } });
    return finish(input, "denied", effects, "not_planned");
  }
  if (tally.count < policy.approvals) {
    for (const approval of tally.approvals) {
      const key = sourceKey(approval.source, approval.sourceId);
      if (history.recorded.has(key)) continue;
      effects.push({ kind: "record", data: { event: "approval", source: approval.source, sourceId: approval.sourceId, by: approval.login, requestHash, count: tally.count, needed: policy.approvals } });
    }
    return labelled(input, "pending", effects);
  }

  const approved: Extract<RecordData, { event: "approved" }> = {
    event: "approved",
    requestHash,
    requester: requester.login,
    team: request.team,
    durationMs: request.durationMs,
    expiresAt: input.now + request.durationMs,
    standing: input.membership === "active",
    approvers: tally.approvals.map((a) => a.login),
    policyRef,
  };
  effects.push({ kind: "record", data: approved });
  return grant(input, approved, effects);
}

function grant(input: DecisionInput, approved: Extract<RecordData, { event: "approved" }>, effects: Effect[]): Decision {
  const { requester, team, expiresAt, standing } = approved;
  if (input.grantRefused !== undefined) {
    effects.push({ kind: "record", data: { event: "grant-failed", requester, team, reason: input.grantRefused } });
    return finish(input, "failed", effects, "not_planned");
  }
  if (input.now >= expiresAt) {
    // The app was down for the whole grant: granting now would outlive the approval.
    effects.push({ kind: "record", data: { event: "expired", requester, team, removed: false } });
    return finish(input, "expired", effects, "completed");
  }
  if (!standing) effects.push({ kind: "add-member", team, login: requester });
  effects.push({ kind: "record", data: { event: "granted", requester, team, expiresAt, standing } });
  return { ...labelled(input, "granted", effects), wakeAt: expiresAt };
}

function granted(input: DecisionInput, history: History, grant: Extract<RecordData, { event: "granted" }>): Decision {
  const { requester, team, standing, expiresAt } = grant;
  const end = (data: RecordData, state: RequestState): Decision =>
    finish(input, state, [...(standing ? [] : [{ kind: "remove-member", team, login: requester } as const]), { kind: "record", data }], "completed");

  if (input.request.state === "closed") {
    const by = closer(input.timeline)?.login ?? requester;
    return end({ event: "revoked", requester, team, by, reason: "the request was closed", removed: !standing }, "revoked");
  }
  if (input.now >= expiresAt) return end({ event: "expired", requester, team, removed: !standing }, "expired");

  const effects: Effect[] = [];
  const policy = input.policy.kind === "ok" ? input.policy.policies.teams.get(team) : undefined;
  for (const { comment, parsed } of commandsAfter(input, history.granted!.seq, history)) {
    if (parsed.kind === "invalid") {
      effects.push(refusal(comment, parsed, parsed.message));
      continue;
    }
    const author = comment.author;
    const { name } = parsed.command;
    if (name === "revoke") {
      const isRequester = author.login.toLowerCase() === requester.toLowerCase();
      const problem = isRequester ? undefined : policy ? approverProblem(author, input.request.author, policy, input.directory) : "the policy for this team cannot be read, so only the requester can revoke";
      if (problem === undefined && !comment.edited) {
        return end({ event: "revoked", requester, team, by: author.login, reason: "`/revoke`", removed: !standing }, "revoked");
      }
      effects.push(refusal(comment, parsed, problem ?? "a `/revoke` comment that was edited does not count; post a new one"));
    } else {
      effects.push(refusal(comment, parsed, name === "extend"
        ? "`/extend` is not available yet; when this grant ends, open a new request"
        : `access is already granted until ${new Date(expiresAt).toISOString()}; use \`/revoke\` to end it early`));
    }
  }
  return { ...labelled(input, "granted", effects), wakeAt: expiresAt };
}

function ended(input: DecisionInput, history: History): Decision {
  const terminal = history.terminal!;
  const state = STATE_OF[terminal.data.event] ?? "expired";
  const effects: Effect[] = [];
  for (const { comment, parsed } of commandsAfter(input, terminal.seq, history)) {
    effects.push(refusal(comment, parsed, `this request has ended (${state}); open a new request`));
  }
  return finish(input, state, effects, state === "expired" || state === "revoked" ? "completed" : "not_planned");
}

function tampered(input: DecisionInput, history: History): Decision {
  const live = (history.granted ?? history.approved) && !history.terminal;
  const grant = history.granted?.data ?? history.approved?.data;
  const effects: Effect[] = [];
  const remove = Boolean(live && grant && !grant.standing);
  if (remove && grant) effects.push({ kind: "remove-member", team: grant.team, login: grant.requester });
  effects.push({ kind: "record", data: { event: "tampered", findings: input.findings.map((f) => f.detail), removed: remove } });
  return finish(input, "tampered", effects, "not_planned");
}

const STATE_OF: Partial<Record<RecordData["event"], RequestState>> = {
  expired: "expired",
  revoked: "revoked",
  denied: "denied",
  withdrawn: "withdrawn",
  "grant-failed": "failed",
  tampered: "tampered",
};

/** Unanswered command comments after a timeline position, in order. */
function commandsAfter(input: DecisionInput, seq: number, history: History): CommandItem[] {
  const out: CommandItem[] = [];
  for (const item of input.timeline) {
    if (item.kind !== "comment" || item.seq <= seq || history.answered.has(sourceKey("comment", item.id))) continue;
    const parsed = parseCommand(item.body);
    if (parsed.kind !== "none") out.push({ comment: item, parsed });
  }
  return out;
}

function refusal(comment: CommentItem, parsed: CommandItem["parsed"], reason: string): Effect {
  const command = parsed.kind === "command" ? `/${parsed.command.name}` : "command";
  return { kind: "record", data: { event: "attempt-refused", source: "comment", sourceId: comment.id, actor: comment.author.login, command, reason } };
}

function closer(timeline: readonly TimelineItem[]): Person | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const item = timeline[i];
    if (item?.kind === "closed") return item.actor;
  }
  return undefined;
}

function finish(input: DecisionInput, state: RequestState, effects: Effect[], reason: "completed" | "not_planned"): Decision {
  const decision = labelled(input, state, effects);
  if (input.request.state === "open") decision.effects.push({ kind: "close", reason });
  return decision;
}

/** Adds the label changes that leave exactly one status label, the state's. */
function labelled(input: DecisionInput, state: RequestState, effects: Effect[]): Decision {
  const wanted = statusLabel(state);
  const present = input.request.labels.filter((l) => l.startsWith(STATUS_LABEL_PREFIX));
  if (!present.includes(wanted)) effects.push({ kind: "add-label", label: wanted });
  for (const label of present) if (label !== wanted) effects.push({ kind: "remove-label", label });
  return { state, effects };
}
