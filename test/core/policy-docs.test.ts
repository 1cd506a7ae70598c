import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyFieldPaths } from "../../src/core/policy-json-schema.js";
import { parsePolicies } from "../../src/core/policy.js";

const doc = readFileSync("docs/policies.md", "utf8");
/** The first cell of each reference table row: `field`. */
const documented = new Set([...doc.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1] ?? ""));

describe("docs/policies.md", () => {
  const fields = policyFieldPaths();

  it.each(fields.file.map((path) => [path]))("documents the file field `%s`", (path) => {
    expect(documented.has(path) ? path : `missing: ${path}`).toBe(path);
  });

  it.each(fields.team.map((path) => [path]))("documents the team field `%s`", (path) => {
    expect(documented.has(path) ? path : `missing: ${path}`).toBe(path);
  });

  it("documents no field the schema does not have", () => {
    const known = new Set([...fields.file, ...fields.team]);
    expect([...documented].filter((path) => !known.has(path))).toEqual([]);
  });

  it("has an example that is a valid policy", () => {
    const example = /```yaml\n(# yaml-language-server[^\n]*\nversion: 1[\s\S]*?)```/.exec(doc)?.[1] ?? "";
    expect(parsePolicies([{ path: "docs/policies.md", text: example }], "docs").kind).toBe("ok");
  });
});
