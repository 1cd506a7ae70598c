import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { POLICY, REPO, world, writes } from "./world.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  expect(sandbox?.github.unhandled ?? []).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
});

/** Opens a pull request that commits `files` on a new branch, and waits for the app. */
async function pullRequest(files: Record<string, string>): Promise<{ s: Sandbox; number: number; headSha: string }> {
  const w = await world();
  sandbox = w.sandbox;
  const number = sandbox.github.as("alice").openPullRequest(REPO, { title: "Change policies", body: "", files });
  await sandbox.settle();
  const opened = sandbox.github.deliveries.find((d) => d.event === "pull_request")?.payload as { pull_request: { head: { sha: string } } };
  return { s: sandbox, number, headSha: opened.pull_request.head.sha };
}

describe("the policy check run on pull requests", () => {
  it("a handler that fails answers GitHub with a fixed text, never the error (which quotes GitHub's answer), and logs the error masked, the installation's patterns too", async () => {
    const { s } = await pullRequest({ "policies/platform.yml": POLICY.replace("approvals: 1", "approvals: 0") });
    s.github.putFile(REPO, "policies/settings.yml", "version: 1\nsettings:\n  masking: { patterns: ['CUST-[0-9]{4}'] }\n");
    await s.jit.sweeper.sweep();
    await s.settle();
    const echoed = "Validation Failed: jane.doe@example.com for CUST-1234";
    s.github.failNext({ method: "POST", path: /\/check-runs$/ }, { status: 422, body: { message: echoed } });
    const first = s.github.deliveries.find((d) => d.event === "pull_request")!;
    s.github.redeliver(first.id);
    await s.settle();
    const again = s.github.deliveries.at(-1)!;
    expect(again.id).toBe(first.id);
    expect(again.status).toBe(500);
    expect(JSON.parse(again.failureBody ?? "null")).toEqual({ error: `WebhookHandlerFailed: jit-access could not handle this webhook (delivery ${first.id}); the app's log says why` });
    const logged = s.logs.join("\n");
    expect(logged).toContain("a webhook handler failed");
    expect(logged).toContain("Validation Failed: j***@example.com for [masked]");
    expect(logged).not.toContain("jane.doe@example.com");
    expect(logged).not.toContain("CUST-1234");
  });

  it("fails a change that breaks the policies, with an annotation on each problem's line", async () => {
    const broken = POLICY.replace("approvals: 1", "approvals: 0").replace("max_duration: 2h", "max_duraton: 2h");
    const { s, number, headSha } = await pullRequest({ "policies/platform.yml": broken });
    const [run, ...others] = s.github.checkRuns(REPO);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ name: "jit-access policies", status: "completed", conclusion: "failure", title: "3 problems in the policy files" });
    expect(run?.annotations.map((a) => `${a.path}:${a.start_line} ${a.annotation_level} ${a.message}`)).toEqual([
      "policies/platform.yml:3 failure teams.platform-admins.max_duration: missing; expected a duration such as 30m, 2h, 1d, 1h30m or PT2H",
      'policies/platform.yml:4 failure teams.platform-admins.max_duraton: unknown key "max_duraton"; did you mean "max_duration"? Allowed here: description, max_duration, default_duration, requesters, approvers, approvals, distinct_teams, self_approval, ticket, pending_timeout, escalation, approval_label, break_glass, standing',
      "policies/platform.yml:9 failure teams.platform-admins.approvals: found 0; expected a whole number from 1 to 10",
    ]);
    expect(run?.headSha).toBe(headSha);
    expect(s.github.requests.some((r) => r.path.endsWith("/contents/policies") && r.query["ref"] === headSha)).toBe(true);
    expect(writes(s).filter((w) => !w.includes("/check-runs"))).toEqual([]);
    expect(s.github.issue(REPO, number).labels).toEqual([]);
  });

  it("passes a valid change and says what it widens, adds and removes", async () => {
    const { s } = await pullRequest({
      "policies/platform.yml": POLICY.replace("max_duration: 2h", "max_duration: 8h"),
      "policies/db.yml": "# yaml-language-server: $schema=./schema.json\nversion: 1\nteams:\n  db-admins:\n    max_duration: 1h\n    approvers: { teams: [dba] }\n",
    });
    const [run] = s.github.checkRuns(REPO);
    expect(run).toMatchObject({ conclusion: "success", title: "Policies valid: 1 team added, 1 team widened", annotations: [] });
    expect(run?.summary).toContain("- `platform-admins`: max_duration raised from 2h to 8h");
    expect(run?.summary).toContain("- `db-admins`: up to 1h, 1 approval from team `dba`");
  });

  it("checks again when the pull request is reopened", async () => {
    const { s, number } = await pullRequest({ "policies/platform.yml": POLICY.replace("approvals: 1", "approvals: 2") });
    s.github.as("alice").close(REPO, number);
    s.github.as("alice").reopen(REPO, number);
    await s.settle();
    expect(s.github.checkRuns(REPO).map((r) => `${r.conclusion} ${r.title}`)).toEqual(["success Policies valid: 1 team narrowed", "success Policies valid: 1 team narrowed"]);
  });

  it("checks a pull request that does not touch the policies too, and passes it as no change, so that the check can be required", async () => {
    const { s, headSha } = await pullRequest({ "README.md": "# access, now with more words\n" });
    expect(s.github.checkRuns(REPO)).toEqual([expect.objectContaining({ name: "jit-access policies", headSha, status: "completed", conclusion: "success", title: "Policies valid: no change to who can get access" })]);
    expect(writes(s)).toEqual([`POST /repos/${REPO}/check-runs`]);
  });

  it("fails a pull request that touches no policy file when its head holds invalid policies: what is checked is the head's policy folder, not the file list", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const s = w.sandbox;
    // The invalid policy reaches the head through the branch the pull request starts from, not through its own files
    // (as after a base branch with a bad policy, or a pull request retargeted onto one: its file list shows none of it).
    s.github.putFile(REPO, "policies/platform.yml", POLICY.replace("approvals: 1", "approvals: 0"));
    const number = s.github.as("alice").openPullRequest(REPO, { title: "Docs", body: "", files: { "README.md": "words\n" } });
    await s.settle();
    expect(s.github.checkRuns(REPO)).toEqual([expect.objectContaining({ conclusion: "failure" })]);
    expect(s.github.issue(REPO, number).labels).toEqual([]);
  });

  it("passes a pull request in a repository with no policies at its head nor on its default branch", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const s = w.sandbox;
    s.github.addRepo("acme/other", { defaultBranch: "main", private: true });
    s.github.install("acme");
    s.github.as("alice").openPullRequest("acme/other", { title: "Docs", body: "", files: { "README.md": "words\n" } });
    await s.settle();
    expect(s.github.checkRuns("acme/other")).toEqual([expect.objectContaining({ conclusion: "success", title: "No policies in this repository" })]);
  });

  it("checks in full a pull request whose file list GitHub cuts at 3,000: a policy file may be past its end", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`a/${String(i).padStart(4, "0")}.txt`] = `${i}\n`;
    files["policies/platform.yml"] = POLICY.replace("approvals: 1", "approvals: 0");
    const { s } = await pullRequest(files);
    // The file list (GitHub's stops at 3,000, before the policy file) is not what decides.
    expect(s.github.checkRuns(REPO)).toEqual([expect.objectContaining({ conclusion: "failure" })]);
  });

  it("sends more than 50 annotations in batches GitHub accepts", async () => {
    const teams = Array.from({ length: 60 }, (_, i) => `  team-${i}:\n    max_duration: 1h\n    approvers: { users: [alice] }\n    approvals: 0\n`).join("");
    const { s } = await pullRequest({ "policies/many.yml": `version: 1\nteams:\n${teams}` });
    expect(writes(s)).toEqual([`POST /repos/${REPO}/check-runs`, expect.stringMatching(new RegExp(`^PATCH /repos/${REPO}/check-runs/\\d+$`))]);
    const [run] = s.github.checkRuns(REPO);
    expect(run?.conclusion).toBe("failure");
    expect(run?.annotations).toHaveLength(60);
    expect(new Set(run?.annotations.map((a) => a.start_line)).size).toBe(60);
  });

  it("checks again when someone re-runs the check in the Checks tab", async () => {
    const { s, headSha } = await pullRequest({ "policies/platform.yml": POLICY.replace("approvals: 1", "approvals: 0") });
    const [first] = s.github.checkRuns(REPO);
    // Nothing was pushed: the same head is checked again, as a new run.
    s.github.as("carol").rerequestCheckRun(REPO, first!.id);
    await s.settle();
    const runs = s.github.checkRuns(REPO);
    expect(runs.map((r) => `${r.headSha === headSha} ${r.conclusion}`)).toEqual(["true failure", "true failure"]);
    expect(runs[1]?.id).not.toBe(first?.id);
  });
});
