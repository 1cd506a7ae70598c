import { createHmac, generateKeyPairSync } from "node:crypto";
import { verify } from "@octokit/webhooks-methods";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GitHubEmulator } from "github-emulator/emulator/index.js";
import { IDP_SYNCED_MESSAGE } from "github-emulator/emulator/index.js";
import type { ReceivedWebhook, World } from "./harness.js";
import { APP_ID, SECRET, SLUG, appJwt, startReceiver, startWorld } from "./harness.js";

const R = "/repos/acme/access";
const BOT = `${SLUG}[bot]`;
const START = Date.UTC(2024, 4, 1, 9, 0, 0);

let now = START;
let w: World;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  now = START;
  w = await startWorld(() => now);
  cleanups.push(() => w.gh.stop());
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(onWebhook?: (webhook: ReceivedWebhook) => Promise<number> | number) {
  const started = await startReceiver(onWebhook);
  cleanups.push(() => started.close());
  w.gh.setWebhookUrl(started.url);
  return started;
}

const kinds = (gh: GitHubEmulator): string[] => gh.deliveries.map((d) => `${d.event}.${d.action ?? ""}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("authentication", () => {
  it("requires a valid app JWT for app routes", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    expect((await w.api("GET", "/app", undefined, { authorization: "" })).status).toBe(401);
    expect((await w.api("GET", "/app", undefined, { authorization: `Bearer ${appJwt({ privateKey: other.privateKey })}` })).status).toBe(401);
    expect((await w.api("GET", "/app", undefined, { authorization: `Bearer ${appJwt({ iss: 1 })}` })).status).toBe(401);
    expect((await w.api("GET", "/app", undefined, { authorization: `Bearer ${appJwt({ expiresIn: 1 })}` })).status).toBe(401);
    expect((await w.api("GET", "/app", undefined, { authorization: `token ${w.token}` })).status).toBe(401);
    const app = await w.api("GET", "/app", undefined, { authorization: `Bearer ${appJwt()}` });
    expect(app.status).toBe(200);
    expect(app.body).toMatchObject({ id: APP_ID, slug: SLUG, name: "JIT Access" });
  });

  it("issues ghs_ installation tokens that expire an hour later by the emulator's clock", async () => {
    const created = await w.api("POST", `/app/installations/${w.installationId}/access_tokens`, {}, { authorization: `Bearer ${appJwt()}` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ expires_at: "2024-05-01T10:00:00Z", repository_selection: "all" });
    expect((created.body as { token: string }).token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
  });

  it("answers 401 Bad credentials without a live installation token, and 404 outside the installation", async () => {
    const bad = await w.api("GET", `${R}/issues`, undefined, { authorization: "token ghs_000000000000000000000000000000000000" });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ message: "Bad credentials" });
    expect((await w.api("GET", `${R}/issues`, undefined, { authorization: `Bearer ${appJwt()}` })).status).toBe(401);
    expect((await w.api("GET", `${R}/issues`, undefined, { authorization: `bearer ${w.token}` })).status).toBe(200);
    w.gh.addOrg("globex");
    w.gh.addRepo("globex/secrets");
    w.gh.install("globex");
    expect((await w.api("GET", "/repos/globex/secrets")).status).toBe(404);
  });
});

describe("issues, comments, labels and the timeline", () => {
  it("numbers issues and pull requests in one sequence per repository", () => {
    const alice = w.gh.as("alice");
    expect(alice.openIssue("acme/access", { title: "one", body: "" })).toBe(1);
    expect(alice.openPullRequest("acme/access", { title: "two", body: "", files: { "x.txt": "x" } })).toBe(2);
    expect(alice.openIssue("acme/access", { title: "three", body: "" })).toBe(3);
    expect(w.gh.issue("acme/access", 2).isPullRequest).toBe(true);
  });

  it("sends opened then one labeled per label, and records who labeled", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b", labels: ["access-request", "urgent"] });
    expect(kinds(w.gh)).toEqual(["issues.opened", "issues.labeled", "issues.labeled"]);
    expect(w.gh.deliveries.map((d) => (d.payload["label"] as { name?: string } | undefined)?.name)).toEqual([undefined, "access-request", "urgent"]);
    expect(w.gh.issue("acme/access", n).labels).toEqual(["access-request", "urgent"]);
    const opened = w.gh.deliveries[0]?.payload["issue"] as { labels: { name: string }[] };
    expect(opened.labels.map((l) => l.name)).toEqual(["access-request", "urgent"]);
    const events = (await w.api("GET", `${R}/issues/${n}/events`)).body as { event: string; actor: { login: string }; label: { name: string } }[];
    expect(events.map((e) => [e.event, e.actor.login, e.label.name])).toEqual([
      ["labeled", "alice", "access-request"],
      ["labeled", "alice", "urgent"],
    ]);
  });

  it("refuses a comment body over 65,536 characters as GitHub does, and takes one of exactly that many", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    const long = await w.api("POST", `${R}/issues/${n}/comments`, { body: "é".repeat(65_537) });
    expect(long.status).toBe(422);
    expect(long.body).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "IssueComment", code: "unprocessable", field: "data", message: "Body is too long (maximum is 65536 characters)" }],
    });
    expect((await w.api("POST", `${R}/issues/${n}/comments`, { body: "é".repeat(65_536) })).status).toBe(201);
    const [comment] = w.gh.comments("acme/access", n);
    expect((await w.api("PATCH", `${R}/issues/comments/${comment!.id}`, { body: "x".repeat(65_537) })).status).toBe(422);
  });

  it("makes the app's writes carry the bot identity and send webhooks with the bot as sender", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    const posted = await w.api("POST", `${R}/issues/${n}/comments`, { body: "Recorded." });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ user: { login: BOT, type: "Bot" }, performed_via_github_app: { id: APP_ID, slug: SLUG }, body: "Recorded." });
    const labeled = await w.api("POST", `${R}/issues/${n}/labels`, { labels: ["access:pending"] });
    expect((labeled.body as { name: string }[]).map((l) => l.name)).toEqual(["access:pending"]);
    const closed = await w.api("PATCH", `${R}/issues/${n}`, { state: "closed", state_reason: "not_planned" });
    expect(closed.body).toMatchObject({ state: "closed", state_reason: "not_planned", closed_by: { login: BOT } });
    expect(kinds(w.gh)).toEqual(["issues.opened", "issue_comment.created", "issues.labeled", "issues.closed"]);
    for (const delivery of w.gh.deliveries.slice(1)) {
      expect(delivery.payload["sender"]).toMatchObject({ login: BOT, type: "Bot" });
      expect(delivery.payload["installation"]).toEqual({ id: w.installationId, node_id: expect.any(String) });
    }
    expect(w.gh.comments("acme/access", n)).toEqual([expect.objectContaining({ author: BOT, viaApp: true, body: "Recorded." })]);
    const timeline = (await w.api("GET", `${R}/issues/${n}/timeline`)).body as Record<string, unknown>[];
    expect(timeline.map((item) => item["event"])).toEqual(["commented", "labeled", "closed"]);
    expect(timeline[1]).toMatchObject({ actor: { login: BOT }, label: { name: "access:pending" }, performed_via_github_app: { id: APP_ID } });
  });

  it("reports edits with the previous values and bumps updated_at", async () => {
    const alice = w.gh.as("alice");
    const n = alice.openIssue("acme/access", { title: "Access", body: "### Team\n\nops" });
    const id = w.gh.as("bob").comment("acme/access", n, "/approve");
    now += 60_000;
    alice.editIssue("acme/access", n, { body: "### Team\n\nplatform-admins" });
    now += 60_000;
    w.gh.as("bob").editComment("acme/access", id, "/deny");
    const [edited, commentEdited] = w.gh.deliveries.slice(2);
    expect(edited?.payload).toMatchObject({ action: "edited", changes: { body: { from: "### Team\n\nops" } } });
    expect(commentEdited?.payload).toMatchObject({ action: "edited", changes: { body: { from: "/approve" } }, comment: { body: "/deny", updated_at: "2024-05-01T09:02:00Z" } });
    expect(w.gh.issue("acme/access", n).updatedAt).toBe("2024-05-01T09:02:00Z");
    const comment = (await w.api("GET", `${R}/issues/comments/${id}`)).body;
    expect(comment).toMatchObject({ created_at: "2024-05-01T09:00:00Z", updated_at: "2024-05-01T09:02:00Z" });
  });

  it("removes deleted comments from the comments list and the timeline", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    const keep = w.gh.as("bob").comment("acme/access", n, "keep");
    const gone = w.gh.as("bob").comment("acme/access", n, "/approve");
    w.gh.as("bob").deleteComment("acme/access", gone);
    expect(kinds(w.gh).at(-1)).toBe("issue_comment.deleted");
    expect(w.gh.deliveries.at(-1)?.payload["comment"]).toMatchObject({ id: gone, body: "/approve" });
    expect(w.gh.comments("acme/access", n).map((c) => c.id)).toEqual([keep]);
    const timeline = (await w.api("GET", `${R}/issues/${n}/timeline`)).body as { id: number }[];
    expect(timeline.map((item) => item.id)).toEqual([keep]);
    expect((await w.api("GET", `${R}/issues/comments/${gone}`)).status).toBe(404);
  });

  it("answers 404 for removing a label the issue does not carry", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b", labels: ["access-request"] });
    expect((await w.api("DELETE", `${R}/issues/${n}/labels/absent`)).status).toBe(404);
    const removed = await w.api("DELETE", `${R}/issues/${n}/labels/ACCESS-REQUEST`);
    expect(removed).toMatchObject({ status: 200, body: [] });
    expect(kinds(w.gh).at(-1)).toBe("issues.unlabeled");
  });

  it("spells review states in upper case in REST and lower case in webhooks and the timeline", async () => {
    const pr = w.gh.as("alice").openPullRequest("acme/access", { title: "Request", body: "b", files: { "policies/x.yml": "version: 1\n" } });
    const review = w.gh.as("bob").review("acme/access", pr, "APPROVE", "ok");
    w.gh.as("alice").dismissReview("acme/access", pr, review);
    expect(() => w.gh.as("alice").review("acme/access", pr, "APPROVE")).toThrow(/own pull request/);
    expect(w.gh.deliveries.slice(1).map((d) => [d.event, d.action, (d.payload["review"] as { state: string }).state])).toEqual([
      ["pull_request_review", "submitted", "approved"],
      ["pull_request_review", "dismissed", "dismissed"],
    ]);
    const reviews = (await w.api("GET", `${R}/pulls/${pr}/reviews`)).body as { state: string }[];
    expect(reviews.map((r) => r.state)).toEqual(["DISMISSED"]);
    const timeline = (await w.api("GET", `${R}/issues/${pr}/timeline`)).body as { event: string; state?: string }[];
    expect(timeline.map((item) => [item.event, item.state])).toEqual([
      ["reviewed", "dismissed"],
      ["review_dismissed", undefined],
    ]);
    const files = (await w.api("GET", `${R}/pulls/${pr}/files`)).body;
    expect(files).toEqual([expect.objectContaining({ filename: "policies/x.yml", status: "added", additions: 1 })]);
  });

  it("lists pull requests among issues, filters by label and paginates with a link header", async () => {
    const alice = w.gh.as("alice");
    for (let i = 0; i < 5; i++) alice.openIssue("acme/access", { title: `r${i}`, body: "", labels: i % 2 ? [] : ["access-request"] });
    alice.openPullRequest("acme/access", { title: "pr", body: "", labels: ["access-request"] });
    const first = await w.api("GET", `${R}/issues?labels=access-request&per_page=2&state=open`);
    expect((first.body as { number: number }[]).map((i) => i.number)).toEqual([6, 5]);
    expect((first.body as { pull_request?: unknown }[])[0]?.pull_request).toBeDefined();
    expect(first.headers.get("link")).toContain('page=2>; rel="next"');
    const last = await w.api("GET", `${R}/issues?labels=access-request&per_page=2&state=open&page=2`);
    expect((last.body as { number: number }[]).map((i) => i.number)).toEqual([3, 1]);
    expect(last.headers.get("link")).not.toContain('rel="next"');
  });

  it("serves file contents in base64 and directory listings, from any ref", async () => {
    const policy = "version: 1\nteams:\n  platform-admins:\n    max_duration: 2h\n".repeat(3);
    w.gh.putFile("acme/access", "policies/platform.yml", policy);
    const file = (await w.api("GET", `${R}/contents/policies/platform.yml`)).body as { content: string; encoding: string };
    expect(file.encoding).toBe("base64");
    expect(Buffer.from(file.content, "base64").toString("utf8")).toBe(policy);
    const pr = w.gh.as("alice").openPullRequest("acme/access", { title: "p", body: "", files: { "policies/new.yml": "version: 1\n" } });
    const head = ((await w.api("GET", `${R}/pulls/${pr}`)).body as { head: { ref: string } }).head.ref;
    const onMain = (await w.api("GET", `${R}/contents/policies`)).body as { name: string }[];
    const onHead = (await w.api("GET", `${R}/contents/policies?ref=${head}`)).body as { name: string; type: string }[];
    expect(onMain.map((e) => e.name)).toEqual(["platform.yml"]);
    expect(onHead.map((e) => [e.name, e.type])).toEqual([
      ["new.yml", "file"],
      ["platform.yml", "file"],
    ]);
    expect((await w.api("GET", `${R}/contents/policies/new.yml`)).status).toBe(404);
    const commits = (await w.api("GET", `${R}/commits?path=policies`)).body as { commit: { message: string } }[];
    expect(commits.map((c) => c.commit.message)).toEqual(["Update policies/platform.yml", "Update policies/platform.yml"]);
  });

  it("lists a symbolic link as a symlink and a submodule as a file, and answers each as GitHub documents", async () => {
    w.gh.putFile("acme/access", "policies/platform.yml", "version: 1\n");
    w.gh.putSymlink("acme/access", "policies/prod.yml", "platform.yml");
    w.gh.putSymlink("acme/access", "policies/outside.yml", "../../elsewhere.yml");
    w.gh.putSubmodule("acme/access", "policies/shared.yml", "https://github.com/acme/shared.git");
    const listing = (await w.api("GET", `${R}/contents/policies`)).body as { name: string; type: string }[];
    expect(listing.map((e) => [e.name, e.type])).toEqual([
      ["outside.yml", "symlink"],
      ["platform.yml", "file"],
      ["prod.yml", "symlink"],
      ["shared.yml", "file"],
    ]);
    // A link to a file of the repository answers with that file, under its own path.
    expect((await w.api("GET", `${R}/contents/policies/prod.yml`)).body).toMatchObject({ type: "file", path: "policies/platform.yml", encoding: "base64" });
    expect((await w.api("GET", `${R}/contents/policies/outside.yml`)).body).toMatchObject({ type: "symlink", path: "policies/outside.yml", target: "../../elsewhere.yml" });
    expect((await w.api("GET", `${R}/contents/policies/shared.yml`)).body).toMatchObject({ type: "submodule", submodule_git_url: "https://github.com/acme/shared.git", git_url: expect.stringContaining("/repos/acme/shared/git/trees/") });
    // One hosted elsewhere has null git and html links, in `_links` too (GitHub's documentation).
    w.gh.putSubmodule("acme/access", "policies/vendored.yml", "https://example.com/vendored.git");
    const elsewhere = (await w.api("GET", `${R}/contents/policies/vendored.yml`)).body as Record<string, unknown>;
    expect({ git_url: elsewhere["git_url"], html_url: elsewhere["html_url"], _links: elsewhere["_links"] }).toMatchObject({ git_url: null, html_url: null, _links: { git: null, html: null } });
  });
});

describe("conditional requests and rate limits", () => {
  it("answers a matching If-None-Match with 304, recorded as not rate limited", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    const first = await w.api("GET", `${R}/issues/${n}`);
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const remaining = Number(first.headers.get("x-ratelimit-remaining"));
    const second = await w.api("GET", `${R}/issues/${n}`, undefined, { "if-none-match": etag });
    expect(second.status).toBe(304);
    expect(second.body).toBeUndefined();
    expect(Number(second.headers.get("x-ratelimit-remaining"))).toBe(remaining);
    expect(w.gh.requests.at(-1)).toMatchObject({ method: "GET", path: `${R}/issues/${n}`, status: 304, rateLimited: false });
    expect(w.gh.requests.at(-2)).toMatchObject({ status: 200, rateLimited: true });
    w.gh.as("bob").comment("acme/access", n, "hi");
    const third = await w.api("GET", `${R}/issues/${n}`, undefined, { "if-none-match": etag });
    expect(third.status).toBe(200);
    expect(Number(third.headers.get("x-ratelimit-remaining"))).toBe(remaining - 1);
    expect(third.headers.get("x-ratelimit-resource")).toBe("core");
  });

  it("spends GraphQL's own budget in points, apart from REST's core budget, as GitHub keeps them", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    const core = Number((await w.api("GET", `${R}/issues/${n}`)).headers.get("x-ratelimit-remaining"));
    const query = `query($n: Int!) { rateLimit { cost remaining used } repository(owner: "acme", name: "access") { issue(number: $n) { timelineItems(first: 100) { nodes { ... on IssueComment { userContentEdits(first: 1) { totalCount } } } } } } }`;
    const answer = await w.api("POST", "/graphql", { query, variables: { n } });
    // 1 + 100 requests by GitHub's formula: 1 point, reported by rateLimit and in the headers of the graphql resource.
    expect((answer.body as { data: { rateLimit: unknown } }).data.rateLimit).toEqual({ cost: 1, remaining: 4999, used: 1 });
    expect(answer.headers.get("x-ratelimit-resource")).toBe("graphql");
    expect(answer.headers.get("x-ratelimit-remaining")).toBe("4999");
    const after = await w.api("GET", `${R}/issues/${n}`);
    expect(Number(after.headers.get("x-ratelimit-remaining"))).toBe(core - 1);
  });
});

describe("team membership", () => {
  it("includes members of child teams, at any depth", async () => {
    const via = await w.api("GET", "/orgs/acme/teams/engineering/memberships/bob");
    expect(via).toMatchObject({ status: 200, body: { state: "active", role: "member" } });
    expect((await w.api("GET", "/orgs/acme/teams/platform-admins/memberships/alice")).status).toBe(404);
    const members = (await w.api("GET", "/orgs/acme/teams/engineering/members")).body as { login: string }[];
    expect(members.map((m) => m.login).sort()).toEqual(["alice", "bob"]);
  });

  it("makes an org non-member pending, a member active, and refuses idp-synced teams", async () => {
    expect(await w.api("PUT", "/orgs/acme/teams/platform-admins/memberships/outsider")).toMatchObject({ status: 200, body: { state: "pending" } });
    expect(await w.api("PUT", "/orgs/acme/teams/platform-admins/memberships/alice")).toMatchObject({ status: 200, body: { state: "active" } });
    expect((await w.api("GET", "/orgs/acme/memberships/outsider")).body).toMatchObject({ state: "pending" });
    expect(w.gh.teamMembers("acme", "platform-admins")).toEqual([
      { login: "bob", state: "active" },
      { login: "outsider", state: "pending" },
      { login: "alice", state: "active" },
    ]);
    const synced = await w.api("PUT", "/orgs/acme/teams/okta-admins/memberships/alice");
    expect(synced).toMatchObject({ status: 403, body: { message: IDP_SYNCED_MESSAGE } });
    expect(IDP_SYNCED_MESSAGE).toMatch(/identity provider/);
    expect(w.gh.teamMembers("acme", "okta-admins")).toEqual([]);
  });

  it("deletes direct memberships only (404 otherwise)", async () => {
    expect((await w.api("DELETE", "/orgs/acme/teams/engineering/memberships/bob")).status).toBe(404);
    expect((await w.api("DELETE", "/orgs/acme/teams/platform-admins/memberships/bob")).status).toBe(204);
    expect((await w.api("DELETE", "/orgs/acme/teams/platform-admins/memberships/bob")).status).toBe(404);
    expect((await w.api("GET", "/orgs/acme/teams/engineering/memberships/bob")).status).toBe(404);
  });

  it("lists the organisation's teams with their ids, and a membership's url names its team's id", async () => {
    const put = (await w.api("PUT", "/orgs/acme/teams/platform-admins/memberships/alice")).body as { url: string };
    const listed = (await w.api("GET", "/orgs/acme/teams?per_page=100")).body as { id: number; slug: string; parent: { slug: string } | null }[];
    expect(listed.map((t) => t.slug)).toEqual(["engineering", "platform", "platform-admins", "okta-admins"]);
    expect(listed[2]?.parent?.slug).toBe("platform");
    expect(put.url).toContain(`/team/${listed[2]?.id}/memberships/alice`);
  });

  it("serves the team routes under GitHub's id form, /organizations/{org_id}/team/{team_id}, whatever the team's slug now", async () => {
    const team = (await w.api("GET", "/orgs/acme/teams/platform-admins")).body as { id: number; organization: { id: number } };
    const byId = `/organizations/${team.organization.id}/team/${team.id}`;
    w.gh.as("bob").renameTeam("acme", "platform-admins", "Platform operators");
    expect(await w.api("GET", byId)).toMatchObject({ status: 200, body: { slug: "platform-operators" } });
    expect(await w.api("GET", `${byId}/memberships/bob`)).toMatchObject({ status: 200, body: { state: "active" } });
    expect((await w.api("DELETE", `${byId}/memberships/bob`)).status).toBe(204);
    expect((await w.api("DELETE", `${byId}/memberships/bob`)).status).toBe(404);
    expect((await w.api("GET", `/organizations/${team.organization.id}/team/999999/memberships/bob`)).status).toBe(404);
    expect((await w.api("GET", `/organizations/999999/team/${team.id}`)).status).toBe(404);
    expect(w.gh.unhandled).toEqual([]);
  });

  it("deletes a team with its memberships and child teams, sending team.deleted; a new team under the slug has a new id", async () => {
    await receiver();
    const before = ((await w.api("GET", "/orgs/acme/teams/platform")).body as { id: number }).id;
    w.gh.as("carol").deleteTeam("acme", "platform");
    await w.gh.settle();
    expect((await w.api("GET", "/orgs/acme/teams/platform")).status).toBe(404);
    expect((await w.api("GET", "/orgs/acme/teams/platform-admins")).status).toBe(404);
    expect((await w.api("DELETE", "/orgs/acme/teams/platform-admins/memberships/bob")).status).toBe(404);
    expect(kinds(w.gh).filter((k) => k.startsWith("team."))).toEqual(["team.deleted", "team.deleted"]);
    w.gh.addTeam("acme", "platform");
    const again = (await w.api("GET", "/orgs/acme/teams/platform")).body as { id: number };
    expect(again.id).not.toBe(before);
  });
});

describe("webhooks", () => {
  it("signs the raw body with the webhook secret and sends GitHub's headers", async () => {
    const hook = await receiver();
    w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    await w.gh.settle();
    const [received] = hook.received;
    if (!received) throw new Error("no webhook received");
    const signature = String(received.headers["x-hub-signature-256"]);
    expect(await verify(SECRET, received.raw, signature)).toBe(true);
    expect(await verify("another-secret", received.raw, signature)).toBe(false);
    expect(signature).toBe(`sha256=${createHmac("sha256", SECRET).update(received.raw).digest("hex")}`);
    expect(received.headers).toMatchObject({ "x-github-event": "issues", "content-type": "application/json", "user-agent": "GitHub-Hookshot/emulator" });
    expect(received.headers["x-github-delivery"]).toBe(w.gh.deliveries[0]?.id);
    expect(String(received.headers["x-github-delivery"])).toMatch(/^[0-9a-f-]{36}$/);
    expect(w.gh.deliveries[0]?.status).toBe(200);
  });

  it("delivers one at a time, in order, without holding up REST responses", async () => {
    let inFlight = 0;
    let most = 0;
    // Deliveries wait at the gate until the REST call has answered: a REST response held up by them never comes, and the test times out.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const hook = await receiver(async () => {
      most = Math.max(most, ++inFlight);
      await gate;
      await sleep(10);
      inFlight--;
      return 202;
    });
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b", labels: ["a", "b"] });
    await w.api("POST", `${R}/issues/${n}/comments`, { body: "Recorded." });
    open();
    await w.gh.settle();
    expect(most).toBe(1);
    expect(hook.received.map((h) => `${String(h.headers["x-github-event"])}.${String(h.payload["action"])}`)).toEqual([
      "issues.opened",
      "issues.labeled",
      "issues.labeled",
      "issue_comment.created",
    ]);
    expect(w.gh.deliveries.map((d) => d.status)).toEqual([202, 202, 202, 202]);
  });

  it("settle() waits for webhooks caused by the app's writes during its handler", async () => {
    const hook = await receiver(async ({ payload }) => {
      if (payload["action"] === "opened") {
        const n = (payload["issue"] as { number: number }).number;
        await sleep(20);
        await w.api("POST", `${R}/issues/${n}/comments`, { body: "Received your request." });
      }
      return 200;
    });
    w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    await w.gh.settle();
    expect(hook.received.map((h) => String(h.headers["x-github-event"]))).toEqual(["issues", "issue_comment"]);
    expect(hook.received[1]?.payload["sender"]).toMatchObject({ login: BOT });
  });

  it("can pause, drop, and records network errors as status 0", async () => {
    const hook = await receiver();
    w.gh.pauseWebhooks();
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    await w.gh.settle();
    expect(hook.received).toHaveLength(0);
    w.gh.resumeWebhooks();
    await w.gh.settle();
    expect(hook.received).toHaveLength(1);
    w.gh.dropNextWebhooks(1);
    w.gh.as("bob").comment("acme/access", n, "dropped");
    w.gh.as("bob").comment("acme/access", n, "sent");
    await w.gh.settle();
    expect(w.gh.deliveries.slice(1).map((d) => [d.dropped, d.status])).toEqual([
      [true, null],
      [false, 200],
    ]);
    expect(hook.received.map((h) => (h.payload["comment"] as { body?: string } | undefined)?.body)).toEqual([undefined, "sent"]);
    await hook.close();
    w.gh.as("bob").comment("acme/access", n, "nobody listens");
    await w.gh.settle();
    expect(w.gh.deliveries.at(-1)?.status).toBe(0);
  });

  it("sends nothing for organizations where the app is not installed", () => {
    w.gh.addOrg("globex");
    w.gh.addUser("gina", { orgs: { globex: "active" } });
    w.gh.addRepo("globex/access");
    w.gh.as("gina").openIssue("globex/access", { title: "x", body: "" });
    expect(w.gh.deliveries).toHaveLength(0);
  });
});

describe("GitHub Enterprise's /api/v3 prefix", () => {
  it("serves the same API under /api/v3, records the path without it, and keeps it in pagination links", async () => {
    for (let i = 0; i < 3; i++) w.gh.as("alice").openIssue("acme/access", { title: `r${i}`, body: "" });
    const prefixed = await w.api("GET", `/api/v3${R}/issues?per_page=2`);
    const plain = await w.api("GET", `${R}/issues?per_page=2`);
    expect(prefixed.status).toBe(200);
    expect(prefixed.body).toEqual(plain.body);
    expect(prefixed.headers.get("link")).toContain(`/api/v3${R}/issues?per_page=2&page=2>; rel="next"`);
    w.gh.failNext({ method: "PUT", path: /^\/orgs\/acme\/teams\/platform-admins\/memberships\/alice$/ }, { status: 502 });
    expect((await w.api("PUT", "/api/v3/orgs/acme/teams/platform-admins/memberships/alice")).status).toBe(502);
    expect(w.gh.requests.slice(-3).map((r) => r.path)).toEqual([`${R}/issues`, `${R}/issues`, "/orgs/acme/teams/platform-admins/memberships/alice"]);
    expect((await w.api("GET", `/api/v4${R}`)).status).toBe(404);
  });
});

describe("unhandled routes and injected faults", () => {
  it("records requests to routes it does not serve and names them in the 404", async () => {
    const response = await w.api("GET", `${R}/git/trees/main?recursive=1`);
    expect(response.status).toBe(404);
    expect((response.body as { message: string }).message).toContain(`GET ${R}/git/trees/main`);
    expect(w.gh.unhandled).toEqual([expect.objectContaining({ method: "GET", path: `${R}/git/trees/main`, query: { recursive: "1" }, status: 404 })]);
    expect((await w.api("GET", `${R}/issues/999`)).status).toBe(404);
    expect(w.gh.unhandled).toHaveLength(1);
  });

  it("fails the next matching requests as told, then serves again", async () => {
    w.gh.failNext({ method: "PUT", path: /\/memberships\/alice$/ }, { status: 502, headers: { "retry-after": "1" }, times: 2 });
    const path = "/orgs/acme/teams/platform-admins/memberships/alice";
    const first = await w.api("PUT", path);
    expect(first.status).toBe(502);
    expect(first.headers.get("retry-after")).toBe("1");
    expect((await w.api("PUT", path)).status).toBe(502);
    expect(w.gh.teamMembers("acme", "platform-admins").map((m) => m.login)).toEqual(["bob"]);
    expect((await w.api("PUT", path)).status).toBe(200);
    expect(w.gh.requests.slice(-3).map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it("can fail a request after performing it, as a lost answer", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    w.gh.failNext({ method: "POST", path: /\/comments$/ }, { status: 502, afterPerforming: true });
    const lost = await w.api("POST", `${R}/issues/${n}/comments`, { body: "Recorded." });
    expect(lost.status).toBe(502);
    expect(w.gh.comments("acme/access", n).map((c) => c.body)).toEqual(["Recorded."]);
    expect((await w.api("POST", `${R}/issues/${n}/comments`, { body: "Again." })).status).toBe(201);
  });
});

describe("a renamed repository", () => {
  it("redirects its old name to /repositories/{id} (301 for GET, 307 otherwise) until a repository takes the name", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    const id = ((await w.api("GET", R)).body as { id: number }).id;
    w.gh.as("bob").renameRepo("acme/access", "access-requests");
    const moved = await w.api("GET", `${R}/installation?x=1`, undefined, { authorization: `Bearer ${appJwt()}` }, "manual");
    expect(moved.status).toBe(301);
    expect(moved.headers.get("location")).toBe(`${w.gh.url}/repositories/${id}/installation?x=1`);
    expect((await w.api("PATCH", `${R}/issues/${n}`, { title: "x" }, undefined, "manual")).status).toBe(307);
    const followed = await w.api("GET", R);
    expect(followed).toMatchObject({ status: 200, body: { id, full_name: "acme/access-requests" } });
    expect(((await w.api("GET", `/repos/acme/access-requests/issues/${n}`)).body as { title: string }).title).toBe("Access");
    w.gh.addRepo("acme/access");
    expect(await w.api("GET", R, undefined, undefined, "manual")).toMatchObject({ status: 200, body: { full_name: "acme/access" } });
    expect(((await w.api("GET", R)).body as { id: number }).id).not.toBe(id);
  });
});
