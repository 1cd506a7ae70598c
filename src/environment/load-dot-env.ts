import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/**
 * Reads `./.env` into `env` exactly as Probot's `run()` does (Node's
 * `parseEnv`, and a value in the file wins over the process's), so the
 * command line and `npm start` see the same settings. A missing file is
 * fine; an unreadable one is a problem, returned to be reported with the rest.
 *
 * @example
 * const problems = loadDotEnv(process.env); // [] when ./.env is absent or read
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string[] {
  const path = join(cwd, ".env");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT") return [];
    return [`.env: cannot read ${path} (${code ?? "unknown error"}): make it a readable file of NAME=value lines, or remove it`];
  }
  Object.assign(env, parseEnv(text));
  return [];
}
