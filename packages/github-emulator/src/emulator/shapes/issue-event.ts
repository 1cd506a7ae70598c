import type { IssueEventRecord, IssueRecord } from "../model.js";
import { isoTime, nodeId } from "../time.js";
import type { World } from "../world.js";
import { performedVia } from "./app.js";
import { simpleUser } from "./user.js";

/**
 * One entry of `GET /repos/{owner}/{repo}/issues/{n}/events` (and of the
 * timeline): who did what and when, with the event's own detail.
 *
 * @example
 * issueEvent(world, issue, record); // { event: "labeled", actor: {...}, label: { name, color }, ... }
 */
export function issueEvent(world: World, issue: IssueRecord, record: IssueEventRecord): Record<string, unknown> {
  const actor = world.userById(record.actorId);
  const shape: Record<string, unknown> = {
    id: record.id,
    node_id: nodeId(eventNodeType(record), record.id),
    url: `${world.apiUrl}/repos/${issue.repo}/issues/events/${record.id}`,
    actor: simpleUser(world, actor),
    event: record.event,
    commit_id: null,
    commit_url: null,
    created_at: isoTime(record.at),
    performed_via_github_app: performedVia(world, actor),
  };
  if (record.label) shape["label"] = { ...record.label };
  if (record.rename) shape["rename"] = { ...record.rename };
  if (record.stateReason !== undefined) shape["state_reason"] = record.stateReason;
  if (record.lockReason !== undefined) shape["lock_reason"] = record.lockReason;
  if (record.dismissedReview) {
    const { state, reviewId, message } = record.dismissedReview;
    shape["dismissed_review"] = { state, review_id: reviewId, dismissal_message: message };
  }
  return shape;
}

function eventNodeType(record: IssueEventRecord): string {
  const camel = record.event.replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase());
  return `${camel}Event`;
}
