import { history, resolveRef } from "../git-store.js";
import { notFound } from "../http-error.js";
import { paginate } from "../paginate.js";
import type { Route } from "../route.js";
import { repoOf } from "../request-params.js";
import { branch, commit } from "../shapes/commit.js";
import { contents } from "../shapes/content.js";
import { repository } from "../shapes/repository.js";

/** Repositories, branches, commits and file contents. */
export const repoRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo",
    auth: "installation",
    handle: (ctx) => ({ status: 200, body: repository(ctx.world, repoOf(ctx)) }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/rules/branches/*branch",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const rules = repo.branchRules?.get(ctx.params["branch"] ?? "") ?? [];
      return paginate(ctx, rules.map((rule, index) => ({ ...rule, ruleset_source_type: "Repository", ruleset_source: repo.fullName, ruleset_id: index + 1 })));
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/branches/*branch",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const name = ctx.params["branch"] ?? "";
      const sha = repo.branches.get(name);
      const head = sha === undefined ? undefined : repo.commits.get(sha);
      if (!head) throw notFound(`branch ${name} of ${repo.fullName}`);
      return { status: 200, body: branch(ctx.world, repo, name, head) };
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/commits",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const path = (ctx.query.get("path") ?? "").replace(/^\/+|\/+$/g, "");
      const touches = (changed: string): boolean => path === "" || changed === path || changed.startsWith(`${path}/`);
      const commits = history(repo, ctx.query.get("sha") ?? undefined).filter((record) => record.changed.some(touches));
      return paginate(ctx, commits.map((record) => commit(ctx.world, repo, record)));
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/contents/*path",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const ref = ctx.query.get("ref") ?? repo.defaultBranch;
      return { status: 200, body: contents(ctx.world, repo, resolveRef(repo, ref), ctx.params["path"] ?? "", ref) };
    },
  },
];
