import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { appComments, HOUR, openedAndApproved, ORG, POLICY, REPO, requestBody, TEAM, world } from "./world.js";

/*
 * Policies name approver, requester and break-glass teams by slug, and a slug
 * follows its team's name: a team renamed or deleted gives it up, and any
 * member who may create teams can create one under it. A team created after
 * the commit of the policy naming it is not the team the policy meant.
 */

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

const GLASS_POLICY = `${POLICY}    break_glass:
      requesters: { teams: [platform-oncall] }
      max_duration: 1h
      notify: { users: [bob] }
      review_within: 4h
`;
const EMERGENCY = "\r\n\r\n### Emergency\r\n\r\n- [X] This is an emergency: grant at once without approval (break-glass, reviewed afterwards)";
const members = (s: Sandbox) => s.github.teamMembers(ORG, TEAM).map((m) => m.login);
const events = (s: Sandbox, n: number) => appComments(s, n).map((b) => /"event":"([a-z-]+)"/.exec(b)?.[1]);

describe("a team a policy names, renamed or deleted, and its slug taken by a new team", () => {
  it("break-glass: a member of the new team under the break-glass requesters' slug gets no grant without approval, and is told why", async () => {
    const w = await world();
    const s = (sandbox = w.sandbox);
    s.github.addTeam(ORG, "platform-oncall");
    s.github.setTeamMember(ORG, "platform-oncall", "carol", "active");
    s.github.putFile(REPO, "policies/platform.yml", GLASS_POLICY);
    await s.settle();
    w.clock.advance(24 * HOUR);
    s.github.as("carol").renameTeam(ORG, "platform-oncall", "Platform on-call rotation");
    w.clock.advance(HOUR);
    s.github.addTeam(ORG, "platform-oncall", { name: "platform-oncall" });
    s.github.setTeamMember(ORG, "platform-oncall", "jane", "active");
    const n = s.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody({ duration: "1h" }) + EMERGENCY, labels: ["access-request"] });
    await s.settle();
    expect(events(s, n)).not.toContain("granted");
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).join("\n")).toContain("@jane is a member of team `platform-oncall`, but the team now under that name was created on");

    // Committed again after the new team was made, the policy means that team: its members are confirmed.
    w.clock.advance(HOUR);
    s.github.putFile(REPO, "policies/platform.yml", `${GLASS_POLICY}\n`);
    const again = s.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody({ duration: "1h" }) + EMERGENCY, labels: ["access-request"] });
    await s.settle();
    expect(events(s, again)).toContain("granted");
    expect(members(s)).toEqual(["jane"]);
  });

  it("requesters: a member of the new team under the requester team's slug may not request, and is told why", async () => {
    const w = await world();
    const s = (sandbox = w.sandbox);
    s.github.addTeam(ORG, "platform-engineers");
    s.github.putFile(REPO, "policies/platform.yml", POLICY.replace("approvals: 1", "approvals: 1\n    requesters: { teams: [platform-engineers] }"));
    await s.settle();
    w.clock.advance(24 * HOUR);
    s.github.as("carol").deleteTeam(ORG, "platform-engineers");
    s.github.addTeam(ORG, "platform-engineers");
    s.github.setTeamMember(ORG, "platform-engineers", "jane", "active");
    const n = s.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody(), labels: ["access-request"] });
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(events(s, n)).not.toContain("granted");
    expect(appComments(s, n).join("\n")).toContain("@jane may not request `platform-admins`: @jane is a member of team `platform-engineers`, but the team now under that name was created on");
  });

  it("pinned: an older team renamed into the approver team's slug is not the team pinned; its member's /approve does not count, and a member of the team pinned still approves", async () => {
    const w = await world();
    const s = (sandbox = w.sandbox);
    s.github.addTeam(ORG, "book-club");
    s.github.setTeamMember(ORG, "book-club", "bob", "active");
    const leads = s.github.teamId(ORG, "platform-leads");
    s.github.putFile(REPO, "policies/platform.yml", POLICY.replace("teams: [platform-leads]", `teams: [{ slug: platform-leads, id: ${leads} }]`));
    await s.settle();
    w.clock.advance(24 * HOUR);
    s.github.as("carol").renameTeam(ORG, "platform-leads", "Platform leads 2026");
    s.github.as("bob").renameTeam(ORG, "book-club", "platform-leads");
    const n = await openedAndApproved(s, "bob");
    expect(events(s, n)).not.toContain("granted");
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).join("\n")).toMatch(new RegExp(`@bob is a member of team \`platform-leads\`, but \`approvers.teams\` pins that name to the team with id ${leads} and it is now held by the team with id \\d+`));

    // The team pinned, renamed back, is the team meant again.
    s.github.as("bob").renameTeam(ORG, "platform-leads", "book-club");
    s.github.as("carol").renameTeam(ORG, "platform-leads-2026", "platform-leads");
    s.github.as("carol").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
  });
});
