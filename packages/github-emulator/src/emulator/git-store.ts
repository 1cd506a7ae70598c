import { createHash } from "node:crypto";
import { notFound } from "./http-error.js";
import type { CommitRecord, LinkRecord, RepoRecord } from "./model.js";

/**
 * The sha git gives a file's content, so `sha` fields match what `git hash-object` prints.
 *
 * @example
 * blobSha(""); // "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
 */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/**
 * A stable sha for the directory `dir` of a tree (stands in for git's tree sha).
 *
 * @example
 * treeSha(commit.tree, "policies");
 */
export function treeSha(tree: Map<string, string>, dir: string): string {
  const prefix = dir === "" ? "" : `${dir}/`;
  const hash = createHash("sha1").update(`tree ${dir}\0`);
  for (const [path, content] of [...tree].sort(([a], [b]) => a.localeCompare(b))) {
    if (path.startsWith(prefix)) hash.update(`${path}\0${blobSha(content)}\n`);
  }
  return hash.digest("hex");
}

/**
 * Commits a change to a branch (creating the branch from the default branch
 * when new): `content` null deletes the path; a link record puts a symbolic
 * link or a submodule there instead of a file. Returns the new commit.
 *
 * @example
 * commitChange(repo, "main", { "policies/a.yml": "version: 1\n" }, "Add policy", Date.now());
 */
export function commitChange(
  repo: RepoRecord,
  branch: string,
  changes: Record<string, string | LinkRecord | null>,
  message: string,
  at: number,
): CommitRecord {
  const parentSha = repo.branches.get(branch) ?? repo.branches.get(repo.defaultBranch);
  const parent = parentSha === undefined ? undefined : repo.commits.get(parentSha);
  const tree = new Map(parent?.tree ?? []);
  const links = new Map(parent?.links ?? []);
  for (const [path, content] of Object.entries(changes)) {
    const clean = path.replace(/^\/+/, "");
    if (content === null) {
      if (!tree.delete(clean) && !links.delete(clean)) throw notFound(`file ${clean} on ${repo.fullName}@${branch}`);
    } else if (typeof content === "string") {
      tree.set(clean, content);
      links.delete(clean);
    } else {
      links.set(clean, content);
      tree.delete(clean);
    }
  }
  const linked = [...links].map(([path, link]) => `${path}\0${link.kind === "symlink" ? link.target : link.sha}`).join("\n");
  const sha = createHash("sha1")
    .update(`commit ${parentSha ?? ""}\0${message}\0${at}\0${repo.commits.size}\0${treeSha(tree, "")}\0${linked}`)
    .digest("hex");
  const commit: CommitRecord = { sha, message, tree, ...(links.size > 0 ? { links } : {}), parent: parentSha, changed: Object.keys(changes), at };
  repo.commits.set(sha, commit);
  repo.branches.set(branch, sha);
  repo.pushedAt = at;
  return commit;
}

/**
 * The commit a ref names: a branch, a full sha, or (when absent) the default branch.
 *
 * @example
 * resolveRef(repo, undefined).sha === repo.branches.get(repo.defaultBranch);
 */
export function resolveRef(repo: RepoRecord, ref: string | undefined): CommitRecord {
  const name = ref ?? repo.defaultBranch;
  const sha = repo.branches.get(name.replace(/^refs\/heads\//, "")) ?? name;
  const commit = repo.commits.get(sha);
  if (!commit) throw notFound(`ref ${name} in ${repo.fullName}`);
  return commit;
}

/**
 * The first-parent history from `ref`, newest first.
 *
 * @example
 * history(repo, "main")[0]?.message;
 */
export function history(repo: RepoRecord, ref: string | undefined): CommitRecord[] {
  const commits: CommitRecord[] = [];
  for (let commit: CommitRecord | undefined = resolveRef(repo, ref); commit; ) {
    commits.push(commit);
    commit = commit.parent === undefined ? undefined : repo.commits.get(commit.parent);
  }
  return commits;
}
