import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { withExitCode } from "../../src/cli/cli-error.js";
import { doctor } from "../../src/cli/doctor.js";
import { GitHubEmulator } from "../../src/emulator/index.js";
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
  label?: false;
  policy?: string;
  teams?: string[];
  protection?: "ruleset" | "ruleset without approvals" | "branch protection" | "none";
  codeowners?: string | false;
}

const reviewRule = (count: number) => ({ type: "pull_request", parameters: { required_approving_review_count: count, dismiss_stale_reviews_on_push: true, require_code_owner_review: true, require_last_push_approval: false, required_review_thread_resolution: false } });

/** An organisation set up as README says, minus whatever `plant` takes away; then `jit-access doctor`. */
async function diagnose(plant: Plant = {}, appId = "4242") {
  github = await GitHubEmulator.start({ app: { id: 4242, slug: "jit-access", webhookSecret: "s", publicKey } });
  github.addOrg(ORG);
  for (const team of plant.teams ?? ["platform-admins", "platform-leads"]) github.addTeam(ORG, team);
  github.addRepo(REPO, { defaultBranch: "main", private: true });
  github.putFile(REPO, "policies/platform.yml", plant.policy ?? POLICY);
  if (plant.label !== false) github.addLabel(REPO, "access-request");
  const protection = plant.protection ?? "ruleset";
  if (protection === "ruleset" || protection === "ruleset without approvals") github.addBranchRule(REPO, "main", reviewRule(protection === "ruleset" ? 1 : 0));
  if (protection === "branch protection") github.protectBranch(REPO, "main");
  if (plant.codeowners !== false) github.putFile(REPO, ".github/CODEOWNERS", plant.codeowners ?? "# Policies decide who joins admin teams.\n/policies/ @acme/security\n");
  if (plant.install !== false) github.install(ORG, plant.install ?? {});
  const env = { APP_ID: appId, PRIVATE_KEY: privateKey, GHE_HOST: new URL(github.url).host, GHE_PROTOCOL: "http", JIT_ACCESS_SIGNING_KEY: "k".repeat(40) };
  const out = captured();
  const code = await withExitCode(out, () => doctor(["--repo", REPO], out, env));
  return { code, lines: out.lines, problems: out.errors };
}

describe("jit-access doctor", () => {
  it("finds nothing wrong in an organisation set up as README says", async () => {
    const { code, lines, problems } = await diagnose();
    expect(problems).toEqual([]);
    expect(lines).toEqual([
      "✓ the configuration is complete",
      '✓ the private key authenticates as the app "jit-access" (id 4242)',
      expect.stringMatching(/^✓ installed on acme\/access \(installation \d+\)$/),
      expect.stringMatching(/^✓ the installation holds every permission it needs \(members: write, issues: write/),
      '✓ the request label "access-request" exists',
      "✓ policies load: 1 team(s)",
      "✓ team acme/platform-admins exists",
      "✓ team acme/platform-leads exists",
      "✓ a ruleset requires a pull request with 1 approving review(s) on acme/access:main",
      "✓ .github/CODEOWNERS names owners for policies/: @acme/security",
      "doctor: nothing blocks jit-access",
    ]);
    expect(code).toBe(0);
  });

  it.each<[string, Plant, RegExp]>([
    ["not installed", { install: false }, /^✗ not installed on acme\/access \(or no such repository\): install the app/],
    ["a permission not granted", { install: { permissions: { members: "read", issues: "write", checks: "write", contents: "read", pull_requests: "read", metadata: "read" } } }, /^✗ the installation lacks members: write \(has read\): an organisation owner accepts/],
    ["the request label missing", { label: false }, /^✗ the request label "access-request" does not exist in acme\/access, so the issue form cannot apply it: gh label create access-request --repo acme\/access$/],
    ["an invalid policy", { policy: "version: 1\nteams:\n  platform-admins:\n    max_duration: forever\n" }, /^✗ the policies in acme\/access:policies do not load, so nothing can be granted: .*platform\.yml/],
    ["an approver team that does not exist", { teams: ["platform-admins"] }, /^✗ team acme\/platform-leads, named in the policies, does not exist/],
    ["an unprotected default branch", { protection: "none" }, /^✗ acme\/access:main is not protected: anyone who can push there decides who joins which team, admin teams included; add a ruleset or branch protection/],
    ["a ruleset that requires no approval", { protection: "ruleset without approvals" }, /^✗ a ruleset requires a pull request on acme\/access:main but no approving review: set "Required approvals" to at least 1/],
  ])("names %s, with the fix, and exits 1", async (_what, plant, finding) => {
    const { code, problems, lines } = await diagnose(plant);
    expect(problems).toEqual([expect.stringMatching(finding)]);
    expect(lines.at(-1)).toBe("doctor: 1 problem(s) block jit-access");
    expect(code).toBe(1);
  });

  it("accepts branch protection, saying what it cannot see", async () => {
    const { code, lines } = await diagnose({ protection: "branch protection" });
    expect(lines).toContain("✓ acme/access:main has branch protection (make sure it requires a reviewed pull request and applies to administrators; the app cannot read its rules)");
    expect(code).toBe(0);
  });

  it.each<[string, Plant, string]>([
    ["no CODEOWNERS", { codeowners: false }, '! no CODEOWNERS file: add .github/CODEOWNERS with "/policies/ @your-org/security" so the security team reviews every policy change (see README "Protect policies/")'],
    ["a CODEOWNERS that misses the folder", { codeowners: "/src/ @acme/devs\n" }, '! .github/CODEOWNERS names no owner for policies/: add "/policies/ @your-org/security" so the security team reviews every policy change (see README "Protect policies/")'],
  ])("advises on %s without blocking", async (_what, plant, advice) => {
    const { code, problems } = await diagnose(plant);
    expect(problems).toEqual([advice]);
    expect(code).toBe(0);
  });

  it("says plainly when APP_ID is not the key's app", async () => {
    const { code, problems } = await diagnose({}, "999");
    expect(problems).toEqual([expect.stringMatching(/^APP_ID or PRIVATE_KEY is wrong: GitHub refused the app's token \(401\)/)]);
    expect(code).toBe(1);
  });
});
