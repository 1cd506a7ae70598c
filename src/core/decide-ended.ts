import { parseCommand } from "./commands.js";
import { finish, records, type Decision, type Effect } from "./decision.js";
import { endGrant, type LiveGrant } from "./end-grant.js";
import { sourceKey, type History } from "./history.js";
import type { DecisionInput } from "./input.js";
import { FINAL_STATES, statusLabel, type RecordData, type RequestState } from "./records.js";
import { parseRequestBody } from "./request-form.js";
import { lateAnswers } from "./pending-window.js";
import { labelsAddedByApp } from "./status-labels.js";
import { teamIdsOf } from "./team-ids.js";

const ENDED_LABELS = FINAL_STATES.map(statusLabel);
const LIVE_LABELS = [statusLabel("granted"), statusLabel("revoke-failed")];

/**
 * With the records of a grant deleted, what this process knows of the grant
 * (made by it, or read while the trail verified) names its team exactly;
 * unless a final status label the app added says the request ended (another
 * replica ended it, and this one's memory is behind).
 */
function heldGrant(input: DecisionInput, labels: Set<string>): LiveGrant | undefined {
  const held = input.heldGrant;
  if (held === undefined || ENDED_LABELS.some((l) => labels.has(l))) return undefined;
  return { requester: input.request.author.login, team: held.team, ...teamIdsOf(held), standing: held.standing };
}

/**
 * With the records of a grant deleted and nothing held in this process, the
 * label the app added may be all that says one is live: then the team is
 * taken from the request's latest signed snapshot left (the `received`
 * record a grant is approved on; no snapshot is written after a grant),
 * else from the body, which anyone who can edit the issue can change, so
 * only a team the policies define; and the membership is removed (a
 * standing membership cannot be told apart any more; failing closed removes
 * it). Whoever deleted records chose which snapshot is left: every other
 * team the trail and the body name is returned too, for the record to name.
 */
function labelledGrant(input: DecisionInput, history: History, labels: Set<string>): { grant: LiveGrant; others: string[] } | undefined {
  if (!LIVE_LABELS.some((l) => labels.has(l))) return undefined;
  const parsed = parseRequestBody(input.request.body);
  const bodyTeam = parsed.ok && input.policy.kind === "ok" && input.policy.policies.teams.has(parsed.fields.team) ? parsed.fields.team : undefined;
  const snapshot = history.snapshot?.data;
  const team = snapshot?.event === "received" ? snapshot.request.team : bodyTeam;
  if (team === undefined) return undefined;
  const named = input.records.flatMap((r) => (r.data.event === "received" ? [r.data.request.team] : []));
  const others = [...new Set([...named, ...(bodyTeam === undefined ? [] : [bodyTeam])])].filter((t) => t !== team);
  return { grant: { requester: input.request.author.login, team, standing: false }, others };
}

const STATE_OF: Partial<Record<RecordData["event"], RequestState>> = {
  expired: "expired",
  revoked: "revoked",
  denied: "denied",
  withdrawn: "withdrawn",
  "grant-failed": "failed",
  "timed-out": "timed-out",
  tampered: "tampered",
  // A grant someone else ended early, outside the app: revoked, as by `/revoke`.
  "removed-early": "revoked",
};

/**
 * A finished request: keep it labelled, closed and locked, and answer once
 * any command posted after it ended — unless the conversation is locked:
 * then only people with write access can comment, GitHub refuses the app's
 * answer, and the locked, labelled issue already says it has ended.
 *
 * @example
 * ended(input, history).state; // "expired"
 */
export function ended(input: DecisionInput, history: History): Decision {
  const terminal = history.terminal!;
  const state = STATE_OF[terminal.data.event] ?? "expired";
  const effects: Effect[] = [];
  // Approving comments posted after the wait ran out and before its end's record landed (writes queue): answered as the
  // read that ended it answers them, locked or not (the app unlocks to write, and locks again).
  const team = history.received?.data.request.team;
  const policy = team !== undefined && input.policy.kind === "ok" ? input.policy.policies.teams.get(team) : undefined;
  if (policy !== undefined && (terminal.data.event === "timed-out" || terminal.data.event === "denied")) {
    effects.push(...records(lateAnswers({ ...input, timeline: input.timeline.filter((item) => item.seq < terminal.seq) }, history, policy)));
  }
  for (const item of input.request.locked ? [] : input.timeline) {
    if (item.kind !== "comment" || item.seq <= terminal.seq || history.answered.has(sourceKey("comment", item.id)) || history.reviewApprovals.has(sourceKey("comment", item.id))) continue;
    const parsed = parseCommand(item.body);
    if (parsed.kind === "none") continue;
    const command = parsed.kind === "command" ? `/${parsed.command.name}` : "command";
    effects.push({ kind: "record", data: { event: "attempt-refused", source: "comment", sourceId: item.id, actor: item.author.login, command, reason: `this request has ended (${state}); open a new request` } });
  }
  return finish(input, state, effects, state === "expired" || state === "revoked" ? "completed" : "not_planned");
}

/**
 * Tampering was found in the app's records: nothing on this request can be
 * trusted any more, so a live grant is revoked and the request ends.
 *
 * @example
 * tampered(input, history).state; // "tampered"
 */
export function tampered(input: DecisionInput, history: History): Decision {
  const findings = input.findings.map((f) => f.detail);
  const labels = labelsAddedByApp(input.request.labels, input.timeline, input.appLogin);
  const guessed = history.granted || history.approved ? undefined : heldGrant(input, labels) === undefined ? labelledGrant(input, history, labels) : undefined;
  const grant = history.granted?.data ?? history.approved?.data ?? heldGrant(input, labels) ?? guessed?.grant;
  if (guessed !== undefined && guessed.others.length > 0) {
    const requester = input.request.author.login;
    findings.push(`the grant's records are gone and the request named other teams too (${guessed.others.map((t) => `\`${t}\``).join(", ")}): @${requester}'s membership of \`${guessed.grant.team}\`, the team of the latest signed snapshot left, is the one ended; an owner checks @${requester}'s memberships of the others`);
  }
  if (grant && !history.terminal) {
    return endGrant(input, history, grant, (removed, keptFor) => ({ event: "tampered", findings, removed, ...(keptFor ? { keptFor } : {}) }), "tampered", "not_planned");
  }
  return finish(input, "tampered", [{ kind: "record", data: { event: "tampered", findings, removed: false } }], "not_planned");
}
