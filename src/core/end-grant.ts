import { isAfter, since } from "./approvals.js";
import { parseCommand } from "./commands.js";
import { finish, labelled, type Decision, type Effect } from "./decision.js";
import { sourceKey, type History } from "./history.js";
import type { DecisionInput } from "./input.js";
import type { RecordData, RequestState } from "./records.js";
import { sameTeam, teamIdsOf, type TeamIds } from "./team-ids.js";

/** How soon a failed removal is tried again (the sweep tries too). */
export const REMOVAL_RETRY_MS = 60_000;

/**
 * GitHub would not remove a membership: the request stays live, labelled
 * `access:revoke-failed`, the trail says so once (with `reason`), and the
 * removal is tried again after {@link REMOVAL_RETRY_MS} (the sweep tries too).
 *
 * @example
 * removalFailed(input, history, "jane", "ops", "DELETE … failed (403)");
 */
export function removalFailed(input: DecisionInput, history: History, requester: string, team: string, reason: string): Decision {
  const effects: Effect[] = history.revokeFailed ? [] : [{ kind: "record", data: { event: "revoke-failed", requester, team, reason } }];
  return labelled(input, "revoke-failed", effects, input.now + REMOVAL_RETRY_MS);
}

/**
 * The removal of a grant's membership, naming the team's ids when known.
 *
 * @example
 * removeMember({ team: "ops", teamIds: { org: 1, team: 7 } }, "jane"); // { kind: "remove-member", team: "ops", login: "jane", teamIds: { org: 1, team: 7 } }
 */
export function removeMember(grant: { team: string; teamIds?: TeamIds | undefined }, login: string): Effect {
  return { kind: "remove-member", team: grant.team, login, ...teamIdsOf(grant) };
}

/** The grant being ended. */
export interface LiveGrant {
  requester: string;
  team: string;
  /** The team's ids, when the grant record keeps them. */
  teamIds?: TeamIds;
  standing: boolean;
}

/**
 * Ends a grant: removes the membership — unless it was standing, or another
 * live grant of the same team to the same person still needs it — then
 * records why. When GitHub would not remove it, the request stays live,
 * labelled `access:revoke-failed`, the trail says so once, and the removal is
 * tried again until it succeeds.
 *
 * @example
 * endGrant(input, history, grant, (removed, keptFor) => ({ event: "expired", …, removed, keptFor }), "expired", "completed");
 */
export function endGrant(
  input: DecisionInput,
  history: History,
  grant: LiveGrant,
  build: (removed: boolean, keptFor?: string) => RecordData,
  state: RequestState,
  reason: "completed" | "not_planned",
): Decision {
  const keptFor = (input.otherGrants ?? []).find((g) => g.expiresAt > input.now && sameTeam(g, grant))?.ref;
  const remove = !grant.standing && keptFor === undefined;
  if (remove && input.removalFailed !== undefined) return removalFailed(input, history, grant.requester, grant.team, input.removalFailed);
  // Removed already by the app at this expiry (see DecisionInput.removedAtExpiry): recorded, not sent again.
  const removedAlready = input.removedAtExpiry !== undefined && input.removedAtExpiry <= input.now;
  // The author is the requester, under their login as GitHub shows it now (a renamed account included).
  const effects: Effect[] = remove && !removedAlready ? [removeMember(grant, input.request.author.login)] : [];
  effects.push({ kind: "record", data: keptFor === undefined ? build(remove) : build(remove, keptFor) });
  return finish(input, state, effects, reason);
}

/**
 * Answers to the `/extend` comments the grant's end came before jit-access
 * read (after the end's record, the end answers them), and to the
 * `/approve` comments posted after such an `/extend`, which approved
 * nothing that was recorded: the end's record answers only what comes after
 * it, so these went unanswered.
 *
 * @example
 * unreadExtends(input, history, expiresAt); // [{ event: "attempt-refused", command: "/extend", … }]
 */
export function unreadExtends(input: DecisionInput, history: History, expiresAt: number): RecordData[] {
  const from = since(history.snapshot ?? history.approved ?? history.granted);
  const ended = new Date(expiresAt).toISOString();
  const answers: RecordData[] = [];
  for (const item of input.timeline) {
    if (item.kind !== "comment" || !isAfter(item, from)) continue;
    const key = sourceKey("comment", item.id);
    if (history.answered.has(key) || history.extendsTaken.has(key) || history.reviewApprovals.has(key)) continue;
    const parsed = parseCommand(item.body);
    const name = parsed.kind === "command" ? parsed.command.name : undefined;
    if (name === "extend" || (name === "approve" && answers.length > 0)) {
      const reason = name === "extend" ? `the grant ended at ${ended} before jit-access read this; open a new request if the need remains` : `the grant ended at ${ended} before jit-access read the \`/extend\` above, so there is no extension to approve; a new request is approved as usual`;
      answers.push({ event: "attempt-refused", source: "comment", sourceId: item.id, actor: item.author.login, command: `/${name}`, reason });
    }
  }
  return answers;
}
