import { describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { HOUR, members, openedAndApproved, openRequest, ORG, POLICY, REPO, requestBody, TEAM, worldPerTest } from "./world.js";

/**
 * An installation on "All repositories" (GitHub's first choice) sees every
 * repository a member creates. Policies count only in the repositories
 * JIT_ACCESS_REPOSITORIES names: a member's own repository, with a policy
 * folder of her own, grants nothing and guards no team.
 */
const fresh = worldPerTest();
const MINE = "acme/jane-scratch";

/** jane's own repository, with a policy that lets her approve herself for the admin team and reverts platform-leads to nobody. */
function janesRepository(s: Sandbox, repo = MINE): void {
  s.github.addRepo(repo, { defaultBranch: "main", private: true });
  s.github.putFile(repo, "policies/mine.yml", `version: 1
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
async function selfGrant(s: Sandbox, repo = MINE): Promise<number> {
  const n = s.github.as("jane").openIssue(repo, { title: "Access request", body: requestBody({ duration: "30d" }), labels: ["access-request"] });
  await s.settle();
  s.github.as("jane").comment(repo, n, "/approve");
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
    expect(said).toContain("acme/jane-scratch is not one of the repositories whose policies this app obeys (JIT_ACCESS_REPOSITORIES); ask whoever runs jit-access which repository takes access requests");
    expect(said).not.toContain('"event":"granted"');
  });

  it("the refusal names no listed repository, nor its pin: a public repository's issue is read by anyone", async () => {
    const { sandbox: s } = await fresh({ repositories: [`${REPO}@1001`, "globex/access"] });
    s.github.addRepo("acme/website", { defaultBranch: "main", private: false });
    const n = s.github.as("jane").openIssue("acme/website", { title: "Access request", body: requestBody(), labels: ["access-request"] });
    await s.settle();
    const said = s.github.comments("acme/website", n).filter((c) => c.viaApp).map((c) => c.body).join("\n");
    expect(said).toContain("acme/website is not one of the repositories whose policies this app obeys (JIT_ACCESS_REPOSITORIES)");
    expect(said).not.toContain("acme/access");
    expect(said).not.toContain("1001");
    expect(said).not.toContain("globex");
  });

  it("a pull request in a member's own repository passes the policy check saying why nothing counts there, without naming the listed repositories", async () => {
    const { sandbox: s } = await fresh({ repositories: [REPO] });
    janesRepository(s);
    s.github.as("jane").openPullRequest(MINE, { title: "More", body: "", files: { "policies/more.yml": "version: 1\nteams: {}\n" } });
    await s.settle();
    const [run] = s.github.checkRuns(MINE);
    expect(run).toMatchObject({ conclusion: "success", title: "No policies in this repository" });
    expect(run?.summary).toBe("Nothing is granted from this repository, before or after this change: it is not one of the repositories whose policies this app obeys (JIT_ACCESS_REPOSITORIES).");
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

describe("a listed repository pinned to its id (owner/repo@id)", () => {
  /** Pins the listed repository to the id it has now and restarts the app, as an operator changing JIT_ACCESS_REPOSITORIES would. */
  async function pinned(s: Sandbox, id = s.github.repoId(REPO)): Promise<void> {
    s.config.repositoryIds = new Map([[REPO, id]]);
    await s.restart();
  }

  /** carol renames the listed repository; jane creates one under its old name, with a policy of her own, and approves her own request there. */
  async function squatted(s: Sandbox): Promise<number> {
    s.github.as("carol").renameRepo(REPO, "access-requests");
    janesRepository(s, REPO);
    return selfGrant(s, REPO);
  }

  it("works as before while its repository holds the name, reading the repository once, not at every request", async () => {
    const { sandbox: s } = await fresh({ repositories: [REPO] });
    await pinned(s);
    const since = s.github.requests.length;
    await openedAndApproved(s);
    expect(members(s)).toEqual(["jane"]);
    const second = openRequest(s, "bob");
    await s.settle();
    s.github.as("alice").comment(REPO, second, "/approve");
    await s.settle();
    expect(members(s).sort()).toEqual(["bob", "jane"]);
    const reads = s.github.requests.slice(since).filter((r) => r.method === "GET" && /^\/repos\/acme\/access$/i.test(r.path));
    expect(reads).toHaveLength(1);
  });

  it("a repository created under the listed name after a rename grants nothing: its requests are told why", async () => {
    const { sandbox: s } = await fresh({ repositories: [REPO] });
    await pinned(s);
    const pin = s.github.repoId(REPO);
    const n = await squatted(s);
    expect(members(s)).toEqual([]);
    const said = s.github.comments(REPO, n).filter((c) => c.viaApp).map((c) => c.body).join("\n");
    expect(said).toContain("acme/access is not the repository JIT_ACCESS_REPOSITORIES pins under that name (another repository holds that name now), so this app obeys no policy in it");
    // No id is told to whoever reads the issue (the readable part; the signed record's hex could hold any digits).
    expect(said.split("<!-- jit-access:record").map((part) => part.split("-->").at(-1)).join("")).not.toContain(`${pin}`);
    expect(said).not.toContain('"event":"granted"');
  });

  it("the new repository's issue #1 is not taken for the renamed one's #1, which the process remembers: refused, not called tampered; the renamed one's grant still ends", async () => {
    const { sandbox: s, clock } = await fresh({ repositories: [REPO] });
    await pinned(s);
    const first = await openedAndApproved(s);
    const n = await squatted(s);
    expect(n).toBe(first);
    const said = s.github.comments(REPO, n).filter((c) => c.viaApp).map((c) => c.body).join("\n");
    expect(said).toContain("is not the repository JIT_ACCESS_REPOSITORIES pins under that name");
    expect(said).not.toContain("Tampering");
    clock.advance(2 * HOUR);
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(s.github.comments("acme/access-requests", first).filter((c) => c.viaApp).at(-1)?.body).toContain('"event":"expired"');
    expect(s.github.comments(REPO, n).filter((c) => c.viaApp).map((c) => c.body).join("\n")).not.toContain("Tampering");
  });

  it("a forged record on the new repository's issue #1 is tampering there, and ends no grant of the renamed one's #1", async () => {
    const { sandbox: s } = await fresh({ repositories: [REPO] });
    s.github.addUser("mallory", { orgs: { [ORG]: "active" } });
    s.github.setTeamMember(ORG, TEAM, "mallory", "active");
    await pinned(s);
    const first = await openedAndApproved(s);
    const record = s.github.comments(REPO, first).filter((c) => c.viaApp).at(-1)!.body;
    s.github.as("carol").renameRepo(REPO, "access-requests");
    s.github.addRepo(REPO, { defaultBranch: "main", private: true });
    const n = s.github.as("mallory").openIssue(REPO, { title: "Access request", body: requestBody(), labels: ["access-request"] });
    s.github.as("mallory").comment(REPO, n, record);
    await s.settle();
    expect(s.github.comments(REPO, n).filter((c) => c.viaApp).map((c) => c.body).join("\n")).toContain("Tampering");
    expect(members(s).sort()).toEqual(["jane", "mallory"]);
  });

  it("without the pin, the repository created under the listed name is obeyed: the self-grant the pin prevents", async () => {
    const { sandbox: s } = await fresh({ repositories: [REPO] });
    const sq = await squatted(s);
    console.log("DEBUG", s.github.comments(REPO, sq).filter((c) => c.viaApp).map((c) => c.body.slice(0, 300)));
    expect(members(s)).toEqual(["jane"]);
  });

  it("a pin no repository matches refuses the listed repository's requests, and its policy check", async () => {
    const { sandbox: s } = await fresh({ repositories: [REPO] });
    await pinned(s, 999_999_999);
    const n = s.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody(), labels: ["access-request"] });
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual([]);
    const said = s.github.comments(REPO, n).filter((c) => c.viaApp).map((c) => c.body).join("\n");
    expect(said).toContain("(another repository holds that name now)");
    expect(said).not.toContain("999999999");
    s.github.as("alice").openPullRequest(REPO, { title: "Change policies", body: "", files: { "policies/platform.yml": POLICY.replace("approvals: 1", "approvals: 0") } });
    await s.settle();
    expect(s.github.checkRuns(REPO)).toEqual([expect.objectContaining({ conclusion: "failure", title: "JIT_ACCESS_REPOSITORIES pins another repository under this name" })]);
    expect(s.github.checkRuns(REPO)[0]?.summary).toContain("(another repository holds that name now)");
  });

  it("a repository read that fails once (404) when the policies change refuses that request only, not every later one", async () => {
    const { sandbox: s } = await fresh({ repositories: [REPO] });
    await pinned(s);
    await openedAndApproved(s);
    s.github.putFile(REPO, "policies/platform.yml", POLICY.replace("max_duration: 2h", "max_duration: 3h"));
    s.github.failNext({ method: "GET", path: /^\/repos\/acme\/access$/i }, { status: 404 });
    const first = openRequest(s, "bob");
    await s.settle();
    expect(s.github.comments(REPO, first).filter((c) => c.viaApp).map((c) => c.body).join("\n")).toContain("GitHub finds no repository under that name");
    const second = openRequest(s, "carol");
    await s.settle();
    s.github.as("alice").comment(REPO, second, "/approve");
    await s.settle();
    expect(members(s).sort()).toEqual(["carol", "jane"]);
  });

  it("a repository created under the pinned name does not drop the masking patterns the pinned repository's policies set", async () => {
    const { sandbox: s } = await fresh({ repositories: [REPO] });
    s.github.putFile(REPO, "policies/settings.yml", "version: 1\nsettings:\n  masking: { patterns: ['CUST-[0-9]{4}'] }\n");
    await pinned(s);
    // The sweep reads each repository's policy settings.
    await s.jit.sweeper.sweep();
    await s.settle();
    const installationId = s.github.install(ORG);
    expect(s.jit.maskers.forInstallation(installationId).mask("CUST-1234")).toBe("[masked]");
    const n = await squatted(s);
    expect(s.github.comments(REPO, n).filter((c) => c.viaApp).map((c) => c.body).join("\n")).toContain("is not the repository JIT_ACCESS_REPOSITORIES pins");
    expect(s.jit.maskers.forInstallation(installationId).mask("CUST-1234")).toBe("[masked]");
  });
});
