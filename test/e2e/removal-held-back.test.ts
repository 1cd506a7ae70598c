import { describe, expect, it } from "vitest";
import { APP_PERMISSIONS } from "github-emulator/emulator/shapes/app.js";
import { appComments, events, HOUR, members, openRequest, ORG, passThenSweep, REPO, TEAM, worldPerTest } from "./world.js";

/**
 * A request that ends after its approval record removes what the
 * approval's PUT may have added. When GitHub will not remove it, the
 * request says so (revoke-failed) and the removal is retried; it is not
 * retried in silence, and the decision it held back is recorded once the
 * removal goes through.
 */
const fresh = worldPerTest();
const PUT = { method: "PUT", path: /\/memberships\// };

/** jane's request approved by alice, its PUT carried out by GitHub though answered 502. */
async function approvedWithLostAnswer(): Promise<Awaited<ReturnType<typeof fresh>> & { n: number }> {
  const opened = await fresh();
  const s = opened.sandbox;
  const n = openRequest(s, "jane");
  await s.settle();
  s.github.failNext(PUT, { status: 502, afterPerforming: true });
  s.github.as("alice").comment(REPO, n, "/approve");
  await s.settle();
  expect(events(s, n)).toEqual(["received", "approved"]);
  return { ...opened, n };
}

describe("a membership left by an approval's PUT that GitHub will not remove", () => {
  it("members: write withdrawn before the retry: the request says the removal failed, once, and keeps trying", async () => {
    const { sandbox: s, clock, n } = await approvedWithLostAnswer();
    s.github.setPermissions(s.github.install(ORG), { ...APP_PERMISSIONS, members: "read" });
    for (let i = 0; i < 6; i++) await passThenSweep(s, clock, 5 * 60_000);
    expect(members(s)).toEqual(["jane"]);
    expect(events(s, n)).toEqual(["received", "approved", "revoke-failed"]);
    expect(appComments(s, n).at(-1)).toContain("Resource not accessible by integration");
    expect(s.github.issue(REPO, n).labels).toContain("access:revoke-failed");
    // Given the permission back, the removal goes through and the refusal held back is recorded.
    s.github.setPermissions(s.github.install(ORG), { ...APP_PERMISSIONS });
    for (let i = 0; i < 3; i++) await passThenSweep(s, clock, 5 * 60_000);
    expect(members(s)).toEqual([]);
    expect(events(s, n).at(-1)).not.toBe("revoke-failed");
    expect(s.github.issue(REPO, n).state).toBe("closed");
  });

  it("the team renamed while the app was down past the approval's duration: revoke-failed, not silence", async () => {
    const { sandbox: s, clock, n } = await approvedWithLostAnswer();
    await s.restart(() => {
      s.github.as("carol").renameTeam(ORG, TEAM, "Platform administrators");
      clock.advance(2 * HOUR);
    });
    for (let i = 0; i < 3; i++) await passThenSweep(s, clock, 10 * 60_000);
    expect(s.github.teamMembers(ORG, "platform-administrators").map((m) => m.login)).toEqual(["jane"]);
    expect(events(s, n)).toEqual(["received", "approved", "revoke-failed"]);
  });
});
