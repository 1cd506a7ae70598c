import { describe, expect, it } from "vitest";
import { GitHubError } from "../../src/github/errors.js";
import type { World } from "../emulator/harness.js";
import { retryingClient, worldPerTest } from "./retrying-client.js";

/**
 * The batched write (one GraphQL request: comment, labels, close, lock)
 * through Probot's own Octokit, retry plugin on, against the emulator.
 */
let w: World;
worldPerTest((world) => (w = world));

const client = () => retryingClient(w);

const mutations = () => w.gh.requests.filter((r) => r.path === "/graphql" && /^\s*mutation/.test(String((r.requestBody as { query?: unknown }).query)));

async function issueWithLabels(): Promise<{ n: number; subjectId: string; labels: Record<string, string> }> {
  const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b", labels: ["access:pending"] });
  const issue = (await w.api("GET", `/repos/acme/access/issues/${n}`)).body as { node_id: string };
  const created = (await w.api("POST", "/repos/acme/access/labels", { name: "access:granted" })).body as { node_id: string };
  const listed = (await w.api("GET", "/repos/acme/access/labels")).body as { name: string; node_id: string }[];
  const labels = Object.fromEntries(listed.map((l) => [l.name, l.node_id]));
  expect(labels["access:granted"]).toBe(created.node_id);
  return { n, subjectId: issue.node_id, labels };
}

describe("a batched write", () => {
  it("masks the comment it sends, and refuses a sealed record masking would change, sending nothing", async () => {
    const { n, subjectId } = await issueWithLabels();
    const github = client();
    const written = await github.writeIssue({ subjectId, isPullRequest: false, comment: "Reach jane.doe@example.com" }, { sealed: false });
    expect(w.gh.comments("acme/access", n).map((c) => c.body)).toEqual(["Reach j***@example.com"]);
    expect(written.commentId).toBe(w.gh.comments("acme/access", n)[0]!.id);
    expect(JSON.stringify(mutations().map((r) => r.requestBody))).not.toContain("jane.doe@example.com");
    const sent = mutations().length;
    await expect(github.writeIssue({ subjectId, isPullRequest: false, comment: "Granted to jane.doe@example.com", lock: true }, { sealed: true })).rejects.toThrow(/not masked/);
    expect(mutations()).toHaveLength(sent);
    expect(w.gh.issue("acme/access", n).locked).toBe(false);
  });

  it("runs comment, label changes, close and lock in that order, as one request", async () => {
    const { n, subjectId, labels } = await issueWithLabels();
    const before = w.gh.requests.length;
    const result = await client().writeIssue({ subjectId, isPullRequest: false, comment: "Expired.", removeLabelIds: [labels["access:pending"]!], addLabelIds: [labels["access:granted"]!], close: "completed", lock: true }, { sealed: true });
    expect(result).toEqual({ commentId: w.gh.comments("acme/access", n)[0]!.id, failed: {} });
    expect(w.gh.requests.slice(before).map((r) => `${r.method} ${r.path}`).filter((r) => !r.endsWith("/access_tokens"))).toEqual(["POST /graphql"]);
    const issue = w.gh.issue("acme/access", n);
    expect({ labels: issue.labels, state: issue.state, locked: issue.locked }).toEqual({ labels: ["access:granted"], state: "closed", locked: true });
  });

  it("tells which fields GitHub refused; the others are done", async () => {
    const { n, subjectId, labels } = await issueWithLabels();
    const gone = Buffer.from("05:Label999999").toString("base64");
    const result = await client().writeIssue({ subjectId, isPullRequest: false, comment: "Granted.", addLabelIds: [gone], lock: true }, { sealed: true });
    expect(result.commentId).toBeDefined();
    expect(Object.keys(result.failed)).toEqual(["label"]);
    expect(w.gh.issue("acme/access", n).locked).toBe(true);
    expect(labels["access:pending"]).toBeDefined();
  });

  it("is sent once when its answer is lost (the caller looks for the comment)", async () => {
    const { n, subjectId } = await issueWithLabels();
    w.gh.failNext({ method: "POST", path: /^\/graphql$/ }, { status: 502, afterPerforming: true });
    const before = mutations().length;
    await expect(client().writeIssue({ subjectId, isPullRequest: false, comment: "Granted." }, { sealed: true })).rejects.toBeInstanceOf(GitHubError);
    expect(mutations().length - before).toBe(1);
    expect(w.gh.comments("acme/access", n)).toHaveLength(1);
  });
});
