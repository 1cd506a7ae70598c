import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { driftIssues, events, openRequest, ORG, POLICY, REPO, TEAM, world } from "./world.js";

/**
 * The drift guard counts a live grant as backing a member only when the
 * grant is of the team the managed slug names now: a grant of a renamed team
 * does not back a hand-made membership of a new team under its old slug.
 */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/** drift: revert with bob standing; jane granted for 2h; the team renamed and a new one made under its slug, with bob. */
async function grantedThenRenamed(grant: boolean) {
  const w = await world();
  const s = (sandbox = w.sandbox);
  s.github.addUser("owner", { orgs: { [ORG]: "active" } });
  s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: revert\n`);
  s.github.setTeamMember(ORG, TEAM, "bob", "active");
  await s.settle();
  if (grant) {
    const n = openRequest(s, "jane", { duration: "2h" });
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
  }
  s.github.as("carol").renameTeam(ORG, TEAM, "Platform administrators");
  s.github.addTeam(ORG, TEAM, { name: "Platform admins" });
  s.github.setTeamMember(ORG, TEAM, "bob", "active");
  await s.settle();
  return { s, clock: w.clock };
}

describe("the drift guard and a grant of a renamed team", () => {
  it.each([
    ["with jane's grant of the renamed team live", true],
    ["without any grant (control)", false],
  ])("reverts jane added by hand to the new team under the old slug, %s", async (_name, grant) => {
    const { s } = await grantedThenRenamed(grant);
    s.github.as("owner").addTeamMember(ORG, TEAM, "jane");
    await s.settle();
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["bob"]);
    expect(driftIssues(s).map((i) => i.title)).toEqual(["Drift: @jane in team platform-admins"]);
  });

  it("and the renamed team's grant still ends on time", async () => {
    const { s, clock } = await grantedThenRenamed(true);
    for (let i = 0; i < 5; i++) {
      clock.advance(30 * 60_000);
      await s.jit.sweeper.sweep();
      await s.settle();
    }
    expect(s.github.teamMembers(ORG, "platform-administrators").map((m) => m.login)).toEqual(["bob"]);
  });

  it("with the policy's key renamed along with the team, a grant made under the old key still backs its member until it ends", async () => {
    const w = await world();
    const s = (sandbox = w.sandbox);
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\nsettings:\n  drift: revert\n`);
    s.github.setTeamMember(ORG, TEAM, "bob", "active");
    await s.settle();
    const n = openRequest(s, "jane", { duration: "2h" });
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    s.github.as("carol").renameTeam(ORG, TEAM, "Platform administrators");
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY.replace(`${TEAM}:`, "platform-administrators:")}    standing: { users: [bob] }\nsettings:\n  drift: revert\n`);
    await s.settle();
    for (let i = 0; i < 2; i++) {
      await s.jit.sweeper.sweep();
      await s.settle();
      w.clock.advance(30 * 60_000);
    }
    expect(s.github.teamMembers(ORG, "platform-administrators").map((m) => m.login).sort()).toEqual(["bob", "jane"]);
    expect(driftIssues(s)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("granted");
    for (let i = 0; i < 3; i++) {
      w.clock.advance(30 * 60_000);
      await s.jit.sweeper.sweep();
      await s.settle();
    }
    expect(s.github.teamMembers(ORG, "platform-administrators").map((m) => m.login)).toEqual(["bob"]);
    expect(events(s, n).at(-1)).toBe("expired");
  });
});
