import { Probot } from "probot";
import { checkInstallation } from "./doctor-checks.js";
import { withCredentials } from "./checked-environment.js";
import { CliError } from "./cli-error.js";
import { probotOptions } from "./connect.js";
import { parseFlags, parseRepo } from "./flags.js";
import type { Output } from "./output.js";

export const DOCTOR_USAGE = `usage: jit-access doctor --repo owner/name

  Checks, against GitHub, with the environment of \`npm start\`: the whole
  configuration, that the key authenticates, that the app is installed on the
  repository where requests are opened with every permission it needs, that
  the request label exists, that the policies load, and that every team they
  name exists; that the default branch requires a reviewed pull request (a
  ruleset, or branch protection) and CODEOWNERS covers the policy folder.
  Each finding says how to fix it; exit 1 on any blocking one (! is advice).
  Not checked yet: identity-provider-synced teams.

  --repo owner/name    the repository where requests are opened`;

/**
 * `jit-access doctor`: what stands between this configuration and a working
 * app, each finding with its fix.
 *
 * @example
 * process.exitCode = await doctor(["--repo", "acme/access"], consoleOutput());
 */
export async function doctor(argv: string[], out: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const flags = parseFlags(argv, { repo: { type: "string" } }, DOCTOR_USAGE);
  if (flags.repo === undefined) throw new CliError(`--repo is required\n\n${DOCTOR_USAGE}`, 2);
  const target = parseRepo(flags.repo);
  const { config, credentials } = withCredentials(env);
  out.line("✓ the configuration is complete");
  const findings = await checkInstallation(new Probot(probotOptions(credentials)), config, out.masker, target);
  for (const finding of findings) (finding.ok ? out.line : out.error)(`${finding.ok ? "✓" : finding.blocking ? "✗" : "!"} ${finding.message}`);
  const blocking = findings.filter((f) => f.blocking).length;
  out.line(blocking === 0 ? "doctor: nothing blocks jit-access" : `doctor: ${blocking} problem(s) block jit-access`);
  return blocking === 0 ? 0 : 1;
}
