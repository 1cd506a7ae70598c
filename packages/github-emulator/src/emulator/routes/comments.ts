import { createComment, deleteComment, editComment } from "../comment-actions.js";
import { validationFailed } from "../http-error.js";
import type { CommentRecord } from "../model.js";
import { paginate } from "../paginate.js";
import type { RequestContext, Route } from "../route.js";
import { bodyObject, intParam, issueOf, optionalString, repoOf } from "../request-params.js";
import { issueComment } from "../shapes/comment.js";

function commentOf(ctx: RequestContext): CommentRecord {
  return ctx.world.comment(repoOf(ctx).fullName, intParam(ctx, "comment_id"));
}

function requiredBody(ctx: RequestContext): string {
  const body = optionalString(bodyObject(ctx), "IssueComment", "body");
  if (body === undefined) throw validationFailed("IssueComment", "body", "missing_field");
  return body;
}

/** Issue comments: list, create, read, edit, delete. */
export const commentRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:issue_number/comments",
    auth: "installation",
    handle: (ctx) => {
      const record = issueOf(ctx);
      const since = ctx.query.get("since");
      const sinceMs = since === null ? Number.NEGATIVE_INFINITY : Date.parse(since);
      const comments = record.commentIds
        .map((id) => ctx.world.comments.get(id))
        .filter((comment): comment is CommentRecord => comment !== undefined && !(comment.updatedAt < sinceMs));
      return paginate(ctx, comments.map((comment) => issueComment(ctx.world, comment)));
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:issue_number/comments",
    auth: "installation",
    handle: (ctx) => {
      const record = issueOf(ctx);
      const comment = createComment(ctx.world, ctx.login, record.repo, record.number, requiredBody(ctx));
      return { status: 201, body: issueComment(ctx.world, comment), headers: { location: `${ctx.world.apiUrl}/repos/${record.repo}/issues/comments/${comment.id}` } };
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/comments/:comment_id",
    auth: "installation",
    handle: (ctx) => ({ status: 200, body: issueComment(ctx.world, commentOf(ctx)) }),
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/issues/comments/:comment_id",
    auth: "installation",
    handle: (ctx) => {
      const comment = commentOf(ctx);
      return { status: 200, body: issueComment(ctx.world, editComment(ctx.world, ctx.login, comment.repo, comment.id, requiredBody(ctx))) };
    },
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/issues/comments/:comment_id",
    auth: "installation",
    handle: (ctx) => {
      const comment = commentOf(ctx);
      deleteComment(ctx.world, ctx.login, comment.repo, comment.id);
      return { status: 204 };
    },
  },
];
