import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { POLICY, REPO, requestBody, world } from "./world.js";

/**
 * Policy settings.masking belongs to the installation whose policies set it:
 * one organisation's custom patterns never mask another's output, and a
 * pattern removed from the policy stops applying once the policy is read again.
 */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  expect(sandbox?.github.unhandled ?? []).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
});

const OTHER = "globex/access";
const MASKING = `settings:\n  masking: { patterns: ['CUST-[0-9]{4}'] }\n`;
const JUSTIFICATION = "customer CUST-1234 is down";

function appComments(s: Sandbox, repo: string, n: number): string {
  return s.github.comments(repo, n).filter((c) => c.viaApp).map((c) => c.body).join("\n");
}

function request(s: Sandbox, repo: string, who: string): number {
  return s.github.as(who).openIssue(repo, { title: "Access request", body: requestBody({ justification: JUSTIFICATION }), labels: ["access-request"] });
}

async function twoOrganisations() {
  const w = await world();
  sandbox = w.sandbox;
  const github = w.sandbox.github;
  github.putFile(REPO, "policies/platform.yml", `${POLICY}${MASKING}`);
  github.addOrg("globex");
  github.addUser("gina", { orgs: { globex: "active" } });
  github.addTeam("globex", "platform-admins");
  github.addRepo(OTHER, { defaultBranch: "main", private: true });
  github.putFile(OTHER, "policies/platform.yml", POLICY.replace("users: [alice]", "users: [gina]"));
  github.install("globex");
  return w.sandbox;
}

describe("masking settings per installation", () => {
  it("a pattern from one organisation's policy does not mask another organisation's output", async () => {
    const s = await twoOrganisations();
    const acme = request(s, REPO, "jane");
    await s.settle();
    expect(appComments(s, REPO, acme)).toContain("customer [masked] is down");
    const globex = request(s, OTHER, "gina");
    await s.settle();
    expect(appComments(s, OTHER, globex)).toContain(JUSTIFICATION);
    // And acme's own output is still masked after globex's policies were read.
    s.github.as("jane").comment(REPO, acme, "/extend 1h");
    await s.settle();
    expect(appComments(s, REPO, acme)).not.toContain("CUST-1234");
  });

  it("a pattern removed from the policy stops applying once the policy is read again", async () => {
    const s = await twoOrganisations();
    const before = request(s, REPO, "jane");
    await s.settle();
    expect(appComments(s, REPO, before)).toContain("customer [masked] is down");
    s.github.putFile(REPO, "policies/platform.yml", POLICY);
    const after = request(s, REPO, "jane");
    await s.settle();
    expect(appComments(s, REPO, after)).toContain(JUSTIFICATION);
  });
});
