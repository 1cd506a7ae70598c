import type { OrgRecord } from "../model.js";
import { isoTime, nodeId } from "../time.js";
import type { World } from "../world.js";

/**
 * GitHub's `organization-simple`, as in webhook payloads and org memberships.
 * Webhooks reuse its text while `organizationSimpleInputs` stays the same: a
 * new input read here must be named there too.
 *
 * @example
 * organizationSimple(world, "acme").members_url; // "http://127.0.0.1:5000/orgs/acme/members{/member}"
 */
export function organizationSimple(world: World, login: string): Record<string, unknown> {
  const org = world.org(login);
  const api = `${world.apiUrl}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId("Organization", org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${world.apiUrl}/avatars/u/${org.id}?v=4`,
    description: null,
  };
}

/**
 * Everything `organizationSimple` reads, as one string (see `cachedFragment`).
 *
 * @example
 * organizationSimpleInputs(world, world.org("acme")); // "http://127.0.0.1:5000\nacme\n1001"
 */
export function organizationSimpleInputs(world: World, org: OrgRecord): string {
  return [world.apiUrl, org.login, org.id].join("\n");
}

/**
 * GitHub's `team-organization`: the fuller organization embedded in a team.
 *
 * @example
 * teamOrganization(world, "acme").type; // "Organization"
 */
export function teamOrganization(world: World, login: string): Record<string, unknown> {
  const org = world.org(login);
  return {
    ...organizationSimple(world, login),
    name: org.login,
    html_url: `${world.htmlUrl}/${org.login}`,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: [...world.repos.values()].filter((repo) => repo.owner === org.login && !repo.private).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    type: "Organization",
    created_at: isoTime(org.createdAt),
    updated_at: isoTime(org.createdAt),
    archived_at: null,
  };
}
