import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { drift } from "../../src/cli/drift.js";
import { hasRedis, RedisProcess } from "../coordination/redis-server.js";
import { report } from "../../src/cli/report.js";
import { captured, sandboxDeps } from "./audit-harness.js";
import type { ManualClock } from "./manual-clock.js";
import { ORG, POLICY, REPO, TEAM, driftIssues, openRequest, world, otherAdminsUnderRevert } from "./world.js";

/**
 * The drift guard over HTTP against the real app: members added by hand, a
 * nested child team, standing members, the app's own grants, and forged
 * drift issues.
 */
let sandbox: Sandbox | undefined;
/** The clock of the latest world. */
let clock: ManualClock | undefined;
/** Stopped after the sandbox (a Redis the replicas share). */
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  expect(sandbox?.github.unhandled ?? []).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
  for (const stop of stops.splice(0)) await stop();
});

const STANDING = `${POLICY}    standing: { users: [bob] }\n    escalation: { after: 30m, notify: { teams: [platform-leads] } }\n`;

async function guarded(policy = STANDING, redisUrl?: string): Promise<Sandbox> {
  const w = await world(redisUrl === undefined ? {} : { redisUrl });
  sandbox = w.sandbox;
  clock = w.clock;
  const s = w.sandbox;
  s.github.addUser("owner", { orgs: { [ORG]: "active" } });
  s.github.addUser("mallory", { orgs: { [ORG]: "active" } });
  s.github.putFile(REPO, "policies/platform.yml", policy);
  s.github.setTeamMember(ORG, TEAM, "bob", "active");
  return s;
}

const members = (s: Sandbox) => s.github.teamMembers(ORG, TEAM).map((m) => m.login).sort();

/** A policy whose standing team sre is deleted, a day after the policy's commit, and a new team sre made with mallory in it. */
async function standingSlugTaken(): Promise<Sandbox> {
  const s = await guarded(`${POLICY}    standing: { teams: [sre] }\n`);
  s.github.addTeam(ORG, "sre");
  await s.settle();
  clock!.advance(24 * 3_600_000);
  s.github.as("owner").deleteTeam(ORG, "sre");
  s.github.addTeam(ORG, "sre");
  s.github.setTeamMember(ORG, "sre", "mallory", "active");
  return s;
}
describe("drift guard", () => {
  it("reports a member added by hand within one webhook, naming who added them and the escalation contacts", async () => {
    const s = await guarded();
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    const issues = driftIssues(s);
    expect(issues.map((i) => [i.title, i.events])).toEqual([["Drift: @mallory in team platform-admins", ["drift-found"]]]);
    expect(issues[0]?.text).toContain("added by @owner");
    expect(issues[0]?.text).toContain("@acme/platform-leads");
    // Under report, the member stays.
    expect(members(s)).toEqual(["bob", "mallory"]);
  });

  it("a team created under a standing team's slug after the policy was committed makes nobody standing: a member added by hand beside it is drift", async () => {
    const s = await standingSlugTaken();
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    expect(driftIssues(s).map((i) => i.title)).toContain("Drift: @mallory in team platform-admins");
  });

  it("the drift sweep checks the teams of every repository whose policies it can read, past one it keeps failing to, reporting only, and then fails", async () => {
    const s = await guarded();
    // Listed after acme/access, whose policies GitHub keeps failing to answer.
    await otherAdminsUnderRevert(s);
    s.github.pauseWebhooks();
    s.github.as("owner").addTeamMember(ORG, "other-admins", "mallory");
    s.github.failNext({ method: "GET", path: /^\/repos\/acme\/access\/contents\// }, { status: 502, times: 1_000 });
    await expect(s.jit.driftSweep()).rejects.toThrow();
    await s.settle();
    // Reported, not reverted: the unread policies might name other-admins too, with mallory standing. The record says so.
    expect(driftIssues(s, "acme/zz-other").map((i) => [i.title, i.events])).toEqual([["Drift: @mallory in team other-admins", ["drift-found"]]]);
    const [issue] = driftIssues(s, "acme/zz-other");
    expect(issue!.text).toContain("Policy `settings.drift: revert`, held back: nothing was removed yet, as the policies of another repository of the organisation could not be read");
    expect(issue!.text).not.toContain("Policy `settings.drift: report`");
    expect(s.github.teamMembers(ORG, "other-admins").map((m) => m.login)).toEqual(["mallory"]);
    // Once every policy reads, the recorded drift is reverted under revert.
    s.github.clearFaults();
    await s.jit.driftSweep();
    await s.settle();
    expect(s.github.teamMembers(ORG, "other-admins")).toEqual([]);
    s.github.resumeWebhooks();
  });

  it("a team two repositories' policies name: a member standing under one is no drift under the other's revert", async () => {
    const s = await guarded(`${STANDING}settings:\n  drift: revert\n`);
    s.github.addRepo("acme/zz-other", { defaultBranch: "main", private: true });
    s.github.putFile("acme/zz-other", "policies/platform.yml", `${POLICY}    standing: { users: [bob, mallory] }\n`);
    s.github.install(ORG);
    await s.settle();
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    await s.jit.driftSweep();
    await s.settle();
    expect(members(s)).toEqual(["bob", "mallory"]);
    expect(driftIssues(s)).toEqual([]);
  });

  it("reverts it under drift: revert, and records that", async () => {
    const s = await guarded(`${STANDING}settings:\n  drift: revert\n`);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    expect(members(s)).toEqual(["bob"]);
    expect(driftIssues(s).map((i) => i.events)).toEqual([["drift-found", "drift-reverted"]]);
  });

  it("under revert, a removal that failed once is made at the next check, on the same issue", async () => {
    const s = await guarded(`${STANDING}settings:\n  drift: revert\n`);
    s.github.failNext({ method: "DELETE", path: /\/memberships\/mallory$/ }, { status: 502, times: 1 });
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    expect(driftIssues(s).map((i) => i.events)).toEqual([["drift-found"]]);
    await s.jit.driftSweep();
    await s.settle();
    expect(members(s)).toEqual(["bob"]);
    expect(driftIssues(s).map((i) => i.events)).toEqual([["drift-found", "drift-reverted"]]);
    // Reverted, it is not reverted again.
    await s.jit.driftSweep();
    await s.settle();
    expect(driftIssues(s).map((i) => i.events)).toEqual([["drift-found", "drift-reverted"]]);
  });

  it("a recorded member GitHub cannot remove directly (there through a standing child team) is tried once, not at every check", async () => {
    const s = await guarded(`${POLICY}settings:\n  drift: revert\n`);
    s.github.addTeam(ORG, "oncall", { parent: TEAM });
    await s.jit.driftSweep();
    await s.settle();
    expect(driftIssues(s).map((i) => i.events)).toEqual([["drift-baseline"]]);
    s.github.setTeamMember(ORG, "oncall", "mallory", "active");
    await s.jit.driftSweep();
    await s.settle();
    const first = driftIssues(s).find((i) => i.title.includes("mallory"))?.events;
    expect(first).toEqual(["drift-found", "drift-reverted"]);
    for (let k = 0; k < 5; k++) {
      await s.jit.driftSweep();
      await s.settle();
    }
    expect(driftIssues(s).find((i) => i.title.includes("mallory"))?.events).toEqual(first);
  });

  it("a recorded member tried once through a standing child team, then added directly and out of the child team, is reverted", async () => {
    const s = await guarded(`${POLICY}settings:\n  drift: revert\n`);
    s.github.addTeam(ORG, "oncall", { parent: TEAM });
    await s.jit.driftSweep();
    await s.settle();
    s.github.setTeamMember(ORG, "oncall", "mallory", "active");
    await s.jit.driftSweep();
    await s.settle();
    expect(driftIssues(s).find((i) => i.title.includes("mallory"))?.events).toEqual(["drift-found", "drift-reverted"]);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    s.github.setTeamMember(ORG, "oncall", "mallory", null);
    await s.jit.driftSweep();
    await s.settle();
    expect(members(s)).toEqual(["bob"]);
    expect(driftIssues(s).find((i) => i.title.includes("mallory"))?.events).toEqual(["drift-found", "drift-reverted", "drift-reverted"]);
  });

  it("a removal that keeps failing in one team does not stop the sweep from checking the others", async () => {
    const policy = `${STANDING}  ops:\n    max_duration: 2h\n    approvers: { users: [alice] }\n    standing: { users: [bob] }\nsettings:\n  drift: revert\n`;
    const s = await guarded(policy);
    s.github.addUser("trudy", { orgs: { [ORG]: "active" } });
    s.github.addTeam(ORG, "ops");
    s.github.setTeamMember(ORG, "ops", "bob", "active");
    s.github.failNext({ method: "DELETE", path: /\/memberships\/mallory$/ }, { status: 502, times: 10_000 });
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    expect(driftIssues(s).map((i) => [i.title, i.events])).toEqual([["Drift: @mallory in team platform-admins", ["drift-found"]]]);
    // trudy is added by hand to ops, and the webhook is lost: only the sweep finds her.
    s.github.dropNextWebhooks(1);
    s.github.as("owner").addTeamMember(ORG, "ops", "trudy");
    await s.settle();
    await s.jit.driftSweep();
    await s.settle();
    expect(driftIssues(s).map((i) => i.title)).toContain("Drift: @trudy in team ops");
    expect(s.github.teamMembers(ORG, "ops").map((m) => m.login).sort()).toEqual(["bob"]);
  });

  it("drift recorded under report is reverted once the policy says revert; one made standing meanwhile stays", async () => {
    const s = await guarded();
    s.github.addUser("trudy", { orgs: { [ORG]: "active" } });
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    s.github.as("owner").addTeamMember(ORG, TEAM, "trudy");
    await s.settle();
    expect(members(s)).toEqual(["bob", "mallory", "trudy"]);
    s.github.putFile(REPO, "policies/platform.yml", `${STANDING.replace("users: [bob]", "users: [bob, trudy]")}settings:\n  drift: revert\n`);
    await s.jit.driftSweep();
    await s.settle();
    expect(members(s)).toEqual(["bob", "trudy"]);
  });

  it("reverts a person added again after a revert, on the same drift issue", async () => {
    const s = await guarded(`${STANDING}settings:\n  drift: revert\n`);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    expect(members(s)).toEqual(["bob"]);
    expect(driftIssues(s).map((i) => i.events)).toEqual([["drift-found", "drift-reverted", "drift-found", "drift-reverted"]]);
  });

  it("records each person once, however many webhooks and sweeps see them", async () => {
    const s = await guarded();
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    await s.jit.driftSweep();
    await s.settle();
    expect(driftIssues(s)).toHaveLength(1);
  });

  it("finds the same drift in the sweep when the webhook is lost", async () => {
    const s = await guarded(`${STANDING}settings:\n  drift: revert\n`);
    s.github.dropNextWebhooks(1);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    expect(driftIssues(s)).toEqual([]);
    await s.jit.driftSweep();
    await s.settle();
    expect(driftIssues(s).map((i) => i.events)).toEqual([["drift-found", "drift-reverted"]]);
    expect(members(s)).toEqual(["bob"]);
  });

  it("never touches a standing member, nor a member backed by a live grant (no false alarm)", async () => {
    const s = await guarded(`${STANDING}settings:\n  drift: revert\n`);
    const n = openRequest(s);
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    await s.jit.driftSweep();
    await s.settle();
    expect(members(s)).toEqual(["bob", "jane"]);
    expect(driftIssues(s)).toEqual([]);
  });

  it("a standing login pinned to its account: another account that takes the login is drift, the renamed one still standing", async () => {
    const s = await guarded();
    s.github.putFile(REPO, "policies/platform.yml", STANDING.replace("users: [bob]", `users: [{ login: bob, id: ${s.github.userId("bob")} }]`));
    s.github.renameUser("bob", "bob-renamed");
    s.github.renameUser("mallory", "bob");
    s.github.as("owner").addTeamMember(ORG, TEAM, "bob");
    await s.settle();
    expect(driftIssues(s).map((i) => [i.title, i.events])).toEqual([["Drift: @bob in team platform-admins", ["drift-found"]]]);
    expect(members(s)).toEqual(["bob", "bob-renamed"]);
  });

  it("a standing login named like an inherited property (constructor) stays standing under revert", async () => {
    const s = await guarded(`${STANDING.replace("users: [bob]", "users: [bob, constructor]")}settings:\n  drift: revert\n`);
    s.github.addUser("constructor", { orgs: { [ORG]: "active" } });
    s.github.as("owner").addTeamMember(ORG, TEAM, "constructor");
    await s.settle();
    expect(driftIssues(s)).toEqual([]);
    expect(members(s)).toEqual(["bob", "constructor"]);
  });

  it("reports a child team nested under a managed team, once, and not each of its members", async () => {
    const s = await guarded(`${STANDING}settings:\n  drift: revert\n`);
    s.github.addTeam(ORG, "contractors");
    s.github.setTeamMember(ORG, "contractors", "mallory", "active");
    s.github.as("owner").setParentTeam(ORG, "contractors", TEAM);
    await s.settle();
    expect(driftIssues(s).map((i) => [i.title, i.events])).toEqual([["Drift: child team contractors under team platform-admins", ["drift-found"]]]);
    // Reported only: detaching needs revert_child_teams, and its members are not removed one by one.
    expect(s.github.teamMembers(ORG, "contractors").map((m) => m.login)).toEqual(["mallory"]);
  });

  it("a team created under a standing team's slug after the policy's commit is no allowed child team: nested under the managed team, it is reported", async () => {
    const s = await standingSlugTaken();
    s.github.as("owner").setParentTeam(ORG, "sre", TEAM);
    await s.settle();
    expect(driftIssues(s).map((i) => i.title)).toContain("Drift: child team sre under team platform-admins");
  });

  it("detaches the child team under revert_child_teams", async () => {
    const s = await guarded(`${STANDING}settings:\n  drift: revert\n  revert_child_teams: true\n`);
    s.github.addTeam(ORG, "contractors");
    s.github.setTeamMember(ORG, "contractors", "mallory", "active");
    s.github.as("owner").setParentTeam(ORG, "contractors", TEAM);
    await s.settle();
    expect(members(s)).toEqual(["bob"]);
    expect(driftIssues(s).map((i) => i.events)).toEqual([["drift-found", "drift-reverted"]]);
  });

  it("records the members of a team without standing as its baseline, once, then reports newcomers", async () => {
    const s = await guarded();
    s.github.putFile(REPO, "policies/platform.yml", POLICY);
    await s.jit.driftSweep();
    await s.settle();
    await s.jit.driftSweep();
    await s.settle();
    expect(driftIssues(s).map((i) => [i.title, i.events])).toEqual([["Drift baseline: team platform-admins", ["drift-baseline"]]]);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    expect(driftIssues(s).map((i) => i.title)).toEqual(["Drift baseline: team platform-admins", "Drift: @mallory in team platform-admins"]);
  });
});

/** A granted request for jane under drift: revert, so a re-add or a drift alarm would show. */
async function grantedJane(redisUrl?: string): Promise<{ s: Sandbox; n: number }> {
  const s = await guarded(`${STANDING}settings:\n  drift: revert\n`, redisUrl);
  const n = openRequest(s);
  await s.settle();
  s.github.as("alice").comment(REPO, n, "/approve");
  await s.settle();
  expect(members(s)).toEqual(["bob", "jane"]);
  return { s, n };
}
describe("the baseline cannot be reset from outside", () => {
  async function baselined(): Promise<{ s: Sandbox; n: number }> {
    const s = await guarded();
    s.github.putFile(REPO, "policies/platform.yml", POLICY);
    await s.jit.driftSweep();
    await s.settle();
    const n = issueNumbers(s).find((k) => s.github.issue(REPO, k).title.startsWith("Drift baseline"))!;
    return { s, n };
  }

  it("taking the access:drift label off the baseline issue does not make today's members standing", async () => {
    const { s, n } = await baselined();
    s.github.as("owner").removeLabel(REPO, n, "access:drift");
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    await s.jit.driftSweep();
    await s.settle();
    expect(driftIssues(s).map((i) => i.title)).toContain("Drift: @mallory in team platform-admins");
  });

  it("deleting the baseline record takes no new baseline (fails closed)", async () => {
    const { s, n } = await baselined();
    for (const c of s.github.comments(REPO, n).filter((c) => c.viaApp)) s.github.as("owner").deleteComment(REPO, c.id);
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    await s.jit.driftSweep();
    await s.settle();
    expect(s.github.comments(REPO, n).filter((c) => c.viaApp).map((c) => c.body.slice(0, 300))).toEqual([]);
    expect(issueNumbers(s).filter((k) => s.github.issue(REPO, k).title.startsWith("Drift baseline"))).toEqual([n]);
  });
});

/** Numbers of the repository's issues, in order. */
function issueNumbers(s: Sandbox): number[] {
  const out: number[] = [];
  for (let n = 1; ; n++) {
    try {
      s.github.issue(REPO, n);
    } catch {
      return out;
    }
    out.push(n);
  }
}

describe("a baseline taken while a grant is live", () => {
  it("leaves the granted member out, so a re-add after the grant ends is drift", async () => {
    const { s } = await grantedJane();
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}settings:\n  drift: report\n`);
    await s.jit.driftSweep();
    await s.settle();
    const baseline = driftIssues(s).find((i) => i.events[0] === "drift-baseline");
    expect(baseline?.text).toContain('"members":["bob"]');
  });

  it("keeps in a member whose live grant found them a member already (standing): the grant's end removes nothing, and neither does the guard", async () => {
    const s = await guarded(`${POLICY}settings:\n  drift: revert\n`);
    const n = openRequest(s, "bob");
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(trail(s, n).find((b) => b.includes('"event":"granted"'))).toContain('"standing":true');
    await s.jit.driftSweep();
    await s.settle();
    expect(driftIssues(s).find((i) => i.events[0] === "drift-baseline")?.text).toContain('"members":["bob"]');
    clock?.advance(3 * 60 * 60_000);
    await s.jit.sweeper.sweep();
    await s.settle();
    await s.jit.driftSweep();
    await s.settle();
    expect(driftIssues(s).map((i) => i.title)).toEqual(["Drift baseline: team platform-admins"]);
    expect(members(s)).toEqual(["bob"]);
  });
});

/** The app's own comments on a request. */
const trail = (s: Sandbox, n: number) => s.github.comments(REPO, n).filter((c) => c.viaApp).map((c) => c.body);

describe("a live grant's membership removed by someone else", () => {
  it("is recorded on its request as removed early by the person who removed it; the grant ends, nothing is added back, no drift", async () => {
    const { s, n } = await grantedJane();
    s.github.as("owner").removeTeamMember(ORG, TEAM, "jane");
    await s.settle();
    const bodies = trail(s, n);
    expect(bodies.at(-1)).toContain("removed early by @owner");
    expect(bodies.filter((b) => b.includes('"event":"removed-early"'))).toHaveLength(1);
    const issue = s.github.issue(REPO, n);
    expect([issue.state, issue.labels.filter((l) => l.startsWith("access:"))]).toEqual(["closed", ["access:revoked"]]);
    // Neither the sweeps nor the grant's own expiry put jane back, record it again, or call it drift.
    clock?.advance(3 * 3_600_000);
    await s.jit.driftSweep();
    await s.settle();
    expect(members(s)).toEqual(["bob"]);
    expect(trail(s, n).filter((b) => b.includes('"event":"removed-early"'))).toHaveLength(1);
    expect(driftIssues(s)).toEqual([]);
  });

  // Replicas share Redis (REDIS_URL), as more than one must.
  it.skipIf(!hasRedis)("a grant another replica ended covers nobody: its person added back by hand is drift", async () => {
    const redis = await RedisProcess.start();
    stops.push(() => redis.stop());
    const { s, n } = await grantedJane(redis.url);
    const b = await s.addReplica();
    const hook = (port: number) => `http://127.0.0.1:${port}/api/github/webhooks`;
    try {
      // Replica B takes the `/revoke`; replica A, which made the grant, still remembers it as live.
      s.github.setWebhookUrl(hook(b.server.port));
      s.github.as("jane").comment(REPO, n, "/revoke");
      for (let i = 0; i < 3; i++) {
        await s.settle();
        await b.jit.idle();
      }
      expect(members(s)).toEqual(["bob"]);
      expect(trail(s, n).at(-1)).toContain('"event":"revoked"');
      // Back on replica A: jane is added by hand within what was her grant's hour.
      s.github.setWebhookUrl(hook(s.server.port));
      s.github.as("owner").addTeamMember(ORG, TEAM, "jane");
      await s.settle();
      expect(members(s)).toEqual(["bob"]);
      expect(driftIssues(s).map((i) => [i.title, i.events])).toEqual([["Drift: @jane in team platform-admins", ["drift-found", "drift-reverted"]]]);
    } finally {
      await b.stop();
    }
  });

  it("is found by the drift sweep when the webhook is lost, and says nobody reported who", async () => {
    const { s, n } = await grantedJane();
    s.github.dropNextWebhooks(1);
    s.github.as("owner").removeTeamMember(ORG, TEAM, "jane");
    await s.settle();
    expect(trail(s, n).some((b) => b.includes("removed early"))).toBe(false);
    await s.jit.driftSweep();
    await s.settle();
    expect(trail(s, n).at(-1)).toContain("removed early by someone (not reported)");
    expect(s.github.issue(REPO, n).state).toBe("closed");
    expect(members(s)).toEqual(["bob"]);
    expect(driftIssues(s)).toEqual([]);
  });
});

describe("jit-access drift and report", () => {
  it("list the drift recorded, who added it and whether it was reverted; a forged drift issue lists nothing", async () => {
    const s = await guarded(`${STANDING}settings:\n  drift: revert\n`);
    s.github.as("mallory").openIssue(REPO, { title: "Drift: @eve in team platform-admins", body: "forged", labels: ["access:drift"] });
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    const deps = await sandboxDeps(s);
    const out = captured();
    expect(await drift(["--repo", REPO, "--format", "json"], out, deps)).toBe(0);
    const rows = (JSON.parse(out.lines.join("\n")) as { drift: { subject: string; addedBy?: string; reverted: boolean; team: string }[] }).drift;
    expect(rows.map((r) => [r.team, r.subject, r.addedBy, r.reverted])).toEqual([[TEAM, "@mallory", "owner", true]]);
    const text = captured();
    await report(["--repo", REPO], text, deps);
    expect(text.lines.join("\n")).toContain("- team `platform-admins`: @mallory added by @owner, found by webhook");
  });
});

describe("drift sweep cost", () => {
  it("an unchanged team costs nothing: every team read of a second sweep is a 304", async () => {
    const s = await guarded();
    await s.jit.driftSweep();
    await s.settle();
    const since = s.github.requests.length;
    await s.jit.driftSweep();
    const teamReads = s.github.requests.slice(since).filter((r) => r.method === "GET" && r.path.includes("/teams/"));
    expect(teamReads.length).toBeGreaterThan(0);
    expect(teamReads.filter((r) => r.rateLimited)).toEqual([]);
  });
});

describe("drift guard attacks", () => {
  it("a requester who lists themselves as standing on a branch is still drift (policies come from the default branch)", async () => {
    const s = await guarded(`${STANDING}settings:\n  drift: revert\n`);
    s.github.putFile(REPO, "policies/platform.yml", STANDING.replace("users: [bob]", "users: [bob, mallory]"), { branch: "mallory-standing" });
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    expect(members(s)).toEqual(["bob"]);
  });

  it("a drift issue forged by a user (or its label added by hand) does not silence the guard", async () => {
    const s = await guarded(`${STANDING}settings:\n  drift: revert\n`);
    const forged = s.github.as("mallory").openIssue(REPO, { title: "Drift: @mallory in team platform-admins", body: "already recorded", labels: ["access:drift"] });
    s.github.as("mallory").comment(REPO, forged, '<!-- jit-access:record {"v":1,"event":"drift-found","team":"platform-admins","subject":{"kind":"member","login":"mallory"},"sig":"00"} -->');
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await s.settle();
    expect(members(s)).toEqual(["bob"]);
    expect(driftIssues(s).filter((i) => i.events.length > 0).map((i) => i.events)).toEqual([["drift-found", "drift-reverted"]]);
  });

  it("a removed-early record forged by a user on a live grant's request is not trusted: it is tampering, never an early removal", async () => {
    const { s, n } = await grantedJane();
    s.github.as("mallory").comment(REPO, n, '### ✂️ Removed early\n\n@jane\'s membership was removed early by @owner.\n<!-- jit-access:record {"v":1,"event":"removed-early","requester":"jane","team":"platform-admins","by":"owner","sig":"00"} -->');
    await s.settle();
    expect(trail(s, n).some((b) => b.includes('"event":"removed-early"'))).toBe(false);
    // A forged record revokes the grant as tampering (the design's rule), and the app removes the membership itself.
    expect(s.github.issue(REPO, n).labels).toContain("access:tampered");
    expect(members(s)).toEqual(["bob"]);
    expect(driftIssues(s)).toEqual([]);
  });
});
