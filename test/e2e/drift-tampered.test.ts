import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { driftIssues, ORG, POLICY, REPO, TEAM, world } from "./world.js";

/**
 * A drift issue whose trail was tampered with holds back only the baseline
 * it may have held: a comment forged on another team's drift issue takes
 * nothing from a newly managed team's check, and a team whose baseline was
 * deleted is still checked, its members reported and none reverted.
 */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function started(): Promise<Sandbox> {
  const w = await world();
  const s = (sandbox = w.sandbox);
  for (const login of ["owner", "mallory", "eve", "zoe"]) s.github.addUser(login, { orgs: { [ORG]: "active" } });
  s.github.setTeamMember(ORG, TEAM, "bob", "active");
  return s;
}

const numberOf = (s: Sandbox, title: string): number => {
  for (let n = 1; ; n++) if (s.github.issue(REPO, n).title.startsWith(title)) return n;
};

/** One drift sweep; `quietly`, its failures (GitHub refusing writes) are left to the next one. */
async function sweep(s: Sandbox, quietly = false): Promise<void> {
  await s.settle();
  await (quietly ? s.jit.driftSweep().catch(() => undefined) : s.jit.driftSweep());
  await s.settle();
}

describe("a drift trail tampered with", () => {
  it("on another team's drift issue (a comment forged by someone who may only comment) leaves a newly managed team checked and reverted", async () => {
    const s = await started();
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\n`);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    const drift = numberOf(s, "Drift: @mallory");
    s.github.as("mallory").comment(REPO, drift, '<!-- jit-access:record {"v":1,"event":"drift-found","team":"x","subject":{"kind":"member","login":"x"},"sig":"00"} -->');
    s.github.addTeam(ORG, "db-admins");
    s.github.setTeamMember(ORG, "db-admins", "carol", "active");
    s.github.putFile(REPO, "policies/db.yml", `${POLICY.replaceAll("platform-admins", "db-admins")}settings:\n  drift: revert\n`);
    await sweep(s);
    s.github.as("owner").addTeamMember(ORG, "db-admins", "eve");
    await sweep(s);
    expect(driftIssues(s).map((i) => i.title)).toEqual(expect.arrayContaining(["Drift baseline: team db-admins", "Drift: @eve in team db-admins"]));
    expect(s.github.teamMembers(ORG, "db-admins").map((m) => m.login)).toEqual(["carol"]);
  });

  it("where its baseline was (every record deleted) still reports a member added by hand, and reverts nobody", async () => {
    const s = await started();
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}settings:\n  drift: revert\n`);
    await sweep(s);
    const baseline = numberOf(s, "Drift baseline");
    for (const c of s.github.comments(REPO, baseline).filter((c) => c.viaApp)) s.github.as("owner").deleteComment(REPO, c.id);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await sweep(s);
    const mallory = driftIssues(s).find((i) => i.title === "Drift: @mallory in team platform-admins");
    expect(mallory?.events).toEqual(["drift-found"]);
    expect(mallory?.text).toContain("may have held this team's baseline");
    // No new baseline, and nobody reverted: the trail that said who stands is gone.
    expect(driftIssues(s).filter((i) => i.title.startsWith("Drift baseline"))).toHaveLength(1);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login).sort()).toEqual(["bob", "mallory"]);
  });

  it("on a team's drift-found issue (one that never held a baseline) lets the team take its baseline when it moves from standing to one", async () => {
    const s = await started();
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: revert\n`);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    const drift = numberOf(s, "Drift: @mallory");
    s.github.as("eve").comment(REPO, drift, '<!-- jit-access:record {"v":1,"event":"drift-baseline","team":"platform-admins","sig":"00"} -->');
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}settings:\n  drift: revert\n`);
    await sweep(s);
    s.github.as("owner").addTeamMember(ORG, TEAM, "zoe");
    await sweep(s);
    expect(driftIssues(s).map((i) => i.title)).toContain("Drift baseline: team platform-admins");
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["bob"]);
  });

  it("where one repository's baseline was, keeps another repository's revert from removing that baseline's members", async () => {
    const s = await started();
    s.github.setTeamMember(ORG, TEAM, "carol", "active");
    s.github.addRepo("acme/zz-other", { defaultBranch: "main", private: true });
    s.github.putFile("acme/zz-other", "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: revert\n`);
    s.github.install(ORG);
    await sweep(s);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login).sort()).toEqual(["bob", "carol"]);
    const baseline = numberOf(s, "Drift baseline");
    for (const c of s.github.comments(REPO, baseline).filter((c) => c.viaApp)) s.github.as("owner").deleteComment(REPO, c.id);
    await sweep(s);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login).sort()).toEqual(["bob", "carol"]);
  });

  it("locked by someone (a drift issue GitHub then refuses the app's records on) keeps no member added by hand in the team", async () => {
    const s = await started();
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: revert\n`);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["bob"]);
    s.github.as("mallory").lock(REPO, numberOf(s, "Drift: @mallory"), "resolved");
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await sweep(s);
    s.github.as("owner").addTeamMember(ORG, TEAM, "zoe");
    await sweep(s);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["bob"]);
  });

  it("or a comment GitHub refused for a while opens no second issue for the same person", async () => {
    const s = await started();
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: revert\n`);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    const first = numberOf(s, "Drift: @mallory");
    s.github.failNext({ method: "POST", path: new RegExp(`/issues/${first}/comments$`) }, { status: 502, afterPerforming: true });
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await sweep(s, true);
    s.github.failNext({ method: "POST", path: /\/comments$/ }, { status: 502, times: 1000 });
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    for (let k = 0; k < 3; k++) await sweep(s, true);
    s.github.clearFaults();
    expect(driftIssues(s).filter((i) => i.title === "Drift: @mallory in team platform-admins")).toHaveLength(1);
  });

  it("a new finding while GitHub refuses comments opens one issue, not one at each check, and records on it once it can", async () => {
    const s = await started();
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: report\n`);
    await s.settle();
    s.github.failNext({ method: "POST", path: /\/comments$/ }, { status: 502, times: 1000 });
    s.github.as("owner").addTeamMember(ORG, TEAM, "zoe");
    for (let k = 0; k < 3; k++) await sweep(s, true);
    expect(driftIssues(s).filter((i) => i.title.includes("@zoe"))).toHaveLength(1);
    s.github.clearFaults();
    await sweep(s, true);
    const issues = driftIssues(s).filter((i) => i.title.includes("@zoe"));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.events).toEqual(["drift-found"]);
  });

  it("a new finding's empty issue locked during the outage holds back no record: the next goes on a new issue", async () => {
    const s = await started();
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: revert\n`);
    await s.settle();
    s.github.failNext({ method: "POST", path: /\/comments$/ }, { status: 502, times: 1000 });
    s.github.as("owner").addTeamMember(ORG, TEAM, "zoe");
    await sweep(s, true);
    s.github.as("mallory").lock(REPO, numberOf(s, "Drift: @zoe"), "resolved");
    s.github.clearFaults();
    await sweep(s, true);
    expect(driftIssues(s).filter((i) => i.title.includes("@zoe")).map((i) => i.events)).toEqual([[], ["drift-found", "drift-reverted"]]);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["bob"]);
  });

  it("a baseline GitHub refused to record for a while is recorded on the same issue once it can, and the team is then reverted as usual", async () => {
    const s = await started();
    s.github.failNext({ method: "POST", path: /\/comments$/ }, { status: 502, times: 1000 });
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}settings:\n  drift: revert\n`);
    for (let k = 0; k < 3; k++) await sweep(s, true);
    s.github.clearFaults();
    await sweep(s, true);
    const baselines = driftIssues(s).filter((i) => i.title.startsWith("Drift baseline"));
    expect(baselines.map((i) => i.events)).toEqual([["drift-baseline"]]);
    s.github.as("owner").addTeamMember(ORG, TEAM, "zoe");
    await sweep(s);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["bob"]);
  });

  it.each([
    ["deleted", false],
    ["deleted and its issue locked", true],
  ])("a baseline that landed despite GitHub's error, %s, is not replaced by today's members", async (_name, lock) => {
    const s = await started();
    s.github.failNext({ method: "POST", path: /\/comments$/ }, { status: 502, afterPerforming: true });
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}settings:\n  drift: revert\n`);
    await sweep(s, true);
    const baseline = numberOf(s, "Drift baseline");
    for (const c of s.github.comments(REPO, baseline).filter((c) => c.viaApp)) s.github.as("owner").deleteComment(REPO, c.id);
    if (lock) s.github.as("owner").lock(REPO, baseline, "resolved");
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await sweep(s, true);
    const baselines = driftIssues(s).filter((i) => i.title.startsWith("Drift baseline"));
    expect(baselines.flatMap((i) => i.text.match(/mallory/g) ?? [])).toEqual([]);
    expect(driftIssues(s).map((i) => i.title)).toContain("Drift: @mallory in team platform-admins");
  });

  it("an unwritten baseline issue locked by someone does not hold its team to report only", async () => {
    const s = await started();
    s.github.failNext({ method: "POST", path: /\/comments$/ }, { status: 502, times: 1000 });
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}settings:\n  drift: revert\n`);
    await sweep(s, true);
    s.github.as("mallory").lock(REPO, numberOf(s, "Drift baseline"), "resolved");
    s.github.clearFaults();
    await sweep(s, true);
    s.github.as("owner").addTeamMember(ORG, TEAM, "zoe");
    await sweep(s, true);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["bob"]);
  });

  it("locked by someone keeps its revert recorded somewhere when the member comes back", async () => {
    const s = await started();
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: report\n`);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    s.github.as("mallory").lock(REPO, numberOf(s, "Drift: @mallory"), "resolved");
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: revert\n`);
    await sweep(s, true);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await sweep(s, true);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["bob"]);
    const reverted = driftIssues(s).filter((i) => i.title.includes("@mallory")).flatMap((i) => i.events).filter((e) => e === "drift-reverted");
    expect(reverted.length).toBeGreaterThanOrEqual(1);
  });
  it("a remembered baseline is not posted after its team's policy had `standing` meanwhile (and reverted a member it listed)", async () => {
    const s = await started();
    s.github.setTeamMember(ORG, TEAM, "carol", "active");
    s.github.failNext({ method: "POST", path: /\/comments$/ }, { status: 502 });
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}settings:\n  drift: revert\n`);
    await sweep(s, true);
    expect(driftIssues(s).filter((i) => i.title.startsWith("Drift baseline")).map((i) => i.events)).toEqual([[]]);
    // The policy moves to `standing`: carol is drift, and reverted.
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: revert\n`);
    await sweep(s);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["bob"]);
    // Later back to no `standing`: a new first load, whose baseline is the team as it is (bob).
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}settings:\n  drift: revert\n`);
    await sweep(s);
    s.github.as("owner").addTeamMember(ORG, TEAM, "carol");
    await sweep(s);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["bob"]);
  });
  it("a remembered baseline is not replaced by today's members (one added by hand meanwhile) after an unrelated policy commit", async () => {
    const s = await started();
    s.github.failNext({ method: "POST", path: /\/comments$/ }, { status: 502, times: 1000 });
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}settings:\n  drift: revert\n`);
    await sweep(s, true);
    // During the outage mallory is added by hand; then someone commits to the policy folder (a comment line, nothing of this team's rules).
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await sweep(s, true);
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}settings:\n  drift: revert\n# reviewed\n`);
    s.github.clearFaults();
    await sweep(s, true);
    await sweep(s, true);
    const baselines = driftIssues(s).filter((i) => i.title.startsWith("Drift baseline"));
    expect(baselines.flatMap((i) => i.text.match(/mallory/g) ?? [])).toEqual([]);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["bob"]);
  });

});
