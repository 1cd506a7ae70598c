import { DEFAULT_BUSINESS_HOURS, parseBusinessHours } from "../audit/business-hours.js";
import { renderReport } from "../audit/render-report.js";
import { usageReport } from "../audit/usage-report.js";
import { auditSettings, readTrails, type AuditDeps } from "./audit-context.js";
import { CliError } from "./cli-error.js";
import { parseFlags, parseRepo, parseSince } from "./flags.js";
import type { Output } from "./output.js";
import { readDrift } from "./drift.js";
import { renderDrift } from "../audit/drift-rows.js";

export const REPORT_USAGE = `usage: jit-access report [--repo owner/name] [--since DATE] [--format markdown|json]
                        [--business-hours "${DEFAULT_BUSINESS_HOURS}"] [--timezone UTC] [--repeat 3]

  Usage patterns from the records: requests, grants, denials, time-outs per
  team and per requester; time to approve (p50, p90); repeated requests;
  rubber-stamp approvals; grants outside business hours; revocation failures;
  drift (members of managed teams that no policy allows).

  --repo owner/name    one repository (default: every repository the app is installed on)
  --since DATE         requests first recorded at or after DATE (2026-11-01, UTC, or an ISO time)
  --format             markdown (default) or json
  --business-hours     working days and hours (default "${DEFAULT_BUSINESS_HOURS}")
  --timezone           their IANA time zone (default UTC)
  --repeat N           requests by one person for one team within 30 days that make a pattern (default 3)`;

/**
 * `jit-access report`: usage patterns of access requests, as a markdown
 * report or JSON, masked, from the records that verify.
 *
 * @example
 * process.exitCode = await report(["--repo", "acme/access", "--since", "2026-10-01"], consoleOutput(), processDeps());
 */
export async function report(argv: string[], out: Output, deps: AuditDeps): Promise<number> {
  const flags = parseFlags(argv, {
    repo: { type: "string" },
    since: { type: "string" },
    format: { type: "string", default: "markdown" },
    "business-hours": { type: "string", default: DEFAULT_BUSINESS_HOURS },
    timezone: { type: "string", default: "UTC" },
    repeat: { type: "string", default: "3" },
  }, REPORT_USAGE);
  const target = flags.repo === undefined ? undefined : parseRepo(flags.repo);
  const since = flags.since === undefined ? undefined : parseSince(flags.since);
  const format = flags.format;
  if (format !== "markdown" && format !== "json") throw new CliError(`--format must be markdown or json (got "${format}")`, 2);
  const repeatThreshold = Number(flags.repeat);
  if (!Number.isInteger(repeatThreshold) || repeatThreshold < 2) throw new CliError(`--repeat must be a whole number of at least 2 (got "${flags.repeat}")`, 2);
  let businessHours;
  try {
    businessHours = parseBusinessHours(flags["business-hours"], flags.timezone);
  } catch (error) {
    throw new CliError(`--business-hours / --timezone: ${(error as Error).message}`, 2);
  }

  const config = auditSettings(deps, true);
  const trails = await readTrails(deps, out.masker, config, target, since);
  const options = { now: deps.now(), businessHours, repeatThreshold, repeatWindowDays: 30, rubberStampSeconds: 60, revocationGraceMinutes: 5 };
  const result = usageReport(trails, since === undefined ? options : { ...options, since });
  const repos = target ? [`${target.owner}/${target.repo}`] : [...new Set(trails.map((t) => t.request.replace(/#\d+$/, "")))];
  const drift = await readDrift(deps, out.masker, target);
  out.line(format === "json" ? JSON.stringify({ repositories: repos, ...result, drift }, null, 2) : [renderReport(result, repos), "", "## Drift", "", ...renderDrift(drift)].join("\n"));
  return 0;
}
