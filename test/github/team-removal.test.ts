import { describe, expect, it } from "vitest";
import type { TeamIds } from "../../src/core/team-ids.js";
import { teamIdsIn } from "../../src/github/client.js";
import { RefusedGitHubError } from "../../src/github/errors.js";
import type { World } from "../emulator/harness.js";
import { retryingClient, worldPerTest } from "./retrying-client.js";

/**
 * A grant's membership is removed, and read, by the team ids GitHub's answer
 * to its `PUT` gave (`/organizations/{org_id}/team/{team_id}/…`, the form
 * GitHub's docs give beside each team route): a team's slug follows its
 * name, its ids do not, and a new team may take the old slug.
 */
let w: World;
worldPerTest((world) => (w = world));

const TEAM = "platform-admins";
const members = (slug: string) => w.gh.teamMembers("acme", slug).map((m) => m.login);
/** The client's calls, without the installation token it fetches first. */
const calls = () => w.gh.requests.filter((r) => !r.path.endsWith("/access_tokens")).map((r) => `${r.method} ${r.path} ${r.status}`);

/** alice added to the team through the client; the ids as the add answered them, checked against the team's. */
async function added(): Promise<TeamIds> {
  const { teamIds } = await retryingClient(w).addTeamMember("acme", TEAM, "alice");
  const team = (await w.api("GET", `/orgs/acme/teams/${TEAM}`)).body as { id: number; organization: { id: number } };
  expect(teamIds).toEqual({ org: team.organization.id, team: team.id });
  return teamIds!;
}

describe("the team's ids from GitHub's answer to the membership PUT", () => {
  it.each([
    ["https://api.github.com/organizations/9919/team/42/memberships/jane", { org: 9919, team: 42 }],
    ["https://ghe.example/api/v3/organizations/1/team/3/memberships/a-b", { org: 1, team: 3 }],
    ["https://api.github.com/teams/7/memberships/octocat", undefined],
    ["https://api.github.com/organizations/9919/team/x42/memberships/jane", undefined],
    ["https://api.github.com/orgs/acme/teams/ops/memberships/jane", undefined],
    ["https://api.github.com/organizations/9919/team/42/memberships/jane/extra", undefined],
    ["", undefined],
  ])("%s → %j", (url, ids) => {
    expect(teamIdsIn(url)).toEqual(ids);
  });
});

describe("removing a grant's membership by its team ids", () => {
  it("removes it from the team renamed since, by its ids, in one call", async () => {
    const ids = await added();
    w.gh.as("bob").renameTeam("acme", TEAM, "Platform operators");
    const before = calls().length;
    expect(await retryingClient(w).removeTeamMember("acme", TEAM, "alice", ids)).toBe("removed");
    expect(members("platform-operators")).toEqual(["bob"]);
    expect(calls().slice(before)).toEqual([`DELETE /organizations/${ids.org}/team/${ids.team}/memberships/alice 204`]);
  });

  it("never touches a new team under the old slug, even one the person joined", async () => {
    const ids = await added();
    w.gh.as("bob").renameTeam("acme", TEAM, "Platform operators");
    w.gh.addTeam("acme", TEAM);
    w.gh.setTeamMember("acme", TEAM, "alice", "active");
    expect(await retryingClient(w).removeTeamMember("acme", TEAM, "alice", ids)).toBe("removed");
    expect(members("platform-operators")).toEqual(["bob"]);
    expect(members(TEAM)).toEqual(["alice"]);
  });

  it("answers absent when the membership is gone, or the team with it", async () => {
    const ids = await added();
    w.gh.setTeamMember("acme", TEAM, "alice", null);
    expect(await retryingClient(w).removeTeamMember("acme", TEAM, "alice", ids)).toBe("absent");
    w.gh.setTeamMember("acme", TEAM, "alice", "active");
    w.gh.as("bob").deleteTeam("acme", TEAM);
    expect(await retryingClient(w).removeTeamMember("acme", TEAM, "alice", ids)).toBe("absent");
  });

  it("where GitHub's id form is not served, goes by the team's slug now: the grant's while it names the very team, else the one its id has in the team list", async () => {
    const ids = await added();
    const github = retryingClient(w);
    for (const method of ["GET", "DELETE"]) w.gh.failNext({ method, path: /^\/organizations\// }, { status: 404, times: 10 });
    expect(await github.teamMembership("acme", TEAM, "alice", ids)).toBe("active");
    expect(await github.teamSlug("acme", TEAM, ids)).toBe(TEAM);
    expect(await github.removeTeamMember("acme", TEAM, "alice", ids)).toBe("removed");
    expect(members(TEAM)).toEqual(["bob"]);
    // Renamed, with a new team under the old slug: the slug names another team, so the team list finds the id's slug.
    w.gh.setTeamMember("acme", TEAM, "alice", "active");
    w.gh.as("bob").renameTeam("acme", TEAM, "Platform operators");
    w.gh.addTeam("acme", TEAM);
    w.gh.setTeamMember("acme", TEAM, "alice", "active");
    expect(await retryingClient(w).teamMembership("acme", TEAM, "alice", ids)).toBe("active");
    expect(await retryingClient(w).removeTeamMember("acme", TEAM, "alice", ids)).toBe("removed");
    expect(members("platform-operators")).toEqual(["bob"]);
    expect(members(TEAM)).toEqual(["alice"]);
    // Deleted: no team in the list has the id.
    w.gh.as("bob").deleteTeam("acme", "platform-operators");
    expect(await retryingClient(w).teamSlug("acme", TEAM, ids)).toBeUndefined();
    expect(await retryingClient(w).removeTeamMember("acme", TEAM, "alice", ids)).toBe("absent");
  });

  it("without the ids (a grant recorded before they were kept), a slug naming nothing is a failed removal", async () => {
    await added();
    w.gh.as("bob").renameTeam("acme", TEAM, "Platform operators");
    const removal = retryingClient(w).removeTeamMember("acme", TEAM, "alice");
    await expect(removal).rejects.toBeInstanceOf(RefusedGitHubError);
    await expect(removal).rejects.toThrow(/no team `platform-admins` in acme any more \(renamed or deleted\)/);
    expect(members("platform-operators")).toEqual(["bob", "alice"]);
  });

  it("without the ids, a member already gone from a team the slug names is absent", async () => {
    expect(await retryingClient(w).removeTeamMember("acme", TEAM, "alice")).toBe("absent");
  });
});

describe("reading a grant's membership by its team ids", () => {
  it("reads the renamed team, past a new team under the old slug, whoever is in which", async () => {
    const ids = await added();
    w.gh.as("bob").renameTeam("acme", TEAM, "Platform operators");
    w.gh.addTeam("acme", TEAM);
    const github = retryingClient(w);
    expect(await github.teamMembership("acme", TEAM, "alice", ids)).toBe("active");
    expect(await github.teamMembership("acme", TEAM, "alice")).toBe("none");
    w.gh.setTeamMember("acme", TEAM, "alice", "active");
    w.gh.as("bob").removeTeamMember("acme", "platform-operators", "alice");
    expect(await github.teamMembership("acme", TEAM, "alice", ids)).toBe("none");
    expect(await github.teamSlug("acme", TEAM, ids)).toBe("platform-operators");
  });

  it("answers none, and no slug, once the team is deleted", async () => {
    const ids = await added();
    w.gh.as("bob").deleteTeam("acme", TEAM);
    expect(await retryingClient(w).teamMembership("acme", TEAM, "alice", ids)).toBe("none");
    expect(await retryingClient(w).teamSlug("acme", TEAM, ids)).toBeUndefined();
  });
});
