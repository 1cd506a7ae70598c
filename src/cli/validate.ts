import { lstat, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { grantOverlaps } from "../core/policy-overlap.js";
import { describeFailure, parsePolicies, type PolicyLoad, type PolicySource } from "../core/policy.js";
import type { Output } from "./output.js";

const POLICY_FILE = /\.ya?ml$/i;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * `jit-access validate [path]`: checks the policy files of a folder (or one
 * file) exactly as the app would, printing each problem as
 * `file:line:column: path: message`. Exit 0 when valid, 1 on any problem.
 * The request label no approval label may be is the policies' own, else
 * `requestLabel` (JIT_ACCESS_REQUEST_LABEL from the environment), else the default.
 *
 * @example
 * process.exitCode = await validate("policies", consoleOutput());
 */
export async function validate(path: string, out: Output, requestLabel = process.env["JIT_ACCESS_REQUEST_LABEL"]): Promise<number> {
  const sources = await readSources(path);
  const load = Array.isArray(sources) ? parsePolicies(sources, "local", requestLabel === "" ? undefined : requestLabel) : sources;
  if (load.kind !== "ok") {
    for (const line of describeFailure(load)) out.error(line);
    return 1;
  }
  const teams = [...load.policies.teams.keys()].sort();
  const files = Array.isArray(sources) ? sources.length : 0;
  out.line(`policies valid: ${teams.length} team(s) in ${files} file(s)${teams.length > 0 ? `: ${teams.join(", ")}` : ""}${load.policies.settings ? `; settings in ${load.policies.settings.file}` : ""}`);
  // Teams nested under others are known to GitHub only: `jit-access doctor` reads them.
  for (const advice of grantOverlaps(load.policies.teams.values(), () => [])) out.line(`advice: ${advice}`);
  return 0;
}

/** The policy files at `path`, each as text or as the reason it could not be read. */
async function readSources(path: string): Promise<PolicySource[] | Extract<PolicyLoad, { kind: "missing" }>> {
  let names: string[];
  try {
    names = (await stat(path)).isDirectory() ? (await readdir(path)).filter((n) => POLICY_FILE.test(n)).sort().map((n) => join(path, n)) : [path];
  } catch {
    return { kind: "missing", message: `${path}: no such folder; pass the folder that holds the policy files (default: policies)` };
  }
  if (names.length === 0) return { kind: "missing", message: `${path}: the folder holds no .yml or .yaml policy file` };
  return Promise.all(names.map(readSource));
}

async function readSource(path: string): Promise<PolicySource> {
  let bytes: Buffer;
  try {
    if ((await lstat(path)).isSymbolicLink()) return { path, unreadable: "it is a symbolic link, and a policy is read only from a file kept in the folder itself (a link may lead to a file the folder's protection does not cover); put the policy's text in the file" };
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { path, unreadable: `${code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a folder" : String(code)}; make it a readable file` };
  }
  try {
    return { path, text: utf8.decode(bytes) };
  } catch {
    return { path, unreadable: "it is not UTF-8 text; save it as UTF-8" };
  }
}
