import { readFile } from "node:fs/promises";
import { crossCheck } from "../audit/cross-check.js";
import type { RequestTrail } from "../audit/load-trail.js";
import { trailFindings } from "../audit/trail-findings.js";
import { verifyFile, type FileCheck } from "../audit/verify-file.js";
import { auditSettings, readTrails, type AuditDeps } from "./audit-context.js";
import { CliError } from "./cli-error.js";
import { parseFlags, parseRepo } from "./flags.js";
import type { Output } from "./output.js";

export const VERIFY_USAGE = `usage: jit-access audit verify --repo owner/name [--file PATH]
       jit-access audit verify --file PATH

  Checks each request's records: written by jit-access, signature, chain
  (nothing missing, nothing out of order); and the AUDIT_LOG_FILE copy: every
  line chained and signed. With both, every record in the file must still be
  on GitHub. Exit 1 when anything is wrong. What it can and cannot prove:
  docs/audit.md.`;

/**
 * `jit-access audit verify`: checks the trail of every request of a
 * repository on GitHub, the append-only file, or both against each other,
 * and names each problem. Exit 1 when anything is wrong.
 *
 * @example
 * process.exitCode = await auditVerify(["--repo", "acme/access"], consoleOutput(), processDeps());
 */
export async function auditVerify(argv: string[], out: Output, deps: AuditDeps): Promise<number> {
  const flags = parseFlags(argv, { repo: { type: "string" }, file: { type: "string" } }, VERIFY_USAGE);
  if (flags.repo === undefined && flags.file === undefined) throw new CliError(`give --repo, --file or both\n\n${VERIFY_USAGE}`, 2);
  const target = flags.repo === undefined ? undefined : parseRepo(flags.repo);
  const config = auditSettings(deps, target !== undefined);
  let problems = 0;
  let file: FileCheck | undefined;
  if (flags.file !== undefined) {
    file = verifyFile(await readText(flags.file), config.signingKey);
    problems += printFile(flags.file, file, out);
  }
  if (target) {
    const trails = await readTrails(deps, out.masker, config, target);
    problems += printTrails(`${target.owner}/${target.repo}`, trails, out);
    if (file) problems += printCrossCheck(file, trails, `${target.owner}/${target.repo}`, out);
  }
  out.line();
  out.line(problems === 0
    ? "Result: no problem found. What this proves, and what it cannot: docs/audit.md."
    : `Result: ${problems} problem${problems === 1 ? "" : "s"} found. Each is named above; docs/audit.md says how to read them.`);
  return problems === 0 ? 0 : 1;
}

function printTrails(repo: string, trails: readonly RequestTrail[], out: Output): number {
  const records = trails.reduce((n, t) => n + t.records.length, 0);
  out.line(`${repo}: ${trails.length} request${trails.length === 1 ? "" : "s"}, ${records} record-bearing comment${records === 1 ? "" : "s"}`);
  let problems = 0;
  for (const trail of trails) {
    const findings = trailFindings(trail);
    problems += findings.length;
    const count = `${trail.records.length} record${trail.records.length === 1 ? "" : "s"}`;
    const copies = trail.records.filter((r) => r.status === "duplicate").length;
    const duplicates = copies === 0 ? "" : ` (${copies} of them ${copies === 1 ? "an exact copy" : "exact copies"} of an earlier record: the same write made twice, counted once)`;
    if (findings.length === 0) {
      out.line(`  ok     ${trail.request}  ${count}, all verified, in order${duplicates}`);
      continue;
    }
    out.line(`  FAILED ${trail.request}  ${count}, ${findings.length} problem${findings.length === 1 ? "" : "s"}:`);
    for (const finding of findings) out.line(`         - ${finding.kind}: ${finding.detail}`);
  }
  return problems;
}

function printFile(path: string, check: FileCheck, out: Output): number {
  out.line(`${path}: ${check.lines} line${check.lines === 1 ? "" : "s"}, ${check.records.length} record${check.records.length === 1 ? "" : "s"}`);
  if (check.problems.length === 0) out.line("  ok     every line follows the one before it and is signed; every record verifies, in order");
  for (const problem of check.problems) out.line(`  FAILED ${problem.detail}`);
  if (check.gaps.length > 0) {
    out.line(`  note   ${check.gaps.length} record${check.gaps.length === 1 ? " follows a record" : "s follow records"} not in this file (written before the file was configured, by another replica, or lost with an append that failed and was logged):`);
    for (const gap of check.gaps) out.line(`         ${gap.detail}`);
  }
  if (check.lastLineHash !== null) out.line(`  note   last line hash ${check.lastLineHash}: keep it; a later check that does not reach it shows lines were cut off the end`);
  return check.problems.length;
}

function printCrossCheck(file: FileCheck, trails: readonly RequestTrail[], repo: string, out: Output): number {
  const { deleted, notInFile } = crossCheck(file.records, trails, [repo]);
  out.line(`file against GitHub (${repo}):`);
  if (deleted.length === 0) out.line("  ok     every record in the file is still on GitHub");
  for (const problem of deleted) out.line(`  FAILED ${problem.detail}`);
  if (notInFile > 0) out.line(`  note   ${notInFile} verified record${notInFile === 1 ? " is" : "s are"} on GitHub but not in the file (written before the file was configured, or an append that failed and was logged)`);
  return deleted.length;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    throw new CliError(`--file: cannot read ${path}`, 1);
  }
}
