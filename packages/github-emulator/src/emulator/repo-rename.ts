import { HttpError } from "./http-error.js";
import type { RepoRecord } from "./model.js";
import type { World } from "./world.js";

/**
 * Renames a repository, as its admin can in Settings. GitHub keeps the old
 * name as a redirect ("When you rename a repository, all existing
 * information … is automatically redirected to the new name"): the REST API
 * answers a request under it with a redirect to `/repositories/{id}/…`
 * (rest-server.ts), until a repository is created under the old name, which
 * then takes it over. Issues, comments and check runs move with it.
 *
 * @example
 * renameRepo(world, world.repo("acme/access"), "access-requests");
 */
export function renameRepo(world: World, repo: RepoRecord, name: string): void {
  const from = repo.fullName;
  const to = `${repo.owner}/${name}`;
  if (!/^[A-Za-z0-9._-]+$/.test(name) || (world.repos.has(to.toLowerCase()) && to.toLowerCase() !== from.toLowerCase())) {
    throw new HttpError(422, "Validation Failed", {}, `repository name ${name}`);
  }
  world.repos.delete(from.toLowerCase());
  repo.name = name;
  repo.fullName = to;
  world.repos.set(to.toLowerCase(), repo);
  world.repoRedirects.delete(to.toLowerCase());
  if (from.toLowerCase() !== to.toLowerCase()) world.repoRedirects.set(from.toLowerCase(), repo.id);
  for (const issue of repo.issues.values()) issue.repo = to;
  for (const comment of world.comments.values()) if (comment.repo === from) comment.repo = to;
  for (const run of world.checkRuns.values()) if (run.repo === from) run.repo = to;
}

/**
 * GitHub's answer under a renamed repository's old name: `301 Moved
 * Permanently` for GET and HEAD, `307 Temporary Redirect` for other methods
 * (so that a client repeats the request as it was), to the same path under
 * `/repositories/{id}`; undefined when the path names no old name.
 *
 * @example
 * repoRedirect(world, "GET", "/repos/acme/access/installation"); // { status: 301, location: "…/repositories/1007/installation" }
 */
export function repoRedirect(world: World, method: string, path: string): { status: number; location: string } | undefined {
  const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  if (!match) return undefined;
  const fullName = `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`.toLowerCase();
  if (world.repos.has(fullName)) return undefined;
  const id = world.repoRedirects.get(fullName);
  if (id === undefined) return undefined;
  return { status: method === "GET" || method === "HEAD" ? 301 : 307, location: `${world.apiUrl}/repositories/${id}${match[3] ?? ""}` };
}
