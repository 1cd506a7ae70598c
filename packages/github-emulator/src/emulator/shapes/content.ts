import { posix } from "node:path";
import { blobSha, treeSha } from "../git-store.js";
import { notFound } from "../http-error.js";
import type { CommitRecord, LinkRecord, RepoRecord } from "../model.js";
import type { World } from "../world.js";

type EntryType = "file" | "dir" | "symlink" | "submodule";

/**
 * `GET /repos/{owner}/{repo}/contents/{path}`: a file object with base64
 * content (wrapped every 60 characters, as GitHub sends it) or, for a
 * directory, the array of its entries. As GitHub documents it: a symbolic
 * link whose target is a file of the repository answers with that file
 * (its own path and name), any other with `type: "symlink"` and its target;
 * a submodule answers with `type: "submodule"` and its repository, and is
 * listed in its directory as a `file` ("for backwards compatibility"); a
 * link is listed as a `symlink`.
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
  const link = commit.links?.get(clean);
  if (link !== undefined) return linked(world, repo, commit, clean, link, ref);
  const file = commit.tree.get(clean);
  if (file !== undefined) return fileObject(world, repo, commit, clean, file, ref);
  const prefix = clean === "" ? "" : `${clean}/`;
  const children = new Map<string, EntryType>();
  for (const filePath of commit.tree.keys()) {
    if (!filePath.startsWith(prefix)) continue;
    const [name, ...rest] = filePath.slice(prefix.length).split("/");
    if (name) children.set(name, rest.length ? "dir" : "file");
  }
  for (const [linkPath, record] of commit.links ?? []) {
    if (!linkPath.startsWith(prefix)) continue;
    const [name, ...rest] = linkPath.slice(prefix.length).split("/");
    if (name) children.set(name, rest.length ? "dir" : record.kind === "symlink" ? "symlink" : "file");
  }
  if (children.size === 0) throw notFound(`path ${clean} in ${repo.fullName}@${ref}`);
  return [...children]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, type]) => entry(world, repo, commit, `${prefix}${name}`, type, ref));
}

function fileObject(world: World, repo: RepoRecord, commit: CommitRecord, path: string, file: string, ref: string): Record<string, unknown> {
  const base64 = Buffer.from(file, "utf8").toString("base64");
  return { ...entry(world, repo, commit, path, "file", ref), content: `${base64.replace(/(.{60})/g, "$1\n")}\n`, encoding: "base64" };
}

/** A symbolic link (the file it points at, when that is a file of the repository) or a submodule. */
function linked(world: World, repo: RepoRecord, commit: CommitRecord, path: string, link: LinkRecord, ref: string): Record<string, unknown> {
  if (link.kind === "submodule") {
    // Its git and html links lead into the submodule's own repository, or are null where that is not on this host.
    const hosted = new RegExp(`^(?:https://github\\.com|${world.htmlUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})/([^/]+)/([^/]+?)(?:\\.git)?/?$`).exec(link.url);
    const git = hosted ? `${world.apiUrl}/repos/${hosted[1]}/${hosted[2]}/git/trees/${link.sha}` : null;
    const html = hosted ? `${world.htmlUrl}/${hosted[1]}/${hosted[2]}/tree/${link.sha}` : null;
    const shaped = entry(world, repo, commit, path, "submodule", ref);
    return { ...shaped, git_url: git, html_url: html, _links: { self: shaped["url"], git, html }, submodule_git_url: link.url };
  }
  const target = posix.normalize(posix.join(posix.dirname(path), link.target));
  const file = target.startsWith("../") || posix.isAbsolute(link.target) ? undefined : commit.tree.get(target);
  if (file !== undefined) return fileObject(world, repo, commit, target, file, ref);
  return { ...entry(world, repo, commit, path, "symlink", ref), target: link.target };
}

function entry(world: World, repo: RepoRecord, commit: CommitRecord, path: string, listed: EntryType, ref: string): Record<string, unknown> {
  const link = commit.links?.get(path);
  // A submodule is listed as a file, but it is still no blob.
  const type: EntryType = link?.kind === "submodule" ? "submodule" : listed;
  const file = commit.tree.get(path);
  const sha = link?.kind === "submodule" ? link.sha : link?.kind === "symlink" ? blobSha(link.target) : type === "file" && file !== undefined ? blobSha(file) : treeSha(commit.tree, path);
  const self = `${world.apiUrl}/repos/${repo.fullName}/contents/${encodePath(path)}?ref=${encodeURIComponent(ref)}`;
  const git = `${world.apiUrl}/repos/${repo.fullName}/git/${type === "file" || type === "symlink" ? "blobs" : "trees"}/${sha}`;
  const html = `${world.htmlUrl}/${repo.fullName}/${type === "file" || type === "symlink" ? "blob" : "tree"}/${encodeURIComponent(ref)}/${encodePath(path)}`;
  return {
    type: listed,
    size: type === "file" && file !== undefined ? Buffer.byteLength(file, "utf8") : link?.kind === "symlink" ? Buffer.byteLength(link.target, "utf8") : 0,
    name: path.split("/").pop() ?? path,
    path,
    sha,
    url: self,
    git_url: git,
    html_url: type === "submodule" ? null : html,
    download_url: type === "file" || type === "symlink" ? `${world.apiUrl}/raw/${repo.fullName}/${encodeURIComponent(ref)}/${encodePath(path)}` : null,
    _links: { self, git, html },
  };
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
