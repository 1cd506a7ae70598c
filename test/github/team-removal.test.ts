import { describe, expect, it } from "vitest";
import { teamIdOf } from "../../src/github/client.js";
import { RefusedGitHubError } from "../../src/github/errors.js";
import type { World } from "../emulator/harness.js";
import { retryingClient, worldPerTest } from "./retrying-client.js";

/**
 * A membership's removal under the slug the grant was made under, and the
 * team's id kept since: GitHub's slug follows a team's name, its id does not.
 */
let w: World;
worldPerTest((world) => (w = world));

const TEAM = "platform-admins";
const members = (slug: string) => w.gh.teamMembers("acme", slug).map((m) => m.login);
/** The client's calls, without the installation token it fetches first. */
const calls = () => w.gh.requests.filter((r) => !r.path.endsWith("/access_tokens")).map((r) => `${r.method} ${r.path.replace(/\?.*$/, "")} ${r.status}`);

/** alice added to the team through the client; the team's id as the add answered it. */
async function added(team = TEAM): Promise<number> {
  const { teamId } = await retryingClient(w).addTeamMember("acme", team, "alice");
  expect(teamId).toBe(((await w.api("GET", `/orgs/acme/teams/${team}`)).body as { id: number }).id);
  return teamId!;
}

describe("the team's id from GitHub's answer to the membership PUT", () => {
  it.each([
    ["https://api.github.com/organizations/9919/team/42/memberships/jane", 42],
    ["https://api.github.com/teams/7/memberships/octocat", 7],
    ["https://ghe.example/api/v3/organizations/1/team/3/memberships/a-b", 3],
    ["https://api.github.com/organizations/9919/team/x42/memberships/jane", undefined],
    ["https://api.github.com/orgs/acme/teams/ops/memberships/jane", undefined],
    ["https://api.github.com/organizations/9919/team/42/memberships/jane/extra", undefined],
    ["", undefined],
  ])("%s → %s", (url, id) => {
    expect(teamIdOf(url)).toBe(id);
  });
});

describe("removing a membership by the grant's slug and team id", () => {
  it("follows a renamed team by its id and removes the membership there", async () => {
    const teamId = await added();
    w.gh.as("bob").renameTeam("acme", TEAM, "Platform operators");
    const before = calls().length;
    expect(await retryingClient(w).removeTeamMember("acme", TEAM, "alice", teamId)).toBe("removed");
    expect(members("platform-operators")).toEqual(["bob"]);
    expect(calls().slice(before)).toEqual([
      `DELETE /orgs/acme/teams/${TEAM}/memberships/alice 404`,
      `GET /orgs/acme/teams/${TEAM} 404`,
      "GET /orgs/acme/teams 200",
      "DELETE /orgs/acme/teams/platform-operators/memberships/alice 204",
    ]);
  });

  it("leaves a new team under the old slug alone and removes the membership from the renamed one", async () => {
    const teamId = await added();
    w.gh.as("bob").renameTeam("acme", TEAM, "Platform operators");
    w.gh.addTeam("acme", TEAM);
    w.gh.setTeamMember("acme", TEAM, "bob", "active");
    expect(await retryingClient(w).removeTeamMember("acme", TEAM, "alice", teamId)).toBe("removed");
    expect(members("platform-operators")).toEqual(["bob"]);
    expect(members(TEAM)).toEqual(["bob"]);
  });

  it("finds the renamed team past the first page of the organisation's teams", async () => {
    for (let i = 0; i < 120; i++) w.gh.addTeam("acme", `filler-${i}`);
    w.gh.addTeam("acme", "late");
    const teamId = await added("late");
    w.gh.as("bob").renameTeam("acme", "late", "Zeta");
    expect(await retryingClient(w).removeTeamMember("acme", "late", "alice", teamId)).toBe("removed");
    expect(members("zeta")).toEqual([]);
    expect(calls().filter((c) => c.startsWith("GET /orgs/acme/teams 200"))).toHaveLength(2);
  });

  it("takes a deleted team's membership as gone with it", async () => {
    const teamId = await added();
    w.gh.as("bob").deleteTeam("acme", TEAM);
    expect(await retryingClient(w).removeTeamMember("acme", TEAM, "alice", teamId)).toBe("absent");
  });

  it("answers absent, without listing teams, when the slug still names the grant's team", async () => {
    const teamId = await added();
    w.gh.setTeamMember("acme", TEAM, "alice", null);
    const before = calls().length;
    expect(await retryingClient(w).removeTeamMember("acme", TEAM, "alice", teamId)).toBe("absent");
    expect(calls().slice(before)).toEqual([`DELETE /orgs/acme/teams/${TEAM}/memberships/alice 404`, `GET /orgs/acme/teams/${TEAM} 200`]);
  });

  it("without the team's id (a grant recorded before ids were kept), a slug naming nothing is a failed removal", async () => {
    await added();
    w.gh.as("bob").renameTeam("acme", TEAM, "Platform operators");
    const removal = retryingClient(w).removeTeamMember("acme", TEAM, "alice");
    await expect(removal).rejects.toBeInstanceOf(RefusedGitHubError);
    await expect(removal).rejects.toThrow(/no team `platform-admins` in acme any more \(renamed or deleted\)/);
    expect(members("platform-operators")).toEqual(["bob", "alice"]);
  });

  it("without the team's id, a member already gone from a team the slug names is absent", async () => {
    expect(await retryingClient(w).removeTeamMember("acme", TEAM, "alice")).toBe("absent");
  });
});

describe("reading a membership by the grant's slug and team id", () => {
  it("follows a renamed team, past a new team under the old slug that the person is not in", async () => {
    const teamId = await added();
    w.gh.as("bob").renameTeam("acme", TEAM, "Platform operators");
    const github = retryingClient(w);
    expect(await github.teamMembership("acme", TEAM, "alice", teamId)).toBe("active");
    w.gh.addTeam("acme", TEAM);
    expect(await github.teamMembership("acme", TEAM, "alice", teamId)).toBe("active");
    expect(await github.teamMembership("acme", TEAM, "alice")).toBe("none");
  });

  it("follows a renamed team past a new team under the old slug that the person is in", async () => {
    const teamId = await added();
    w.gh.as("bob").renameTeam("acme", TEAM, "Platform operators");
    w.gh.addTeam("acme", TEAM);
    w.gh.setTeamMember("acme", TEAM, "alice", "active");
    w.gh.as("bob").removeTeamMember("acme", "platform-operators", "alice");
    expect(await retryingClient(w).teamMembership("acme", TEAM, "alice", teamId)).toBe("none");
  });

  it("answers none for a deleted team, and for a member gone from the same team with one read of it", async () => {
    const teamId = await added();
    w.gh.setTeamMember("acme", TEAM, "alice", null);
    const before = calls().length;
    expect(await retryingClient(w).teamMembership("acme", TEAM, "alice", teamId)).toBe("none");
    expect(calls().slice(before)).toEqual([`GET /orgs/acme/teams/${TEAM}/memberships/alice 404`, `GET /orgs/acme/teams/${TEAM} 200`]);
    w.gh.as("bob").deleteTeam("acme", TEAM);
    expect(await retryingClient(w).teamMembership("acme", TEAM, "alice", teamId)).toBe("none");
  });
});
