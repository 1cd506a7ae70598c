import { readFile, writeFile } from "node:fs/promises";
import { withSection } from "./record-section.js";
import { renderReport, type BenchReport } from "./report.js";
import { CHILD_FLAG, runHere, runIsolated } from "./run-isolated.js";
import { scenarios } from "./scenarios.js";
import { seconds } from "./stats.js";

/** The flag that writes the tables into docs/performance.md; without it a run only prints them. */
const RECORD_FLAG = "--record";

/**
 * `npm run bench [-- [--record] scenario …]`: runs the named scenarios (all
 * when none is named), each in a process of its own, and prints each table.
 * With `--record` it also writes them into docs/performance.md; without it
 * the working tree is left as it was, so that CI and a quick look change no
 * file. A scenario that fails is reported as failed; the others still run,
 * and the exit code is 1.
 */
async function main(argv: string[]): Promise<number> {
  const record = argv.includes(RECORD_FLAG);
  const names = argv.filter((a) => a !== RECORD_FLAG);
  const wanted = names.length > 0 ? names : Object.keys(scenarios);
  const unknown = wanted.filter((n) => !(n in scenarios));
  if (unknown.length > 0) {
    process.stderr.write(`unknown scenario: ${unknown.join(", ")}; known: ${Object.keys(scenarios).join(", ")}; add ${RECORD_FLAG} to write the tables into docs/performance.md\n`);
    return 2;
  }
  const docPath = new URL("../../../docs/performance.md", import.meta.url);
  let doc = await readFile(docPath, "utf8").catch(() => "# Performance\n\nFigures written by `npm run bench`.\n");
  let failed = 0;
  const started = performance.now();
  for (const name of wanted) {
    const began = performance.now();
    process.stderr.write(`${name}: running…\n`);
    const outcome = await runIsolated(name);
    const took = seconds(began);
    const report: BenchReport = "report" in outcome ? outcome.report : failure(name, outcome.error);
    if ("error" in outcome) failed++;
    report.notes = [...(report.notes ?? []), `Scenario \`${name}\` ran in ${took} (\`npm run bench -- ${name}\`).`];
    const section = renderReport(report);
    process.stdout.write(section + "\n");
    process.stderr.write(`${name}: ${took}\n`);
    doc = withSection(doc, name, section);
  }
  process.stderr.write(`bench: ${seconds(started)} in all\n`);
  if (record) await writeFile(docPath, doc);
  else process.stderr.write(`bench: docs/performance.md left as it was (add ${RECORD_FLAG} to write these tables into it)\n`);
  return failed > 0 ? 1 : 0;
}

function failure(name: string, error: string): BenchReport {
  return { title: `${name}: failed`, table: [["error"], [error.replaceAll("|", "\\|").replaceAll("\n", " ")]] };
}

const [flag, name, file] = process.argv.slice(2);
if (flag === CHILD_FLAG && name !== undefined && file !== undefined) await runHere(name, file);
else process.exitCode = await main(process.argv.slice(2));
