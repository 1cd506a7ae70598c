import { blobSha, treeSha } from "../git-store.js";
import { notFound } from "../http-error.js";
import type { CommitRecord, RepoRecord } from "../model.js";
import type { World } from "../world.js";

/**
 * `GET /repos/{owner}/{repo}/contents/{path}`: a file object with base64
 * content (wrapped every 60 characters, as GitHub sends it) or, for a
 * directory, the array of its entries.
 *
 * @example
 * contents(world, repo, commit, "policies", "main"); // [{ type: "file", name: "a.yml", ... }]
 */
export function contents(
  world: World,
  repo: RepoRecord,
  commit: CommitRecord,
  path: string,
  ref: string,
): Record<string, unknown> | Record<string, unknown>[] {
  const clean = path.replace(/^\/+|\/+$/g, "");
  const file = commit.tree.get(clean);
  if (file !== undefined) {
    const base64 = Buffer.from(file, "utf8").toString("base64");
    return { ...entry(world, repo, commit, clean, "file", ref), content: `${base64.replace(/(.{60})/g, "$1\n")}\n`, encoding: "base64" };
  }
  const prefix = clean === "" ? "" : `${clean}/`;
  const children = new Map<string, "file" | "dir">();
  for (const filePath of commit.tree.keys()) {
    if (!filePath.startsWith(prefix)) continue;
    const [name, ...rest] = filePath.slice(prefix.length).split("/");
    if (name) children.set(name, rest.length ? "dir" : "file");
  }
  if (children.size === 0) throw notFound(`path ${clean} in ${repo.fullName}@${ref}`);
  return [...children]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, type]) => entry(world, repo, commit, `${prefix}${name}`, type, ref));
}

function entry(world: World, repo: RepoRecord, commit: CommitRecord, path: string, type: "file" | "dir", ref: string): Record<string, unknown> {
  const file = commit.tree.get(path);
  const sha = type === "file" && file !== undefined ? blobSha(file) : treeSha(commit.tree, path);
  const self = `${world.apiUrl}/repos/${repo.fullName}/contents/${encodePath(path)}?ref=${encodeURIComponent(ref)}`;
  const git = `${world.apiUrl}/repos/${repo.fullName}/git/${type === "file" ? "blobs" : "trees"}/${sha}`;
  const html = `${world.htmlUrl}/${repo.fullName}/${type === "file" ? "blob" : "tree"}/${encodeURIComponent(ref)}/${encodePath(path)}`;
  return {
    type,
    size: type === "file" && file !== undefined ? Buffer.byteLength(file, "utf8") : 0,
    name: path.split("/").pop() ?? path,
    path,
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === "file" ? `${world.apiUrl}/raw/${repo.fullName}/${encodeURIComponent(ref)}/${encodePath(path)}` : null,
    _links: { self, git, html },
  };
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
