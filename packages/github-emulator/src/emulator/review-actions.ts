import { HttpError } from "./http-error.js";
import { recordEvent, touch } from "./issue-actions.js";
import type { ReviewRecord, ReviewState } from "./model.js";
import { emitReview } from "./webhook-payloads.js";
import type { World } from "./world.js";

export type ReviewEvent = "APPROVE" | "COMMENT" | "REQUEST_CHANGES";

const STATE_OF: Record<ReviewEvent, ReviewState> = {
  APPROVE: "APPROVED",
  COMMENT: "COMMENTED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
};

/**
 * Submits a pull-request review; sends `pull_request_review.submitted`.
 * Like GitHub, refuses (422) an author approving or requesting changes on
 * their own pull request.
 *
 * @example
 * submitReview(world, "bob", "acme/access", 2, "APPROVE", "lgtm");
 */
export function submitReview(world: World, login: string, fullName: string, n: number, event: ReviewEvent, body = ""): ReviewRecord {
  const pr = world.pull(fullName, n);
  const author = world.user(login).id;
  if (event !== "COMMENT" && author === pr.authorId) {
    const message = `Review Can not ${event === "APPROVE" ? "approve" : "request changes on"} your own pull request`;
    throw new HttpError(422, "Unprocessable Entity", { errors: [message] }, message);
  }
  const review: ReviewRecord = {
    id: world.nextId(),
    authorId: author,
    body,
    state: STATE_OF[event],
    stateBeforeDismissal: undefined,
    submittedAt: world.now(),
    commitId: pr.pull.headSha,
    seq: world.nextSeq(),
  };
  pr.reviews.push(review);
  touch(world, pr);
  emitReview(world, pr, review, "submitted", login);
  return review;
}

/**
 * Dismisses an approving or change-requesting review; records a
 * `review_dismissed` event and sends `pull_request_review.dismissed`.
 *
 * @example
 * dismissReview(world, "carol", "acme/access", 2, 1010, "stale");
 */
export function dismissReview(world: World, login: string, fullName: string, n: number, reviewId: number, message: string | null = null): void {
  const pr = world.pull(fullName, n);
  const review = pr.reviews.find((candidate) => candidate.id === reviewId);
  if (!review) throw new HttpError(404, "Not Found", {}, `review ${reviewId} on ${fullName}#${n}`);
  if (review.state !== "APPROVED" && review.state !== "CHANGES_REQUESTED") {
    const message = `Can not dismiss a ${review.state.toLowerCase()} pull request review`;
    throw new HttpError(422, "Unprocessable Entity", { errors: [message] }, message);
  }
  review.stateBeforeDismissal = review.state;
  review.state = "DISMISSED";
  recordEvent(world, pr, login, {
    event: "review_dismissed",
    dismissedReview: { state: review.stateBeforeDismissal.toLowerCase(), reviewId, message },
  });
  touch(world, pr);
  emitReview(world, pr, review, "dismissed", login);
}
