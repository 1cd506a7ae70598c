import { driftRows, renderDrift, type DriftRow } from "../audit/drift-rows.js";
import { DRIFT_LABEL } from "../core/drift-records.js";
import type { Masker } from "../masking/index.js";
import { auditSettings, readTrails, type AuditDeps } from "./audit-context.js";
import { CliError } from "./cli-error.js";
import { parseFlags, parseRepo } from "./flags.js";
import type { Output } from "./output.js";

export const DRIFT_USAGE = `usage: jit-access drift [--repo owner/name] [--format markdown|json]

  Members and child teams of managed teams that no policy allows, as the
  app's signed drift records show them now: who, which team, who added
  them (when GitHub said), and whether they were reverted.

  --repo owner/name    one repository (default: every repository the app is installed on)
  --format             markdown (default) or json`;

/**
 * `jit-access drift`: the drift recorded now, from the drift issues' signed records.
 *
 * @example
 * process.exitCode = await drift(["--repo", "acme/access"], consoleOutput(), processDeps());
 */
export async function drift(argv: string[], out: Output, deps: AuditDeps): Promise<number> {
  const flags = parseFlags(argv, { repo: { type: "string" }, format: { type: "string", default: "markdown" } }, DRIFT_USAGE);
  const target = flags.repo === undefined ? undefined : parseRepo(flags.repo);
  if (flags.format !== "markdown" && flags.format !== "json") throw new CliError(`--format must be markdown or json (got "${flags.format}")`, 2);
  const rows = await readDrift(deps, out.masker, target);
  out.line(flags.format === "json" ? JSON.stringify({ drift: rows }, null, 2) : ["# Drift", "", ...renderDrift(rows)].join("\n"));
  return 0;
}

/**
 * The drift rows of the repository named, or of every repository the app is installed on.
 *
 * @example
 * const rows = await readDrift(deps, masker, { owner: "acme", repo: "access" });
 */
export async function readDrift(deps: AuditDeps, masker: Masker, target?: { owner: string; repo: string }): Promise<DriftRow[]> {
  const config = auditSettings(deps, true);
  return driftRows(await readTrails(deps, masker, { ...config, requestLabel: DRIFT_LABEL }, target));
}
