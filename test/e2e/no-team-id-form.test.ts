import { describe, expect, it } from "vitest";
import { events, HOUR, members, openedAndApproved, ORG, worldPerTest } from "./world.js";

/**
 * A GitHub-like server that names the team by its ids in the membership
 * `PUT`'s answer but does not serve GitHub's `/organizations/{org_id}/team/
 * {team_id}/…` form (every such route answers 404): a grant still ends on
 * time, by the team's slug now, found by its id.
 */
const fresh = worldPerTest();
const NOT_SERVED = { status: 404, times: 1_000_000, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };

async function withoutIdForm() {
  const { sandbox: s, clock } = await fresh();
  for (const method of ["GET", "DELETE", "PUT"]) s.github.failNext({ method, path: /^\/organizations\// }, NOT_SERVED);
  const n = await openedAndApproved(s);
  expect(members(s)).toEqual(["jane"]);
  return { s, clock, n };
}

describe("a server without GitHub's id form of the team routes", () => {
  it("removes the membership at expiry under the team's slug", async () => {
    const { s, clock, n } = await withoutIdForm();
    clock.advance(2 * HOUR);
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("expired");
  });

  it("finds a team renamed while the grant is live by its id in the organisation's team list, and removes the membership there", async () => {
    const { s, clock, n } = await withoutIdForm();
    s.github.as("carol").renameTeam(ORG, "platform-admins", "Platform administrators");
    s.github.addTeam(ORG, "platform-admins");
    s.github.setTeamMember(ORG, "platform-admins", "jane", "active");
    await s.settle();
    clock.advance(2 * HOUR);
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(s.github.teamMembers(ORG, "platform-administrators")).toEqual([]);
    expect(members(s)).toEqual(["jane"]);
    expect(events(s, n).at(-1)).toBe("expired");
  });

  it("a failed answer of the team list (a 409) is retried, never read as a deleted team", async () => {
    const { s, clock, n } = await withoutIdForm();
    s.github.as("carol").renameTeam(ORG, "platform-admins", "Platform administrators");
    s.github.addTeam(ORG, "platform-admins");
    await s.settle();
    s.github.failNext({ method: "GET", path: /^\/orgs\/acme\/teams$/ }, { status: 409 });
    clock.advance(2 * HOUR);
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(s.github.teamMembers(ORG, "platform-administrators").map((m) => m.login)).toEqual(["jane"]);
    expect(events(s, n).at(-1)).not.toBe("expired");
    clock.advance(5 * 60_000);
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(s.github.teamMembers(ORG, "platform-administrators")).toEqual([]);
    expect(events(s, n).at(-1)).toBe("expired");
  });
});
