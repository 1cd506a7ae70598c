import type { CommentRecord, IssueRecord, ReviewRecord } from "./model.js";
import { issueComment } from "./shapes/comment.js";
import { issue as issueShape } from "./shapes/issue.js";
import { cachedFragment } from "./json-fragment.js";
import { organizationSimple, organizationSimpleInputs } from "./shapes/organization.js";
import { pullRequest } from "./shapes/pull-request.js";
import { repository as repositoryShape, repositoryInputs } from "./shapes/repository.js";
import { webhookReview } from "./shapes/review.js";
import { simpleUser, simpleUserInputs } from "./shapes/user.js";
import type { World } from "./world.js";

/**
 * Queues the `issues` (or, for a pull request, `pull_request`) webhook GitHub
 * sends when `sender` does `action` to the issue, with its state as it is now.
 *
 * @example
 * emitIssue(world, issue, "labeled", "alice", { label: { name: "bug", ... } });
 */
export function emitIssue(world: World, issue: IssueRecord, action: string, sender: string, extra: Record<string, unknown> = {}): void {
  const subject = issue.pull
    ? { number: issue.number, pull_request: pullRequest(world, { ...issue, pull: issue.pull }) }
    : { issue: issueShape(world, issue) };
  emit(world, issue.repo, issue.pull ? "pull_request" : "issues", { action, ...subject, ...extra }, sender);
}

/**
 * Queues an `issue_comment` webhook (sent for comments on issues and pull requests alike).
 *
 * @example
 * emitComment(world, issue, comment, "created", "alice");
 */
export function emitComment(
  world: World,
  issue: IssueRecord,
  comment: CommentRecord,
  action: "created" | "edited" | "deleted",
  sender: string,
  extra: Record<string, unknown> = {},
): void {
  const payload = { action, issue: issueShape(world, issue), comment: issueComment(world, comment), ...extra };
  emit(world, issue.repo, "issue_comment", payload, sender);
}

/**
 * Queues a `pull_request_review` webhook; the review's state is in lower case there.
 *
 * @example
 * emitReview(world, pr, review, "submitted", "bob");
 */
export function emitReview(world: World, pr: IssueRecord, review: ReviewRecord, action: "submitted" | "dismissed", sender: string): void {
  if (!pr.pull) return;
  const payload = { action, review: webhookReview(world, pr, review), pull_request: pullRequest(world, { ...pr, pull: pr.pull }) };
  emit(world, pr.repo, "pull_request_review", payload, sender);
}

/**
 * Queues any repository webhook: adds `repository`, `organization` and
 * `sender`, each as a fragment whose JSON is reused while its inputs stay
 * the same.
 *
 * @example
 * emit(world, "acme/access", "check_run", { action: "created", check_run: {...} }, "jit-access[bot]");
 */
export function emit(world: World, fullName: string, event: string, payload: Record<string, unknown>, sender: string): void {
  const repo = world.repo(fullName);
  const owner = world.orgs.get(repo.owner.toLowerCase());
  const org = owner ? { organization: cachedFragment(owner, organizationSimpleInputs(world, owner), () => organizationSimple(world, owner.login)) } : {};
  const who = world.user(sender);
  const repository = cachedFragment(repo, repositoryInputs(world, repo), () => repositoryShape(world, repo));
  world.emit(repo.owner, event, { ...payload, repository, ...org, sender: cachedFragment(who, simpleUserInputs(world, who), () => simpleUser(world, who)) });
}
