import type { IssueRecord } from "../model.js";
import type { World } from "../world.js";
import { issueComment } from "./comment.js";
import { issueEvent } from "./issue-event.js";
import { webhookReview } from "./review.js";

/**
 * `GET /repos/{owner}/{repo}/issues/{n}/timeline`: comments, reviews and
 * events in the order they happened. Deleted comments are gone, as on GitHub.
 *
 * @example
 * timeline(world, issue).map((item) => item["event"]); // ["labeled", "commented", "reviewed"]
 */
export function timeline(world: World, issue: IssueRecord): Record<string, unknown>[] {
  const items: { seq: number; shape: Record<string, unknown> }[] = [];
  for (const event of issue.events) items.push({ seq: event.seq, shape: issueEvent(world, issue, event) });
  for (const id of issue.commentIds) {
    const comment = world.comments.get(id);
    if (!comment) continue;
    const shape = issueComment(world, comment);
    items.push({ seq: comment.seq, shape: { ...shape, event: "commented", actor: shape["user"] } });
  }
  for (const review of issue.reviews) {
    items.push({ seq: review.seq, shape: { ...webhookReview(world, issue, review), event: "reviewed" } });
  }
  return items.sort((a, b) => a.seq - b.seq).map((item) => item.shape);
}
