import { HttpError } from "../http-error.js";
import type { Route } from "../route.js";
import { orgOf } from "../request-params.js";
import { NOT_ACCESSIBLE } from "../installation-permissions.js";

/**
 * GitHub Enterprise Cloud's team synchronization: which identity-provider
 * groups a team is connected to (an empty list: not synced). GitHub's
 * description marks the endpoint as not enabled for GitHub Apps, so an
 * installation token gets its 403; a person's token answers. (GitHub also
 * asks that person to be an organisation owner or team maintainer; the
 * emulator keeps no roles, so any member's token reads it.)
 */
export const teamSyncRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/orgs/:org/teams/:team_slug/team-sync/group-mappings",
    auth: "token",
    handle: (ctx) => {
      if (ctx.installation) throw new HttpError(403, NOT_ACCESSIBLE, {}, "team sync is not enabled for GitHub Apps");
      const org = orgOf(ctx);
      if (!ctx.world.isOrgMember(org.login, ctx.login)) throw new HttpError(403, "Must have admin rights to Repository.", {}, `${ctx.login} is not in ${org.login}`);
      const team = ctx.world.team(org.login, ctx.params["team_slug"] ?? "");
      const groups = team.idpSynced
        ? [{ group_id: `${team.id}-idp`, group_name: `${team.slug} (IdP)`, group_description: `Identity-provider group synced to ${team.org}/${team.slug}`, status: "synced", synced_at: new Date(ctx.world.now()).toISOString() }]
        : [];
      return { status: 200, body: { groups } };
    },
  },
];
