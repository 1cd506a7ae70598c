import { exportRows, formatRows } from "../audit/export-rows.js";
import { auditSettings, readTrails, type AuditDeps } from "./audit-context.js";
import { CliError } from "./cli-error.js";
import { parseFlags, parseRepo, parseSince } from "./flags.js";
import type { Output } from "./output.js";

export const EXPORT_USAGE = `usage: jit-access audit export --repo owner/name [--since DATE] [--format jsonl|csv]

  Every record of every request in the repository, one per line, masked,
  with the verification status of each (see docs/audit.md).

  --repo owner/name    the repository where requests are opened
  --since DATE         only records written at or after DATE (2026-11-01, UTC, or an ISO time)
  --format jsonl|csv   JSON lines (default; each line holds the whole record) or CSV with a header`;

/**
 * `jit-access audit export`: every record of every request in a repository,
 * masked, one per line, each with its verification status.
 *
 * @example
 * process.exitCode = await auditExport(["--repo", "acme/access", "--format", "csv"], consoleOutput(), processDeps());
 */
export async function auditExport(argv: string[], out: Output, deps: AuditDeps): Promise<number> {
  const flags = parseFlags(argv, { repo: { type: "string" }, since: { type: "string" }, format: { type: "string", default: "jsonl" } }, EXPORT_USAGE);
  if (flags.repo === undefined) throw new CliError(`--repo is required\n\n${EXPORT_USAGE}`, 2);
  const target = parseRepo(flags.repo);
  const since = flags.since === undefined ? undefined : parseSince(flags.since);
  const format = flags.format;
  if (format !== "jsonl" && format !== "csv") throw new CliError(`--format must be jsonl or csv (got "${format}")`, 2);
  const config = auditSettings(deps, true);
  const trails = await readTrails(deps, out.masker, config, target, since);
  for (const line of formatRows(exportRows(trails, since), format)) out.line(line);
  return 0;
}
