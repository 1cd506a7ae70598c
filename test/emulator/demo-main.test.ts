import { describe, expect, it } from "vitest";
import { demoMain } from "github-emulator/demo-main.js";
import { captured } from "../e2e/audit-harness.js";

describe("the demo's command line (npm run demo)", () => {
  it.each([["--help"], ["-h"]])("%s prints the usage and exits 0 without running the demo", async (flag) => {
    const out = captured();
    expect(await demoMain([flag], out)).toBe(0);
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatch(/^usage: npm run demo/);
  });

  it.each([
    [["--fast"], "Unknown option '--fast'"],
    [["now"], 'unexpected argument "now"'],
  ])("%j is refused with the usage (exit 2)", async (argv, problem) => {
    const out = captured();
    expect(await demoMain(argv, out)).toBe(2);
    expect(out.errors.join("\n")).toContain(problem);
    expect(out.errors.join("\n")).toContain("usage: npm run demo");
    expect(out.lines).toEqual([]);
  });
});
