import { HttpError, validationFailed } from "../http-error.js";
import { editIssue, openIssue, setIssueState, setLabels, setLocked } from "../issue-actions.js";
import type { IssueRecord } from "../model.js";
import { paginate } from "../paginate.js";
import type { Reply, RequestContext, Route } from "../route.js";
import { bodyObject, intParam, issueOf, optionalString, repoOf } from "../request-params.js";
import { issue } from "../shapes/issue.js";

const SORT_KEYS: Record<string, (record: IssueRecord) => number> = {
  created: (record) => record.createdAt,
  updated: (record) => record.updatedAt,
  comments: (record) => record.commentIds.length,
};

function listIssues(ctx: RequestContext): IssueRecord[] {
  const repo = repoOf(ctx);
  const state = ctx.query.get("state") ?? "open";
  if (!["open", "closed", "all"].includes(state)) throw validationFailed("Issue", "state", "invalid");
  const labels = (ctx.query.get("labels") ?? "").split(",").map((name) => name.trim().toLowerCase()).filter(Boolean);
  const since = ctx.query.get("since");
  const sinceMs = since === null ? undefined : Date.parse(since);
  const creator = ctx.query.get("creator")?.toLowerCase();
  const sortKey = SORT_KEYS[ctx.query.get("sort") ?? "created"];
  if (!sortKey) throw validationFailed("Issue", "sort", "invalid");
  const sign = ctx.query.get("direction") === "asc" ? 1 : -1;
  return [...repo.issues.values()]
    .filter((record) => state === "all" || record.state === state)
    .filter((record) => labels.every((name) => record.labels.some((label) => label.name.toLowerCase() === name)))
    .filter((record) => sinceMs === undefined || Number.isNaN(sinceMs) || record.updatedAt >= sinceMs)
    .filter((record) => creator === undefined || ctx.world.userById(record.authorId).login.toLowerCase() === creator)
    .sort((a, b) => sign * (sortKey(a) - sortKey(b) || a.number - b.number));
}

function patchIssue(ctx: RequestContext): IssueRecord {
  const record = issueOf(ctx);
  const body = bodyObject(ctx);
  const { login } = ctx;
  const title = optionalString(body, "Issue", "title");
  const text = body["body"] === null ? "" : optionalString(body, "Issue", "body");
  editIssue(ctx.world, login, record.repo, record.number, {
    ...(title === undefined ? {} : { title }),
    ...(text === undefined ? {} : { body: text }),
  });
  if (body["labels"] !== undefined) {
    if (!Array.isArray(body["labels"])) throw validationFailed("Issue", "labels", "invalid");
    const names = body["labels"].map((entry: unknown) => (typeof entry === "object" && entry !== null ? (entry as { name?: unknown }).name : entry));
    if (!names.every((name): name is string => typeof name === "string")) throw validationFailed("Issue", "labels", "invalid");
    setLabels(ctx.world, login, record.repo, record.number, names);
  }
  const state = optionalString(body, "Issue", "state");
  if (state !== undefined) {
    if (state !== "open" && state !== "closed") throw validationFailed("Issue", "state", "invalid");
    const reason = optionalString(body, "Issue", "state_reason");
    if (reason !== undefined && !["completed", "not_planned", "duplicate", "reopened"].includes(reason)) {
      throw validationFailed("Issue", "state_reason", "invalid");
    }
    setIssueState(ctx.world, login, record.repo, record.number, state, reason);
  }
  return record;
}

/**
 * GitHub's answer for the URL of an issue that was transferred away: 301 to
 * the issue where it lives now (clients follow it). Only the issue itself
 * redirects; its comments, events and labels under the old number are 404,
 * as measured on github.com.
 */
function movedIssue(ctx: RequestContext): Reply | undefined {
  const repo = repoOf(ctx);
  const number = intParam(ctx, "issue_number");
  const moved = repo.issues.has(number) ? undefined : repo.movedIssues.get(number);
  if (!moved) return undefined;
  const location = `${ctx.world.apiUrl}/repos/${moved.repo}/issues/${moved.number}`;
  const documentation = "https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#follow-redirects";
  return { status: 301, headers: { location }, body: { message: "Moved Permanently", url: location, documentation_url: documentation } };
}

/** Issues (pull requests included, as on GitHub) and conversation locks. */
export const issueRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues",
    auth: "installation",
    handle: (ctx) => paginate(ctx, listIssues(ctx).map((record) => issue(ctx.world, record))),
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const labels = Array.isArray(body["labels"]) ? body["labels"].map((l) => (typeof l === "string" ? l : String((l as { name?: unknown }).name ?? ""))) : [];
      const record = openIssue(ctx.world, ctx.login, `${repo.owner}/${repo.name}`, { title: optionalString(body, "Issue", "title") ?? "", body: optionalString(body, "Issue", "body") ?? "", labels });
      return { status: 201, body: issue(ctx.world, record) };
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:issue_number",
    auth: "installation",
    handle: (ctx) => movedIssue(ctx) ?? { status: 200, body: issue(ctx.world, issueOf(ctx)) },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/issues/:issue_number",
    auth: "installation",
    handle: (ctx) => movedIssue(ctx) ?? { status: 200, body: issue(ctx.world, patchIssue(ctx)) },
  },
  {
    method: "PUT",
    pattern: "/repos/:owner/:repo/issues/:issue_number/lock",
    auth: "installation",
    handle: (ctx) => {
      const record = issueOf(ctx);
      const reason = optionalString(bodyObject(ctx), "Issue", "lock_reason") ?? null;
      if (reason !== null && !["off-topic", "too heated", "resolved", "spam"].includes(reason)) {
        throw validationFailed("Issue", "lock_reason", "invalid");
      }
      setLocked(ctx.world, ctx.login, record.repo, record.number, true, reason);
      return { status: 204 };
    },
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/issues/:issue_number/lock",
    auth: "installation",
    handle: (ctx) => {
      const record = issueOf(ctx);
      if (!record.locked) throw new HttpError(404, "Not Found", {}, `${record.repo}#${record.number} is not locked`);
      setLocked(ctx.world, ctx.login, record.repo, record.number, false);
      return { status: 204 };
    },
  },
];
