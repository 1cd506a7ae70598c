import { HttpError, notFound } from "./http-error.js";
import type { IssueRecord, OrgRecord, RepoRecord } from "./model.js";
import type { RequestContext } from "./route.js";

/**
 * The repository `:owner/:repo` names, if the installation covers it; GitHub
 * answers 404 for repositories an installation cannot see.
 *
 * @example
 * const repo = repoOf(ctx);
 */
export function repoOf(ctx: RequestContext): RepoRecord {
  const fullName = `${ctx.params["owner"] ?? ""}/${ctx.params["repo"] ?? ""}`;
  const repo = ctx.world.repo(fullName);
  assertCovered(ctx, repo.owner, fullName);
  return repo;
}

/**
 * The issue (or pull request) `:owner/:repo` and `:issue_number` (or `:pull_number`) name.
 *
 * @example
 * const issue = issueOf(ctx);
 */
export function issueOf(ctx: RequestContext): IssueRecord {
  return ctx.world.issue(repoOf(ctx).fullName, intParam(ctx, "pull_number" in ctx.params ? "pull_number" : "issue_number"));
}

/**
 * The organization `:org` names, if the installation covers it.
 *
 * @example
 * const org = orgOf(ctx);
 */
export function orgOf(ctx: RequestContext): OrgRecord {
  const org = ctx.world.org(ctx.params["org"] ?? "");
  assertCovered(ctx, org.login, org.login);
  return org;
}

function assertCovered(ctx: RequestContext, owner: string, what: string): void {
  if (ctx.installation && ctx.installation.org.toLowerCase() !== owner.toLowerCase()) {
    throw notFound(`${what} (installation ${ctx.installation.id} does not cover it)`);
  }
}

/**
 * A positive integer path parameter, or 404 as GitHub answers for `/issues/abc`.
 *
 * @example
 * intParam(ctx, "issue_number"); // 7
 */
export function intParam(ctx: RequestContext, name: string): number {
  const value = Number(ctx.params[name]);
  if (!Number.isSafeInteger(value) || value <= 0) throw notFound(`${name} ${ctx.params[name] ?? ""}`);
  return value;
}

/**
 * The JSON body as an object, or 400 as GitHub answers a body that is not one.
 *
 * @example
 * const { body } = bodyObject(ctx);
 */
export function bodyObject(ctx: RequestContext): Record<string, unknown> {
  if (ctx.body === undefined) return {};
  if (typeof ctx.body !== "object" || ctx.body === null || Array.isArray(ctx.body)) {
    throw new HttpError(400, "Problems parsing JSON");
  }
  return ctx.body as Record<string, unknown>;
}

/**
 * An optional string field of the body; 422 when present with another type.
 *
 * @example
 * optionalString(body, "Issue", "title"); // "Access to ops" | undefined
 */
export function optionalString(body: Record<string, unknown>, resource: string, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw new HttpError(422, "Invalid request.", {}, `${resource}.${field}: ${JSON.stringify(value)} is not a string`);
  }
  return value;
}
