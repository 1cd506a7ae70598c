import type { Decision, Effect } from "./decision.js";
import { removeMember } from "./end-grant.js";
import type { OtherGrant } from "./input.js";
import { sameTeam, type TeamIds } from "./team-ids.js";

/** A grant this process knew of on a request whose issue is gone. */
export interface OrphanedGrant {
  team: string;
  /** The requester's login as last seen. */
  login: string;
  /** The team's ids, when the grant record kept them. */
  teamIds?: TeamIds;
  standing: boolean;
  expiresAt: number;
  /**
   * The person, looked up by their numeric id, is no longer a member of the
   * team: nothing to remove (and `login` may be someone else's by now).
   */
  gone?: boolean;
}

/**
 * The end of a grant whose request's issue was deleted (and with it the
 * trail): it still ends on time. At expiry the membership is removed —
 * unless it was standing or another live grant of the same team and person
 * still needs it — and the end is recorded (with no issue to comment on, the
 * shell writes the record to the audit file and the log). Before expiry,
 * nothing but a wake-up at the expiry.
 *
 * @example
 * decideDeleted({ team: "ops", login: "jane", standing: false, expiresAt: 1_000 }, [], 2_000);
 * // { state: "expired", effects: [{ kind: "remove-member", … }, { kind: "record", data: { event: "expired", removed: true, … } }] }
 */
export function decideDeleted(grant: OrphanedGrant, others: readonly OtherGrant[], now: number): Decision {
  if (now < grant.expiresAt) return { state: "granted", effects: [], wakeAt: grant.expiresAt };
  const keptFor = others.find((g) => g.expiresAt > now && sameTeam(g, grant))?.ref;
  const remove = !grant.standing && keptFor === undefined && grant.gone !== true;
  const effects: Effect[] = remove ? [removeMember(grant, grant.login)] : [];
  effects.push({ kind: "record", data: { event: "expired", requester: grant.login, team: grant.team, removed: remove, ...(keptFor === undefined ? {} : { keptFor }) } });
  return { state: "expired", effects };
}
