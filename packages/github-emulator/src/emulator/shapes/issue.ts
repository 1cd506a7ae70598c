import type { IssueRecord } from "../model.js";
import { isoTime, nodeId } from "../time.js";
import type { World } from "../world.js";
import { authorAssociation, noReactions } from "./association.js";
import { label } from "./label.js";
import { simpleUser } from "./user.js";

/**
 * GitHub's `issue`. Pull requests are issues too; they carry a
 * `pull_request` key, as in GitHub's issue list.
 *
 * @example
 * issue(world, world.issue("acme/access", 1)).state; // "open"
 */
export function issue(world: World, record: IssueRecord): Record<string, unknown> {
  const repo = world.repo(record.repo);
  const repoApi = `${world.apiUrl}/repos/${repo.fullName}`;
  const url = `${repoApi}/issues/${record.number}`;
  const html = `${world.htmlUrl}/${repo.fullName}/${record.pull ? "pull" : "issues"}/${record.number}`;
  const author = world.userById(record.authorId);
  return {
    id: record.id,
    node_id: nodeId(record.pull ? "PullRequestIssue" : "Issue", record.id),
    url,
    repository_url: repoApi,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    timeline_url: `${url}/timeline`,
    number: record.number,
    state: record.state,
    state_reason: record.stateReason,
    title: record.title,
    // GitHub stores an empty description as null.
    body: record.body === "" ? null : record.body,
    user: simpleUser(world, author),
    labels: record.labels.map((entry) => label(world, repo, entry)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: record.locked,
    active_lock_reason: record.lockReason,
    comments: record.commentIds.length,
    ...(record.pull
      ? {
          pull_request: {
            url: `${repoApi}/pulls/${record.number}`,
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: null,
          },
          draft: false,
        }
      : {}),
    closed_at: record.closedAt === null ? null : isoTime(record.closedAt),
    closed_by: record.closedById === null ? null : simpleUser(world, world.userById(record.closedById)),
    created_at: isoTime(record.createdAt),
    updated_at: isoTime(record.updatedAt),
    author_association: authorAssociation(world, repo, author),
    performed_via_github_app: null,
    reactions: noReactions(url),
  };
}
