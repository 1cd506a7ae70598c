import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { withSection } from "jit-access-bench/record-section.js";
import { scenarios } from "jit-access-bench/scenarios.js";
import { libIsCurrent } from "../operate/lib-built.js";

const ROOT = join(import.meta.dirname, "../..");
const PAGE = join(ROOT, "docs/performance.md");

describe("recording into docs/performance.md", () => {
  it("replaces a scenario's section between its markers and leaves the rest of the page as it was", () => {
    const doc = "# Performance\n\nProse.\n\n<!-- bench:burst -->\n## Burst\n\nold\n<!-- /bench:burst -->\n\nMore prose.\n";
    expect(withSection(doc, "burst", "## Burst\n\nnew\n")).toBe("# Performance\n\nProse.\n\n<!-- bench:burst -->\n## Burst\n\nnew\n<!-- /bench:burst -->\n\nMore prose.\n");
  });

  it("adds a section a page does not have yet at its end", () => {
    expect(withSection("# Performance\n", "sustained", "## Sustained\n")).toBe("# Performance\n\n<!-- bench:sustained -->\n## Sustained\n<!-- /bench:sustained -->\n");
  });

  it("the page has a section for every scenario, so that a record writes each one in its place", () => {
    const page = readFileSync(PAGE, "utf8");
    for (const name of Object.keys(scenarios)) {
      expect(page, name).toContain(`<!-- bench:${name} -->`);
      expect(page.indexOf(`<!-- /bench:${name} -->`), name).toBeGreaterThan(page.indexOf(`<!-- bench:${name} -->`));
    }
  });

  it.skipIf(!libIsCurrent(ROOT))("a plain run prints the tables and changes no file", async () => {
    const before = readFileSync(PAGE, "utf8");
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, "packages/bench/lib/index.js"), "throughput"], {
      cwd: ROOT,
      env: { ...process.env, BENCH_THROUGHPUT_N: "20" },
    });
    expect(stdout).toContain("## Throughput");
    expect(stderr).toContain("docs/performance.md left as it was");
    expect(readFileSync(PAGE, "utf8")).toBe(before);
  }, 120_000);
});
