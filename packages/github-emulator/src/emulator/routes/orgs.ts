import { HttpError, notFound } from "../http-error.js";
import type { TeamRecord, UserRecord } from "../model.js";
import { paginate } from "../paginate.js";
import type { RequestContext, Route } from "../route.js";
import { orgOf } from "../request-params.js";
import { orgMembership } from "../shapes/org-membership.js";
import { teamFull, teamMembership, teamSimple } from "../shapes/team.js";
import { deleteMembership, putMembership, setParent, webhookTeam } from "../team-actions.js";
import { simpleUser } from "../shapes/user.js";
import { activeMembers, effectiveMembership } from "../team-membership.js";

/** The 403 GitHub gives for membership changes of a team synced with an identity provider. */
export const IDP_SYNCED_MESSAGE =
  "Team membership is managed by your identity provider: team synchronization is enabled for this team, so members cannot be added or removed through the API.";

function teamOf(ctx: RequestContext): TeamRecord {
  const org = orgOf(ctx);
  return ctx.world.team(org.login, ctx.params["team_slug"] ?? "");
}

function username(ctx: RequestContext): UserRecord {
  return ctx.world.user(ctx.params["username"] ?? "");
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
      const user = username(ctx);
      const state = org.members.get(user.id);
      if (!state) throw notFound(`${user.login} in organization ${org.login}`);
      return { status: 200, body: orgMembership(ctx.world, org.login, user.login, state) };
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
    pattern: "/orgs/:org/teams",
    auth: "installation",
    // GitHub's `team` list: each team-simple with its parent, in the order they were made.
    handle: (ctx) => {
      const teams = ctx.world.teamsOf(orgOf(ctx).login).sort((a, b) => a.id - b.id);
      return paginate(ctx, teams.map((team) => webhookTeam(ctx.world, team)));
    },
  },
  {
    method: "GET",
    pattern: "/orgs/:org/teams/:team_slug",
    auth: "installation",
    handle: (ctx) => ({ status: 200, body: teamFull(ctx.world, teamOf(ctx)) }),
  },
  {
    method: "PATCH",
    pattern: "/orgs/:org/teams/:team_slug",
    auth: "installation",
    handle: (ctx) => {
      const team = teamOf(ctx);
      const body = (ctx.body ?? {}) as { parent_team_id?: number | null };
      if ("parent_team_id" in body) {
        const parent = body.parent_team_id == null ? undefined : ctx.world.teamsOf(team.org).find((t) => t.id === body.parent_team_id);
        if (body.parent_team_id != null && !parent) throw new HttpError(422, "Validation Failed", {}, `no team with id ${body.parent_team_id}`);
        setParent(ctx.world, ctx.login, team, parent?.slug);
      }
      return { status: 200, body: teamFull(ctx.world, team) };
    },
  },
  {
    method: "GET",
    pattern: "/orgs/:org/teams/:team_slug/teams",
    auth: "installation",
    handle: (ctx) => {
      const team = teamOf(ctx);
      const children = ctx.world.teamsOf(team.org).filter((t) => t.parent?.toLowerCase() === team.slug.toLowerCase());
      return paginate(ctx, children.map((child) => ({ ...teamSimple(ctx.world, child), parent: teamSimple(ctx.world, team) })));
    },
  },
  {
    method: "GET",
    pattern: "/orgs/:org/teams/:team_slug/members",
    auth: "installation",
    handle: (ctx) => paginate(ctx, activeMembers(ctx.world, teamOf(ctx)).map((user) => simpleUser(ctx.world, user))),
  },
  {
    method: "GET",
    pattern: "/orgs/:org/teams/:team_slug/memberships/:username",
    auth: "installation",
    handle: (ctx) => {
      const team = teamOf(ctx);
      const user = username(ctx);
      const state = effectiveMembership(ctx.world, team, user);
      if (!state) throw notFound(`${user.login} in team ${team.org}/${team.slug}`);
      return { status: 200, body: teamMembership(ctx.world, team, user.login, state) };
    },
  },
  {
    method: "PUT",
    pattern: "/orgs/:org/teams/:team_slug/memberships/:username",
    auth: "installation",
    handle: (ctx) => {
      const team = teamOf(ctx);
      const user = username(ctx);
      assertNotSynced(team);
      const state = putMembership(ctx.world, ctx.login, team, user.login);
      return { status: 200, body: teamMembership(ctx.world, team, user.login, state) };
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
      deleteMembership(ctx.world, ctx.login, team, login);
      return { status: 204 };
    },
  },
];
