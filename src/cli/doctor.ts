import { Probot } from "probot";
import type { Octokit } from "../github/client.js";
import { tokenOctokit } from "../github/doctor-reads.js";
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
  the request label exists (and which status labels do), that the policies load, that no
  approver they list by login was renamed and claimed by someone else since
  the policies were last committed, that every team they name exists and that no team they grant or approve with is synced from an
  identity provider; that the default branch requires a reviewed pull
  request (a ruleset, or branch protection) from code owners, for
  administrators too, with the check "jit-access policies", and that
  CODEOWNERS covers the policy folder. Each finding says how to fix it; exit
  1 on any blocking one (✗); ! is advice, or what doctor could not tell.

  GitHub does not let the app read team sync or (without administration:
  read) branch protection's rules. Set JIT_ACCESS_DOCTOR_TOKEN to an
  organisation owner's token (read:org, authorised for SSO) to check them;
  doctor only reads with it, and never prints it.

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
  const ownerToken = ownerOctokit(env, credentials.baseUrl);
  const findings = await checkInstallation(new Probot(probotOptions(credentials)), config, out.masker, target, ownerToken ? { ownerToken } : {});
  for (const finding of findings) (finding.ok ? out.line : out.error)(`${finding.ok ? "✓" : finding.blocking ? "✗" : "!"} ${finding.message}`);
  const blocking = findings.filter((f) => f.blocking).length;
  out.line(blocking === 0 ? "doctor: nothing blocks jit-access" : `doctor: ${blocking} problem(s) block jit-access`);
  return blocking === 0 ? 0 : 1;
}

/** The owner's token doctor reads with, if given: a token is one word; anything else is a configuration mistake said as such. */
function ownerOctokit(env: NodeJS.ProcessEnv, baseUrl: string | undefined): Octokit | undefined {
  const token = env.JIT_ACCESS_DOCTOR_TOKEN;
  if (token === undefined || token === "") return undefined;
  if (!/^[A-Za-z0-9_.-]+$/.test(token)) {
    throw new CliError("JIT_ACCESS_DOCTOR_TOKEN is not a GitHub token (one word of letters, digits and _): set it to an organisation owner's token, such as `gh auth token` prints, or unset it", 1);
  }
  return tokenOctokit(token, baseUrl);
}
