import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchReport } from "./report.js";
import { scenarios } from "./scenarios.js";

/** The flag that makes `lib/bench/index.js` run one scenario and write its report to a file. */
export const CHILD_FLAG = "--run-one";

/** A scenario's report, or why it failed. */
export type Outcome = { report: BenchReport } | { error: string };

/**
 * Runs one scenario in a process of its own, so that its memory figures
 * start from a clean heap and nothing a previous scenario left (timers,
 * sockets, compiled code) weighs on its times.
 *
 * @example
 * const outcome = await runIsolated("sweep");
 */
export async function runIsolated(name: string): Promise<Outcome> {
  const dir = await mkdtemp(join(tmpdir(), "jit-access-bench-"));
  const file = join(dir, "report.json");
  try {
    const entry = fileURLToPath(new URL("./index.js", import.meta.url));
    const child = spawn(process.execPath, [entry, CHILD_FLAG, name, file], { stdio: ["ignore", "inherit", "inherit"] });
    await once(child, "close");
    return JSON.parse(await readFile(file, "utf8")) as Outcome;
  } catch (error) {
    return { error: `the scenario's process ended without a report (${error instanceof Error ? error.message : String(error)})` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The child's side: runs the scenario here and writes its outcome to `file`.
 *
 * @example
 * await runHere("lifecycle", "/tmp/report.json");
 */
export async function runHere(name: string, file: string): Promise<void> {
  let outcome: Outcome;
  try {
    const scenario = await scenarios[name]!();
    outcome = { report: await scenario.run() };
  } catch (error) {
    process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    outcome = { error: error instanceof Error ? error.message : String(error) };
  }
  await writeFile(file, JSON.stringify(outcome));
}
