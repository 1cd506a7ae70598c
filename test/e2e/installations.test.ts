import { afterEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { manualClock } from "./manual-clock.js";
import { driftIssues, HOUR, openRequest, ORG, plantTwoOrgs, POLICY, REPO, TEAM } from "./world.js";

/**
 * One process serves several organisations. Whatever one organisation does
 * to its own installation (suspends the app, loses a permission, a
 * repository that answers an error) must not stop another's grants from
 * ending on time.
 */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

const members = (s: Sandbox) => s.github.teamMembers(ORG, TEAM).map((m) => m.login);

/** As world(), but globex installs the app first, so its installation is listed before acme's. */
async function twoOrgs() {
  const clock = manualClock(Date.parse("2026-11-02T09:00:00Z"));
  const s = await startSandbox({ clock });
  sandbox = s;
  const { globex, acme } = plantTwoOrgs(s.github, ["jane", "alice", "bob", "carol"]);
  expect(globex).toBeLessThan(acme);
  return { s, clock, globex };
}

/** jane's one-hour grant in acme; the process restarts (timers lost), globex suspended meanwhile or not; sweeps past the expiry. */
async function grantedThenRestarted(suspendGlobex: boolean): Promise<Sandbox> {
  const { s, clock, globex } = await twoOrgs();
  const n = openRequest(s);
  await s.settle();
  s.github.as("alice").comment(REPO, n, "/approve");
  await s.settle();
  expect(members(s)).toEqual(["jane"]);
  await s.restart(() => {
    // globex's owner suspends the app: GitHub refuses that installation's tokens with 403 from now on.
    if (suspendGlobex) s.github.failNext({ method: "POST", path: new RegExp(`^/app/installations/${globex}/access_tokens$`) }, { status: 403, times: 1000, body: { message: "This installation has been suspended", documentation_url: "https://docs.github.com/rest" } });
  });
  // The sweep runs as the app runs it: on start and every interval; a failure is logged and the next one tries again.
  for (const step of [0, HOUR + 60_000, 10 * 60_000]) {
    clock.advance(step);
    await s.jit.sweeper.sweep().catch(() => undefined);
    await s.settle();
  }
  return s;
}

describe("one organisation's installation cannot keep another's grant alive", () => {
  it("globex suspends the app: after a restart, acme's live grant is still removed at its expiry by the sweep", async () => {
    const s = await grantedThenRestarted(true);
    // jane's one-hour grant in acme ended more than ten minutes ago.
    expect(members(s)).toEqual([]);
  });

  it("control: without globex suspended, the same restart and sweeps remove acme's grant at its expiry", async () => {
    const s = await grantedThenRestarted(false);
    expect(members(s)).toEqual([]);
  });

  it("the sweep fails for globex alone: it says so at its end, and the process is ready", async () => {
    const { s, globex } = await twoOrgs();
    await s.restart(() => {
      s.github.failNext({ method: "POST", path: new RegExp(`^/app/installations/${globex}/access_tokens$`) }, { status: 403, times: 1000, body: { message: "This installation has been suspended", documentation_url: "https://docs.github.com/rest" } });
    });
    await expect(s.jit.sweeper.sweep()).rejects.toThrow(/the sweep failed in 1 place\(s\) and went on past each/);
    expect(s.jit.sweeper.swept).toBe(true);
  });

  it("a sweep whose every installation failed (GitHub down) leaves the process not ready", async () => {
    const { s } = await twoOrgs();
    await s.restart(() => {
      s.github.failNext({ method: "GET", path: /^\/installation\/repositories/ }, { status: 502, times: 1000, body: { message: "Server Error" } });
    });
    await expect(s.jit.sweeper.sweep()).rejects.toThrow(/the sweep failed in 2 place\(s\)/);
    expect(s.jit.sweeper.swept).toBe(false);
  });

  it("the drift sweep checks acme's teams though globex's installation is refused", async () => {
    const { s, globex } = await twoOrgs();
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [] }\n`);
    s.github.addUser("mallory", { orgs: { [ORG]: "active" } });
    await s.restart(() => {
      s.github.failNext({ method: "POST", path: new RegExp(`^/app/installations/${globex}/access_tokens$`) }, { status: 403, times: 1000, body: { message: "This installation has been suspended", documentation_url: "https://docs.github.com/rest" } });
      // Added by hand while the app was down: only a sweep finds it.
      s.github.setTeamMember(ORG, TEAM, "mallory", "active");
    });
    await expect(s.jit.driftSweep()).rejects.toThrow(/the drift sweep failed in 1 place\(s\)/);
    await s.settle();
    expect(driftIssues(s).map((i) => i.title)).toContain("Drift: @mallory in team platform-admins");
  });
});
