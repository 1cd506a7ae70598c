import type { IssueRecord, ReviewRecord } from "../model.js";
import { isoTime, nodeId } from "../time.js";
import type { World } from "../world.js";
import { authorAssociation } from "./association.js";
import { simpleUser } from "./user.js";

/**
 * GitHub's `pull-request-review` as the REST API lists it: the state in
 * upper case (APPROVED, COMMENTED, CHANGES_REQUESTED, DISMISSED).
 *
 * @example
 * pullRequestReview(world, pr, review).state; // "APPROVED"
 */
export function pullRequestReview(world: World, pr: IssueRecord, review: ReviewRecord): Record<string, unknown> {
  const repo = world.repo(pr.repo);
  const html = `${world.htmlUrl}/${repo.fullName}/pull/${pr.number}#pullrequestreview-${review.id}`;
  const pullUrl = `${world.apiUrl}/repos/${repo.fullName}/pulls/${pr.number}`;
  const author = world.userById(review.authorId);
  return {
    id: review.id,
    node_id: nodeId("PullRequestReview", review.id),
    user: simpleUser(world, author),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: authorAssociation(world, repo, author),
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    submitted_at: isoTime(review.submittedAt),
    commit_id: review.commitId,
  };
}

/**
 * The review as webhooks and the timeline spell it: state in lower case
 * ("approved", "commented", "changes_requested", "dismissed").
 *
 * @example
 * webhookReview(world, pr, review).state; // "approved"
 */
export function webhookReview(world: World, pr: IssueRecord, review: ReviewRecord): Record<string, unknown> {
  const shape = pullRequestReview(world, pr, review);
  return { ...shape, state: review.state.toLowerCase(), updated_at: shape["submitted_at"] };
}
