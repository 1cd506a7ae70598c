import { randomInt } from "node:crypto";
import { notFound } from "../http-error.js";
import type { InstallationRecord } from "../model.js";
import { paginate } from "../paginate.js";
import type { RequestContext, Route } from "../route.js";
import { intParam, repoOf } from "../request-params.js";
import { APP_PERMISSIONS, installation, integration } from "../shapes/app.js";
import { repository } from "../shapes/repository.js";
import { isoTime } from "../time.js";

/** Installation tokens live an hour, as GitHub's do. */
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A token in GitHub's installation-token format: "ghs_" and 36 letters or digits.
 *
 * @example
 * newInstallationToken(); // "ghs_16C7e42F292c6912E7710c838347Ae178B4a"
 */
export function newInstallationToken(): string {
  return `ghs_${Array.from({ length: 36 }, () => ALNUM[randomInt(ALNUM.length)]).join("")}`;
}

function installationOf(ctx: RequestContext): InstallationRecord {
  const record = ctx.world.installations.get(intParam(ctx, "installation_id"));
  if (!record) throw notFound(`installation ${ctx.params["installation_id"] ?? ""}`);
  return record;
}

/** The app's own routes (JWT), including where it is installed, and the installation's repository list. */
export const appRoutes: Route[] = [
  { method: "GET", pattern: "/app", auth: "app", handle: (ctx) => ({ status: 200, body: integration(ctx.world) }) },
  {
    method: "GET",
    pattern: "/app/installations",
    auth: "app",
    handle: (ctx) => paginate(ctx, [...ctx.world.installations.values()].map((record) => installation(ctx.world, record))),
  },
  {
    method: "GET",
    pattern: "/app/installations/:installation_id",
    auth: "app",
    handle: (ctx) => ({ status: 200, body: installation(ctx.world, installationOf(ctx)) }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/installation",
    auth: "app",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const record = ctx.world.installationForOrg(repo.owner);
      if (!record) throw notFound(`an installation of the app on ${repo.fullName}`);
      return { status: 200, body: installation(ctx.world, record) };
    },
  },
  {
    method: "POST",
    pattern: "/app/installations/:installation_id/access_tokens",
    auth: "app",
    handle: (ctx) => {
      const record = installationOf(ctx);
      const token = newInstallationToken();
      const expiresAt = ctx.world.now() + TOKEN_LIFETIME_MS;
      ctx.world.tokens.set(token, { installationId: record.id, expiresAt, validUntilWall: Date.now() + TOKEN_LIFETIME_MS });
      return {
        status: 201,
        body: { token, expires_at: isoTime(expiresAt), permissions: { ...(record.permissions ?? APP_PERMISSIONS) }, repository_selection: "all" },
      };
    },
  },
  {
    method: "GET",
    pattern: "/installation/repositories",
    auth: "installation",
    handle: (ctx) => {
      const org = ctx.installation?.org.toLowerCase();
      const repos = [...ctx.world.repos.values()].filter((repo) => repo.owner.toLowerCase() === org);
      const shapes = repos.map((repo) => repository(ctx.world, repo));
      return paginate(ctx, shapes, (page) => ({ total_count: repos.length, repository_selection: "all", repositories: page }));
    },
  },
];
