import { HttpError } from "../http-error.js";
import type { Route } from "../route.js";
import { repoOf } from "../request-params.js";
import { branchProtection } from "../shapes/branch-protection.js";

/**
 * A classic branch protection rule's details. GitHub lets an app read them
 * only with `administration: read`, which jit-access does not ask for: an
 * installation without it gets GitHub's 403 (installation-permissions.ts).
 * A person's token (an owner's, as `jit-access doctor` may be given) reads
 * them too; GitHub asks for admin rights on the repository, and the emulator
 * keeps no roles.
 */
export const branchProtectionRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/branches/:branch/protection",
    auth: "token",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const name = ctx.params["branch"] ?? "";
      const rule = repo.protectedBranches?.get(name);
      if (!rule) throw new HttpError(404, "Branch not protected", {}, `${repo.fullName}:${name}`);
      return { status: 200, body: branchProtection(ctx.world, repo, name, rule) };
    },
  },
];
