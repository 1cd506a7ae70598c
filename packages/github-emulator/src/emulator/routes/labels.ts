import { validationFailed } from "../http-error.js";
import { addLabels, ensureLabel, removeLabel, setLabels, updateLabel } from "../issue-actions.js";
import { paginate } from "../paginate.js";
import type { RequestContext, Route } from "../route.js";
import { bodyObject, issueOf, optionalString, repoOf } from "../request-params.js";
import { label } from "../shapes/label.js";

/** Label names from `{ labels: [...] }` or a bare array, items strings or `{ name }`. */
function labelNames(ctx: RequestContext): string[] {
  const raw = Array.isArray(ctx.body) ? ctx.body : bodyObject(ctx)["labels"];
  if (!Array.isArray(raw)) throw validationFailed("Label", "labels", "missing_field");
  return raw.map((entry: unknown) => {
    const name = typeof entry === "object" && entry !== null ? (entry as { name?: unknown }).name : entry;
    if (typeof name !== "string" || name.trim() === "") throw validationFailed("Label", "name", "invalid");
    return name;
  });
}

/** Labels of a repository and of its issues. */
export const labelRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:issue_number/labels",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      return paginate(ctx, issueOf(ctx).labels.map((record) => label(ctx.world, repo, record)));
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:issue_number/labels",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const record = issueOf(ctx);
      const labels = addLabels(ctx.world, ctx.login, repo.fullName, record.number, labelNames(ctx));
      return { status: 200, body: labels.map((entry) => label(ctx.world, repo, entry)) };
    },
  },
  {
    method: "PUT",
    pattern: "/repos/:owner/:repo/issues/:issue_number/labels",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const record = issueOf(ctx);
      const labels = setLabels(ctx.world, ctx.login, repo.fullName, record.number, labelNames(ctx));
      return { status: 200, body: labels.map((entry) => label(ctx.world, repo, entry)) };
    },
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/issues/:issue_number/labels/:name",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const record = issueOf(ctx);
      const labels = removeLabel(ctx.world, ctx.login, repo.fullName, record.number, ctx.params["name"] ?? "");
      return { status: 200, body: labels.map((entry) => label(ctx.world, repo, entry)) };
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/labels",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      return paginate(ctx, [...repo.labels.values()].map((record) => label(ctx.world, repo, record)));
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/labels",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const name = optionalString(body, "Label", "name");
      if (name === undefined || name.trim() === "") throw validationFailed("Label", "name", "missing_field");
      if (repo.labels.has(name.toLowerCase())) throw validationFailed("Label", "name", "already_exists");
      const color = (optionalString(body, "Label", "color") ?? "ededed").replace(/^#/, "");
      if (!/^[0-9a-fA-F]{6}$/.test(color)) throw validationFailed("Label", "color", "invalid");
      const record = ensureLabel(ctx.world, repo, name, color.toLowerCase(), optionalString(body, "Label", "description") ?? null);
      return { status: 201, body: label(ctx.world, repo, record) };
    },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/labels/:name",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const color = optionalString(body, "Label", "color")?.replace(/^#/, "");
      if (color !== undefined && !/^[0-9a-fA-F]{6}$/.test(color)) throw validationFailed("Label", "color", "invalid");
      const description = optionalString(body, "Label", "description");
      const newName = optionalString(body, "Label", "new_name");
      const record = updateLabel(ctx.world, repo, ctx.params["name"] ?? "", { ...(newName === undefined ? {} : { newName }), ...(color === undefined ? {} : { color: color.toLowerCase() }), ...(description === undefined ? {} : { description }) });
      return { status: 200, body: label(ctx.world, repo, record) };
    },
  },
];
