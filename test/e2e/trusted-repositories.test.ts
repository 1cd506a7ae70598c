import { describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { HOUR, members, openedAndApproved, ORG, REPO, requestBody, TEAM, worldPerTest } from "./world.js";

/**
 * An installation on "All repositories" (GitHub's first choice) sees every
 * repository a member creates. Policies count only in the repositories
 * JIT_ACCESS_REPOSITORIES names: a member's own repository, with a policy
 * folder of her own, grants nothing and guards no team.
 */
const fresh = worldPerTest();
const MINE = "acme/jane-scratch";

/** jane's own repository, with a policy that lets her approve herself for the admin team and reverts platform-leads to nobody. */
function janesRepository(s: Sandbox): void {
  s.github.addRepo(MINE, { defaultBranch: "main", private: true });
  s.github.putFile(MINE, "policies/mine.yml", `version: 1
teams:
  ${TEAM}:
    max_duration: 30d
    approvers: { users: [jane] }
    self_approval: true
  platform-leads:
    max_duration: 1h
    approvers: { users: [jane] }
    standing: { users: [] }
settings:
  drift: revert
`);
}

/** jane asks for the admin team in her own repository and approves it herself. */
async function selfGrant(s: Sandbox): Promise<number> {
  const n = s.github.as("jane").openIssue(MINE, { title: "Access request", body: requestBody({ duration: "30d" }), labels: ["access-request"] });
  await s.settle();
  s.github.as("jane").comment(MINE, n, "/approve");
  await s.settle();
  return n;
}

const appComments = (s: Sandbox, n: number) => s.github.comments(MINE, n).filter((c) => c.viaApp).map((c) => c.body);

describe("policies count only in the repositories JIT_ACCESS_REPOSITORIES names", () => {
  it("a member's own repository grants nothing, and its request is told where requests go", async () => {
    const { sandbox: s } = await fresh({ repositories: [REPO] });
    janesRepository(s);
    const n = await selfGrant(s);
    expect(members(s)).toEqual([]);
    const said = appComments(s, n).join("\n");
    expect(said).toContain("acme/jane-scratch is not one of the repositories whose policies this app obeys (JIT_ACCESS_REPOSITORIES: acme/access)");
    expect(said).not.toContain('"event":"granted"');
  });

  it("the refusal names only the listed repositories of the request's own organisation", async () => {
    const { sandbox: s } = await fresh({ repositories: [REPO, "globex/access"] });
    janesRepository(s);
    const said = appComments(s, await selfGrant(s)).join("\n");
    expect(said).toContain("(JIT_ACCESS_REPOSITORIES: acme/access); open access requests there");
    expect(said).not.toContain("globex");
    const { sandbox: other } = await fresh({ repositories: ["globex/access"] });
    await s.stop();
    janesRepository(other);
    const elsewhere = appComments(other, await selfGrant(other)).join("\n");
    expect(elsewhere).toContain("acme/jane-scratch is not one of the repositories whose policies this app obeys (JIT_ACCESS_REPOSITORIES names none in acme); ask whoever runs jit-access where access requests go");
    expect(elsewhere).not.toContain("globex");
  });

  it("without the list, every installed repository's policies count: the self-grant the list prevents", async () => {
    const { sandbox: s } = await fresh();
    janesRepository(s);
    await selfGrant(s);
    expect(members(s)).toEqual(["jane"]);
  });

  it("a member's own repository guards no team: its drift settings remove no standing member", async () => {
    const { sandbox: s } = await fresh({ repositories: [REPO] });
    janesRepository(s);
    await s.jit.driftSweep();
    await s.settle();
    expect(s.github.teamMembers(ORG, "platform-leads").map((m) => m.login)).toEqual(["carol"]);
  });

  it("the named repository works as before, named in any case", async () => {
    const { sandbox: s } = await fresh({ repositories: ["ACME/Access"] });
    const n = s.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody(), labels: ["access-request"] });
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
  });

  it("a listed repository renamed: its live grant still ends on time; requests there are refused until the list names it", async () => {
    const renamed = "acme/access-requests";
    const eventsIn = (s: Sandbox, n: number) => s.github.comments(renamed, n).filter((c) => c.viaApp).map((c) => /"event":"([a-z-]+)"/.exec(c.body)?.[1]);
    const ask = async (s: Sandbox) => {
      const n = s.github.as("jane").openIssue(renamed, { title: "Access request", body: requestBody(), labels: ["access-request"] });
      await s.settle();
      return n;
    };
    const { sandbox: s, clock } = await fresh({ repositories: [REPO] });
    const n = await openedAndApproved(s);
    s.github.as("carol").renameRepo(REPO, "access-requests");
    clock.advance(2 * HOUR);
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(eventsIn(s, n)).toEqual(["received", "approved", "granted", "expired"]);
    expect(eventsIn(s, await ask(s))).toEqual(["refused"]);
    expect(s.github.unhandled).toEqual([]);
    await s.stop();
    const { sandbox: listed } = await fresh({ repositories: [renamed] });
    listed.github.as("carol").renameRepo(REPO, "access-requests");
    expect(eventsIn(listed, await ask(listed))).toEqual(["received"]);
  });
});
