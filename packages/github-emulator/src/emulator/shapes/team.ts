import type { MembershipState, TeamRecord } from "../model.js";
import { isoTime, nodeId } from "../time.js";
import type { World } from "../world.js";
import { teamOrganization } from "./organization.js";

/**
 * The API url of a team, in the id form GitHub uses for `url` fields.
 *
 * @example
 * teamUrl(world, team); // "http://127.0.0.1:5000/organizations/1001/team/1003"
 */
export function teamUrl(world: World, team: TeamRecord): string {
  return `${world.apiUrl}/organizations/${world.org(team.org).id}/team/${team.id}`;
}

/**
 * GitHub's `team-simple` (a team's `parent`).
 *
 * @example
 * teamSimple(world, team).slug; // "platform-admins"
 */
export function teamSimple(world: World, team: TeamRecord): Record<string, unknown> {
  const url = teamUrl(world, team);
  return {
    id: team.id,
    node_id: nodeId("Team", team.id),
    url,
    members_url: `${url}/members{/member}`,
    name: team.name,
    description: null,
    permission: "pull",
    privacy: "closed",
    notification_setting: "notifications_enabled",
    html_url: `${world.htmlUrl}/orgs/${team.org}/teams/${team.slug}`,
    repositories_url: `${url}/repos`,
    slug: team.slug,
    type: "organization",
  };
}

/**
 * GitHub's `team-full`, the answer to `GET /orgs/{org}/teams/{team_slug}`.
 *
 * @example
 * teamFull(world, team).members_count; // 2
 */
export function teamFull(world: World, team: TeamRecord): Record<string, unknown> {
  const parent = team.parent === undefined ? undefined : world.team(team.org, team.parent);
  const org = world.org(team.org);
  return {
    ...teamSimple(world, team),
    parent: parent ? teamSimple(world, parent) : null,
    organization_id: org.id,
    created_at: isoTime(team.createdAt),
    updated_at: isoTime(team.updatedAt),
    members_count: [...team.members.values()].filter((state) => state === "active").length,
    repos_count: 0,
    organization: teamOrganization(world, team.org),
  };
}

/**
 * GitHub's `team-membership`.
 *
 * @example
 * teamMembership(world, team, "alice", "active"); // { url, role: "member", state: "active" }
 */
export function teamMembership(world: World, team: TeamRecord, login: string, state: MembershipState): Record<string, unknown> {
  return { url: `${teamUrl(world, team)}/memberships/${login}`, role: "member", state };
}
