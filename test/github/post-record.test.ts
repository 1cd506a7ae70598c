import { describe, expect, it } from "vitest";
import { GitHubError } from "../../src/github/errors.js";
import type { World } from "../emulator/harness.js";
import { retryingClient, worldPerTest } from "./retrying-client.js";

/**
 * Posting a record through Probot's own Octokit, retry plugin on: a record is
 * sent once, and a lost answer is looked for rather than sent again.
 */
let w: World;
worldPerTest((world) => (w = world));

const client = () => retryingClient(w);

const posts = () => w.gh.requests.filter((r) => r.method === "POST" && r.path.endsWith("/comments")).map((r) => r.status);

describe("posting a sealed record", () => {
  it("is never sent again by the retry plugin when its answer is lost, and is found by reading back", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    const ref = { installationId: w.installationId, owner: "acme", repo: "access", number: n };
    const github = client();
    w.gh.failNext({ method: "POST", path: /\/comments$/ }, { status: 502, afterPerforming: true });
    const body = "Granted.\n\n<!-- jit-access:record {\"id\":\"rec_1\"} -->";
    await expect(github.createComment(ref, body, { sealed: true })).rejects.toBeInstanceOf(GitHubError);
    expect(posts()).toEqual([502]);
    const [made] = w.gh.comments("acme/access", n);
    w.gh.as("bob").comment("acme/access", n, body);
    expect(await github.findPostedComment(ref, body)).toEqual({ id: made!.id });
    expect(await github.findPostedComment(ref, `${body} `.replace("rec_1", "rec_2"))).toBeUndefined();
  });

  it("while any other comment is retried by the plugin", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    const ref = { installationId: w.installationId, owner: "acme", repo: "access", number: n };
    w.gh.failNext({ method: "POST", path: /\/comments$/ }, { status: 502 });
    await client().createComment(ref, "The policy could not be read.", { sealed: false });
    expect(posts()).toEqual([502, 201]);
  });
});
