import { readFile } from "node:fs/promises";
import { Probot } from "probot";
import type { TrailRepo } from "../audit/load-trail.js";
import { GitHubClient } from "../github/client.js";
import { call, statusOf, toGitHubError } from "../github/errors.js";
import type { Masker } from "../masking/index.js";
import type { AppIdentity } from "../reconcile/read-timeline.js";
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
 * GHE_HOST (with GHE_PROTOCOL) for GitHub Enterprise Server.
 *
 * @example
 * const access = await connectFromEnv(process.env, masker);
 */
export async function connectFromEnv(env: NodeJS.ProcessEnv, masker: Masker): Promise<AuditAccess> {
  if (!env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) {
    throw new CliError("reading GitHub needs the app's credentials: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH), as for `npm start`", 1);
  }
  let privateKey = env.PRIVATE_KEY;
  if (privateKey === undefined) {
    try {
      privateKey = await readFile(env.PRIVATE_KEY_PATH ?? "", "utf8");
    } catch {
      throw new CliError(`PRIVATE_KEY_PATH: cannot read ${env.PRIVATE_KEY_PATH ?? ""}`, 1);
    }
  }
  const baseUrl = env.GHE_HOST ? { baseUrl: `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3` } : {};
  return connectWithProbot(new Probot({ appId: env.APP_ID, privateKey, ...baseUrl }), masker);
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
  const { data } = await call("GET /app", () => octokit.rest.apps.getAuthenticated());
  if (!data?.slug) throw new CliError("GitHub did not return the app's slug; check APP_ID", 1);
  const client = async (installationId: number) => new GitHubClient(await probot.auth(installationId), masker);
  return {
    app: { id: data.id, slug: data.slug },
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
