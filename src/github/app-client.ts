import type { Octokit } from "./client.js";
import { call, statusOf, toGitHubError } from "./errors.js";

/**
 * The calls made as the app itself, with its JWT (`probot.auth()` without
 * an installation), rather than as one of its installations. The rest of
 * the product hands the app's Octokit over and never calls it.
 */

/** The app as GitHub knows it; `slug` is undefined when GitHub did not say it. */
export interface AuthenticatedApp {
  id: number;
  slug: string | undefined;
}

/**
 * `GET /app`: the app the JWT authenticates as. A refusal (401: the key and
 * the app id do not belong together) is a RefusedGitHubError.
 *
 * @example
 * const { id, slug } = await authenticatedApp(await probot.auth());
 */
export async function authenticatedApp(octokit: Octokit): Promise<AuthenticatedApp> {
  const { data } = await call("GET /app", () => octokit.rest.apps.getAuthenticated());
  return { id: data?.id ?? 0, slug: data?.slug || undefined };
}

/**
 * Every installation of the app, page by page (not conditional: for the
 * commands that run once; the server's sweep uses InstallationLister).
 *
 * @example
 * for (const id of await listInstallations(await probot.auth())) console.log(id);
 */
export async function listInstallations(octokit: Octokit): Promise<number[]> {
  const installations = await call("GET /app/installations", () => octokit.paginate(octokit.rest.apps.listInstallations, { per_page: 100 }));
  return installations.map((i) => i.id);
}

/** An installation as the app sees it: its id and the permissions granted to it. */
export interface RepoInstallation {
  id: number;
  permissions: Record<string, string | undefined>;
}

/**
 * The installation of the app on a repository, or undefined when the app is
 * not installed there or there is no such repository (GitHub answers 404 to
 * both).
 *
 * @example
 * const installation = await repoInstallation(await probot.auth(), "acme", "access");
 */
export async function repoInstallation(octokit: Octokit, owner: string, repo: string): Promise<RepoInstallation | undefined> {
  try {
    const { data } = await octokit.rest.apps.getRepoInstallation({ owner, repo });
    return { id: data.id, permissions: { ...(data.permissions as Record<string, string | undefined> | undefined) } };
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw toGitHubError(error, "GET /repos/{owner}/{repo}/installation");
  }
}
