import { finish, labelled, type Decision, type Effect } from "./decision.js";
import type { History } from "./history.js";
import type { DecisionInput } from "./input.js";
import type { RecordData, RequestState } from "./records.js";

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
 * The removal of a grant's membership, naming the team's id when known.
 *
 * @example
 * removeMember({ team: "ops", teamId: 7 }, "jane"); // { kind: "remove-member", team: "ops", login: "jane", teamId: 7 }
 */
export function removeMember(grant: { team: string; teamId?: number | undefined }, login: string): Effect {
  return { kind: "remove-member", team: grant.team, login, ...teamIdOf(grant) };
}

/**
 * `{ teamId }` when the grant knows its team's id, else nothing: for spreading
 * into an object whose `teamId` is optional.
 *
 * @example
 * ({ team: "ops", ...teamIdOf({ teamId: 7 }) }); // { team: "ops", teamId: 7 }
 */
export function teamIdOf(grant: { teamId?: number | undefined }): { teamId?: number } {
  return grant.teamId === undefined ? {} : { teamId: grant.teamId };
}

/** The grant being ended. */
export interface LiveGrant {
  requester: string;
  team: string;
  /** The team's numeric id, when the grant record keeps it. */
  teamId?: number;
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
  const keptFor = (input.otherGrants ?? []).find((g) => g.expiresAt > input.now)?.ref;
  const remove = !grant.standing && keptFor === undefined;
  if (remove && input.removalFailed !== undefined) return removalFailed(input, history, grant.requester, grant.team, input.removalFailed);
  // Removed already by the app at this expiry (see DecisionInput.removedAtExpiry): recorded, not sent again.
  const removedAlready = input.removedAtExpiry !== undefined && input.removedAtExpiry <= input.now;
  // The author is the requester, under their login as GitHub shows it now (a renamed account included).
  const effects: Effect[] = remove && !removedAlready ? [removeMember(grant, input.request.author.login)] : [];
  effects.push({ kind: "record", data: keptFor === undefined ? build(remove) : build(remove, keptFor) });
  return finish(input, state, effects, reason);
}
