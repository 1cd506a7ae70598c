import { parseCommand } from "./commands.js";
import { finish, type Decision, type Effect } from "./decision.js";
import { endGrant, type LiveGrant } from "./end-grant.js";
import { sourceKey, type History } from "./history.js";
import type { DecisionInput } from "./input.js";
import { statusLabel, type RecordData, type RequestState } from "./records.js";
import { parseRequestBody } from "./request-form.js";
import { teamIdsOf } from "./team-ids.js";

/**
 * With the records of a grant deleted, what this process knows of the grant
 * (made by it, or read while the trail verified) names its team exactly.
 */
function heldGrant(input: DecisionInput): LiveGrant | undefined {
  const held = input.heldGrant;
  return held === undefined ? undefined : { requester: input.request.author.login, team: held.team, ...teamIdsOf(held), standing: held.standing };
}

/**
 * With the records of a grant deleted and nothing held in this process, the
 * label the app added may be all that says one is live: then the team is
 * taken from the request's latest signed snapshot (the `received` record a
 * grant is approved on; no snapshot is written after a grant), else from the
 * body, which anyone who can edit the issue can change, so only a team the
 * policies define; and the membership is removed (a standing membership
 * cannot be told apart any more; failing closed removes it).
 */
function labelledGrant(input: DecisionInput, history: History): LiveGrant | undefined {
  // Only a label the app itself added says anything: anyone can add a status label by hand.
  const app = input.appLogin?.toLowerCase();
  const addedBy = new Map<string, string>();
  for (const item of input.timeline) if (item.kind === "labeled") addedBy.set(item.label, item.actor.login.toLowerCase());
  const live = [statusLabel("granted"), statusLabel("revoke-failed")].some((l) => input.request.labels.includes(l) && app !== undefined && addedBy.get(l) === app);
  if (!live) return undefined;
  const snapshot = history.snapshot?.data;
  if (snapshot?.event === "received") return { requester: input.request.author.login, team: snapshot.request.team, standing: false };
  const parsed = parseRequestBody(input.request.body);
  if (!parsed.ok || input.policy.kind !== "ok" || !input.policy.policies.teams.has(parsed.fields.team)) return undefined;
  return { requester: input.request.author.login, team: parsed.fields.team, standing: false };
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
  for (const item of input.request.locked ? [] : input.timeline) {
    if (item.kind !== "comment" || item.seq <= terminal.seq || history.answered.has(sourceKey("comment", item.id))) continue;
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
  const grant = history.granted?.data ?? history.approved?.data ?? heldGrant(input) ?? labelledGrant(input, history);
  if (grant && !history.terminal) {
    return endGrant(input, history, grant, (removed, keptFor) => ({ event: "tampered", findings, removed, ...(keptFor ? { keptFor } : {}) }), "tampered", "not_planned");
  }
  return finish(input, "tampered", [{ kind: "record", data: { event: "tampered", findings, removed: false } }], "not_planned");
}
