import type { IssueRecord, PullRecord, RepoRecord } from "../model.js";
import { changedFiles } from "../pull-diff.js";
import { isoTime, nodeId } from "../time.js";
import type { World } from "../world.js";
import { authorAssociation } from "./association.js";
import { label } from "./label.js";
import { repository } from "./repository.js";
import { simpleUser } from "./user.js";

/**
 * GitHub's `pull-request`: the issue's fields plus the branches it joins.
 *
 * @example
 * pullRequest(world, world.pull("acme/access", 2)).head.ref; // "request-2"
 */
export function pullRequest(world: World, record: IssueRecord & { pull: PullRecord }): Record<string, unknown> {
  const repo = world.repo(record.repo);
  const repoApi = `${world.apiUrl}/repos/${repo.fullName}`;
  const url = `${repoApi}/pulls/${record.number}`;
  const issueUrl = `${repoApi}/issues/${record.number}`;
  const html = `${world.htmlUrl}/${repo.fullName}/pull/${record.number}`;
  const { pull } = record;
  const files = changedFiles(repo, pull);
  const additions = files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = files.reduce((sum, file) => sum + file.deletions, 0);
  return {
    url,
    id: pull.id,
    node_id: nodeId("PullRequest", pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoApi}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${repoApi}/statuses/${pull.headSha}`,
    number: record.number,
    state: record.state,
    locked: record.locked,
    active_lock_reason: record.lockReason,
    title: record.title,
    user: simpleUser(world, world.userById(record.authorId)),
    body: record.body === "" ? null : record.body,
    labels: record.labels.map((entry) => label(world, repo, entry)),
    milestone: null,
    created_at: isoTime(record.createdAt),
    updated_at: isoTime(record.updatedAt),
    closed_at: record.closedAt === null ? null : isoTime(record.closedAt),
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchRef(world, repo, pull.headRef, pull.headSha),
    base: branchRef(world, repo, pull.baseRef, pull.baseSha),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoApi}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoApi}/statuses/${pull.headSha}` },
    },
    author_association: authorAssociation(world, repo, world.userById(record.authorId)),
    auto_merge: null,
    draft: false,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: "clean",
    merged_by: null,
    comments: record.commentIds.length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions,
    deletions,
    changed_files: files.length,
  };
}

function branchRef(world: World, repo: RepoRecord, ref: string, sha: string): Record<string, unknown> {
  return {
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: simpleUser(world, repo.owner),
    repo: repository(world, repo),
  };
}
