import { since, tallyApprovals } from "./approvals.js";
import { breakGlassBeforeRecord, breakGlassComments, breakGlassGrant, breakGlassProblem, openBreakGlass, refuseBreakGlass, type BreakGlassAsk } from "./break-glass.js";
import { parseCommand } from "./commands.js";
import { finish, labelled, records, type Decision, type Effect } from "./decision.js";
import { approverProblem, countApprovals } from "./eligibility.js";
import { endGrant } from "./end-grant.js";
import type { Evaluation } from "./evaluate-request.js";
import { sourceKey, type History } from "./history.js";
import type { DecisionInput, Person } from "./input.js";
import type { TeamPolicy } from "./policy.js";
import { inTime, lateAnswers, snapshotSince, termsSince, unchanged } from "./pending-window.js";
import type { RecordData } from "./records.js";
import { hashBody, hashRequest } from "./request-hash.js";

type Approved = Extract<RecordData, { event: "approved" }>;

/**
 * A request that cannot be acted on: one answer listing every problem, given
 * again only when the body or the problems change.
 *
 * @example
 * invalid(input, history, evaluation).state; // "invalid"
 */
export function invalid(input: DecisionInput, history: History, evaluation: Extract<Evaluation, { ok: false }>): Decision {
  const requestHash = hashBody(input.request.body);
  const effects: Effect[] = [];
  const snapshot = history.snapshot;
  const told = snapshot?.data.event === "refused" && snapshot.data.requestHash === requestHash && snapshot.data.problems.join("\n") === evaluation.problems.join("\n");
  if (!told) {
    const data: RecordData = { event: "refused", requestHash, requester: input.request.author.login, problems: evaluation.problems };
    if (evaluation.policyRef !== undefined) data.policyRef = evaluation.policyRef;
    effects.push({ kind: "record", data });
    return labelled(input, "invalid", effects);
  }
  for (const item of input.timeline) {
    if (item.kind !== "comment" || item.seq <= snapshot.seq || history.answered.has(sourceKey("comment", item.id))) continue;
    if (parseCommand(item.body).kind === "none") continue;
    effects.push({ kind: "record", data: { event: "attempt-refused", source: "comment", sourceId: item.id, actor: item.author.login, command: "command", reason: "the request is not valid yet; fix the problems listed above, then approve again" } });
  }
  return labelled(input, "invalid", effects);
}

/**
 * A valid request waiting for approval: record a snapshot when it is new or
 * changed (voiding earlier approvals), then judge approvals, `/deny`, the
 * pending timeout and escalation, and grant once enough approvals count.
 * Read once its wait ran out, the request ends or is approved at this read,
 * and the approving comments posted after the deadline are answered then.
 *
 * @example
 * pending(input, history, evaluation).state; // "pending" | "granted" | "denied" | "timed-out"
 */
export function pending(read: DecisionInput, history: History, evaluation: Extract<Evaluation, { ok: true }>): Decision {
  const decision = judge(read, history, evaluation);
  const late = lateAnswers(read, history, evaluation.policy);
  return late.length === 0 ? decision : { ...decision, effects: [...records(late), ...decision.effects] };
}

function judge(read: DecisionInput, history: History, evaluation: Extract<Evaluation, { ok: true }>): Decision {
  const { request, policy, policyRef } = evaluation;
  const input = inTime(read, history, policy);
  const requestHash = hashRequest(request);
  const requester = input.request.author;
  const snapshot = history.snapshot;
  const editedSince = snapshot?.data.event === "received" && snapshot.data.requestHash === requestHash ? bodyEditedSince(input, snapshot.at, snapshot.data.bodyEdits) : undefined;
  if (snapshot?.data.event !== "received" || snapshot.data.requestHash !== requestHash || editedSince) {
    // A request changed after its wait ran out is not recorded as waiting again: it times out, as a timely read would have had it.
    if (history.firstReceivedAt !== undefined && policy.pendingTimeoutMs !== undefined && input.now - history.firstReceivedAt >= policy.pendingTimeoutMs) return waiting(input, history, policy, []);
    // A changed request — or one edited since its record, even back to the same text
    // (A → B → A): approvals given before the edit were for something else and no
    // longer count, and the record names them. Approvals made before a first record
    // of a body never edited still count under it (see unchanged); they are not named.
    // Under a later record nothing given before it counts (see snapshotSince).
    // A `/deny` given while an earlier record stood refuses the request whatever changed since: a timely read would have denied.
    // One made while a refusal stood was answered as not yet valid (invalid()), and counts for nothing, read early or late.
    const window = termsSince(input, history);
    if (snapshot !== undefined && window !== undefined) {
      const stood = snapshot.data.event === "refused" ? { ...input, timeline: input.timeline.filter((item) => item.seq < snapshot.seq) } : input;
      const denial = tallyApprovals(stood, policy, { ...window, answer: { voided: new Set() } }, history).deny;
      if (denial) return finish(input, "denied", [...glassAnswers(input, history, denial.by), { kind: "record", data: { event: "denied", requester: requester.login, by: denial.by, reason: denial.reason } }], "not_planned");
    }
    const kept = snapshot === undefined ? tallyApprovals(input, policy, { seq: Number.POSITIVE_INFINITY, floor: -1, ...unchanged(input, history) }, history).approvals : [];
    const still = new Set(kept.map((a) => a.login.toLowerCase()));
    // Approvals counted under the last valid snapshot's terms (through any refusal after it; all, if none) are named.
    const before = snapshot ? tallyApprovals(input, policy, window ?? since(undefined), history).approvals.map((a) => a.login) : [];
    const voided = [...new Set([...before, ...history.recorded.values()])].filter((login) => !still.has(login.toLowerCase()));
    const edits = input.request.bodyEdits;
    const data: Extract<RecordData, { event: "received" }> = {
      event: "received", requestHash, requester: requester.login, ...idOf(requester), request, policyRef, approvalsNeeded: policy.approvals, approvers: policy.approvers, voided,
      ...(edits === undefined ? {} : { bodyEdits: edits.count }),
      ...(editedSince ? { reason: `the request was edited by @${editedSince.by} at ${new Date(editedSince.at).toISOString()} since it was recorded; even where it reads the same, approvals given before that edit no longer count` } : {}),
    };
    const effects: Effect[] = [{ kind: "record", data }];
    // A stale approval label would look like an approval; take it off so approvers add it again
    // (one that still counts, added before a first record of a body never edited, stays).
    const stale = input.request.labels.find((l) => policy.approvalLabel !== undefined && l.toLowerCase() === policy.approvalLabel.toLowerCase());
    if (stale !== undefined && !kept.some((a) => a.source === "label")) effects.push({ kind: "remove-label", label: stale });
    if (request.emergency) {
      const problem = breakGlassProblem(input, policy, request.durationMs, { via: "form" });
      if (problem === undefined) return breakGlass(input, history, evaluation, { via: "form" }, effects);
      data.breakGlassRefused = problem;
    }
    return labelled(input, "pending", effects, waitDeadline(input, history, policy));
  }

  const voided = new Set(snapshot.data.voided.map((v) => v.toLowerCase()));
  const tally = tallyApprovals(input, policy, { ...snapshotSince(input, history), answer: { voided, recordAt: snapshot.seq } }, history);
  // A `/deny` ends the request before any break-glass is judged: a read between the two would have denied it.
  if (tally.deny) {
    const effects: Effect[] = [...records(tally.records), ...tally.labelsToRemove.map((label): Effect => ({ kind: "remove-label", label }))];
    effects.push(...glassAnswers(input, history, tally.deny.by));
    effects.push({ kind: "record", data: { event: "denied", requester: requester.login, by: tally.deny.by, reason: tally.deny.reason } });
    return finish(input, "denied", effects, "not_planned");
  }

  // Break-glass asked for: the form's box (judged again only if its snapshot was recorded without an answer, after a crash), or `/break-glass`.
  const glassEffects: Effect[] = [];
  if (request.emergency && snapshot.data.breakGlassRefused === undefined && breakGlassProblem(input, policy, request.durationMs, { via: "form" }) === undefined) {
    return breakGlass(input, history, evaluation, { via: "form" }, []);
  }
  glassEffects.push(...records(breakGlassBeforeRecord(input, history)));
  for (const comment of breakGlassComments(input, history)) {
    const problem = breakGlassProblem(input, policy, request.durationMs, { via: "comment", comment });
    if (problem === undefined) return breakGlass(input, history, evaluation, { via: "comment", comment }, glassEffects);
    glassEffects.push({ kind: "record", data: refuseBreakGlass(comment, problem) });
  }

  const effects: Effect[] = [...glassEffects, ...records(tally.records)];
  for (const label of tally.labelsToRemove) effects.push({ kind: "remove-label", label });
  if (tally.count >= policy.approvals) {
    const approved: Approved = {
      event: "approved",
      requestHash,
      requester: requester.login,
      ...idOf(requester),
      team: request.team,
      durationMs: request.durationMs,
      expiresAt: input.now + request.durationMs,
      standing: isStanding(input),
      approvers: tally.approvals.map((a) => a.login),
      policyRef,
    };
    effects.push({ kind: "record", data: approved });
    return grant(input, history, approved, effects);
  }
  for (const approval of tally.approvals) {
    if (history.recorded.has(sourceKey(approval.source, approval.sourceId))) continue;
    effects.push({ kind: "record", data: { event: "approval", source: approval.source, sourceId: approval.sourceId, by: approval.login, requestHash, count: tally.count, needed: policy.approvals } });
  }
  return waiting(input, history, policy, effects);
}

/**
 * An approval was recorded but the membership not yet added (a crash, or
 * GitHub failing): check the approvers again, now, before granting.
 *
 * @example
 * regrant(input, history, policy, approved).state; // "granted" | "pending"
 */
export function regrant(input: DecisionInput, history: History, policy: TeamPolicy, approved: Approved): Decision {
  if (approved.breakGlass) {
    // Granted without approvers: what is checked again is the break-glass allowance itself.
    const problem = breakGlassProblem(input, policy, approved.durationMs, "recorded");
    if (problem === undefined) return grant(input, history, approved, []);
    return labelled(input, "pending", [{ kind: "record", data: { ...reReceived(input, history, approved, policy, []), breakGlassRefused: problem } }]);
  }
  const requester = input.request.author;
  // Only approvals that still stand count: eligible now, and not withdrawn since (comment edited or deleted, label removed, review dismissed).
  const live = new Set(tallyApprovals(input, policy, snapshotSince(input, history), history).approvals.map((a) => a.login.toLowerCase()));
  const still = approved.approvers.filter((login) => live.has(login.toLowerCase()) && approverProblem({ login, bot: false }, requester, policy, input.directory) === undefined);
  if (countApprovals(still, policy, input.directory) >= policy.approvals) return grant(input, history, approved, []);
  const lost = approved.approvers.filter((login) => !still.includes(login));
  const reason = `the approval by ${lost.map((l) => `@${l}`).join(", ")} no longer stands (withdrawn, or no longer an approver of \`${policy.team}\`), so nothing was granted; approve again`;
  return labelled(input, "pending", [{ kind: "record", data: { ...reReceived(input, history, approved, policy, lost), reason } }]);
}

/** The request recorded again, as it stood when approved, when that approval no longer grants. */
function reReceived(input: DecisionInput, history: History, approved: Approved, policy: TeamPolicy, voided: string[]): Extract<RecordData, { event: "received" }> {
  const snapshot = history.snapshot?.data;
  const request = snapshot?.event === "received" ? snapshot.request : { team: approved.team, durationMs: approved.durationMs, justification: "" };
  const requester = input.request.author;
  // Restated: the terms those approvals were given to stay, and so do the approvals that still stand. The body's
  // edit count is kept, as in every snapshot, so that an edit since is seen (regrant is not reached after one).
  const edits = input.request.bodyEdits;
  return { event: "received", requestHash: approved.requestHash, requester: requester.login, ...idOf(requester), request, policyRef: approved.policyRef, approvalsNeeded: policy.approvals, approvers: policy.approvers, voided, restated: true, ...(edits === undefined ? {} : { bodyEdits: edits.count }) };
}

/**
 * Grants at once without approval: the approval record carries the
 * break-glass facts (how it was asked for, who is told, when the review is
 * due) and names no approver.
 */
function breakGlass(input: DecisionInput, history: History, evaluation: Extract<Evaluation, { ok: true }>, ask: BreakGlassAsk, effects: Effect[]): Decision {
  const { request, policy, policyRef } = evaluation;
  const requester = input.request.author;
  const approved: Approved = {
    event: "approved",
    requestHash: hashRequest(request),
    requester: requester.login,
    ...idOf(requester),
    team: request.team,
    durationMs: request.durationMs,
    expiresAt: input.now + request.durationMs,
    standing: isStanding(input),
    approvers: [],
    policyRef,
    breakGlass: breakGlassGrant(input, policy, ask),
  };
  effects.push({ kind: "record", data: approved });
  return grant(input, history, approved, effects);
}

/**
 * Adds the membership after the approval record, then records the grant,
 * which runs the approved duration from the moment access starts. An
 * approval not acted on within its own duration (the app was down
 * throughout) grants nothing: the request ends as expired (removing a
 * membership a failed earlier attempt may have left behind).
 */
function grant(input: DecisionInput, history: History, approved: Approved, effects: Effect[]): Decision {
  const { requesterId, team, expiresAt, standing } = approved;
  // The requester's login now: the issue's author is the account approved (by id), and a login recorded before a
  // retry may since have been given up and taken by another account, which must not be added.
  const requester = input.request.author.login;
  if (input.grantRefused !== undefined) {
    effects.push({ kind: "record", data: { event: "grant-failed", requester, team, reason: input.grantRefused } });
    return finish(input, "failed", effects, "not_planned");
  }
  if (input.now >= expiresAt) {
    const ended = endGrant(input, history, approved, (removed, keptFor) => ({ event: "expired", requester, team, removed, ...(keptFor ? { keptFor } : {}) }), "expired", "completed");
    return { ...ended, effects: [...effects, ...ended.effects] };
  }
  // The clock starts when access starts: a standing membership now, an added one when
  // GitHub adds it (the shell dates the record from its answer; writes can queue).
  const until = input.now + approved.durationMs;
  if (!standing) effects.push({ kind: "add-member", team, login: requester, durationMs: approved.durationMs });
  effects.push({ kind: "record", data: { event: "granted", requester, ...(requesterId === undefined ? {} : { requesterId }), team, expiresAt: until, standing, ...(approved.breakGlass ? { breakGlass: approved.breakGlass } : {}) } });
  return labelled(input, "granted", effects, until);
}

/** Still waiting: time out, or escalate, when the policy says so. */
function waiting(input: DecisionInput, history: History, policy: TeamPolicy, effects: Effect[]): Decision {
  const since = history.firstReceivedAt ?? input.now;
  const waited = input.now - since;
  if (policy.pendingTimeoutMs !== undefined && waited >= policy.pendingTimeoutMs) {
    effects.push({ kind: "record", data: { event: "timed-out", requester: input.request.author.login, waitedMs: waited } });
    return finish(input, "timed-out", effects, "not_planned");
  }
  if (policy.escalation && !history.escalated && waited >= policy.escalation.afterMs) {
    effects.push({ kind: "record", data: { event: "escalated", notify: policy.escalation.notify, waitedMs: waited } });
  }
  return labelled(input, "pending", effects, waitDeadline(input, history, policy, true));
}

/** The next time waiting changes something: the escalation, then the timeout. */
function waitDeadline(input: DecisionInput, history: History, policy: TeamPolicy, escalatedNow = false): number | undefined {
  const since = history.firstReceivedAt ?? input.now;
  const times: number[] = [];
  if (policy.escalation && !history.escalated && !escalatedNow) times.push(since + policy.escalation.afterMs);
  if (policy.pendingTimeoutMs !== undefined) times.push(since + policy.pendingTimeoutMs);
  const future = times.filter((t) => t > input.now);
  return future.length > 0 ? Math.min(...future) : undefined;
}

/**
 * A membership is standing when the person was an active member before this
 * grant and not only through another grant of jit-access's whose end is not
 * recorded yet: one past its expiry still holds the membership until its end
 * is reconciled, so it counts as much as a live one.
 */
function isStanding(input: DecisionInput): boolean {
  if (input.membership !== "active") return false;
  return (input.otherGrants ?? []).every((g) => g.standing);
}

/** Answers to every `/break-glass` not judged yet, when `by`'s `/deny` ends the request it asked to grant. */
function glassAnswers(input: DecisionInput, history: History, by: string): Effect[] {
  return openBreakGlass(input, history).map((comment) => ({ kind: "record", data: refuseBreakGlass(comment, `@${by} denied the request, so nothing is granted; open a new request if the need remains`) }));
}

/** The requester's numeric id for a record, when GitHub gave one: grants belong to the account, not the login. */
function idOf(person: Person): { requesterId?: number } {
  return person.id === undefined ? {} : { requesterId: person.id };
}

/**
 * The body's last edit when GitHub's edit history shows one the snapshot
 * record did not: the record counts the history's entries it was decided on
 * (a record from before that count was kept: an edit at or after its time).
 *
 * @example
 * bodyEditedSince(input, snapshot.at, snapshot.data.bodyEdits); // { at, by } | undefined
 */
export function bodyEditedSince(input: DecisionInput, recordedAt: number, recordedEdits: number | undefined): { at: number; by: string } | undefined {
  const edits = input.request.bodyEdits;
  if (!edits?.last) return undefined;
  const changed = recordedEdits === undefined ? edits.last.at >= recordedAt : edits.count !== recordedEdits;
  return changed ? edits.last : undefined;
}
