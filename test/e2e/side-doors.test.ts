import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/start-sandbox.js";
import { appComments, HOUR, openRequest, ORG, POLICY, REPO, TEAM, world } from "./world.js";

/**
 * Ways around the policy through the issue itself, over HTTP against the
 * real app: labels stripped or added by hand, listed approvers who left.
 */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  expect(sandbox?.github.unhandled ?? []).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
});

const members = (s: Sandbox) => s.github.teamMembers(ORG, TEAM).map((m) => m.login);
const events = (s: Sandbox, n: number) => appComments(s, n).map((b) => /"event":"([a-z-]+)"/.exec(b)?.[1]);

async function granted(): Promise<{ s: Sandbox; n: number; clock: Awaited<ReturnType<typeof world>>["clock"] }> {
  const w = await world();
  sandbox = w.sandbox;
  const s = w.sandbox;
  const n = openRequest(s);
  await s.settle();
  s.github.as("alice").comment(REPO, n, "/approve");
  await s.settle();
  expect(members(s)).toEqual(["jane"]);
  return { s, n, clock: w.clock };
}

function strip(s: Sandbox, n: number): void {
  for (const label of s.github.issue(REPO, n).labels) s.github.as("bob").removeLabel(REPO, n, label);
}

describe("labels never decide what the app owes", () => {
  it("labels stripped, then the issue closed by the requester: the grant is revoked", async () => {
    const { s, n } = await granted();
    s.github.pauseWebhooks();
    strip(s, n);
    s.github.as("jane").close(REPO, n);
    s.github.resumeWebhooks();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("revoked");
    expect(s.github.issue(REPO, n).labels).toEqual(expect.arrayContaining(["access-request", "access:revoked"]));
  });

  it("labels stripped, then the issue closed by an approver: the grant is revoked", async () => {
    const { s, n } = await granted();
    strip(s, n);
    await s.settle();
    // The app put its labels back.
    expect(s.github.issue(REPO, n).labels).toEqual(expect.arrayContaining(["access-request", "access:granted"]));
    strip(s, n);
    s.github.as("alice").close(REPO, n);
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("revoked");
  });

  it("labels stripped and the issue closed while the app is down: the restarted app still revokes it", async () => {
    const { s, n, clock } = await granted();
    await s.restart(async () => {
      strip(s, n);
      s.github.as("jane").close(REPO, n);
      await s.github.settle();
      clock.advance(10 * 60_000);
    });
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("revoked");
  });

  it("a status label added by a triager neither grants nor, read as tampering, removes a standing membership", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const s = w.sandbox;
    s.github.setTeamMember(ORG, TEAM, "jane", "active");
    const n = openRequest(s);
    await s.settle();
    s.github.as("bob").addLabels(REPO, n, ["access:granted"]);
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    expect(events(s, n)).toEqual(["received", "attempt-refused"]);
    expect(appComments(s, n).at(-1)).toContain("set by jit-access alone");
    expect(s.github.issue(REPO, n).labels).not.toContain("access:granted");
    expect(s.github.issue(REPO, n).labels).toContain("access:pending");
    // Approved and expired later: the standing membership stays.
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    w.clock.advance(2 * HOUR);
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(events(s, n).at(-1)).toBe("expired");
    expect(members(s)).toEqual(["jane"]);
  });
});

describe("who may approve", () => {
  it("a listed approver who is not a member of the organisation does not count", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const s = w.sandbox;
    s.github.putFile(REPO, "policies/platform.yml", POLICY.replace("users: [alice]", "users: [alice, outsider]"));
    const n = openRequest(s);
    await s.settle();
    s.github.as("outsider").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).at(-1)).toContain("not an active member of the organisation");
  });
});
