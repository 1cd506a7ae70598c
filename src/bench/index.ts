import { readFile, writeFile } from "node:fs/promises";
import { renderReport } from "./report.js";
import { scenarios } from "./scenarios.js";

/**
 * `npm run bench [-- scenario …]`: runs the named scenarios (all when none is
 * named), prints each table and records it in docs/performance.md.
 */
async function main(argv: string[]): Promise<number> {
  const wanted = argv.length > 0 ? argv : Object.keys(scenarios);
  const unknown = wanted.filter((n) => !(n in scenarios));
  if (unknown.length > 0) {
    process.stderr.write(`unknown scenario: ${unknown.join(", ")}; known: ${Object.keys(scenarios).join(", ")}\n`);
    return 2;
  }
  const docPath = new URL("../../docs/performance.md", import.meta.url);
  let doc = await readFile(docPath, "utf8").catch(() => "# Performance\n\nFigures written by `npm run bench`.\n");
  for (const name of wanted) {
    const scenario = await scenarios[name]!();
    const report = await scenario.run();
    const section = renderReport(report);
    process.stdout.write(section + "\n");
    const begin = `<!-- bench:${name} -->`;
    const end = `<!-- /bench:${name} -->`;
    const block = `${begin}\n${section}${end}`;
    const at = doc.indexOf(begin);
    const until = doc.indexOf(end);
    doc = at >= 0 && until > at ? doc.slice(0, at) + block + doc.slice(until + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  }
  await writeFile(docPath, doc);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
