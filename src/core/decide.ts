import { parseCommand, type Command } from "./commands.js";
import { describe, evaluateRequest, isListed, type Evaluation } from "./evaluate-request.js";
import { foldHistory, type History } from "./history.js";
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
  if (history.approved) return grant(input, history.approved.data, []);

  if (input.request.state === "closed") {
    return finish(input, "withdrawn", [{ kind: "record", data: { event: "withdrawn", requester: requester.login, by: closer(input.timeline)?.login ?? requester.login } }], "not_planned");
  }
  const evaluation = evaluateRequest(input.request.body, requester, input.policy, input.directory);
  return evaluation.ok ? pending(input, history, evaluation) : invalid(input, history, evaluation);
}

/**
 * The membership look-ups a decision needs, so the shell asks GitHub for
 * exactly these: the requester's organisation membership, and for every
 * person who issued a command, membership of the approver and requester teams.
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
  for (const item of input.timeline) {
    if (item.kind === "comment" && !item.author.bot && parseCommand(item.body).kind !== "none") actors.add(item.author.login.toLowerCase());
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
    const after = history.snapshot?.seq ?? -1;
    const voided = commandsAfter(input, after, history)
      .filter((c) => c.parsed.kind === "command" && c.parsed.command.name === "approve")
      .map((c) => c.comment.author.login);
    const data: RecordData = { event: "received", requestHash, requester: requester.login, request, policyRef, approvalsNeeded: policy.approvals, approvers: policy.approvers, voided: [...new Set(voided)] };
    return labelled(input, "pending", [{ kind: "record", data }]);
  }

  const effects: Effect[] = [];
  const approvers: string[] = [];
  for (const { comment, parsed } of commandsAfter(input, snapshot.seq, history)) {
    if (parsed.kind === "invalid") {
      effects.push(refusal(comment, parsed, parsed.message));
      continue;
    }
    const { command } = parsed;
    const author = comment.author;
    if (command.name === "approve") {
      const problem = approverProblem(author, requester, policy, input)
        ?? (comment.edited ? "an approval comment that was edited does not count; post a new `/approve`" : undefined)
        ?? (approvers.some((a) => a.toLowerCase() === author.login.toLowerCase()) ? `@${author.login} has already approved; each approver counts once` : undefined);
      if (problem) effects.push(refusal(comment, parsed, problem));
      else approvers.push(author.login);
    } else if (command.name === "deny") {
      const problem = author.login.toLowerCase() === requester.login.toLowerCase()
        ? "you cannot deny your own request; close the issue to withdraw it"
        : approverProblem(author, requester, policy, input) ?? (comment.edited ? "a `/deny` comment that was edited does not count; post a new one" : undefined);
      if (problem) {
        effects.push(refusal(comment, parsed, problem));
        continue;
      }
      effects.push({ kind: "record", data: { event: "denied", requester: requester.login, by: author.login, reason: command.reason } });
      return finish(input, "denied", effects, "not_planned");
    } else {
      effects.push(refusal(comment, parsed, command.name === "revoke"
        ? "nothing has been granted yet; to withdraw the request, close the issue"
        : "nothing has been granted yet, so there is nothing to extend; change the Duration in the request instead"));
    }
  }
  if (approvers.length < policy.approvals) return labelled(input, "pending", effects);

  const approved: Extract<RecordData, { event: "approved" }> = {
    event: "approved",
    requestHash,
    requester: requester.login,
    team: request.team,
    durationMs: request.durationMs,
    expiresAt: input.now + request.durationMs,
    standing: input.membership === "active",
    approvers,
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
      const problem = isRequester ? undefined : policy ? approverProblem(author, input.request.author, policy, input) : "the policy for this team cannot be read, so only the requester can revoke";
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

/** Whether a person may approve; undefined when they may, else why not. */
function approverProblem(author: Person, requester: Person, policy: TeamPolicy, input: DecisionInput): string | undefined {
  if (author.bot) return `@${author.login} is a bot; only people can approve`;
  const self = author.login.toLowerCase() === requester.login.toLowerCase();
  if (self && !policy.selfApproval) return `you cannot approve your own request: the policy for \`${policy.team}\` does not allow self-approval`;
  if (!isListed(author.login, policy.approvers, input.directory)) {
    return `@${author.login} is not an approver for \`${policy.team}\`; approvers are ${describe(policy.approvers)}`;
  }
  return undefined;
}

/** Unanswered command comments after a timeline position, in order. */
function commandsAfter(input: DecisionInput, seq: number, history: History): CommandItem[] {
  const out: CommandItem[] = [];
  for (const item of input.timeline) {
    if (item.kind !== "comment" || item.seq <= seq || history.answered.has(item.id)) continue;
    const parsed = parseCommand(item.body);
    if (parsed.kind !== "none") out.push({ comment: item, parsed });
  }
  return out;
}

function refusal(comment: CommentItem, parsed: CommandItem["parsed"], reason: string): Effect {
  const command = parsed.kind === "command" ? `/${parsed.command.name}` : "command";
  return { kind: "record", data: { event: "attempt-refused", commentId: comment.id, actor: comment.author.login, command, reason } };
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
