import type { MembershipState } from "../model.js";
import type { World } from "../world.js";
import { organizationSimple } from "./organization.js";
import { simpleUser } from "./user.js";

/**
 * GitHub's `org-membership`.
 *
 * @example
 * orgMembership(world, "acme", "alice", "active").role; // "member"
 */
export function orgMembership(world: World, org: string, login: string, state: MembershipState): Record<string, unknown> {
  const api = `${world.apiUrl}/orgs/${world.org(org).login}`;
  return {
    url: `${api}/memberships/${world.user(login).login}`,
    state,
    role: "member",
    organization_url: api,
    organization: organizationSimple(world, org),
    user: simpleUser(world, login),
  };
}
