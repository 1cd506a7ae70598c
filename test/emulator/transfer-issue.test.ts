import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { World } from "./harness.js";
import { startReceiver, startWorld } from "./harness.js";

let w: World;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  w = await startWorld();
  cleanups.push(() => w.gh.stop());
  w.gh.addUser("admin", { orgs: { acme: "active" } });
  w.gh.addRepo("acme/other");
  // Two issues there already, so the transferred one gets a number of its own (3).
  w.gh.as("bob").openIssue("acme/other", { title: "one", body: "" });
  w.gh.as("bob").openIssue("acme/other", { title: "two", body: "" });
  await w.api("POST", "/repos/acme/other/labels", { name: "Access-Request", color: "00ff00" });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Issue #1 of acme/access by alice, with two labels, a comment by bob and one by the app. */
async function request(): Promise<{ n: number; id: number; botCommentId: number; bobCommentId: number }> {
  const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "### Team\n\nplatform", labels: ["access-request", "urgent"] });
  const bobCommentId = w.gh.as("bob").comment("acme/access", n, "/approve");
  const posted = await w.api("POST", `/repos/acme/access/issues/${n}/comments`, { body: "Recorded." });
  const id = ((await w.api("GET", `/repos/acme/access/issues/${n}`)).body as { id: number }).id;
  return { n, id, botCommentId: (posted.body as { id: number }).id, bobCommentId };
}

describe("transferIssue", () => {
  it("gives the issue a new id and number in the target, keeps its comments and only the labels the target has", async () => {
    const { n, id, botCommentId, bobCommentId } = await request();
    const moved = w.gh.as("admin").transferIssue("acme/access", n, "acme/other");
    expect(moved).toBe(3);

    const issue = (await w.api("GET", `/repos/acme/other/issues/${moved}`)).body as Record<string, unknown>;
    expect(issue).toMatchObject({ number: 3, title: "Access", user: { login: "alice" }, repository_url: `${w.gh.url}/repos/acme/other`, comments: 2 });
    expect(issue["id"]).not.toBe(id);
    expect((issue["labels"] as { name: string }[]).map((label) => label.name)).toEqual(["Access-Request"]);
    const comments = (await w.api("GET", `/repos/acme/other/issues/${moved}/comments`)).body as { id: number; issue_url: string; user: { login: string } }[];
    expect(comments.map((comment) => [comment.id, comment.user.login])).toEqual([
      [bobCommentId, "bob"],
      [botCommentId, "jit-access[bot]"],
    ]);
    expect(comments[0]?.issue_url).toBe(`${w.gh.url}/repos/acme/other/issues/3`);
    expect((await w.api("GET", `/repos/acme/other/issues/comments/${botCommentId}`)).status).toBe(200);
    expect((await w.api("GET", `/repos/acme/access/issues/comments/${botCommentId}`)).status).toBe(404);
    const events = (await w.api("GET", `/repos/acme/other/issues/${moved}/events`)).body as { event: string }[];
    expect(events.map((event) => event.event)).toEqual(["labeled", "labeled"]);
    expect((await w.api("GET", "/repos/acme/access/issues?state=all")).body).toEqual([]);
    expect(w.gh.issue("acme/other", 3).labels).toEqual(["Access-Request"]);
  });

  it("answers the old issue URL with 301 to the new one, which fetch and Octokit follow; its sub-resources are 404", async () => {
    const { n } = await request();
    w.gh.as("admin").transferIssue("acme/access", n, "acme/other");
    const location = `${w.gh.url}/repos/acme/other/issues/3`;

    const raw = await w.api("GET", `/repos/acme/access/issues/${n}`, undefined, {}, "manual");
    expect(raw.status).toBe(301);
    expect(raw.headers.get("location")).toBe(location);
    expect(raw.body).toMatchObject({ message: "Moved Permanently", url: location });

    expect((await w.api("GET", `/repos/acme/access/issues/${n}`)).body).toMatchObject({ number: 3, url: location });
    const octokit = new Octokit({ baseUrl: w.gh.url, auth: w.token });
    const followed = await octokit.rest.issues.get({ owner: "acme", repo: "access", issue_number: n });
    expect(followed.data).toMatchObject({ number: 3, url: location });

    const patched = await w.api("PATCH", `/repos/acme/access/issues/${n}`, { title: "Access, moved" });
    expect(patched.body).toMatchObject({ number: 3, title: "Access, moved" });
    for (const sub of ["comments", "events", "timeline", "labels"]) {
      expect((await w.api("GET", `/repos/acme/access/issues/${n}/${sub}`)).status, sub).toBe(404);
    }
    expect((await w.api("POST", `/repos/acme/access/issues/${n}/comments`, { body: "lost" })).status).toBe(404);
  });

  it("sends issues.transferred for the old repository and issues.opened for the new one, to the same installation", async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    w.gh.setWebhookUrl(receiver.url);
    const { n, id } = await request();
    await w.gh.settle();
    const before = w.gh.deliveries.length;
    w.gh.as("admin").transferIssue("acme/access", n, "acme/other");
    await w.gh.settle();

    const [transferred, opened, ...rest] = w.gh.deliveries.slice(before);
    expect(rest).toEqual([]);
    expect(transferred).toMatchObject({ event: "issues", action: "transferred", status: 200 });
    expect(transferred?.payload).toMatchObject({
      repository: { full_name: "acme/access" },
      issue: { id, number: n, url: `${w.gh.url}/repos/acme/access/issues/${n}` },
      changes: { new_issue: { number: 3, url: `${w.gh.url}/repos/acme/other/issues/3` }, new_repository: { full_name: "acme/other" } },
      sender: { login: "admin", id: w.gh.userId("admin") },
      installation: { id: w.installationId },
    });
    expect(opened).toMatchObject({ event: "issues", action: "opened", status: 200 });
    expect(opened?.payload).toMatchObject({
      repository: { full_name: "acme/other" },
      issue: { number: 3, labels: [{ name: "Access-Request" }] },
      changes: { old_issue: { id, number: n }, old_repository: { full_name: "acme/access" } },
      installation: { id: w.installationId },
    });
    // The installation covers the whole organization, so the app reads the issue where it now lives.
    expect((await w.api("GET", "/repos/acme/other/issues/3")).status).toBe(200);
  });

  it("refuses pull requests, other owners and a private-to-public move", async () => {
    const admin = w.gh.as("admin");
    const pr = w.gh.as("alice").openPullRequest("acme/access", { title: "PR", body: "", files: { "a.txt": "a" } });
    expect(() => admin.transferIssue("acme/access", pr, "acme/other")).toThrow(/Pull requests cannot be transferred/);
    w.gh.addOrg("globex");
    w.gh.addRepo("globex/elsewhere");
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "" });
    expect(() => admin.transferIssue("acme/access", n, "globex/elsewhere")).toThrow(/same user or organization/);
    expect(() => admin.transferIssue("acme/access", n, "acme/access")).toThrow(/already in this repository/);
    w.gh.addRepo("acme/vault", { private: true });
    const secret = w.gh.as("alice").openIssue("acme/vault", { title: "Secret", body: "" });
    expect(() => admin.transferIssue("acme/vault", secret, "acme/other")).toThrow(/private repository/);
    expect(w.gh.issue("acme/access", n).title).toBe("Access");
  });
});
