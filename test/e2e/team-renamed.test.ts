import { describe, expect, it } from "vitest";
import { appComments, events, HOUR, openedAndApproved, openRequest, ORG, REPO, TEAM, worldPerTest } from "./world.js";

/**
 * A team's slug follows its name: renamed, the old slug names nothing (or,
 * later, another team), and GitHub answers 404 to the removal under it, as
 * it does for a member who is not there. The grant record keeps the team's
 * ids from GitHub's answer to the membership `PUT`, and the removal goes by
 * them, so a rename or a new team under the old slug (made by anyone,
 * the requester included) does not let the grant outlive its time, and a
 * deleted team took the membership with it.
 */
const fresh = worldPerTest();
const RENAMED = "platform-administrators";

/** jane granted for an hour; `change` happens to the team; two hours pass and a sweep runs. */
async function pastExpiryAfter(change: (s: Awaited<ReturnType<typeof fresh>>["sandbox"]) => void) {
  const { sandbox: s, clock } = await fresh();
  const n = await openedAndApproved(s);
  change(s);
  await s.settle();
  clock.advance(2 * HOUR);
  await s.jit.sweeper.sweep();
  await s.settle();
  return { s, n };
}

const rename = (s: Awaited<ReturnType<typeof fresh>>["sandbox"]) => s.github.as("carol").renameTeam(ORG, TEAM, "Platform administrators");
const grantRecord = (s: Awaited<ReturnType<typeof fresh>>["sandbox"], n: number) => appComments(s, n).find((b) => b.includes('"event":"granted"')) ?? "";

describe("a managed team renamed while a grant is live", () => {
  it("the grant record keeps the team's ids, and at expiry the membership is removed from the renamed team", async () => {
    const { s, n } = await pastExpiryAfter(rename);
    expect(grantRecord(s, n)).toMatch(new RegExp(`"teamIds":\\{"org":\\d+,"team":${s.github.teamId(ORG, RENAMED)}\\}`));
    expect(s.github.teamMembers(ORG, RENAMED)).toEqual([]);
    expect(events(s, n)).toEqual(["received", "approved", "granted", "expired"]);
    expect(appComments(s, n).at(-1)).toContain('"removed":true');
    expect(s.github.issue(REPO, n).labels).toContain("access:expired");
  });

  it("a new team under the old slug is left alone; the renamed team loses the grant's member", async () => {
    const { s, n } = await pastExpiryAfter((sandbox) => {
      rename(sandbox);
      sandbox.github.addTeam(ORG, TEAM, { name: "Platform admins" });
      sandbox.github.as("carol").addTeamMember(ORG, TEAM, "carol");
    });
    expect(s.github.teamMembers(ORG, RENAMED)).toEqual([]);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["carol"]);
    expect(events(s, n).at(-1)).toBe("expired");
  });

  it("the requester's own new team under the old slug does not take the removal: she loses the renamed team", async () => {
    const { s, n } = await pastExpiryAfter((sandbox) => {
      rename(sandbox);
      // Members may create teams (GitHub's default), and a team's creator is its member.
      sandbox.github.addTeam(ORG, TEAM, { name: "Platform admins" });
      sandbox.github.setTeamMember(ORG, TEAM, "jane", "active");
    });
    expect(s.github.teamMembers(ORG, RENAMED)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("expired");
  });

  it("a later grant of the new team under the old slug keeps nothing of the renamed team's", async () => {
    const { sandbox: s, clock } = await fresh();
    const first = await openedAndApproved(s);
    rename(s);
    s.github.addTeam(ORG, TEAM, { name: "Platform admins" });
    await s.settle();
    clock.advance(HOUR / 2);
    const second = openRequest(s);
    await s.settle();
    s.github.as("alice").comment(REPO, second, "/approve");
    await s.settle();
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["jane"]);
    clock.advance(HOUR / 2 + 60_000);
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(appComments(s, first).at(-1)).toContain('"removed":true');
    expect(s.github.teamMembers(ORG, RENAMED)).toEqual([]);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["jane"]);
  });
});

describe("a managed team deleted while a grant is live", () => {
  it("the grant ends at its expiry: the membership went with the team, nothing is retried", async () => {
    const { s, n } = await pastExpiryAfter((sandbox) => sandbox.github.as("carol").deleteTeam(ORG, TEAM));
    expect(events(s, n)).toEqual(["received", "approved", "granted", "expired"]);
    expect(s.github.issue(REPO, n).labels).toContain("access:expired");
    expect(s.github.issue(REPO, n).state).toBe("closed");
  });
});

describe("a new request for a new team under a renamed team's old slug, while the renamed team's grant is live", () => {
  /** jane's grant of the team; the team renamed; a new team under its old slug, which jane already belongs to; her second request, approved. */
  async function secondRequest() {
    const { sandbox: s, clock } = await fresh();
    const first = await openedAndApproved(s);
    rename(s);
    s.github.addTeam(ORG, TEAM, { name: "Platform admins" });
    s.github.setTeamMember(ORG, TEAM, "jane", "active");
    await s.settle();
    const second = openRequest(s);
    await s.settle();
    s.github.as("alice").comment(REPO, second, "/approve");
    await s.settle();
    return { s, clock, first, second };
  }

  it("her membership of the new team is standing (the renamed team's grant holds none of it), and stays when both grants end", async () => {
    const { s, clock, first, second } = await secondRequest();
    expect(grantRecord(s, second)).toContain('"standing":true');
    clock.advance(30 * 24 * HOUR);
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(events(s, first).at(-1)).toBe("expired");
    expect(events(s, second).at(-1)).toBe("expired");
    expect(s.github.teamMembers(ORG, RENAMED)).toEqual([]);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["jane"]);
  });

  it("an approval whose PUT added her to the new team, then withdrawn before the grant: the membership it added goes", async () => {
    const { sandbox: s } = await fresh();
    await openedAndApproved(s);
    rename(s);
    s.github.addTeam(ORG, TEAM, { name: "Platform admins" });
    const second = openRequest(s);
    await s.settle();
    s.github.failNext({ method: "PUT", path: /\/memberships\// }, { status: 502, afterPerforming: true });
    s.github.as("alice").comment(REPO, second, "/approve");
    await s.settle();
    expect(events(s, second)).toEqual(["received", "approved"]);
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["jane"]);
    s.github.as("jane").close(REPO, second);
    await s.settle();
    expect(events(s, second).at(-1)).toBe("withdrawn");
    expect(s.github.teamMembers(ORG, TEAM)).toEqual([]);
    expect(s.github.teamMembers(ORG, RENAMED).map((m) => m.login)).toEqual(["jane"]);
  });
});
