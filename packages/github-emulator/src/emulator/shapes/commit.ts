import type { CommitRecord, RepoRecord } from "../model.js";
import { isoTime, nodeId } from "../time.js";
import { treeSha } from "../git-store.js";
import type { World } from "../world.js";

/** Who commits files set up through the emulator's API. */
const COMMITTER = { name: "Emulator", email: "emulator@users.noreply.github.com" };

/**
 * GitHub's `commit`, as `GET /repos/{owner}/{repo}/commits` lists it.
 *
 * @example
 * commit(world, repo, record).sha;
 */
export function commit(world: World, repo: RepoRecord, record: CommitRecord): Record<string, unknown> {
  const api = `${world.apiUrl}/repos/${repo.fullName}`;
  const html = `${world.htmlUrl}/${repo.fullName}/commit/${record.sha}`;
  const signature = { ...COMMITTER, date: isoTime(record.at) };
  return {
    sha: record.sha,
    node_id: nodeId("Commit", parseInt(record.sha.slice(0, 8), 16)),
    url: `${api}/commits/${record.sha}`,
    html_url: html,
    comments_url: `${api}/commits/${record.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${record.sha}`,
      author: signature,
      committer: signature,
      message: record.message,
      tree: { sha: treeSha(record.tree, ""), url: `${api}/git/trees/${treeSha(record.tree, "")}` },
      comment_count: 0,
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    },
    author: {},
    committer: {},
    parents:
      record.parent === undefined
        ? []
        : [{ sha: record.parent, url: `${api}/commits/${record.parent}`, html_url: `${world.htmlUrl}/${repo.fullName}/commit/${record.parent}` }],
  };
}

/**
 * GitHub's `branch-with-protection`; the protection's own rules are behind
 * `protection_url` (administration permission), so only whether there is one.
 *
 * @example
 * branch(world, repo, "main").commit.sha;
 */
export function branch(world: World, repo: RepoRecord, name: string, head: CommitRecord): Record<string, unknown> {
  const api = `${world.apiUrl}/repos/${repo.fullName}/branches/${encodeURIComponent(name)}`;
  const rule = repo.protectedBranches?.get(name);
  const isProtected = rule !== undefined;
  return {
    name,
    commit: commit(world, repo, head),
    _links: { self: api, html: `${world.htmlUrl}/${repo.fullName}/tree/${encodeURIComponent(name)}` },
    protected: isProtected,
    protection: { enabled: isProtected, required_status_checks: { enforcement_level: rule && rule.requiredChecks.length > 0 ? "non_admins" : "off", contexts: rule?.requiredChecks ?? [], checks: (rule?.requiredChecks ?? []).map((context) => ({ context, app_id: null })) } },
    protection_url: `${api}/protection`,
  };
}
