import { readFileSync } from "node:fs";

export const MAIN_USAGE = `usage: jit-access <command> [options]
       jit-access --version

  sweep                reconcile every open request once, then exit (for cron or a scheduled workflow)
  validate [dir]       check policy files (default: ./policies)
  audit export --repo owner/name [--since DATE] [--format jsonl|csv]
                       every record of every request, masked, with its verification status
  audit verify --repo owner/name [--file PATH] | --file PATH
                       check the trail on GitHub and/or the AUDIT_LOG_FILE copy; exit 1 on any problem
  doctor --repo owner/name
                       check the key, the installation and its permissions, the request label,
                       the policies, their teams (and identity-provider sync) and the protection
                       of the policy folder against GitHub; exit 1 on any blocking problem
  report [--repo owner/name] [--since DATE] [--format markdown|json]
                       usage patterns: counts per team and requester, time to approve, repeated
                       requests, rubber stamps, grants outside business hours, revocation failures,
                       and drift
  drift [--repo owner/name] [--format markdown|json]
                       members and child teams of managed teams that no policy allows, as the
                       app's signed drift records show them now

  Every command takes --help (or -h). Commands that read GitHub take the same
  environment as \`npm start\`, from the process or from ./.env.`;

export const SWEEP_USAGE = `usage: jit-access sweep

  One sweep over every installation: every open request reconciled as needed,
  then exit, for cron or a scheduled workflow. Reads the environment of
  \`npm start\` (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, JIT_ACCESS_SIGNING_KEY,
  …), from the process or from ./.env.`;

export const VALIDATE_USAGE = `usage: jit-access validate [dir | file]

  Checks policy files exactly as the app would and prints each problem as
  file:line:column: path: message. Exit 0 when valid, 1 on any problem.
  Default: ./policies. A path that starts with "-" goes after "--".`;

export const AUDIT_USAGE = `usage: jit-access audit export --repo owner/name [--since DATE] [--format jsonl|csv]
       jit-access audit verify --repo owner/name [--file PATH] | --file PATH

  export   every record of every request, masked, with its verification status
  verify   check the trail on GitHub and/or the AUDIT_LOG_FILE copy; exit 1 on any problem

  jit-access audit export --help and jit-access audit verify --help say more.`;

/**
 * The version of the installed package, from its package.json (two folders
 * up from both src/cli and lib/cli).
 *
 * @example
 * packageVersion(); // "0.1.0"
 */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}

/**
 * True when the arguments ask for help (`--help` or `-h` before any `--`), so
 * the command prints its usage and runs nothing.
 *
 * @example
 * wantsHelp(["--repo", "acme/access", "-h"]); // true
 * wantsHelp(["--", "-h"]); // false: a folder named -h
 */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
}
