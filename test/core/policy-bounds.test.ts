import { describe, expect, it } from "vitest";
import { parsePolicies, type PolicyLoad } from "../../src/core/policy.js";

/**
 * Policies are read on the app's one thread, a pull request's head
 * included, so what any file can make the reading cost is bounded: a size
 * and a count of files per load, and anchors, aliases, problems told and
 * values per file or load. Each case here took seconds to minutes before.
 * (Its time is measured by the bench, not here: these say what is refused.)
 */
const problems = (load: PolicyLoad) => (load.kind === "ok" || load.kind === "missing" ? [] : load.problems.map((p) => p.message));

describe("what a load of policy files may hold", () => {
  it("refuses more than 256 KB of policy files together, saying how much and what to do", () => {
    const sources = Array.from({ length: 5 }, (_, i) => ({ path: `policies/f${i}.yml`, text: "- 1\n".repeat(40_000) }));
    const load = parsePolicies(sources, "r");
    expect(load.kind).toBe("invalid");
    expect(problems(load)).toEqual(["the policy files hold 782 KB together, more than the 256 KB jit-access reads: share long approver lists as approver teams (`approvers.teams`)"]);
  });

  it("refuses more than 200 policy files", () => {
    const sources = Array.from({ length: 201 }, (_, i) => ({ path: `policies/f${i}.yml`, text: "version: 1\n" }));
    expect(problems(parsePolicies(sources, "r"))).toEqual(["there are 201 policy files, more than the 200 jit-access reads: merge them"]);
  });

  it("tells the first two hundred problems of a file one by one, and how many more", () => {
    let text = "version: 1\n";
    for (let i = 0; i < 10_000; i++) text += `k${i}: 1\n`;
    const told = problems(parsePolicies([{ path: "policies/keys.yml", text }], "r"));
    expect(told).toHaveLength(201);
    expect(told).toContain("and 9,800 more problems like these");
  });

  it("refuses a file of more than a hundred anchors", () => {
    const text = "version: 1\na: [" + Array.from({ length: 101 }, (_, i) => `&a${i} 1`).join(", ") + "]\n";
    expect(problems(parsePolicies([{ path: "policies/a.yml", text }], "r"))[0]).toBe("invalid YAML: it holds 101 anchors, more than the 100 one file may hold: share a few lists (approvers, say) and write the rest out");
  });

  it("reads a valid file of thousands of teams, each located on its own line", () => {
    let text = "version: 1\nteams:\n";
    for (let i = 0; i < 4_000; i++) text += `  t${i}: {max_duration: 1h, approvers: {users: [a]}}\n`;
    const load = parsePolicies([{ path: "policies/teams.yml", text }], "r");
    expect(load.kind === "ok" ? load.policies.teams.get("t3999")?.line : undefined).toBe(4_002);
  });
});
