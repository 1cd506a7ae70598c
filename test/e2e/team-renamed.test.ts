import { describe, expect, it } from "vitest";
import { appComments, events, HOUR, openedAndApproved, ORG, REPO, TEAM, worldPerTest } from "./world.js";

/**
 * A team's slug follows its name: renamed, the old slug names nothing and
 * GitHub answers 404 to the removal under it, as it does for a member who is
 * not there. A live grant's removal is then a failure the trail says, not an
 * end recorded as done while the person keeps the renamed team.
 */
const fresh = worldPerTest();
const RENAMED = "platform-administrators";

/** jane granted for an hour; carol renames the team; two hours pass and a sweep runs. */
async function renamedPastExpiry() {
  const { sandbox: s, clock } = await fresh();
  const n = await openedAndApproved(s);
  s.github.as("carol").renameTeam(ORG, TEAM, "Platform administrators");
  await s.settle();
  clock.advance(2 * HOUR);
  await s.jit.sweeper.sweep();
  await s.settle();
  return { s, clock, n };
}

describe("a managed team renamed while a grant is live", () => {
  it("the removal is recorded as failed and retried, with what an owner does, not as done", async () => {
    const { s, n } = await renamedPastExpiry();
    expect(s.github.teamMembers(ORG, RENAMED).map((m) => m.login)).toEqual(["jane"]);
    expect(events(s, n)).toEqual(["received", "approved", "granted", "revoke-failed"]);
    expect(appComments(s, n).at(-1)).toContain("no team `platform-admins` in acme any more (renamed or deleted)");
    expect(appComments(s, n).at(-1)).toContain("an owner renames it back to `platform-admins`");
    expect(s.github.issue(REPO, n).labels).toContain("access:revoke-failed");
  });

  it("given its slug back, the team loses the grant's member and the grant ends", async () => {
    const { s, clock, n } = await renamedPastExpiry();
    s.github.as("carol").renameTeam(ORG, RENAMED, TEAM);
    clock.advance(10 * 60_000);
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(s.github.teamMembers(ORG, TEAM)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("expired");
  });
});
