import { Probot } from "probot";
import type { TrailRepo } from "../audit/load-trail.js";
import type { Credentials } from "../environment/check-environment.js";
import { authenticatedApp, listInstallations, repoInstallation } from "../github/app-client.js";
import { GitHubClient, type Octokit } from "../github/client.js";
import { statusOf } from "../github/errors.js";
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
export async function authenticateApp(octokit: Octokit): Promise<{ id: number; slug: string }> {
  let app;
  try {
    app = await authenticatedApp(octokit);
  } catch (error) {
    if (statusOf(error) === 401) {
      throw new CliError("APP_ID or PRIVATE_KEY is wrong: GitHub refused the app's token (401); APP_ID must be the ID of the app whose private key this is (both on the app's settings page), and the key must not have been deleted there", 1);
    }
    throw error;
  }
  if (!app.slug) throw new CliError("GitHub did not return the app's slug; check APP_ID", 1);
  return { id: app.id, slug: app.slug };
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
      const repos: TrailRepo[] = [];
      for (const id of await listInstallations(octokit)) {
        const github = await client(id);
        for (const repo of await github.listRepositories()) repos.push({ installationId: id, ...repo, source: github });
      }
      return repos;
    },
  };
}

async function installationOf(octokit: Octokit, owner: string, repo: string): Promise<number> {
  const installation = await repoInstallation(octokit, owner, repo);
  if (!installation) throw new CliError(`jit-access is not installed on ${owner}/${repo}, or there is no such repository`, 1);
  return installation.id;
}
