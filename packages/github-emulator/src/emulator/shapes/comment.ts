import type { CommentRecord } from "../model.js";
import { isoTime, nodeId } from "../time.js";
import type { World } from "../world.js";
import { performedVia } from "./app.js";
import { authorAssociation, noReactions } from "./association.js";
import { simpleUser } from "./user.js";

/**
 * GitHub's `issue-comment`.
 *
 * @example
 * issueComment(world, record).html_url; // ".../html/acme/access/issues/1#issuecomment-1004"
 */
export function issueComment(world: World, record: CommentRecord): Record<string, unknown> {
  const repo = world.repo(record.repo);
  const url = `${world.apiUrl}/repos/${repo.fullName}/issues/comments/${record.id}`;
  const author = world.userById(record.authorId);
  return {
    id: record.id,
    node_id: nodeId("IssueComment", record.id),
    url,
    html_url: `${world.htmlUrl}/${repo.fullName}/issues/${record.issueNumber}#issuecomment-${record.id}`,
    issue_url: `${world.apiUrl}/repos/${repo.fullName}/issues/${record.issueNumber}`,
    body: record.body,
    user: simpleUser(world, author),
    created_at: isoTime(record.createdAt),
    updated_at: isoTime(record.updatedAt),
    author_association: authorAssociation(world, repo, author),
    performed_via_github_app: performedVia(world, author),
    reactions: noReactions(url),
  };
}
