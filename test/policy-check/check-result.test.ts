import { describe, expect, it } from "vitest";
import { parsePolicies } from "../../src/core/policy.js";
import { policyCheckResult } from "../../src/policy-check/check-result.js";

const VALID = "version: 1\nteams:\n  ops:\n    max_duration: 2h\n    approvers: { users: [alice, bob] }\n";
const base = parsePolicies([{ path: "policies/ops.yml", text: VALID }], "9fceb02d0ae598e95dc970b74767f19372d61af8");

describe("policyCheckResult", () => {
  it("fails with one annotation per problem, on its line and column", () => {
    const head = parsePolicies([{ path: "policies/ops.yml", text: `${VALID}    approvals: 0\n    self_approval: maybe\n` }], "head");
    const result = policyCheckResult(head, base);
    expect(result.conclusion).toBe("failure");
    expect(result.title).toBe("2 problems in the policy files");
    expect(result.annotations).toEqual([
      { path: "policies/ops.yml", start_line: 6, end_line: 6, start_column: 16, end_column: 16, annotation_level: "failure", title: "Invalid policy", message: "teams.ops.approvals: found 0; expected a whole number from 1 to 10" },
      { path: "policies/ops.yml", start_line: 7, end_line: 7, start_column: 20, end_column: 20, annotation_level: "failure", title: "Invalid policy", message: 'teams.ops.self_approval: found "maybe"; expected true or false' },
    ]);
    expect(result.summary).toBe([
      "The access policies are invalid, so nothing can be granted until they are fixed:",
      "",
      "- policies/ops.yml:6:16: teams.ops.approvals: found 0; expected a whole number from 1 to 10",
      '- policies/ops.yml:7:20: teams.ops.self_approval: found "maybe"; expected true or false',
      "",
      "Merged like this, the policies would grant nothing until they are fixed.",
    ].join("\n"));
  });

  it("annotates invalid YAML and unreadable files with titles of their own", () => {
    const yaml = policyCheckResult(parsePolicies([{ path: "policies/ops.yml", text: "version: 1\nteams:\n\tops: {}\n" }], "h"), base);
    expect(yaml.annotations).toMatchObject([{ start_line: 3, title: "Invalid YAML in a policy file", message: "invalid YAML: a tab is used for indentation; indent with spaces" }]);
    const unreadable = policyCheckResult(parsePolicies([{ path: "policies/ops.yml", unreadable: "it is not UTF-8 text; save it as UTF-8" }], "h"), base);
    expect(unreadable.annotations).toEqual([{ path: "policies/ops.yml", start_line: 1, end_line: 1, annotation_level: "failure", title: "A policy file cannot be read", message: "cannot be read: it is not UTF-8 text; save it as UTF-8" }]);
  });

  it("fails without annotations when the change removes every policy file", () => {
    const result = policyCheckResult({ kind: "missing", message: "there is no `policies/` folder on commit abc1234 of acme/access; add policy files there (see docs/policies.md)" }, base);
    expect(result).toMatchObject({ conclusion: "failure", title: "No policy files", annotations: [] });
    expect(result.summary).toContain("No policy was found, so nothing can be granted: there is no `policies/` folder on commit abc1234");
  });

  it("titles a drift guard that no longer reverts as settings widened, and the reverse as settings changed", () => {
    const load = (settings: string) => parsePolicies([{ path: "policies/ops.yml", text: `${VALID}    standing: { users: [] }\nsettings:\n${settings}` }], "sha");
    expect(policyCheckResult(load("  drift: report\n"), load("  drift: revert\n")).title).toBe("Policies valid: settings widened");
    expect(policyCheckResult(load("  drift: revert\n  revert_child_teams: false\n"), load("  drift: revert\n  revert_child_teams: true\n")).title).toBe("Policies valid: settings widened");
    expect(policyCheckResult(load("  drift: revert\n"), load("  drift: report\n")).title).toBe("Policies valid: settings changed");
  });

  it("succeeds with what the change does to access", () => {
    const head = parsePolicies([
      { path: "policies/ops.yml", text: `${VALID}    self_approval: true\n` },
      { path: "policies/db.yml", text: "version: 1\nteams:\n  db:\n    max_duration: 1h\n    approvers: { teams: [dba] }\n" },
    ], "head");
    const result = policyCheckResult(head, base);
    expect(result.conclusion).toBe("success");
    expect(result.title).toBe("Policies valid: 1 team added, 1 team widened");
    expect(result.summary).toBe([
      "The policies are valid. Compared with the default branch (9fceb02):",
      "",
      "**Widened — more people can get access, or for longer**",
      "- `ops`: self_approval turned on",
      "",
      "**Added**",
      "- `db`: up to 1h, 1 approval from team `dba`",
      "",
    ].join("\n"));
  });

  it("says so when a valid change does not touch access", () => {
    const result = policyCheckResult(base, base);
    expect(result).toMatchObject({ conclusion: "success", title: "Policies valid: no change to who can get access", annotations: [] });
    expect(result.summary).toContain("No team's access rules change.");
  });

  it("fixing broken policies on the default branch counts every team as added", () => {
    const broken = parsePolicies([{ path: "policies/ops.yml", text: "version: 2\n" }], "b");
    const result = policyCheckResult(base, broken);
    expect(result.summary).toContain("The default branch has no valid policies now (invalid), so every team counts as added:");
    expect(result.title).toBe("Policies valid: 1 team added");
  });
});
