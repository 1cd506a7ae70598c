import { loadTrails, type RequestTrail } from "../audit/load-trail.js";
import type { Config } from "../config.js";
import type { Masker } from "../masking/index.js";
import { checkedEnvironment } from "./checked-environment.js";
import { connectFromEnv, type AuditAccess } from "./connect.js";

/** What the audit commands need from outside; tests pass their own. */
export interface AuditDeps {
  env: NodeJS.ProcessEnv;
  connect(env: NodeJS.ProcessEnv, masker: Masker): Promise<AuditAccess>;
  now(): number;
  /** True when `connect` takes the app's credentials from `env`: they are then checked with the other settings, all problems at once. */
  credentialsFromEnv?: boolean;
}

/**
 * The environment of this process, and GitHub reached with the app's credentials.
 *
 * @example
 * await auditExport(["--repo", "acme/access"], consoleOutput(), processDeps());
 */
export function processDeps(): AuditDeps {
  return { env: process.env, connect: connectFromEnv, now: Date.now, credentialsFromEnv: true };
}

/**
 * The app's settings the audit commands use (the signing key, the request
 * label), read as the app reads them, and, when the command reads GitHub,
 * the app's credentials too: every problem reported at once, by name.
 *
 * @example
 * const { signingKey } = auditSettings(processDeps(), true);
 */
export function auditSettings(deps: AuditDeps, readsGitHub: boolean): Config {
  return checkedEnvironment(deps.env, readsGitHub && deps.credentialsFromEnv === true ? "github" : "settings").config;
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
