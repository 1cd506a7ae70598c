import { APP_PERMISSIONS } from "../shapes/app.js";
import { HttpError } from "../http-error.js";
import type { Route } from "../route.js";
import { repoOf } from "../request-params.js";
import { branchProtection } from "../shapes/branch-protection.js";

/** GitHub's answer when an installation token lacks the permission an endpoint needs. */
export const NOT_ACCESSIBLE = "Resource not accessible by integration";

/**
 * A classic branch protection rule's details. GitHub lets an app read them
 * only with `administration: read`, which jit-access does not ask for: an
 * installation without it gets GitHub's 403. A person's token (an owner's,
 * as `jit-access doctor` may be given) reads them too.
 */
export const branchProtectionRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/branches/:branch/protection",
    auth: "token",
    handle: (ctx) => {
      // A person's token reads it (GitHub asks for admin rights on the repository; the emulator keeps no roles).
      const granted: Record<string, string> = ctx.installation ? (ctx.installation.permissions ?? APP_PERMISSIONS) : { administration: "write" };
      if (granted["administration"] === undefined) throw new HttpError(403, NOT_ACCESSIBLE, {}, "branch protection needs administration: read");
      const repo = repoOf(ctx);
      const name = ctx.params["branch"] ?? "";
      const rule = repo.protectedBranches?.get(name);
      if (!rule) throw new HttpError(404, "Branch not protected", {}, `${repo.fullName}:${name}`);
      return { status: 200, body: branchProtection(ctx.world, repo, name, rule) };
    },
  },
];
