import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commandNames, main } from "../../src/cli/main.js";
import { captured } from "../e2e/audit-harness.js";

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

// Each command with the words its usage starts with.
const COMMANDS: [string[], string][] = [
  [[], "usage: jit-access <command>"],
  [["sweep"], "usage: jit-access sweep"],
  [["validate"], "usage: jit-access validate"],
  [["audit"], "usage: jit-access audit export"],
  [["audit", "export"], "usage: jit-access audit export"],
  [["audit", "verify"], "usage: jit-access audit verify"],
  [["report"], "usage: jit-access report"],
  [["doctor"], "usage: jit-access doctor"],
  [["drift"], "usage: jit-access drift"],
];

describe("the command line's manners", () => {
  it("the help table below names every command and subcommand main knows, and the groups", () => {
    const named = COMMANDS.map(([argv]) => argv.join(" "));
    expect(named.sort()).toEqual(["", "audit", ...commandNames()].sort());
  });

  it.each(COMMANDS.flatMap(([argv, usage]) => [[[...argv, "--help"], usage] as const, [[...argv, "-h"], usage] as const]))(
    "%j prints the usage and exits 0 without running the command",
    async (argv, usage) => {
      const out = captured();
      expect(await main([...argv], out)).toBe(0);
      expect(out.lines.join("\n")).toMatch(new RegExp(`^${usage.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      // A command that ran would have written something else: sweep's missing settings, validate's findings.
      expect(out.lines).toHaveLength(1);
      expect(out.errors).toEqual([]);
    },
  );

  it("asks for help after the flags too, and `help <command>` names the command's usage", async () => {
    const out = captured();
    expect(await main(["audit", "export", "--repo", "acme/access", "-h"], out)).toBe(0);
    expect(await main(["help", "sweep"], out)).toBe(0);
    expect(await main(["help", "audit"], out)).toBe(0);
    expect(out.lines.map((l) => l.split("\n")[0])).toEqual(["usage: jit-access audit export --repo owner/name [--since DATE] [--format jsonl|csv]", "usage: jit-access sweep", "usage: jit-access audit export --repo owner/name [--since DATE] [--format jsonl|csv]"]);
  });

  it("prints the package's version", async () => {
    const out = captured();
    expect(await main(["--version"], out)).toBe(0);
    expect(out.lines).toEqual([`jit-access ${version}`]);
  });

  it.each([
    [["frobnicate"], 'unknown command "frobnicate"', "usage: jit-access <command>"],
    [["help", "frobnicate"], 'no command "frobnicate"', "usage: jit-access <command>"],
    [["--version", "now"], 'takes no argument (got "now")', "usage: jit-access <command>"],
    [["audit", "frobnicate"], 'give "export" or "verify" (got "frobnicate")', "usage: jit-access audit export"],
    [["sweep", "--dry-run"], "Unknown option '--dry-run'", "usage: jit-access sweep"],
    [["sweep", "acme"], 'unexpected argument "acme"', "usage: jit-access sweep"],
    [["validate", "policies", "more"], 'unexpected argument "more"', "usage: jit-access validate"],
    [["validate", "--strict"], "Unknown option '--strict'", "usage: jit-access validate"],
    [["audit", "export", "--repo", "acme/access", "--bogus"], "Unknown option '--bogus'", "usage: jit-access audit export"],
    [["audit", "verify", "--file", "a.jsonl", "extra"], "extra", "usage: jit-access audit verify"],
    [["report", "acme/access"], "acme/access", "usage: jit-access report"],
    [["doctor", "--repo", "acme/access", "--fix"], "Unknown option '--fix'", "usage: jit-access doctor"],
    [["doctor"], "--repo is required", "usage: jit-access doctor"],
  ])("%j is refused with the usage (exit 2)", async (argv, problem, usage) => {
    const out = captured();
    expect(await main(argv, out)).toBe(2);
    expect(out.errors.join("\n")).toContain(problem);
    expect(out.errors.join("\n")).toContain(usage);
    expect(out.lines).toEqual([]);
  });

  it("reads a path after -- as a path, even one that looks like a flag", async () => {
    const out = captured();
    expect(await main(["validate", "--", "--help"], out)).toBe(1);
    expect(out.errors.join("\n")).toContain("--help: no such folder");
  });
});
