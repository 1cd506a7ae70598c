import { describe, expect, it } from "vitest";
import { parsePolicies, type PolicyLoad, type Policies } from "../../src/core/policy.js";

const HOUR = 3_600_000;

/** The example in the design, every field set. */
const FULL = `# yaml-language-server: $schema=./schema.json
version: 1
teams:
  platform-admins:                 # the team slug that is granted
    description: Production admin for the platform
    max_duration: 2h
    default_duration: 1h
    requesters: { teams: [engineering] }
    approvers: { users: [alice], teams: [platform-leads] }
    approvals: 2
    distinct_teams: false
    self_approval: false
    ticket: { required: true, pattern: '^(INC|CHG)-[0-9]+$' }
    pending_timeout: 24h
    escalation: { after: 30m, notify: { teams: [security-oncall] } }
    approval_label: access-approved
settings:
  request_label: access-request
  masking: { emails: partial, patterns: [] }
`;

function policies(load: PolicyLoad): Policies {
  if (load.kind !== "ok") throw new Error(`expected valid policies, got ${load.kind}: ${JSON.stringify(load)}`);
  return load.policies;
}

describe("valid policies", () => {
  it("reads every field of the design's example, durations in milliseconds", () => {
    const result = policies(parsePolicies([{ path: "policies/platform.yml", text: FULL }], "9fceb02d0ae598e95dc970b74767f19372d61af8"));
    expect(result.ref).toBe("9fceb02d0ae598e95dc970b74767f19372d61af8");
    expect(result.teams.get("platform-admins")).toEqual({
      team: "platform-admins",
      file: "policies/platform.yml",
      line: 4,
      description: "Production admin for the platform",
      maxDurationMs: 2 * HOUR,
      defaultDurationMs: HOUR,
      requesters: { users: [], teams: ["engineering"] },
      approvers: { users: ["alice"], teams: ["platform-leads"] },
      approvals: 2,
      distinctTeams: false,
      selfApproval: false,
      ticket: { required: true, pattern: "^(INC|CHG)-[0-9]+$" },
      pendingTimeoutMs: 24 * HOUR,
      escalation: { afterMs: 30 * 60_000, notify: { users: [], teams: ["security-oncall"] } },
      approvalLabel: "access-approved",
    });
    expect(result.settings).toEqual({ file: "policies/platform.yml", requestLabel: "access-request", masking: { emails: "partial", patterns: [] } });
  });

  it("fills the defaults of a minimal team", () => {
    const result = policies(parsePolicies([{ path: "a.yml", text: "version: 1\nteams:\n  ops:\n    max_duration: PT90M\n    approvers:\n      teams: [leads]\n" }], "r"));
    expect(result.teams.get("ops")).toEqual({
      team: "ops",
      file: "a.yml",
      line: 3,
      maxDurationMs: 90 * 60_000,
      approvers: { users: [], teams: ["leads"] },
      approvals: 1,
      distinctTeams: false,
      selfApproval: false,
    });
    expect(result.settings).toBeUndefined();
  });

  it.each([
    ["an ISO duration with days", "max_duration: P1DT2H"],
    ["the longest duration allowed", "max_duration: 30d"],
    ["a ticket pattern without anchors", "max_duration: 1h\n    ticket: { pattern: 'INC-[0-9]{1,8}|CHG-[0-9]{1,8}' }"],
    ["an optional group", "max_duration: 1h\n    ticket: { required: true, pattern: '(INC|CHG)?-[0-9]+' }"],
    ["an escalation within the timeout", "max_duration: 1h\n    pending_timeout: 2h\n    escalation: { after: 1h59m, notify: { users: [carol] } }"],
    ["distinct teams with enough groups", "max_duration: 1h\n    approvals: 3\n    distinct_teams: true"],
    ["self-approval", "max_duration: 1h\n    self_approval: true"],
    ["a description with a colon, quoted", "max_duration: 1h\n    description: 'Admin: production'"],
  ])("accepts %s", (_name, fields) => {
    const text = `version: 1\nteams:\n  ops:\n    ${fields}\n    approvers: { users: [alice], teams: [leads, sre] }\n`;
    expect(parsePolicies([{ path: "a.yml", text }], "r").kind).toBe("ok");
  });

  it("reads logins pinned to their accounts beside bare ones, in every list of people", () => {
    const text = `version: 1
teams:
  ops:
    max_duration: 1h
    requesters: { users: [jane, { login: Dave, id: 7 }] }
    approvers: { users: [alice, { login: bob, id: 583231 }] }
    break_glass: { requesters: { users: [{ login: carol, id: 12 }] }, max_duration: 1h, notify: { users: [erin] }, review_within: 1d }
`;
    const ops = policies(parsePolicies([{ path: "a.yml", text }], "r")).teams.get("ops")!;
    expect(ops.approvers).toEqual({ users: ["alice", "bob"], teams: [], ids: { bob: 583231 } });
    expect(ops.requesters).toEqual({ users: ["jane", "Dave"], teams: [], ids: { dave: 7 } });
    expect(ops.breakGlass?.requesters).toEqual({ users: ["carol"], teams: [], ids: { carol: 12 } });
    expect(ops.breakGlass?.notify).toEqual({ users: ["erin"], teams: [] });
  });

  it("merges several files and takes settings from the one that sets them", () => {
    const result = policies(parsePolicies([
      { path: "policies/a.yml", text: "version: 1\nteams:\n  ops:\n    max_duration: 1h\n    approvers: { users: [alice] }\n" },
      { path: "policies/b.yaml", text: "version: 1\nteams:\n  db:\n    max_duration: 4h\n    approvers: { teams: [dba] }\n" },
      { path: "policies/settings.yml", text: "version: 1\nsettings:\n  masking:\n    emails: hash\n    patterns: ['ghp_[A-Za-z0-9]{36}']\n" },
    ], "r"));
    expect([...result.teams.keys()]).toEqual(["ops", "db"]);
    expect(result.teams.get("db")?.file).toBe("policies/b.yaml");
    expect(result.settings).toEqual({ file: "policies/settings.yml", masking: { emails: "hash", patterns: ["ghp_[A-Za-z0-9]{36}"] } });
  });

  it("allows anchors and aliases, so approvers can be shared", () => {
    const text = "version: 1\nteams:\n  ops:\n    max_duration: 1h\n    approvers: &leads { teams: [leads] }\n  db:\n    max_duration: 1h\n    approvers: *leads\n";
    expect(policies(parsePolicies([{ path: "a.yml", text }], "r")).teams.get("db")?.approvers).toEqual({ users: [], teams: ["leads"] });
  });

  it("allows one approvers anchor shared by hundreds of teams", () => {
    let text = "version: 1\nteams:\n  ops:\n    max_duration: 1h\n    approvers: &leads { teams: [leads] }\n";
    for (let i = 0; i < 300; i++) text += `  team-${i}:\n    max_duration: 1h\n    approvers: *leads\n`;
    expect(policies(parsePolicies([{ path: "a.yml", text }], "r")).teams.size).toBe(301);
  });

  it("counts the values aliases stand for across all the files of one load, not per file", () => {
    // Each file: 4,000 logins (about 28 KB) shared by 60 teams, about 244,000 values.
    const users = Array.from({ length: 4_000 }, (_, i) => `u${i}`).join(", ");
    const file = (f: number) => ({ path: `p${f}.yml`, text: `version: 1\nteams:\n  t${f}x0:\n    max_duration: 1h\n    approvers: &a { users: [${users}] }\n${Array.from({ length: 59 }, (_, i) => `  t${f}x${i + 1}: { max_duration: 1h, approvers: *a }\n`).join("")}` });
    expect(parsePolicies([file(0), file(1), file(2)], "r").kind).toBe("ok");
    const load = parsePolicies(Array.from({ length: 5 }, (_, f) => file(f)), "r");
    expect(load.kind).toBe("invalid-yaml");
    expect(load.kind === "invalid-yaml" ? load.problems.map((p) => p.file) : []).toEqual(["p4.yml"]);
  });

  it("reads YAML 1.2: yes is text, so it can never switch a flag on by accident", () => {
    const text = "version: 1\nteams:\n  ops:\n    max_duration: 1h\n    approvers: { users: [alice] }\n    self_approval: on\n";
    expect(parsePolicies([{ path: "a.yml", text }], "r").kind).toBe("invalid");
  });
});
