import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "./cli-error.js";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Flags<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>>["values"];

/**
 * Parses a command's flags strictly: an unknown flag, a missing value or a
 * stray argument is a usage error that shows the command's usage.
 *
 * @example
 * const flags = parseFlags(["--repo", "acme/access"], { repo: { type: "string" } }, USAGE);
 * flags.repo; // "acme/access"
 */
export function parseFlags<O extends Options>(argv: string[], options: O, usage: string): Flags<O> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`, 2);
  }
}

/**
 * The arguments of a command that takes no options and at most `max`
 * arguments: an option or one argument too many is a usage error that shows
 * the command's usage. After `--` everything is an argument.
 *
 * @example
 * parseArguments(["policies"], 1, VALIDATE_USAGE); // ["policies"]
 * parseArguments(["--strict"], 1, VALIDATE_USAGE); // throws CliError (exit 2)
 */
export function parseArguments(argv: string[], max: number, usage: string): string[] {
  let positionals: string[];
  try {
    positionals = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true }).positionals;
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`, 2);
  }
  if (positionals.length > max) throw new CliError(`unexpected argument "${positionals[max] ?? ""}": ${max === 0 ? "the command takes none" : `the command takes at most ${max}`}\n\n${usage}`, 2);
  return positionals;
}

/**
 * `owner/name`, split; anything else is a usage error.
 *
 * @example
 * parseRepo("acme/access"); // { owner: "acme", repo: "access" }
 */
export function parseRepo(text: string): { owner: string; repo: string } {
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(text);
  if (!match) throw new CliError(`--repo must be owner/name, such as acme/access (got "${text}")`, 2);
  return { owner: match[1]!, repo: match[2]! };
}

/**
 * A date (`2026-11-01`, taken as midnight UTC) or a full ISO time, as epoch ms.
 *
 * @example
 * parseSince("2026-11-01"); // Date.parse("2026-11-01T00:00:00Z")
 */
export function parseSince(text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new CliError(`--since must be a date such as 2026-11-01 (UTC) or an ISO time such as 2026-11-01T09:00:00+01:00 (got "${text}")`, 2);
  return ms;
}
