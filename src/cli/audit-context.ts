import { loadTrails, type RequestTrail } from "../audit/load-trail.js";
import { ConfigError, readConfig, type Config } from "../config.js";
import type { Masker } from "../masking/index.js";
import { CliError } from "./cli-error.js";
import { connectFromEnv, type AuditAccess } from "./connect.js";

/** What the audit commands need from outside; tests pass their own. */
export interface AuditDeps {
  env: NodeJS.ProcessEnv;
  connect(env: NodeJS.ProcessEnv, masker: Masker): Promise<AuditAccess>;
  now(): number;
}

/**
 * The environment of this process, and GitHub reached with the app's credentials.
 *
 * @example
 * await auditExport(["--repo", "acme/access"], consoleOutput(), processDeps());
 */
export function processDeps(): AuditDeps {
  return { env: process.env, connect: connectFromEnv, now: Date.now };
}

/**
 * The app's settings the audit commands use (the signing key, the request
 * label), read as the app reads them; a problem is reported by name.
 *
 * @example
 * const { signingKey } = auditSettings(process.env);
 */
export function auditSettings(env: NodeJS.ProcessEnv): Config {
  try {
    return readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 1);
    throw error;
  }
}

/**
 * The trails of every request in the repository named (or in every
 * repository the app is installed on), each record checked.
 *
 * @example
 * const trails = await readTrails(deps, masker, config, { owner: "acme", repo: "access" });
 */
export async function readTrails(deps: AuditDeps, masker: Masker, config: Config, target?: { owner: string; repo: string }, since?: number): Promise<RequestTrail[]> {
  const access = await deps.connect(deps.env, masker);
  const trails: RequestTrail[] = [];
  for (const repo of await access.repositories(target)) {
    const options = { app: access.app, signingKey: config.signingKey, requestLabel: config.requestLabel };
    trails.push(...(await loadTrails(repo, since === undefined ? options : { ...options, since })));
  }
  return trails;
}
