import { validationFailed } from "./http-error.js";
import type { CommentRecord } from "./model.js";
import { touch, withEdit } from "./issue-actions.js";
import { assertMayComment } from "./locked-conversation.js";
import { emitComment } from "./webhook-payloads.js";
import type { World } from "./world.js";

/** GitHub refuses a comment body longer than this many characters. */
export const MAX_COMMENT_CHARS = 65_536;

/**
 * Refuses an empty body, or one over 65,536 characters, as GitHub does (422).
 * Characters are counted as code points, as GitHub's message says characters.
 *
 * @example
 * checkCommentBody("x".repeat(65_537)); // throws 422 "Body is too long (maximum is 65536 characters)"
 */
export function checkCommentBody(body: string): void {
  if (body.trim() === "") throw validationFailed("IssueComment", "body", "missing_field");
  let chars = 0;
  for (const _ of body) if (++chars > MAX_COMMENT_CHARS) throw validationFailed("IssueComment", "data", "unprocessable", `Body is too long (maximum is ${MAX_COMMENT_CHARS} characters)`);
}

/**
 * Comments on an issue or pull request; sends `issue_comment.created`.
 *
 * @example
 * const comment = createComment(world, "bob", "acme/access", 1, "/approve");
 */
export function createComment(world: World, login: string, fullName: string, n: number, body: string): CommentRecord {
  const issue = world.issue(fullName, n);
  assertMayComment(world, issue, login);
  checkCommentBody(body);
  const now = world.now();
  const comment: CommentRecord = {
    id: world.nextId(),
    repo: issue.repo,
    issueNumber: n,
    body,
    authorId: world.user(login).id,
    createdAt: now,
    updatedAt: now,
    seq: world.nextSeq(),
  };
  // github.com gives some never-edited comments an updated_at a second after their created_at.
  comment.updatedAt += world.updateLagMs(comment);
  world.comments.set(comment.id, comment);
  issue.commentIds.push(comment.id);
  touch(world, issue);
  emitComment(world, issue, comment, "created", login);
  return comment;
}

/**
 * Replaces a comment's body; sends `issue_comment.edited` with `changes.body.from`.
 * Anyone may edit any comment here, as anyone with write access may on GitHub.
 *
 * @example
 * editComment(world, "mallory", "acme/access", 1004, "/approve");
 */
export function editComment(world: World, login: string, fullName: string, id: number, body: string): CommentRecord {
  const comment = world.comment(fullName, id);
  checkCommentBody(body);
  const issue = world.issue(comment.repo, comment.issueNumber);
  const from = comment.body;
  comment.body = body;
  comment.updatedAt = world.now();
  comment.edits = withEdit(comment.edits, { at: comment.createdAt, editorId: comment.authorId }, { at: world.now(), editorId: world.user(login).id });
  comment.lastEditedAt = world.now();
  touch(world, issue);
  emitComment(world, issue, comment, "edited", login, { changes: { body: { from } } });
  return comment;
}

/**
 * Deletes a comment: it leaves the comments list and the timeline; sends `issue_comment.deleted`.
 *
 * @example
 * deleteComment(world, "bob", "acme/access", 1004);
 */
export function deleteComment(world: World, login: string, fullName: string, id: number): void {
  const comment = world.comment(fullName, id);
  const issue = world.issue(comment.repo, comment.issueNumber);
  world.comments.delete(id);
  issue.commentIds = issue.commentIds.filter((other) => other !== id);
  touch(world, issue);
  emitComment(world, issue, comment, "deleted", login);
}
