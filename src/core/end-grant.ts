import { finish, labelled, type Decision, type Effect } from "./decision.js";
import type { History } from "./history.js";
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
