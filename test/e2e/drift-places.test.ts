import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { ORG, POLICY, REPO, TEAM, driftIssues, world, otherAdminsUnderRevert } from "./world.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

const members = (s: Sandbox) => s.github.teamMembers(ORG, TEAM).map((m) => m.login).sort();

describe("a team several repositories name, and repositories that cannot be read", () => {
  it("held back: a child team under `drift: revert` without revert_child_teams is not promised a revert it never gets", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const s = w.sandbox;
    s.github.addUser("owner", { orgs: { [ORG]: "active" } });
    s.github.addUser("mallory", { orgs: { [ORG]: "active" } });
    await otherAdminsUnderRevert(s);
    s.github.pauseWebhooks();
    s.github.addTeam(ORG, "contractors");
    s.github.setTeamMember(ORG, "contractors", "mallory", "active");
    s.github.as("owner").setParentTeam(ORG, "contractors", "other-admins");
    s.github.failNext({ method: "GET", path: /^\/repos\/acme\/access\/contents\// }, { status: 502, times: 1_000 });
    await expect(s.jit.driftSweep()).rejects.toThrow();
    await s.settle();
    const [held] = driftIssues(s, "acme/zz-other");
    expect(held!.title).toBe("Drift: child team contractors under team other-admins");
    // Once every policy reads, nothing detaches it (revert_child_teams is off) ...
    s.github.clearFaults();
    await s.jit.driftSweep();
    await s.settle();
    s.github.resumeWebhooks();
    const [issue] = driftIssues(s, "acme/zz-other");
    expect(issue!.events).toEqual(["drift-found"]);
    // ... so the record must not say it will be, and should keep the report's hint.
    expect(issue!.text).not.toContain("it is reverted at the first check after they can be");
    expect(issue!.text).toContain("revert_child_teams: true");
  });

  it("a child team standing under another repository's policy is not detached under this one's revert_child_teams", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const s = w.sandbox;
    s.github.addUser("owner", { orgs: { [ORG]: "active" } });
    s.github.setTeamMember(ORG, TEAM, "bob", "active");
    s.github.addTeam(ORG, "oncall");
    s.github.setTeamMember(ORG, "oncall", "carol", "active");
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: revert\n  revert_child_teams: true\n`);
    s.github.addRepo("acme/zz-other", { defaultBranch: "main", private: true });
    s.github.putFile("acme/zz-other", "policies/platform.yml", `${POLICY}    standing: { users: [bob], teams: [oncall] }\n`);
    s.github.install(ORG);
    await s.settle();
    s.github.as("owner").setParentTeam(ORG, "oncall", TEAM);
    await s.settle();
    await s.jit.driftSweep();
    await s.settle();
    // oncall is standing under acme/zz-other's policy: no policy-wide drift, so it must stay nested.
    expect(driftIssues(s).map((i) => i.title)).toEqual([]);
    expect(driftIssues(s, "acme/zz-other").map((i) => i.title)).toEqual([]);
    expect(s.github.requests.some((r) => r.method === "PATCH" && r.path.endsWith("/teams/oncall"))).toBe(false);
  });

  it("a baseline member under one repository's policy (no standing) is not reverted under another's revert", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const s = w.sandbox;
    // acme/access: POLICY without standing (baseline). Team has bob and carol before any check.
    s.github.setTeamMember(ORG, TEAM, "bob", "active");
    s.github.setTeamMember(ORG, TEAM, "carol", "active");
    s.github.addRepo("acme/zz-other", { defaultBranch: "main", private: true });
    s.github.putFile("acme/zz-other", "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: revert\n`);
    s.github.install(ORG);
    await s.settle();
    await s.jit.driftSweep();
    await s.settle();
    const baseline = driftIssues(s).find((i) => i.title === "Drift baseline: team platform-admins");
    expect(baseline?.text).toContain("carol");
    // carol is a standing member of acme/access's policy (its baseline): no drift under acme/zz-other's revert.
    expect(members(s)).toEqual(["bob", "carol"]);
  });
});

describe("a team whose only repository cannot be read", () => {
  it("when the one repository naming the team cannot be read, the check does not log that it 'only reports' (it checks nothing)", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const s = w.sandbox;
    s.github.addUser("owner", { orgs: { [ORG]: "active" } });
    s.github.addUser("mallory", { orgs: { [ORG]: "active" } });
    s.github.setTeamMember(ORG, TEAM, "bob", "active");
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: revert\n`);
    await s.settle();
    await s.jit.driftSweep();
    await s.settle();
    s.github.failNext({ method: "GET", path: /^\/repos\/acme\/access\/commits/ }, { status: 502, times: 1_000 });
    const from = s.logs.length;
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    s.github.clearFaults();
    const logged = s.logs.slice(from).join("\n");
    // Nothing was reported (no drift issue), so the log must not say the check reports.
    expect(driftIssues(s)).toEqual([]);
    expect(logged).not.toContain("the drift check of this team only reports until they can");
  });
});

describe("the reads of a check", () => {
  it("a team two repositories' policies name: each standing team is read once per place per check, not twice", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const s = w.sandbox;
    s.github.addTeam(ORG, "sre");
    s.github.setTeamMember(ORG, "sre", "carol", "active");
    s.github.addRepo("acme/other", { defaultBranch: "main", private: true });
    s.github.putFile("acme/other", "policies/x.yml", `${POLICY}    standing: { users: [bob], teams: [sre] }\n`);
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob], teams: [sre] }\n`);
    s.github.setTeamMember(ORG, TEAM, "bob", "active");
    s.github.install(ORG);
    await s.settle();
    await s.jit.driftSweep();
    await s.settle();
    const n0 = s.github.requests.length;
    await s.jit.driftSweep();
    await s.settle();
    const sre = s.github.requests.slice(n0).filter((r) => r.path.includes("/teams/sre"));
    // teams/sre and teams/sre/members, once per place.
    expect(sre.length).toBe(4);
  });
});
