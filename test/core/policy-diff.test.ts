import { describe, expect, it } from "vitest";
import { diffPolicies } from "../../src/core/policy-diff.js";
import { parsePolicies, type Policies } from "../../src/core/policy.js";

function policies(teams: string, settings = ""): Policies {
  const load = parsePolicies([{ path: "policies/p.yml", text: `version: 1\nteams:\n${teams}${settings}` }], "sha");
  if (load.kind !== "ok") throw new Error(JSON.stringify(load));
  return load.policies;
}

const OPS = `  ops:
    max_duration: 2h
    requesters: { teams: [eng] }
    approvers: { users: [alice], teams: [leads] }
    approvals: 2
    distinct_teams: true
    ticket: { required: true, pattern: 'INC-[0-9]{1,6}' }
`;
const base = policies(OPS);
const GLASS = "    break_glass: { requesters: { users: [bob] }, max_duration: 1h, notify: { users: [carol] }, review_within: 1d }\n";

describe("diffPolicies", () => {
  it("finds nothing when nothing changes", () => {
    expect(diffPolicies(base, policies(OPS))).toEqual({ added: [], removed: [], widened: [], narrowed: [], changed: [], settings: [], settingsWidened: [] });
  });

  it("names teams added, with what they allow, and teams removed", () => {
    const head = policies("  db:\n    max_duration: 1h\n    approvers: { users: [carol] }\n");
    const diff = diffPolicies(base, head);
    expect(diff.added).toEqual([{ team: "db", details: ["up to 1h, 1 approval from @carol"] }]);
    expect(diff.removed).toEqual([{ team: "ops", details: [] }]);
  });

  it.each([
    ["requesters removed", OPS.replace("    requesters: { teams: [eng] }\n", ""), "any organisation member may now request (was team `eng`)", "only team `eng` may now request (was any organisation member)"],
    ["a requester added", OPS.replace("teams: [eng]", "teams: [eng, contractors]"), "requesters gain team `contractors`", "requesters lose team `contractors`"],
    ["an approver added", OPS.replace("users: [alice]", "users: [alice, bob]"), "approvers gain @bob", "approvers lose @bob"],
    ["fewer approvals", OPS.replace("approvals: 2", "approvals: 1"), "approvals lowered from 2 to 1", "approvals raised from 1 to 2"],
    ["a longer maximum", OPS.replace("max_duration: 2h", "max_duration: 8h"), "max_duration raised from 2h to 8h", "max_duration lowered from 8h to 2h"],
    ["self-approval turned on", `${OPS}    self_approval: true\n`, "self_approval turned on", "self_approval turned off"],
    ["distinct teams turned off", OPS.replace("distinct_teams: true", "distinct_teams: false"), "distinct_teams turned off", "distinct_teams turned on"],
    ["the ticket no longer required", OPS.replace("required: true", "required: false"), "ticket.required turned off", "ticket.required turned on"],
    ["the ticket pattern removed", OPS.replace(", pattern: 'INC-[0-9]{1,6}'", ""), "ticket.pattern `INC-[0-9]{1,6}` removed", "ticket.pattern `INC-[0-9]{1,6}` added"],
    ["an approval label added", `${OPS}    approval_label: lgtm-access\n`, "approval_label `lgtm-access` now approves requests", "approval_label `lgtm-access` removed"],
    ["a default duration added", `${OPS}    default_duration: 1h\n`, "default_duration 1h added", "default_duration 1h removed"],
    ["a pending timeout removed", OPS, "pending_timeout 1d removed: requests wait until closed", "pending_timeout 1d added", `${OPS}    pending_timeout: 1d\n`],
    ["a longer pending timeout", `${OPS}    pending_timeout: 2d\n`, "pending_timeout raised from 1d to 2d", "pending_timeout lowered from 2d to 1d", `${OPS}    pending_timeout: 1d\n`],
    ["break-glass added", `${OPS}${GLASS}`, "break_glass added: @bob may grant themselves up to 1h without approval", "break_glass removed"],
  ])("%s widens access; undoing it narrows it", (_name, teams, widened, narrowed, from = OPS) => {
    const head = policies(teams);
    const start = policies(from);
    expect(diffPolicies(start, head)).toMatchObject({ widened: [{ team: "ops", details: [widened] }], narrowed: [] });
    expect(diffPolicies(head, start)).toMatchObject({ widened: [], narrowed: [{ team: "ops", details: [narrowed] }] });
  });

  it("tells another approval label as a widening: whoever may add the new label has a new way to approve", () => {
    const before = policies(`${OPS}    approval_label: lgtm-access\n`);
    const after = policies(`${OPS}    approval_label: ship-it\n`);
    expect(diffPolicies(before, after)).toMatchObject({ widened: [{ team: "ops", details: ["approval_label changed from `lgtm-access` to `ship-it`: the new label now approves requests"] }] });
  });

  it("says how pinning a login to an account moves access: a pin narrows, dropping or moving one widens", () => {
    const pinned = policies(OPS.replace("users: [alice]", "users: [{ login: alice, id: 7 }]"));
    const moved = policies(OPS.replace("users: [alice]", "users: [{ login: alice, id: 8 }]"));
    expect(diffPolicies(base, pinned)).toMatchObject({ widened: [], narrowed: [{ team: "ops", details: ["approvers pin @alice to the account with id 7"] }] });
    expect(diffPolicies(pinned, base)).toMatchObject({ widened: [{ team: "ops", details: ["approvers no longer pin @alice to an account (it was id 7)"] }], narrowed: [] });
    expect(diffPolicies(pinned, moved)).toMatchObject({ widened: [{ team: "ops", details: ["approvers pin @alice to another account: id 8, was 7"] }], narrowed: [] });
    expect(diffPolicies(pinned, policies(OPS.replace("users: [alice]", "users: [{ login: alice, id: 7 }]")))).toMatchObject({ widened: [], narrowed: [], changed: [] });
  });

  it("says how pinning a team slug to a team moves access: a pin narrows, dropping or moving one widens", () => {
    const pinned = policies(OPS.replace("teams: [leads]", "teams: [{ slug: leads, id: 42 }]"));
    const moved = policies(OPS.replace("teams: [leads]", "teams: [{ slug: leads, id: 43 }]"));
    expect(diffPolicies(base, pinned)).toMatchObject({ widened: [], narrowed: [{ team: "ops", details: ["approvers pin team leads to the team with id 42"] }] });
    expect(diffPolicies(pinned, base)).toMatchObject({ widened: [{ team: "ops", details: ["approvers no longer pin team leads to a team (it was id 42)"] }], narrowed: [] });
    expect(diffPolicies(pinned, moved)).toMatchObject({ widened: [{ team: "ops", details: ["approvers pin team leads to another team: id 43, was 42"] }], narrowed: [] });
  });

  it("says how a change inside break_glass moves access", () => {
    const before = policies(`${OPS}${GLASS}`);
    const after = policies(`${OPS}${GLASS.replace("users: [bob]", "users: [bob, dave]").replace("max_duration: 1h", "max_duration: 2h").replace("users: [carol]", "users: [erin]")}`);
    expect(diffPolicies(before, after).widened).toEqual([{ team: "ops", details: ["break_glass.requesters gain @dave", "break_glass.max_duration raised from 1h to 2h", "break_glass.notify changed"] }]);
  });

  it("counts a team with any widening as widened, listing the narrowing too", () => {
    const diff = diffPolicies(base, policies(OPS.replace("approvals: 2", "approvals: 1").replace("max_duration: 2h", "max_duration: 1h")));
    expect(diff.widened).toEqual([{ team: "ops", details: ["approvals lowered from 2 to 1", "max_duration lowered from 2h to 1h"] }]);
  });

  it("tells a changed description apart from a widening", () => {
    const diff = diffPolicies(base, policies(`${OPS}    description: Operations\n`));
    expect(diff.changed).toEqual([{ team: "ops", details: ["description changed"] }]);
    expect(diff.widened).toEqual([]);
  });

  it("tells a changed ticket pattern as a widening, for a reviewer to judge (`.*` accepts any ticket)", () => {
    const diff = diffPolicies(base, policies(OPS.replace("INC-[0-9]{1,6}", ".*")));
    expect(diff.widened).toEqual([{ team: "ops", details: ["ticket.pattern changed from `INC-[0-9]{1,6}` to `.*` (it may accept tickets the old one refused)"] }]);
  });

  it("reports changes to settings, weaker masking included", () => {
    const before = policies(OPS, "settings:\n  masking: { emails: hash, patterns: ['ghp_[A-Za-z0-9]{36}'] }\n");
    const after = policies(OPS, "settings:\n  request_label: jit\n  masking: { emails: partial }\n");
    expect(diffPolicies(before, after).settings).toEqual([
      "request_label is now `jit`",
      "masking.emails changed from hash to partial",
      "masking.patterns no longer mask `ghp_[A-Za-z0-9]{36}`",
    ]);
  });

  it("tells a drift guard that no longer reverts as a widening of the settings; the reverse is no widening", () => {
    const revert = policies(OPS, "settings:\n  drift: revert\n  revert_child_teams: true\n");
    expect(diffPolicies(revert, policies(OPS, "settings:\n  drift: report\n")).settingsWidened).toEqual(["drift changed from revert to report: members added by hand now stay"]);
    expect(diffPolicies(revert, policies(OPS, "settings:\n  drift: revert\n  revert_child_teams: false\n")).settingsWidened).toEqual(["revert_child_teams turned off: a team nested under a managed one now stays, with its members"]);
    expect(diffPolicies(policies(OPS, "settings:\n  drift: report\n"), revert)).toMatchObject({ settingsWidened: [], settings: ["drift changed from report to revert", "revert_child_teams turned on"] });
  });

  it("counts every team as added when there is nothing to compare with", () => {
    expect(diffPolicies(undefined, base).added.map((c) => c.team)).toEqual(["ops"]);
  });
});
