import { Probot } from "probot";
import type { TrailRepo } from "../audit/load-trail.js";
import type { Credentials } from "../environment/check-environment.js";
import { GitHubClient } from "../github/client.js";
import { call, statusOf, toGitHubError } from "../github/errors.js";
import type { Masker } from "../masking/index.js";
import type { AppIdentity } from "../reconcile/read-timeline.js";
import { withCredentials } from "./checked-environment.js";
import { CliError } from "./cli-error.js";

/** What the audit commands read GitHub through: the app's identity and the repositories it can read. */
export interface AuditAccess {
  app: AppIdentity;
  /** The repository named, or, without one, every repository of every installation. */
  repositories(target?: { owner: string; repo: string }): Promise<TrailRepo[]>;
}

/**
 * Connects as the app from the environment, as `npm start` and
 * `jit-access sweep` do: APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, and
 * GHE_HOST (with GHE_PROTOCOL) for GitHub Enterprise Server, checked by the
 * one configuration check.
 *
 * @example
 * const access = await connectFromEnv(process.env, masker);
 */
export async function connectFromEnv(env: NodeJS.ProcessEnv, masker: Masker): Promise<AuditAccess> {
  return connectWithProbot(new Probot(probotOptions(withCredentials(env).credentials)), masker);
}

/**
 * Probot's options for checked credentials.
 *
 * @example
 * new Probot(probotOptions(withCredentials(process.env).credentials));
 */
export function probotOptions(credentials: Credentials): { appId: number; privateKey: string; baseUrl?: string } {
  return { appId: credentials.appId, privateKey: credentials.privateKey, ...(credentials.baseUrl ? { baseUrl: credentials.baseUrl } : {}) };
}

/**
 * The app as GitHub knows it (`GET /app` with the app's JWT). A 401 means
 * the key and the app id do not belong together, said in those words.
 *
 * @example
 * const { slug } = await authenticateApp(await probot.auth());
 */
export async function authenticateApp(octokit: Awaited<ReturnType<Probot["auth"]>>): Promise<{ id: number; slug: string }> {
  let data;
  try {
    data = (await octokit.rest.apps.getAuthenticated()).data;
  } catch (error) {
    if (statusOf(error) === 401) {
      throw new CliError("APP_ID or PRIVATE_KEY is wrong: GitHub refused the app's token (401); APP_ID must be the ID of the app whose private key this is (both on the app's settings page), and the key must not have been deleted there", 1);
    }
    throw toGitHubError(error, "GET /app");
  }
  if (!data?.slug) throw new CliError("GitHub did not return the app's slug; check APP_ID", 1);
  return { id: data.id, slug: data.slug };
}

/**
 * Connects through a Probot instance that holds the app's credentials: the
 * app's JWT finds the installation of each repository, and an installation
 * token reads it.
 *
 * @example
 * const access = await connectWithProbot(probot, masker);
 * const [repo] = await access.repositories({ owner: "acme", repo: "access" });
 */
export async function connectWithProbot(probot: Probot, masker: Masker): Promise<AuditAccess> {
  const octokit = await probot.auth();
  const app = await authenticateApp(octokit);
  const client = async (installationId: number) => new GitHubClient(await probot.auth(installationId), masker);
  return {
    app,
    async repositories(target) {
      if (target) {
        const installationId = await installationOf(octokit, target.owner, target.repo);
        return [{ installationId, ...target, source: await client(installationId) }];
      }
      const installations = await call("GET /app/installations", () => octokit.paginate(octokit.rest.apps.listInstallations, { per_page: 100 }));
      const repos: TrailRepo[] = [];
      for (const { id } of installations) {
        const github = await client(id);
        for (const repo of await github.listRepositories()) repos.push({ installationId: id, ...repo, source: github });
      }
      return repos;
    },
  };
}

async function installationOf(octokit: Awaited<ReturnType<Probot["auth"]>>, owner: string, repo: string): Promise<number> {
  try {
    return (await octokit.rest.apps.getRepoInstallation({ owner, repo })).data.id;
  } catch (error) {
    if (statusOf(error) === 404) throw new CliError(`jit-access is not installed on ${owner}/${repo}, or there is no such repository`, 1);
    throw toGitHubError(error, "GET /repos/{owner}/{repo}/installation");
  }
}
