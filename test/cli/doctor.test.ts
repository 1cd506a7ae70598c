import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { withExitCode } from "../../src/cli/cli-error.js";
import { doctor } from "../../src/cli/doctor.js";
import { GitHubEmulator, type BranchProtectionRecord } from "github-emulator/emulator/index.js";
import { APP_PERMISSIONS as GRANTED } from "github-emulator/emulator/shapes/app.js";
import { captured } from "../e2e/audit-harness.js";
import { ORG, POLICY, REPO } from "../e2e/world.js";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
let github: GitHubEmulator | undefined;
afterEach(async () => {
  expect(github?.unhandled ?? []).toEqual([]);
  await github?.stop();
  github = undefined;
});

interface Plant {
  install?: false | { permissions?: Record<string, string> };
  /** JIT_ACCESS_REPOSITORIES as doctor reads it (default: the repository checked). */
  repositories?: string;
  label?: false;
  /** Create the status labels beforehand. */
  statusLabels?: true;
  policy?: string;
  teams?: string[];
  /** Teams nested under others: child → parent (the parent is created first). */
  nested?: Record<string, string>;
  /** Teams an identity provider syncs. */
  synced?: string[];
  protection?: "ruleset" | "ruleset without approvals" | "ruleset without code owners or check" | "ruleset with the check from any source" | "branch protection" | "none";
  /** The classic rule's details, for protection "branch protection". */
  rule?: Partial<BranchProtectionRecord>;
  /** Grant the installation administration: read, so it can read the classic rule itself. */
  administration?: true;
  codeowners?: string | false;
  /** JIT_ACCESS_DOCTOR_TOKEN: an org member's token (the default), none, or this text. */
  ownerToken?: false | string;
  /** After the policies' commit, alice renames her account and someone else claims "alice". */
  reclaimed?: true;
  /** After the policies' commit, the approver team platform-leads is deleted and a new team is created under its slug (the policy names it unpinned). */
  takenTeam?: true;
  /** Name the approver team by slug alone (the default pins it to its team). */
  bareTeam?: true;
  /** After the policies' commit, the pinned approver team platform-leads is renamed away and another team renamed into its slug. */
  teamRenamedInto?: true;
  /** After the policies' commit, alice renames her account and mallory, whose account is older, renames to "alice". */
  takenByOlder?: true;
  /** List alice by login alone, as the policies did before pins (the default pins her to her account). */
  bare?: true;
  /** A repository acme/old-access, renamed to acme/access-archive (GitHub redirects the old name). */
  renamed?: true;
  /** List the repository checked without its id (the default pins it to its id). */
  unpinned?: true;
  /** Pin the repository checked to this id instead of its own. */
  pin?: number;
  /** With `renamed`, pin acme/old-access to the id of the repository it now leads to. */
  pinRenamed?: true;
}

const reviewRule = (count: number, codeOwners = true) => ({ type: "pull_request", parameters: { required_approving_review_count: count, dismiss_stale_reviews_on_push: true, require_code_owner_review: codeOwners, require_last_push_approval: false, required_review_thread_resolution: false } });
/** The check required from the jit-access app (id 4242), as README asks. */
const checkRule = { type: "required_status_checks", parameters: { strict_required_status_checks_policy: false, required_status_checks: [{ context: "jit-access policies", integration_id: 4242 }] } };
/** A classic rule as README asks for it. */
const GOOD_RULE: BranchProtectionRecord = { requiredReviews: 1, codeOwnerReviews: true, enforceAdmins: true, requiredChecks: ["jit-access policies"], requiredCheckApps: { "jit-access policies": 4242 } };

/** An organisation set up as README says, minus whatever `plant` takes away; then `jit-access doctor`. */
async function diagnose(plant: Plant = {}, appId = "4242") {
  // GitHub's clock, a minute ahead once the policies are committed (dates are kept to the second); the app's JWT still fits.
  let ahead = 0;
  github = await GitHubEmulator.start({ app: { id: 4242, slug: "jit-access", webhookSecret: "s", publicKey }, clock: () => Date.now() + ahead });
  github.addOrg(ORG);
  github.addUser("owner", { orgs: { [ORG]: "active" } });
  github.addUser("alice", { orgs: { [ORG]: "active" } });
  github.addUser("mallory", { orgs: { [ORG]: "active" } });
  for (const team of plant.teams ?? ["platform-admins", "platform-leads"]) {
    const parent = plant.nested?.[team];
    github.addTeam(ORG, team, { idpSynced: plant.synced?.includes(team) ?? false, ...(parent === undefined ? {} : { parent }) });
  }
  github.addRepo(REPO, { defaultBranch: "main", private: true });
  if (plant.renamed) {
    github.addRepo("acme/old-access");
    github.as("owner").renameRepo("acme/old-access", "access-archive");
  }
  // The approver team pinned to its id, as README says (where the plant has the team, and names it unpinned otherwise).
  const leads = (plant.teams ?? ["platform-leads"]).includes("platform-leads") ? github.teamId(ORG, "platform-leads") : undefined;
  const teamsPinned = leads === undefined || plant.takenTeam || plant.bareTeam ? POLICY : POLICY.replace("teams: [platform-leads]", `teams: [{ slug: platform-leads, id: ${leads} }]`);
  const pinned = teamsPinned.replace("users: [alice]", `users: [{ login: alice, id: ${github.userId("alice")} }]`);
  github.putFile(REPO, "policies/platform.yml", plant.policy ?? (plant.bare || plant.reclaimed ? teamsPinned : pinned));
  ahead = 60_000;
  if (plant.takenByOlder) {
    github.renameUser("alice", "alice-renamed");
    github.renameUser("mallory", "alice");
  }
  if (plant.takenTeam) {
    github.as("owner").deleteTeam(ORG, "platform-leads");
    github.addTeam(ORG, "platform-leads");
  }
  if (plant.teamRenamedInto) {
    github.addTeam(ORG, "book-club");
    github.as("owner").renameTeam(ORG, "platform-leads", "Platform leads 2026");
    github.as("owner").renameTeam(ORG, "book-club", "platform-leads");
  }
  if (plant.reclaimed) {
    github.renameUser("alice", "alice-renamed");
    github.addUser("alice", { orgs: { [ORG]: "active" } });
  }
  if (plant.label !== false) github.addLabel(REPO, "access-request");
  for (const state of plant.statusLabels ? ["pending", "granted", "expired", "revoked", "denied", "timed-out", "withdrawn", "tampered"] : []) github.addLabel(REPO, `access:${state}`);
  const protection = plant.protection ?? "ruleset";
  const anySource = { type: "required_status_checks", parameters: { strict_required_status_checks_policy: false, required_status_checks: [{ context: "jit-access policies" }] } };
  const rulesets = { ruleset: [reviewRule(1), checkRule], "ruleset without approvals": [reviewRule(0), checkRule], "ruleset without code owners or check": [reviewRule(1, false)], "ruleset with the check from any source": [reviewRule(1), anySource] };
  for (const rule of protection in rulesets ? rulesets[protection as keyof typeof rulesets] : []) github.addBranchRule(REPO, "main", rule);
  if (protection === "branch protection") github.protectBranch(REPO, "main", plant.rule ?? GOOD_RULE);
  if (plant.codeowners !== false) github.putFile(REPO, ".github/CODEOWNERS", plant.codeowners ?? "# Policies decide who joins admin teams.\n/policies/ @acme/security\n");
  const permissions = plant.install === false ? undefined : (plant.install?.permissions ?? (plant.administration ? { ...GRANTED, administration: "read" } : undefined));
  if (plant.install !== false) github.install(ORG, permissions ? { permissions } : {});
  const token = plant.ownerToken === undefined ? github.userToken("owner") : plant.ownerToken;
  // The repository checked is listed pinned to its id, as README says, unless the plant says otherwise.
  const pin = plant.unpinned ? "" : `@${plant.pin ?? github.repoId(REPO)}`;
  const repinned = (name: string) => (name === "acme/old-access" && plant.pinRenamed ? `${name}@${github!.repoId("acme/access-archive")}` : name);
  const repositories = (plant.repositories ?? REPO).split(",").map((name) => (name === REPO ? `${name}${pin}` : repinned(name))).join(",");
  const env = { APP_ID: appId, PRIVATE_KEY: privateKey, GHE_HOST: new URL(github.url).host, GHE_PROTOCOL: "http", JIT_ACCESS_SIGNING_KEY: "k".repeat(40), JIT_ACCESS_REPOSITORIES: repositories, ...(token === false ? {} : { JIT_ACCESS_DOCTOR_TOKEN: token }) };
  const out = captured();
  const code = await withExitCode(out, () => doctor(["--repo", REPO], out, env));
  return { code, lines: out.lines, problems: out.errors, token };
}

const GUIDE = '(see README "Protect policies/")';
const CANNOT_READ_RULES = /^! cannot read the rules of acme\/access:main's branch protection \(GitHub answered 403: reading them needs administration: read, an optional permission jit-access does not ask for\): make sure it requires a pull request with an approving review, review from code owners, applies to administrators, and requires the check "jit-access policies"; or grant the app administration: read, or set JIT_ACCESS_DOCTOR_TOKEN/;

describe("jit-access doctor", () => {
  it("finds nothing wrong in an organisation set up as README says", async () => {
    const { code, lines, problems } = await diagnose();
    expect(problems).toEqual([]);
    expect(lines).toEqual([
      "✓ the configuration is complete",
      '✓ the private key authenticates as the app "jit-access" (id 4242)',
      expect.stringMatching(/^✓ installed on acme\/access \(installation \d+\)$/),
      "✓ JIT_ACCESS_REPOSITORIES names acme/access, each a repository the app is installed on, pinned to its id",
      expect.stringMatching(/^✓ the installation holds every permission it needs \(members: write, issues: write/),
      '✓ the request label "access-request" exists',
      "✓ 0 of 8 status labels exist; the app creates access:pending, access:granted, access:expired, access:revoked, access:denied, access:timed-out, access:withdrawn, access:tampered the first time it sets each (create them beforehand only to choose their colours)",
      "✓ policies load: 1 team(s)",
      "✓ approvers pinned to their accounts are held by those accounts: @alice",
      "✓ team acme/platform-admins exists",
      "✓ team acme/platform-leads exists",
      "✓ not synced from an identity provider: acme/platform-admins, acme/platform-leads",
      "✓ a ruleset requires a pull request with 1 approving review(s) on acme/access:main",
      "✓ .github/CODEOWNERS names owners for policies/: @acme/security",
      "doctor: nothing blocks jit-access",
    ]);
    expect(code).toBe(0);
    // Doctor only reads: no write reached GitHub, whatever token it held.
    expect(github?.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/access_tokens"))).toEqual([]);
  });

  it("reads a classic branch protection's rules with the owner's token, and finds nothing wrong in one as README asks", async () => {
    const { code, lines, problems } = await diagnose({ protection: "branch protection" });
    expect(problems).toEqual([]);
    expect(lines).toContain("✓ branch protection requires a pull request with 1 approving review(s) on acme/access:main");
    expect(code).toBe(0);
  });

  it("reads a classic branch protection's rules with the app's own token when the installation grants administration: read", async () => {
    const { code, problems } = await diagnose({ protection: "branch protection", administration: true, ownerToken: false });
    expect(problems).toEqual([expect.stringMatching(/^! cannot tell whether acme\/platform-admins, acme\/platform-leads are synced/)]);
    expect(code).toBe(0);
  });

  it("names a repository checked that JIT_ACCESS_REPOSITORIES leaves out, whose policies then count for nothing", async () => {
    const { code, problems } = await diagnose({ repositories: "acme/other-access" });
    expect(problems[0]).toMatch(/^✗ acme\/access is not in JIT_ACCESS_REPOSITORIES \(acme\/other-access\), so the app obeys no policy in it: add it there/);
    expect(problems.at(-1)).toMatch(/^✗ the policies in acme\/access:policies do not load, .*acme\/access is not one of the repositories whose policies this app obeys/);
    expect(code).toBe(1);
  });

  it("names a listed repository pinned to an id another repository has, whose policies then count for nothing", async () => {
    const { code, problems } = await diagnose({ pin: 999_999 });
    const id = github!.repoId(REPO);
    expect(problems).toEqual([
      `✗ JIT_ACCESS_REPOSITORIES pins acme/access to the repository with id 999999, but the repository under that name has id ${id}, so the app obeys no policy in it: if it is the one meant, pin it as acme/access@${id}; if the pinned one was renamed or transferred, list it by its name now`,
      expect.stringMatching(new RegExp(`^✗ the policies in acme/access:policies do not load, .*acme/access is not the repository JIT_ACCESS_REPOSITORIES pins under that name \\(another repository holds that name now\\)`)),
    ]);
    expect(code).toBe(1);
  });

  it("a pinned listed repository renamed: the fix keeps the pin; another pin says it is not the pinned one either", async () => {
    const same = await diagnose({ repositories: "acme/access,acme/old-access", renamed: true, pinRenamed: true });
    const id = github!.repoId("acme/access-archive");
    expect(same.problems).toEqual([`✗ JIT_ACCESS_REPOSITORIES names acme/old-access, which is now acme/access-archive (renamed or transferred; GitHub redirects the old name): the app obeys no policy in acme/access-archive; list acme/access-archive@${id} instead`]);
    const other = await diagnose({ repositories: "acme/access,acme/old-access@424242", renamed: true });
    expect(other.problems).toEqual([expect.stringMatching(/; it is not the pinned repository either \(id \d+, pinned 424242\): list the one meant by its name now$/)]);
  });

  it("a pinned listed name no repository holds: the app obeys nothing under it, and nobody who creates it would be obeyed", async () => {
    const { problems } = await diagnose({ repositories: "acme/access,acme/infra-access@424242" });
    expect(problems).toEqual(["✗ JIT_ACCESS_REPOSITORIES names acme/infra-access, which does not exist or the app is not installed on: the app obeys no policy under it; fix the list or install the app there"]);
  });

  // One case per blocking finding: the line that names it, with its fix, and exit 1.
  it.each<[string, Plant, RegExp]>([
    ["not installed", { install: false }, /^✗ not installed on acme\/access \(or no such repository\): install the app/],
    ["a listed repository nobody holds", { repositories: "acme/access,acme/infra-access" }, /^✗ JIT_ACCESS_REPOSITORIES names acme\/infra-access, which does not exist or the app is not installed on: a listed name nobody holds would be obeyed once someone creates it/],
    [
      "a listed repository renamed (GitHub redirects its old name)",
      { repositories: "acme/access,acme/old-access", renamed: true },
      /^✗ JIT_ACCESS_REPOSITORIES names acme\/old-access, which is now acme\/access-archive \(renamed or transferred; GitHub redirects the old name\): the app obeys no policy in acme\/access-archive, and a repository created as acme\/old-access would be obeyed; list acme\/access-archive@\d+ instead$/,
    ],
    ["a permission not granted", { install: { permissions: { ...GRANTED, members: "read" } } }, /^✗ the installation lacks members: write \(has read\): an organisation owner accepts/],
    ["pull requests readable only, as an older app.yml asked", { install: { permissions: { ...GRANTED, pull_requests: "read" } } }, /^✗ the installation lacks pull_requests: write \(has read\): an organisation owner accepts/],
    ["the request label missing", { label: false }, /^✗ the request label "access-request" does not exist in acme\/access, so the issue form cannot apply it: gh label create access-request --repo acme\/access$/],
    ["an invalid policy", { policy: "version: 1\nteams:\n  platform-admins:\n    max_duration: forever\n" }, /^✗ the policies in acme\/access:policies do not load, so nothing can be granted: .*platform\.yml/],
    ["an approver team that does not exist", { teams: ["platform-admins"] }, /^✗ team acme\/platform-leads, named in the policies, does not exist/],
    [
      "a managed team synced from an identity provider",
      { synced: ["platform-admins"] },
      /^✗ team acme\/platform-admins is synced from an identity provider \(group "platform-admins \(IdP\)"\): GitHub refuses the app's membership changes to it \(403\), so no request for it can be granted; disconnect its groups \(the team's Settings → Identity Provider Groups\) or grant a team managed on GitHub instead$/,
    ],
    [
      "an approver team synced from an identity provider",
      { synced: ["platform-leads"] },
      /^✗ team acme\/platform-leads is synced from an identity provider \(group "platform-leads \(IdP\)"\), so its members, who approve requests, are chosen in the identity provider, outside the reviewed policies; name an approver team managed on GitHub, or list approvers by login/,
    ],
    ["an unprotected default branch", { protection: "none" }, /^✗ acme\/access:main is not protected: anyone who can push there decides who joins which team, admin teams included; add a ruleset or branch protection/],
    ["a ruleset that requires no approval", { protection: "ruleset without approvals" }, /^✗ a ruleset requires a pull request on acme\/access:main but no approving review: set "Required approvals" to at least 1/],
    [
      "branch protection that requires no pull request",
      { protection: "branch protection", rule: { ...GOOD_RULE, requiredReviews: undefined } },
      /^✗ branch protection on acme\/access:main does not require a pull request: anyone who can push there decides who joins which team; tick "Require a pull request before merging" with at least 1 approval/,
    ],
    ["branch protection that requires no approval", { protection: "branch protection", rule: { ...GOOD_RULE, requiredReviews: 0 } }, /^✗ branch protection requires a pull request on acme\/access:main but no approving review/],
  ])("names %s, with the fix, and exits 1", async (_what, plant, finding) => {
    const { code, problems, lines } = await diagnose(plant);
    expect(problems).toEqual([expect.stringMatching(finding)]);
    expect(lines.at(-1)).toBe("doctor: 1 problem(s) block jit-access");
    expect(code).toBe(1);
  });

  // One case per piece of advice (or what doctor could not tell): the line, and exit 0.
  it.each<[string, Plant, (string | RegExp)[]]>([
    ["JIT_ACCESS_REPOSITORIES not set where doctor runs", { repositories: "" }, [/^! JIT_ACCESS_REPOSITORIES is not set here; `npm start` and `jit-access sweep` refuse to run without it: set it to the repositories whose policies count \(such as acme\/access\)/]],
    ["a listed repository without its id", { unpinned: true }, [/^! JIT_ACCESS_REPOSITORIES names acme\/access without its id: pin it as acme\/access@\d+, so that a repository someone creates under the name after a rename or transfer is not obeyed$/]],
    ["no CODEOWNERS", { codeowners: false }, [`! no CODEOWNERS file: add .github/CODEOWNERS with "/policies/ @your-org/security" so the security team reviews every policy change ${GUIDE}`]],
    ["a CODEOWNERS that misses the folder", { codeowners: "/src/ @acme/devs\n" }, [`! .github/CODEOWNERS names no owner for policies/: add "/policies/ @your-org/security" so the security team reviews every policy change ${GUIDE}`]],
    [
      "team sync it cannot read without an owner's token",
      { ownerToken: false },
      [
        /^! cannot tell whether acme\/platform-admins, acme\/platform-leads are synced from an identity provider \(GitHub answered 403: its team-sync API is not open to apps, only to an organisation owner's token\): check on each team's page \(Settings → Identity Provider Groups: none listed means not synced\), or `gh api orgs\/acme\/teams\/<team>\/team-sync\/group-mappings` as an organisation owner \(an empty "groups" means not synced\), or set JIT_ACCESS_DOCTOR_TOKEN to such a token and run doctor again$/,
      ],
    ],
    ["an owner's token GitHub refuses", { ownerToken: "ghp_revoked0123456789" }, [/^! cannot tell whether acme\/platform-admins, acme\/platform-leads are synced from an identity provider \(GitHub refused JIT_ACCESS_DOCTOR_TOKEN \(401\): make a new token\)/]],
    ["branch protection's rules it cannot read", { protection: "branch protection", ownerToken: false }, [expect.stringMatching(/^! cannot tell whether/), CANNOT_READ_RULES]],
    ["branch protection without code owners' review", { protection: "branch protection", rule: { ...GOOD_RULE, codeOwnerReviews: false } }, [`! branch protection on acme/access:main does not require review from code owners: tick "Require review from Code Owners", so the owners of policies/ must approve every change ${GUIDE}`]],
    ["branch protection administrators may bypass", { protection: "branch protection", rule: { ...GOOD_RULE, enforceAdmins: false } }, [`! branch protection on acme/access:main does not apply to administrators, who can change policies/ unreviewed: tick "Do not allow bypassing the above settings" ${GUIDE}`]],
    ["branch protection without the policy check", { protection: "branch protection", rule: { ...GOOD_RULE, requiredChecks: ["ci"] } }, [`! branch protection on acme/access:main does not require the check "jit-access policies", so an invalid policy can merge: add it under "Require status checks to pass" ${GUIDE}`]],
    ["a ruleset that takes the policy check from any source", { protection: "ruleset with the check from any source" }, [`! a ruleset on acme/access:main requires the check "jit-access policies" without the jit-access app (id 4242) as its source, so another source may pass it (anyone who can push, with a commit status or a workflow of that name): choose the jit-access app as the check's source ${GUIDE}`]],
    ["branch protection that takes the policy check from another app", { protection: "branch protection", rule: { ...GOOD_RULE, requiredCheckApps: { "jit-access policies": 15368 } } }, [expect.stringMatching(/^! branch protection on acme\/access:main requires the check "jit-access policies" without the jit-access app \(id 4242\) as its source/)]],
    [
      "a ruleset without code owners' review or the policy check",
      { protection: "ruleset without code owners or check" },
      [expect.stringMatching(/^! a ruleset on acme\/access:main does not require review from code owners/), expect.stringMatching(/^! a ruleset on acme\/access:main does not require the check "jit-access policies"/)],
    ],
  ])("advises on %s without blocking", async (_what, plant, advice) => {
    const { code, problems, lines } = await diagnose(plant);
    expect(problems).toEqual(advice.map((a) => (a instanceof RegExp ? expect.stringMatching(a) : a)));
    expect(lines.at(-1)).toBe("doctor: nothing blocks jit-access");
    expect(code).toBe(0);
  });

  it("blocks on a listed approver's login renamed and claimed by someone else since the policies' commit, with the fix", async () => {
    const { code, problems, lines } = await diagnose({ reclaimed: true });
    expect(problems).toEqual([
      expect.stringMatching(
        /^✗ @alice, listed as an approver for platform-admins \(policies\/platform\.yml\), is now held by an account created on .+, after the policies were last committed \(.+\): the login was renamed and claimed by someone else, so the app refuses its approvals\. Check that the account now holding @alice is the person meant, then list it again in a new commit of the policy; or take the login out and approve through a team \(approvers\.teams\)$/,
      ),
    ]);
    expect(lines.some((l) => l.startsWith("✓ approvers listed by login"))).toBe(false);
    expect(lines.at(-1)).toBe("doctor: 1 problem(s) block jit-access");
    expect(code).toBe(1);
  });

  it("advises pinning an approver team named by slug alone, printing the pin, without blocking", async () => {
    const { code, problems } = await diagnose({ bareTeam: true });
    expect(problems).toEqual([
      `! teams named by slug alone can be taken over by renaming: an older team renamed into a freed slug shows no date that tells it from the team meant. Pin each to its team, as GitHub shows it now (check each is the team meant): { slug: platform-leads, id: ${github!.teamId(ORG, "platform-leads")} }`,
    ]);
    expect(code).toBe(0);
  });

  it("blocks on a pinned approver team's slug now held by another team (an older one renamed into it), with the fix", async () => {
    const { code, problems } = await diagnose({ teamRenamedInto: true });
    expect(problems).toEqual([
      expect.stringMatching(
        /^✗ team acme\/platform-leads, named as approvers of platform-admins, is pinned to the team with id \d+, but the team holding the name now has id \d+: the team meant was renamed \(or deleted\) and another took its name, so the app does not count its members\. Find the team meant \(GET \/orgs\/acme\/teams lists each team's id and slug\) and pin its slug now$/,
      ),
    ]);
    expect(code).toBe(1);
  });

  it("blocks on an approver team whose slug a team created since the policies' commit took, with the fix", async () => {
    const { code, problems } = await diagnose({ takenTeam: true });
    expect(problems).toEqual([
      expect.stringMatching(
        /^✗ team acme\/platform-leads, named as approvers of platform-admins, was created on .+, after the policies were last committed \(.+\): it took the name of a team that was renamed or deleted, so the app does not count its members\. Check that it is the team meant \(who created it, who is in it\), then commit the policy again; or name the team the policy meant by its new slug$/,
      ),
    ]);
    expect(code).toBe(1);
  });

  it("advises pinning an approver listed by login alone, printing the pin, without blocking", async () => {
    const { code, lines, problems } = await diagnose({ bare: true });
    expect(lines).toContainEqual(expect.stringMatching(/^✓ approvers listed by login hold accounts older than the policies' last commit \(.+\): @alice$/));
    expect(problems).toEqual([
      `! approvers listed by login alone can be taken over by renaming: an account that already existed can take a freed login, and neither GitHub nor the app can tell it from the person meant. Pin each to its account, as GitHub shows it now (check each is the person meant): { login: alice, id: ${github!.userId("alice")} }`,
    ]);
    expect(code).toBe(0);
  });

  it("blocks on a pinned approver's login taken by an account older than the policies, with the fix", async () => {
    const { code, problems, lines } = await diagnose({ takenByOlder: true });
    const meant = github!.userId("alice-renamed");
    expect(problems).toEqual([
      `✗ @alice, listed as an approver for platform-admins (policies/platform.yml), is pinned to the account with id ${meant}, but the login is now held by the account with id ${github!.userId("alice")}: the account was renamed, so the app refuses approvals under @alice. Pin the account's new login (GitHub's GET /user/${meant} answers it), or take the entry out`,
    ]);
    expect(lines.some((l) => l.startsWith("✓ approvers pinned"))).toBe(false);
    expect(code).toBe(1);
  });

  it("advises, without blocking, where a grant makes its holder an approver: the team itself, or a team it is nested under", async () => {
    const policy = POLICY.replace("teams: [platform-leads]", "teams: [platform-leads, platform]");
    const { code, problems } = await diagnose({ policy, bare: true, teams: ["platform", "platform-admins", "platform-leads"], nested: { "platform-admins": "platform" } });
    expect(problems).toContain("! a grant of `platform-admins` makes its holder an approver of `platform-admins` (it names `platform`, which `platform-admins` is nested under): keep the teams the app grants out of those lists, or accept that a grant confers this too");
    expect(code).toBe(0);
    const direct = await diagnose({ policy: POLICY.replace("teams: [platform-leads]", "teams: [platform-leads, platform-admins]"), bare: true });
    expect(direct.problems).toContain("! a grant of `platform-admins` makes its holder an approver of `platform-admins`: keep the teams the app grants out of those lists, or accept that a grant confers this too");
  });

  it("says when every status label exists", async () => {
    const { lines } = await diagnose({ statusLabels: true });
    expect(lines).toContain("✓ the status labels exist (access:pending, access:granted, access:expired, access:revoked, access:denied, access:timed-out, access:withdrawn, access:tampered)");
  });

  it("still says a classic branch protection exists when it cannot read its rules", async () => {
    const { lines } = await diagnose({ protection: "branch protection", ownerToken: false });
    expect(lines).toContain("✓ acme/access:main has branch protection");
  });

  it("says plainly when APP_ID is not the key's app", async () => {
    const { code, problems } = await diagnose({}, "999");
    expect(problems).toEqual([expect.stringMatching(/^APP_ID or PRIVATE_KEY is wrong: GitHub refused the app's token \(401\)/)]);
    expect(code).toBe(1);
  });
});

// JIT_ACCESS_DOCTOR_TOKEN is a new way in: an owner's credential handed to a command.
describe("doctor's owner token", () => {
  it("is never printed, not even when GitHub refuses it", async () => {
    const { lines, problems, token } = await diagnose({ ownerToken: "ghp_refusedTokenValue0123456789abcdef", protection: "branch protection" });
    expect([...lines, ...problems].join("\n")).not.toContain(String(token));
    expect(problems).toContainEqual(expect.stringMatching(/GitHub refused JIT_ACCESS_DOCTOR_TOKEN \(401\)/));
  });

  it.each([
    ["a header smuggled after a line break", "ghp_abc\r\nX-Evil: 1"],
    ["two words", "ghp_abc ghp_def"],
  ])("refuses %s before any request, saying what is wrong and not echoing it", async (_what, token) => {
    const { code, problems, lines } = await diagnose({ ownerToken: token });
    expect(code).toBe(1);
    expect(problems).toEqual([expect.stringMatching(/^JIT_ACCESS_DOCTOR_TOKEN is not a GitHub token \(one word of letters, digits and _\): set it to an organisation owner's token/)]);
    expect([...lines, ...problems].join("\n")).not.toContain("ghp_abc");
    expect(github?.requests).toEqual([]);
  });
});
