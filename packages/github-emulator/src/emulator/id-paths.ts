import type { World } from "./world.js";

/**
 * GitHub's id forms of its routes, served as the name forms they stand for:
 * `/repositories/{id}/…` (where a renamed repository's old name redirects)
 * and `/organizations/{org_id}/team/{team_id}/…` (which GitHub's docs give
 * beside each team route: "You can also specify a team by `org_id` and
 * `team_id`"). Answers the `/repos/{owner}/{repo}/…` or
 * `/orgs/{org}/teams/{team_slug}/…` path of what the ids name now;
 * `/orgs/-/teams/-/…` (which names nothing, so it answers 404) when no
 * organisation or team has them; undefined for any other path.
 *
 * @example
 * byIdPath(world, "/repositories/1007/installation"); // "/repos/acme/access-requests/installation"
 * byIdPath(world, "/organizations/1001/team/1003/memberships/jane"); // "/orgs/acme/teams/platform-admins/memberships/jane"
 */
export function byIdPath(world: World, path: string): string | undefined {
  const repo = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
  if (repo) {
    const found = world.repoById(Number(repo[1]));
    return found === undefined ? "/repos/-/-" : `/repos/${found.fullName}${repo[2] ?? ""}`;
  }
  const team = /^\/organizations\/(\d+)\/team\/(\d+)(\/.*)?$/.exec(path);
  if (!team) return undefined;
  const org = [...world.orgs.values()].find((o) => o.id === Number(team[1]));
  const found = org === undefined ? undefined : world.teamsOf(org.login).find((t) => t.id === Number(team[2]));
  return org === undefined || found === undefined ? "/orgs/-/teams/-" + (team[3] ?? "") : `/orgs/${org.login}/teams/${found.slug}${team[3] ?? ""}`;
}
