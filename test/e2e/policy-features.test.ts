import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { appComments, events, HOUR, openRequest, ORG, REPO, requestBody, TEAM, world } from "./world.js";

/** Policy features end to end: the approval label, ticket rules, distinct teams, org-wide settings. */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  expect(sandbox?.github.unhandled ?? []).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
});

const members = (s: Sandbox) => s.github.teamMembers(ORG, TEAM).map((m) => m.login);

async function withPolicy(policy: string) {
  const w = await world();
  sandbox = w.sandbox;
  w.sandbox.github.putFile(REPO, "policies/platform.yml", policy);
  return w;
}

const TEAM_POLICY = (extra: string) => `version: 1
teams:
  platform-admins:
    max_duration: 2h
    approvers:
      users: [alice]
      teams: [platform-leads]
${extra}`;

describe("policy features over HTTP", () => {
  it("the approval label counts when an approver adds it, and is removed when anyone else does", async () => {
    const { sandbox: s } = await withPolicy(TEAM_POLICY("    approval_label: access-approved\n"));
    const n = openRequest(s);
    await s.settle();
    s.github.as("bob").addLabels(REPO, n, ["access-approved"]);
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(s.github.issue(REPO, n).labels).not.toContain("access-approved");
    expect(appComments(s, n).at(-1)).toContain("the label was removed");
    s.github.as("carol").addLabels(REPO, n, ["access-approved"]);
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
  });

  it("pending_timeout: the app down across the deadline, an approval posted after it grants nothing and the request times out", async () => {
    const { sandbox: s, clock } = await withPolicy(TEAM_POLICY("    approvals: 1\n    pending_timeout: 2h\n"));
    const n = openRequest(s);
    await s.settle();
    expect(events(s, n)).toEqual(["received"]);
    await s.restart(() => clock.advance(3 * HOUR));
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n)).toContain("timed-out");
    expect(s.github.issue(REPO, n).labels).toContain("access:timed-out");
  });

  it("pending_timeout: the app down across the deadline, an approval before it and a /deny after it: denied, nothing granted", async () => {
    const { sandbox: s, clock } = await withPolicy(TEAM_POLICY("    approvals: 1\n    pending_timeout: 2h\n"));
    const n = openRequest(s);
    await s.settle();
    await s.restart(() => {
      clock.advance(2 * HOUR - 60_000);
      s.github.as("alice").comment(REPO, n, "/approve");
      clock.advance(2 * 60_000);
      s.github.as("carol").comment(REPO, n, "/deny the laptop was reported stolen");
    });
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n)).toContain("denied");
  });

  it("an approval label that is the operator's request label (JIT_ACCESS_REQUEST_LABEL) makes the policies invalid, as the default label does", async () => {
    const { sandbox: s } = await withPolicy(TEAM_POLICY("    approvals: 1\n    approval_label: jit-request\n"));
    s.config.requestLabel = "jit-request";
    await s.restart();
    const n = s.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody(), labels: ["jit-request"] });
    await s.settle();
    expect(appComments(s, n).join("\n")).toContain("which is the request label");
    expect(s.github.issue(REPO, n).labels).toContain("jit-request");
  });

  it("a ticket the policy requires, checked against its pattern", async () => {
    const { sandbox: s } = await withPolicy(TEAM_POLICY("    ticket: { required: true, pattern: '(INC|CHG)-[0-9]+' }\n"));
    const n = openRequest(s);
    await s.settle();
    expect(appComments(s, n)[0]).toContain("Ticket");
    s.github.as("jane").editIssue(REPO, n, { body: requestBody().replace("### Ticket\r\n\r\n_No response_", "### Ticket\r\n\r\nINC-42") });
    await s.settle();
    expect(s.github.issue(REPO, n).labels).toContain("access:pending");
  });

  it("distinct teams: two approvers from one team are not enough", async () => {
    const { sandbox: s } = await withPolicy(`version: 1
teams:
  platform-admins:
    max_duration: 2h
    approvers: { teams: [platform-leads, sre] }
    approvals: 2
    distinct_teams: true
`);
    s.github.addTeam(ORG, "sre");
    s.github.addUser("dave", { orgs: { [ORG]: "active" } });
    s.github.setTeamMember(ORG, "platform-leads", "dave", "active");
    s.github.setTeamMember(ORG, "sre", "bob", "active");
    const n = openRequest(s);
    await s.settle();
    s.github.as("carol").comment(REPO, n, "/approve");
    s.github.as("dave").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual([]);
    s.github.as("bob").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
  });

  it("org-wide settings: another request label, and stricter masking for everything written", async () => {
    const { sandbox: s, clock } = await withPolicy(`${TEAM_POLICY("")}settings:
  request_label: jit
  masking: { emails: full, patterns: ['CUST-[0-9]{4}'] }
`);
    const ignored = s.github.as("jane").openIssue(REPO, { title: "Old label", body: requestBody(), labels: ["access-request"] });
    const n = s.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody({ justification: "customer CUST-1234, jane.doe@example.com" }), labels: ["jit"] });
    await s.settle();
    expect(appComments(s, ignored)).toEqual([]);
    const received = appComments(s, n)[0] ?? "";
    expect(received).toContain("[email]");
    expect(received).toContain("[masked]");
    expect(received).not.toContain("CUST-1234");
    expect(received).not.toContain("j***@example.com");
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    clock.advance(HOUR);
    await s.settle();
    expect(s.github.issue(REPO, n).labels).toContain("access:expired");
    expect(s.logs.join("")).not.toContain("CUST-1234");
  });
});

describe("a GitHub that cannot list commits by path", () => {
  it("still reads the policies from the default branch, named by their files' hashes", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const s = w.sandbox;
    s.github.failNext({ method: "GET", path: /\/commits$/ }, { status: 404, times: 100 });
    const n = openRequest(s);
    await s.settle();
    expect(s.github.issue(REPO, n).labels).toContain("access:pending");
    expect(appComments(s, n)[0]).toMatch(/policies@[0-9a-f]{12}/);
  });
});
