import type { RepoRecord, UserRecord } from "../model.js";
import type { World } from "../world.js";

/**
 * GitHub's `author_association` of a login with a repository: the owning
 * organization's active members are MEMBER, everyone else (bots included) NONE.
 *
 * @example
 * authorAssociation(world, repo, world.user("alice")); // "MEMBER"
 */
export function authorAssociation(world: World, repo: RepoRecord, user: UserRecord): string {
  if (user.login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  return world.isOrgMember(repo.owner, user.login) ? "MEMBER" : "NONE";
}

/**
 * The empty `reactions` rollup GitHub attaches to issues, comments and reviews.
 *
 * @example
 * noReactions("https://api/x").total_count; // 0
 */
export function noReactions(url: string): Record<string, unknown> {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    "+1": 0,
    "-1": 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}
