import { HttpError, notFound } from "../http-error.js";
import type { TeamRecord } from "../model.js";
import { paginate } from "../paginate.js";
import type { RequestContext, Route } from "../route.js";
import { orgOf } from "../request-params.js";
import { orgMembership } from "../shapes/org-membership.js";
import { teamFull, teamMembership } from "../shapes/team.js";
import { simpleUser } from "../shapes/user.js";
import { activeMembers, effectiveMembership } from "../team-membership.js";

/** The 403 GitHub gives for membership changes of a team synced with an identity provider. */
export const IDP_SYNCED_MESSAGE =
  "Team membership is managed by your identity provider: team synchronization is enabled for this team, so members cannot be added or removed through the API.";

function teamOf(ctx: RequestContext): TeamRecord {
  const org = orgOf(ctx);
  return ctx.world.team(org.login, ctx.params["team_slug"] ?? "");
}

function username(ctx: RequestContext): string {
  return ctx.world.user(ctx.params["username"] ?? "").login;
}

function assertNotSynced(team: TeamRecord): void {
  if (team.idpSynced) throw new HttpError(403, IDP_SYNCED_MESSAGE, {}, `team ${team.org}/${team.slug}`);
}

/** Organization membership, teams and team membership. */
export const orgRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/orgs/:org/memberships/:username",
    auth: "installation",
    handle: (ctx) => {
      const org = orgOf(ctx);
      const login = username(ctx);
      const state = org.members.get(login.toLowerCase());
      if (!state) throw notFound(`${login} in organization ${org.login}`);
      return { status: 200, body: orgMembership(ctx.world, org.login, login, state) };
    },
  },
  {
    method: "GET",
    pattern: "/orgs/:org/members/:username",
    auth: "installation",
    handle: (ctx) => {
      const org = orgOf(ctx);
      const login = ctx.params["username"] ?? "";
      if (!ctx.world.isOrgMember(org.login, login)) throw notFound(`${login} in organization ${org.login}`);
      return { status: 204 };
    },
  },
  {
    method: "GET",
    pattern: "/orgs/:org/teams/:team_slug",
    auth: "installation",
    handle: (ctx) => ({ status: 200, body: teamFull(ctx.world, teamOf(ctx)) }),
  },
  {
    method: "GET",
    pattern: "/orgs/:org/teams/:team_slug/members",
    auth: "installation",
    handle: (ctx) => paginate(ctx, activeMembers(ctx.world, teamOf(ctx)).map((login) => simpleUser(ctx.world, login))),
  },
  {
    method: "GET",
    pattern: "/orgs/:org/teams/:team_slug/memberships/:username",
    auth: "installation",
    handle: (ctx) => {
      const team = teamOf(ctx);
      const login = username(ctx);
      const state = effectiveMembership(ctx.world, team, login);
      if (!state) throw notFound(`${login} in team ${team.org}/${team.slug}`);
      return { status: 200, body: teamMembership(ctx.world, team, login, state) };
    },
  },
  {
    method: "PUT",
    pattern: "/orgs/:org/teams/:team_slug/memberships/:username",
    auth: "installation",
    handle: (ctx) => {
      const team = teamOf(ctx);
      const login = username(ctx);
      assertNotSynced(team);
      const org = ctx.world.org(team.org);
      if (ctx.world.user(login).type === "Organization") throw new HttpError(422, "Unprocessable Entity", {}, `${login} is an organization`);
      // A non-member is invited to the organization; the team membership waits for the invitation.
      if (!org.members.has(login.toLowerCase())) org.members.set(login.toLowerCase(), "pending");
      const state = ctx.world.isOrgMember(org.login, login) ? "active" : "pending";
      team.members.set(login.toLowerCase(), { login, state });
      team.updatedAt = ctx.world.now();
      return { status: 200, body: teamMembership(ctx.world, team, login, state) };
    },
  },
  {
    method: "DELETE",
    pattern: "/orgs/:org/teams/:team_slug/memberships/:username",
    auth: "installation",
    handle: (ctx) => {
      const team = teamOf(ctx);
      const login = ctx.params["username"] ?? "";
      assertNotSynced(team);
      if (!team.members.delete(login.toLowerCase())) throw notFound(`${login} as a direct member of team ${team.org}/${team.slug}`);
      team.updatedAt = ctx.world.now();
      return { status: 204 };
    },
  },
];
