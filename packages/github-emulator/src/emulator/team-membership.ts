import type { MembershipState, TeamRecord, UserRecord } from "./model.js";
import type { World } from "./world.js";

/**
 * The teams nested below `team`, at any depth.
 *
 * @example
 * descendants(world, world.team("acme", "engineering")).map((team) => team.slug); // ["platform", "platform-admins"]
 */
export function descendants(world: World, team: TeamRecord): TeamRecord[] {
  const found: TeamRecord[] = [];
  const visit = (parent: TeamRecord): void => {
    for (const child of world.teamsOf(parent.org)) {
      if (child.parent?.toLowerCase() === parent.slug.toLowerCase() && !found.includes(child)) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(team);
  return found;
}

/**
 * A user's membership of a team as GitHub reports it: direct membership
 * first, else membership of any child team (team membership is inherited
 * upwards). Undefined when none.
 *
 * @example
 * effectiveMembership(world, team, world.user("alice")); // "active"
 */
export function effectiveMembership(world: World, team: TeamRecord, user: UserRecord): MembershipState | undefined {
  for (const candidate of [team, ...descendants(world, team)]) {
    const state = candidate.members.get(user.id);
    if (state) return state;
  }
  return undefined;
}

/**
 * The active members of a team and of its child teams, each listed once.
 *
 * @example
 * activeMembers(world, team).map((user) => user.login); // ["alice", "bob"]
 */
export function activeMembers(world: World, team: TeamRecord): UserRecord[] {
  const ids = new Set<number>();
  for (const candidate of [team, ...descendants(world, team)]) {
    for (const [id, state] of candidate.members) if (state === "active") ids.add(id);
  }
  return [...ids].map((id) => world.userById(id));
}
