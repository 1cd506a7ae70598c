import type { RepoRecord } from "../model.js";
import { isoTime, nodeId } from "../time.js";
import type { World } from "../world.js";
import { simpleUser } from "./user.js";

/**
 * GitHub's `full-repository` (also what webhook payloads carry as `repository`).
 * Webhooks reuse its text while `repositoryInputs` stays the same: a new
 * input read here must be named there too.
 *
 * @example
 * repository(world, world.repo("acme/access")).default_branch; // "main"
 */
export function repository(world: World, repo: RepoRecord): Record<string, unknown> {
  const api = `${world.apiUrl}/repos/${repo.fullName}`;
  const html = `${world.htmlUrl}/${repo.fullName}`;
  const openIssues = openIssueCount(repo);
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    owner: simpleUser(world, repo.owner),
    html_url: html,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://127.0.0.1/${repo.fullName}.git`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@127.0.0.1:${repo.fullName}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: openIssues,
    open_issues: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? "private" : "public",
    license: null,
    pushed_at: isoTime(repo.pushedAt),
    created_at: isoTime(repo.createdAt),
    updated_at: isoTime(repo.pushedAt),
    allow_forking: true,
    web_commit_signoff_required: false,
    network_count: 0,
    subscribers_count: 0,
  };
}

/**
 * Everything `repository` reads, as one string: webhooks reuse the
 * repository's JSON while it stays the same (`cachedFragment`).
 *
 * @example
 * repositoryInputs(world, repo); // "http://127.0.0.1:5000\n…\n3\n…"
 */
export function repositoryInputs(world: World, repo: RepoRecord): string {
  const owner = world.user(repo.owner);
  return [world.apiUrl, world.htmlUrl, repo.id, repo.name, repo.fullName, repo.private, owner.login, owner.id, owner.type, repo.defaultBranch, openIssueCount(repo), repo.pushedAt, repo.createdAt].join("\n");
}

/** Open issues and pull requests (GitHub's `open_issues_count`), counted without copying the list. */
function openIssueCount(repo: RepoRecord): number {
  let open = 0;
  for (const issue of repo.issues.values()) if (issue.state === "open") open++;
  return open;
}
