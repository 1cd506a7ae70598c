import { describe, expect, it } from "vitest";
import { diffPolicies } from "../../src/core/policy-diff.js";
import { parsePolicies, type Policies } from "../../src/core/policy.js";

const TEAM = "  ops:\n    max_duration: 2h\n    approvers: { users: [alice] }\n";

function load(teamExtra: string, settings = "") {
  return parsePolicies([{ path: "policies/p.yml", text: `version: 1\nteams:\n${TEAM}${teamExtra}${settings}` }], "sha");
}

function ok(teamExtra: string, settings = ""): Policies {
  const loaded = load(teamExtra, settings);
  if (loaded.kind !== "ok") throw new Error(JSON.stringify(loaded));
  return loaded.policies;
}

describe("policy fields of the drift guard", () => {
  it("reads standing members, drift and revert_child_teams", () => {
    const policies = ok("    standing: { users: [svc-deploy], teams: [ops-maintainers] }\n", "settings:\n  drift: revert\n  revert_child_teams: true\n");
    expect(policies.teams.get("ops")?.standing).toEqual({ users: ["svc-deploy"], teams: ["ops-maintainers"] });
    expect(policies.settings).toMatchObject({ drift: "revert", revertChildTeams: true });
  });

  it("leaves standing absent when the team does not list it (the baseline applies)", () => {
    expect(ok("").teams.get("ops")?.standing).toBeUndefined();
  });

  it("accepts an empty standing list as 'nobody stands'", () => {
    expect(ok("    standing: { users: [] }\n").teams.get("ops")?.standing).toEqual({ users: [], teams: [] });
  });

  it.each([
    ["drift: fix", "", "settings:\n  drift: fix\n", 'settings.drift: found "fix"; expected one of report or revert'],
    ["revert_child_teams: yes", "", "settings:\n  revert_child_teams: yes\n", 'settings.revert_child_teams: found "yes"; expected true or false'],
    ["standing with an unknown key", "    standing: { people: [bob] }\n", "", 'teams.ops.standing.people: unknown key "people"'],
    ["standing with an @login", "    standing: { users: ['@bob'] }\n", "", 'a GitHub login without "@": bob'],
  ])("refuses %s with what is allowed", (_name, teamExtra, settings, message) => {
    const loaded = load(teamExtra, settings);
    expect(loaded.kind).toBe("invalid");
    const lines = loaded.kind === "invalid" ? loaded.problems.map((p) => `${p.path ?? ""}: ${p.message}`) : [];
    expect(lines.join("\n")).toContain(message);
  });

  it("summarises a change of standing members as widening or narrowing", () => {
    const base = ok("    standing: { users: [svc-deploy] }\n");
    expect(diffPolicies(base, ok("    standing: { users: [svc-deploy, mallory] }\n")).widened).toEqual([{ team: "ops", details: ["standing gain @mallory"] }]);
    expect(diffPolicies(base, ok("    standing: { users: [] }\n")).narrowed).toEqual([{ team: "ops", details: ["standing lose @svc-deploy"] }]);
    expect(diffPolicies(base, ok("")).widened[0]?.details[0]).toContain("standing list removed");
    // A first list in place of the recorded baseline: whoever was not in the baseline now stays when added by hand.
    expect(diffPolicies(ok(""), base).widened).toEqual([{ team: "ops", details: ["standing members now listed (@svc-deploy) instead of the recorded baseline: whoever of them was not in it may now be added by hand and stay"] }]);
  });

  it("summarises drift settings changes", () => {
    expect(diffPolicies(ok(""), ok("", "settings:\n  drift: revert\n  revert_child_teams: true\n")).settings).toEqual(["drift changed from report to revert", "revert_child_teams turned on"]);
  });
});
