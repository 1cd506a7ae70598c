import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { formatProblem, parsePolicies, type PolicySource } from "../core/policy.js";
import type { Output } from "./output.js";

/**
 * `jit-access validate [dir]`: checks the policy files in a folder, printing
 * each problem as `file:line:column: path: message`. Exit 1 on any problem.
 *
 * @example
 * process.exitCode = await validate("policies", consoleOutput());
 */
export async function validate(dir: string, out: Output): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch {
    out.error(`${dir}: no such folder; pass the folder that holds the policy files (default: policies)`);
    return 1;
  }
  if (names.length === 0) {
    out.error(`${dir}: no .yml or .yaml policy file found`);
    return 1;
  }
  const sources: PolicySource[] = [];
  for (const name of names) sources.push({ path: join(dir, name), text: await readFile(join(dir, name), "utf8") });
  const load = parsePolicies(sources, "local");
  if (load.kind === "ok") {
    const teams = [...load.policies.teams.keys()].sort();
    out.line(`${names.length} policy file(s) valid; teams: ${teams.join(", ") || "(none)"}`);
    return 0;
  }
  if (load.kind === "missing") {
    out.error(load.message);
    return 1;
  }
  for (const problem of load.problems) out.error(formatProblem(problem));
  return 1;
}
