import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { appComments, POLICY, REPO, requestBody, world } from "./world.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  expect(sandbox?.github.unhandled ?? []).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
});

const open = (s: Sandbox, repo = REPO) => s.github.as("jane").openIssue(repo, { title: "Access request", body: requestBody(), labels: ["access-request"] });

/** The policy look-ups made since `since`: "status path" for the commits list and every contents read. */
function policyReads(s: Sandbox, since: number): string[] {
  return s.github.requests
    .slice(since)
    .filter((r) => r.method === "GET" && (r.path.endsWith("/commits") || r.path.includes("/contents/")))
    .map((r) => `${r.status}${r.rateLimited ? "" : " (free)"} ${decodeURIComponent(r.path)}${r.query["ref"] ? `?ref=${r.query["ref"].slice(0, 7)}` : ""}`);
}

describe("loading policies from the default branch", () => {
  it("reads them once, then a second request's load is a 304 that costs no rate limit", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const first = open(sandbox);
    await sandbox.settle();
    const reads = policyReads(sandbox, 0);
    const listing = sandbox.github.requests.find((r) => r.path === `/repos/${REPO}/commits` && r.status === 200);
    const sha = (listing?.responseBody as { sha: string }[])[0]!.sha;
    expect(listing?.query).toMatchObject({ path: "policies", per_page: "1" });
    expect(reads).toEqual([`200 /repos/${REPO}/commits`, `200 /repos/${REPO}/contents/policies?ref=${sha.slice(0, 7)}`, `200 /repos/${REPO}/contents/policies/platform.yml?ref=${sha.slice(0, 7)}`]);
    expect(appComments(sandbox, first)[0]).toContain(`"policyRef":"${sha}"`);

    const before = sandbox.github.requests.length;
    const second = open(sandbox);
    await sandbox.settle();
    expect(policyReads(sandbox, before)).toEqual([`304 (free) /repos/${REPO}/commits`]);
    expect(appComments(sandbox, second)[0]).toContain(`"policyRef":"${sha}"`);
  });

  it("a commit elsewhere in the repository changes nothing; a commit to the policies is read, reusing unchanged files", async () => {
    const w = await world();
    sandbox = w.sandbox;
    open(sandbox);
    await sandbox.settle();

    sandbox.github.putFile(REPO, "README.md", "# access\n");
    let before = sandbox.github.requests.length;
    open(sandbox);
    await sandbox.settle();
    expect(policyReads(sandbox, before)).toEqual([`304 (free) /repos/${REPO}/commits`]);

    const sha = sandbox.github.putFile(REPO, "policies/db.yml", "version: 1\nteams:\n  db-admins:\n    max_duration: 1h\n    approvers: { users: [alice] }\n");
    before = sandbox.github.requests.length;
    const third = open(sandbox);
    await sandbox.settle();
    expect(policyReads(sandbox, before)).toEqual([`200 /repos/${REPO}/commits`, `200 /repos/${REPO}/contents/policies?ref=${sha.slice(0, 7)}`, `200 /repos/${REPO}/contents/policies/db.yml?ref=${sha.slice(0, 7)}`]);
    expect(appComments(sandbox, third)[0]).toContain(`"policyRef":"${sha}"`);
  });
});

describe("a policy file replaced by a link", () => {
  it("is refused, and the file put back is read again", async () => {
    const w = await world();
    sandbox = w.sandbox;
    open(sandbox);
    await sandbox.settle();
    sandbox.github.putFile(REPO, "elsewhere/platform.yml", POLICY.replace("approvals: 1", "approvals: 1\n    self_approval: true"));
    sandbox.github.putSymlink(REPO, "policies/platform.yml", "../elsewhere/platform.yml");
    const linked = open(sandbox);
    await sandbox.settle();
    expect(appComments(sandbox, linked)[0]).toContain("it is a symbolic link");
    const sha = sandbox.github.putFile(REPO, "policies/platform.yml", POLICY);
    const restored = open(sandbox);
    await sandbox.settle();
    expect(appComments(sandbox, restored)[0]).toContain(`"policyRef":"${sha}"`);
    expect(sandbox.github.issue(REPO, restored).labels).toContain("access:pending");
  });
});

describe("four failures, four messages, nothing granted", () => {
  it("no policy folder ever", async () => {
    const w = await world();
    sandbox = w.sandbox;
    sandbox.github.addRepo("acme/other");
    const number = open(sandbox, "acme/other");
    await sandbox.settle();
    expect(sandbox.github.comments("acme/other", number).filter((c) => c.viaApp)[0]?.body).toContain("No policy was found, so nothing can be granted: there is no `policies/` folder on the default branch of acme/other; add policy files there (see docs/policies.md)");
  });

  it.each<[string, (s: Sandbox) => void | Promise<void>, string]>([
    [
      "a policy folder that was deleted",
      (s) => void s.github.deleteFile(REPO, "policies/platform.yml"),
      "No policy was found, so nothing can be granted: there is no `policies/` folder on the default branch of acme/access",
    ],
    [
      "a file GitHub does not send",
      (s) => s.github.failNext({ method: "GET", path: /platform\.yml$/ }, { status: 200, body: { type: "file", name: "platform.yml", path: "policies/platform.yml", encoding: "none", content: "" } }),
      "A policy file could not be read, so nothing can be granted until it can:\n- policies/platform.yml: cannot be read: GitHub did not send its content (files over 1 MB are not served); keep policy files small",
    ],
    [
      "a policy file that is a symbolic link (to a policy file beside it)",
      (s) => void s.github.putSymlink(REPO, "policies/prod.yml", "platform.yml"),
      "A policy file could not be read, so nothing can be granted until it can:\n- policies/prod.yml: cannot be read: it is a symbolic link, and a policy is read only from a file kept in the folder itself (a link may lead to a file the folder's protection does not cover); put the policy's text in the file",
    ],
    [
      "a submodule where a policy file would be (GitHub lists it as a file)",
      (s) => void s.github.putSubmodule(REPO, "policies/shared.yml", "https://github.com/acme/shared.git"),
      "A policy file could not be read, so nothing can be granted until it can:\n- policies/shared.yml: cannot be read: it is a submodule, not a file; keep policy files in this repository's policy folder itself",
    ],
    [
      "the policy folder itself a symbolic link (to a folder nobody reviews)",
      (s) => {
        s.github.putFile(REPO, "unreviewed/platform.yml", POLICY);
        s.github.deleteFile(REPO, "policies/platform.yml");
        s.github.putSymlink(REPO, "policies", "unreviewed");
      },
      "No policy was found, so nothing can be granted: `policies` on the default branch of acme/access is a symbolic link, not a folder of policy files; keep the policy files in the folder itself",
    ],
    [
      "a submodule whose pointer is the blob of a policy text read before (listed as a file with that sha)",
      async (s) => {
        // Read once before, so that the text the loader keeps by its blob sha is in play.
        open(s);
        await s.settle();
        s.github.putSubmodule(REPO, "policies/platform.yml", "https://github.com/acme/shared.git", createHash("sha1").update(`blob ${Buffer.byteLength(POLICY)}\0${POLICY}`).digest("hex"));
      },
      "A policy file could not be read, so nothing can be granted until it can:\n- policies/platform.yml: cannot be read: it is a submodule, not a file",
    ],
    [
      "invalid YAML",
      (s) => void s.github.putFile(REPO, "policies/platform.yml", `${POLICY}  platform-admins:\n    max_duration: 1h\n`),
      'A policy file is not valid YAML, so nothing can be granted until it is fixed:\n- policies/platform.yml:10:3: invalid YAML: the key "platform-admins" appears twice in the same mapping; keep one',
    ],
    [
      "aliases that expand too far",
      (s) => void s.github.putFile(REPO, "policies/platform.yml", `${POLICY}x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n${Array.from({ length: 6 }, (_, k) => `x${k + 1}: &x${k + 1} [${Array(10).fill(`*x${k}`).join(", ")}]`).join("\n")}\n`),
      "A policy file is not valid YAML, so nothing can be granted until it is fixed:\n- policies/platform.yml:1:1: invalid YAML: the policy files stand for more than 1,000,000 values",
    ],
    [
      "an invalid policy",
      (s) => void s.github.putFile(REPO, "policies/platform.yml", POLICY.replace("approvals: 1", "approvals: 0")),
      "The access policies are invalid, so nothing can be granted until they are fixed:\n- policies/platform.yml:9:16: teams.platform-admins.approvals: found 0; expected a whole number from 1 to 10",
    ],
  ])("%s", async (_name, breakPolicies, message) => {
    const w = await world();
    sandbox = w.sandbox;
    await breakPolicies(sandbox);
    const number = open(sandbox);
    await sandbox.settle();
    expect(appComments(sandbox, number)[0]).toContain(message);
    expect(sandbox.github.issue(REPO, number).labels).toContain("access:invalid");
  });
});
