import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes } from "github-emulator/emulator/routes/index.js";
import { APP_PERMISSIONS as GRANTED } from "github-emulator/emulator/shapes/app.js";
import type { World } from "./harness.js";
import { appJwt, startWorld } from "./harness.js";
import type { OpenApi } from "./openapi-schemas.js";
import { describeErrors, GHEC_ONLY, loadOpenApi } from "./openapi-schemas.js";

/**
 * Every route the emulator serves, called over HTTP and checked against
 * GitHub's published OpenAPI description: the status must be one GitHub
 * declares for the operation, and a JSON body must validate against the
 * schema declared for that status.
 */

interface Fixture {
  issue: number;
  pr: number;
  commentId: number;
  botCommentId: number;
  headSha: string;
  /** The number an issue had in acme/access before it was transferred to acme/other. */
  moved: number;
  locked: number;
}

interface Case {
  /** The operation as GitHub's description names it. */
  op: string;
  status: number;
  /** Validate each array item against this component instead; say why in `defect`. */
  items?: { component: string; defect: string };
  call(w: World, f: Fixture): Promise<{ status: number; body: unknown }>;
}

const jwt = { authorization: `Bearer ${appJwt()}` };
const R = "/repos/acme/access";

const cases: Case[] = [
  { op: "GET /app", status: 200, call: (w) => w.api("GET", "/app", undefined, jwt) },
  {
    op: "POST /app-manifests/{code}/conversions",
    status: 201,
    call: (w) => w.api("POST", `/app-manifests/${w.gh.offerManifest({ name: "jit-access", url: "https://github.com/" })}/conversions`, undefined, {}),
  },
  { op: "POST /app-manifests/{code}/conversions", status: 404, call: (w) => w.api("POST", "/app-manifests/0123abcd/conversions", undefined, {}) },
  {
    op: "GET /app/installations",
    status: 200,
    items: {
      component: "installation",
      defect: "the inline item schema makes `account` allOf [simple-user, enterprise], which no real account satisfies",
    },
    call: (w) => w.api("GET", "/app/installations", undefined, jwt),
  },
  { op: "GET /app/installations/{installation_id}", status: 200, call: (w) => w.api("GET", `/app/installations/${w.installationId}`, undefined, jwt) },
  { op: "GET /app/installations/{installation_id}", status: 404, call: (w) => w.api("GET", "/app/installations/999999", undefined, jwt) },
  { op: "GET /repos/{owner}/{repo}/installation", status: 200, call: (w) => w.api("GET", `${R}/installation`, undefined, jwt) },
  { op: "GET /repos/{owner}/{repo}/installation", status: 404, call: (w) => w.api("GET", "/repos/acme/nope/installation", undefined, jwt) },
  { op: "POST /app/installations/{installation_id}/access_tokens", status: 201, call: (w) => w.api("POST", `/app/installations/${w.installationId}/access_tokens`, {}, jwt) },
  { op: "POST /app/installations/{installation_id}/access_tokens", status: 401, call: (w) => w.api("POST", `/app/installations/${w.installationId}/access_tokens`, {}, { authorization: "Bearer nonsense" }) },
  { op: "GET /installation/repositories", status: 200, call: (w) => w.api("GET", "/installation/repositories") },
  { op: "GET /installation/repositories", status: 401, call: (w) => w.api("GET", "/installation/repositories", undefined, { authorization: "token ghs_wrong" }) },
  { op: "GET /repos/{owner}/{repo}", status: 200, call: (w) => w.api("GET", R) },
  { op: "GET /repos/{owner}/{repo}", status: 404, call: (w) => w.api("GET", "/repos/acme/nope") },
  { op: "GET /repos/{owner}/{repo}/branches/{branch}", status: 200, call: (w) => w.api("GET", `${R}/branches/main`) },
  { op: "GET /repos/{owner}/{repo}/branches/{branch}", status: 404, call: (w) => w.api("GET", `${R}/branches/nope`) },
  {
    op: "GET /repos/{owner}/{repo}/branches/{branch}",
    status: 200,
    call: (w) => (w.gh.protectBranch("acme/other", "main"), w.api("GET", "/repos/acme/other/branches/main")),
  },
  {
    op: "GET /repos/{owner}/{repo}/rules/branches/{branch}",
    status: 200,
    call: (w) => (w.gh.addBranchRule("acme/access", "release", { type: "pull_request", parameters: { required_approving_review_count: 1, dismiss_stale_reviews_on_push: true, require_code_owner_review: true, require_last_push_approval: false, required_review_thread_resolution: false } }), w.api("GET", `${R}/rules/branches/release`)),
  },
  { op: "GET /repos/{owner}/{repo}/branches/{branch}/protection", status: 403, call: (w) => w.api("GET", `${R}/branches/main/protection`) },
  {
    op: "GET /repos/{owner}/{repo}/branches/{branch}/protection",
    status: 200,
    call: async (w) => {
      w.gh.addOrg("admin-org");
      w.gh.addRepo("admin-org/access");
      w.gh.protectBranch("admin-org/access", "main", { requiredReviews: 1, codeOwnerReviews: true, enforceAdmins: true, requiredChecks: ["jit-access policies"] });
      return w.api("GET", "/repos/admin-org/access/branches/main/protection", undefined, { authorization: `token ${await w.tokenFor(w.gh.install("admin-org", { permissions: { ...GRANTED, administration: "read" } }))}` });
    },
  },
  {
    op: "GET /repos/{owner}/{repo}/branches/{branch}/protection",
    status: 404,
    call: async (w) => w.api("GET", "/repos/admin-org/access/branches/unprotected/protection", undefined, { authorization: `token ${await w.tokenFor(w.gh.install("admin-org"))}` }),
  },
  { op: "GET /repos/{owner}/{repo}/commits", status: 200, call: (w) => w.api("GET", `${R}/commits?path=policies&sha=main&per_page=5`) },
  { op: "GET /repos/{owner}/{repo}/contents/{path}", status: 200, call: (w) => w.api("GET", `${R}/contents/policies?ref=main`) },
  { op: "GET /repos/{owner}/{repo}/contents/{path}", status: 200, call: (w) => w.api("GET", `${R}/contents/policies/platform.yml`) },
  { op: "GET /repos/{owner}/{repo}/contents/{path}", status: 404, call: (w) => w.api("GET", `${R}/contents/policies/missing.yml`) },
  { op: "GET /repos/{owner}/{repo}/contents/{path}", status: 200, call: (w) => w.api("GET", `${R}/contents/linked`) },
  { op: "GET /repos/{owner}/{repo}/contents/{path}", status: 200, call: (w) => w.api("GET", `${R}/contents/linked/to-readme`) },
  { op: "GET /repos/{owner}/{repo}/contents/{path}", status: 200, call: (w) => w.api("GET", `${R}/contents/linked/dangling`) },
  { op: "GET /repos/{owner}/{repo}/contents/{path}", status: 200, call: (w) => w.api("GET", `${R}/contents/linked/tools`) },
  { op: "GET /repos/{owner}/{repo}/issues", status: 200, call: (w) => w.api("GET", `${R}/issues?state=all&per_page=100`) },
  { op: "GET /repos/{owner}/{repo}/issues/{issue_number}", status: 200, call: (w, f) => w.api("GET", `${R}/issues/${f.issue}`) },
  { op: "GET /repos/{owner}/{repo}/issues/{issue_number}", status: 200, call: (w, f) => w.api("GET", `${R}/issues/${f.pr}`) },
  { op: "GET /repos/{owner}/{repo}/issues/{issue_number}", status: 404, call: (w) => w.api("GET", `${R}/issues/999`) },
  { op: "GET /repos/{owner}/{repo}/issues/{issue_number}", status: 301, call: (w, f) => w.api("GET", `${R}/issues/${f.moved}`, undefined, {}, "manual") },
  { op: "GET /repos/{owner}/{repo}/issues/{issue_number}", status: 200, call: (w, f) => w.api("GET", `${R}/issues/${f.moved}`) },
  {
    op: "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
    status: 301,
    call: (w, f) => w.api("PATCH", `${R}/issues/${f.moved}`, { title: "Moved" }, {}, "manual"),
  },
  { op: "PATCH /repos/{owner}/{repo}/issues/{issue_number}", status: 200, call: (w, f) => w.api("PATCH", `${R}/issues/${f.issue}`, { title: "Access to platform-admins", state: "closed", state_reason: "completed" }) },
  { op: "PATCH /repos/{owner}/{repo}/issues/{issue_number}", status: 422, call: (w, f) => w.api("PATCH", `${R}/issues/${f.issue}`, { state: "half-open" }) },
  { op: "GET /repos/{owner}/{repo}/issues/{issue_number}/comments", status: 200, call: (w, f) => w.api("GET", `${R}/issues/${f.issue}/comments`) },
  { op: "POST /repos/{owner}/{repo}/issues", status: 201, call: (w) => w.api("POST", `${R}/issues`, { title: "Drift: @bob in team platform-admins", body: "Recorded.", labels: ["access:drift"] }) },
  { op: "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", status: 201, call: (w, f) => w.api("POST", `${R}/issues/${f.issue}/comments`, { body: "Recorded." }) },
  { op: "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", status: 422, call: (w, f) => w.api("POST", `${R}/issues/${f.issue}/comments`, {}) },
  { op: "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", status: 403, call: (w, f) => w.api("POST", `${R}/issues/${f.locked}/comments`, { body: "Recorded." }) },
  { op: "GET /repos/{owner}/{repo}/issues/{issue_number}/comments", status: 404, call: (w, f) => w.api("GET", `${R}/issues/${f.moved}/comments`) },
  { op: "GET /repos/{owner}/{repo}/issues/comments/{comment_id}", status: 200, call: (w, f) => w.api("GET", `${R}/issues/comments/${f.botCommentId}`) },
  { op: "GET /repos/{owner}/{repo}/issues/comments/{comment_id}", status: 404, call: (w) => w.api("GET", `${R}/issues/comments/1`) },
  { op: "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", status: 200, call: (w, f) => w.api("PATCH", `${R}/issues/comments/${f.botCommentId}`, { body: "Recorded again." }) },
  { op: "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}", status: 204, call: (w, f) => w.api("DELETE", `${R}/issues/comments/${f.commentId}`) },
  { op: "GET /repos/{owner}/{repo}/issues/{issue_number}/events", status: 200, call: (w, f) => w.api("GET", `${R}/issues/${f.issue}/events`) },
  { op: "GET /repos/{owner}/{repo}/issues/{issue_number}/events", status: 200, call: (w, f) => w.api("GET", `${R}/issues/${f.pr}/events`) },
  { op: "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline", status: 200, call: (w, f) => w.api("GET", `${R}/issues/${f.issue}/timeline`) },
  { op: "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline", status: 200, call: (w, f) => w.api("GET", `${R}/issues/${f.pr}/timeline`) },
  { op: "GET /repos/{owner}/{repo}/issues/{issue_number}/labels", status: 200, call: (w, f) => w.api("GET", `${R}/issues/${f.issue}/labels`) },
  { op: "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", status: 200, call: (w, f) => w.api("POST", `${R}/issues/${f.issue}/labels`, { labels: ["access:granted"] }) },
  { op: "PUT /repos/{owner}/{repo}/issues/{issue_number}/labels", status: 200, call: (w, f) => w.api("PUT", `${R}/issues/${f.issue}/labels`, { labels: ["access-request", "access:granted"] }) },
  { op: "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", status: 200, call: (w, f) => w.api("DELETE", `${R}/issues/${f.issue}/labels/${encodeURIComponent("access:granted")}`) },
  { op: "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", status: 404, call: (w, f) => w.api("DELETE", `${R}/issues/${f.issue}/labels/absent`) },
  { op: "GET /repos/{owner}/{repo}/labels", status: 200, call: (w) => w.api("GET", `${R}/labels`) },
  { op: "POST /repos/{owner}/{repo}/labels", status: 201, call: (w) => w.api("POST", `${R}/labels`, { name: "access:expired", color: "#cccccc", description: "Grant ended" }) },
  { op: "POST /repos/{owner}/{repo}/labels", status: 422, call: (w) => w.api("POST", `${R}/labels`, { name: "ACCESS-REQUEST" }) },
  { op: "PATCH /repos/{owner}/{repo}/labels/{name}", status: 200, call: (w) => w.api("PATCH", `${R}/labels/${encodeURIComponent("access:expired")}`, { new_name: "access:ended", color: "dddddd" }) },
  { op: "PUT /repos/{owner}/{repo}/issues/{issue_number}/lock", status: 204, call: (w, f) => w.api("PUT", `${R}/issues/${f.issue}/lock`, { lock_reason: "resolved" }) },
  { op: "DELETE /repos/{owner}/{repo}/issues/{issue_number}/lock", status: 204, call: (w, f) => w.api("DELETE", `${R}/issues/${f.issue}/lock`) },
  { op: "GET /repos/{owner}/{repo}/pulls/{pull_number}", status: 200, call: (w, f) => w.api("GET", `${R}/pulls/${f.pr}`) },
  { op: "GET /repos/{owner}/{repo}/pulls/{pull_number}", status: 404, call: (w, f) => w.api("GET", `${R}/pulls/${f.issue}`) },
  { op: "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", status: 200, call: (w, f) => w.api("GET", `${R}/pulls/${f.pr}/reviews`) },
  { op: "GET /repos/{owner}/{repo}/pulls/{pull_number}/files", status: 200, call: (w, f) => w.api("GET", `${R}/pulls/${f.pr}/files`) },
  {
    op: "POST /repos/{owner}/{repo}/check-runs",
    status: 201,
    call: (w, f) => w.api("POST", `${R}/check-runs`, { name: "jit-access / policies", head_sha: f.headSha, status: "in_progress" }),
  },
  {
    op: "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}",
    status: 200,
    call: async (w, f) => {
      const created = await w.api("POST", `${R}/check-runs`, { name: "jit-access / policies", head_sha: f.headSha });
      const annotations = [{ path: "policies/platform.yml", start_line: 2, end_line: 2, annotation_level: "failure", message: "teams: required" }];
      const id = (created.body as { id: number }).id;
      return w.api("PATCH", `${R}/check-runs/${id}`, { conclusion: "failure", output: { title: "1 error", summary: "Invalid policy", annotations } });
    },
  },
  { op: "GET /orgs/{org}/memberships/{username}", status: 200, call: (w) => w.api("GET", "/orgs/acme/memberships/carol") },
  { op: "GET /orgs/{org}/memberships/{username}", status: 404, call: (w) => w.api("GET", "/orgs/acme/memberships/outsider") },
  { op: "GET /orgs/{org}/members/{username}", status: 204, call: (w) => w.api("GET", "/orgs/acme/members/alice") },
  { op: "GET /orgs/{org}/members/{username}", status: 404, call: (w) => w.api("GET", "/orgs/acme/members/carol") },
  { op: "GET /orgs/{org}/teams", status: 200, call: (w) => w.api("GET", "/orgs/acme/teams?per_page=2&page=2") },
  { op: "GET /orgs/{org}/teams/{team_slug}", status: 200, call: (w) => w.api("GET", "/orgs/acme/teams/platform") },
  { op: "GET /orgs/{org}/teams/{team_slug}", status: 404, call: (w) => w.api("GET", "/orgs/acme/teams/nope") },
  { op: "GET /orgs/{org}/teams/{team_slug}/members", status: 200, call: (w) => w.api("GET", "/orgs/acme/teams/engineering/members") },
  { op: "GET /orgs/{org}/teams/{team_slug}/teams", status: 200, call: (w) => w.api("GET", "/orgs/acme/teams/engineering/teams") },
  { op: "PATCH /orgs/{org}/teams/{team_slug}", status: 200, call: (w) => w.api("PATCH", "/orgs/acme/teams/okta-admins", { parent_team_id: null }) },
  { op: "GET /orgs/{org}/teams/{team_slug}/memberships/{username}", status: 200, call: (w) => w.api("GET", "/orgs/acme/teams/engineering/memberships/bob") },
  { op: "GET /orgs/{org}/teams/{team_slug}/memberships/{username}", status: 404, call: (w) => w.api("GET", "/orgs/acme/teams/platform/memberships/alice") },
  { op: "PUT /orgs/{org}/teams/{team_slug}/memberships/{username}", status: 200, call: (w) => w.api("PUT", "/orgs/acme/teams/platform-admins/memberships/alice", { role: "member" }) },
  { op: "PUT /orgs/{org}/teams/{team_slug}/memberships/{username}", status: 200, call: (w) => w.api("PUT", "/orgs/acme/teams/platform-admins/memberships/outsider") },
  { op: "PUT /orgs/{org}/teams/{team_slug}/memberships/{username}", status: 403, call: (w) => w.api("PUT", "/orgs/acme/teams/okta-admins/memberships/alice") },
  { op: "DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}", status: 204, call: (w) => w.api("DELETE", "/orgs/acme/teams/platform-admins/memberships/bob") },
  { op: "DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}", status: 404, call: (w) => w.api("DELETE", "/orgs/acme/teams/platform-admins/memberships/bob") },
  { op: "DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}", status: 403, call: (w) => w.api("DELETE", "/orgs/acme/teams/okta-admins/memberships/alice") },
  { op: "GET /users/{username}", status: 200, call: (w) => w.api("GET", "/users/alice") },
  { op: "GET /users/{username}", status: 200, call: (w) => w.api("GET", `/users/${encodeURIComponent("jit-access[bot]")}`) },
  { op: "GET /users/{username}", status: 404, call: (w) => w.api("GET", "/users/nobody") },
];

/**
 * Statuses the emulator answers where GitHub does too but its description
 * leaves them out (GitHub's 404 for an absent team membership on DELETE is
 * documented in prose only).
 */
const UNDECLARED = new Set([
  "DELETE /orgs/{org}/teams/{team_slug}/memberships/{username} 404",
  // "Resource not accessible by integration": the installation lacks administration, which the description's 200/404 leave out.
  "GET /repos/{owner}/{repo}/branches/{branch}/protection 403",
]);

let api: OpenApi;
let w: World;
let fixture: Fixture;

beforeAll(async () => {
  api = loadOpenApi();
  w = await startWorld();
  const alice = w.gh.as("alice");
  const bob = w.gh.as("bob");
  const issue = alice.openIssue("acme/access", { title: "Access", body: "### Team\n\nplatform-admins", labels: ["access-request"] });
  const commentId = bob.comment("acme/access", issue, "/approve");
  const posted = await w.api("POST", `${R}/issues/${issue}/comments`, { body: "Approved by bob." });
  await w.api("POST", `${R}/issues/${issue}/labels`, { labels: ["access:pending"] });
  alice.editIssue("acme/access", issue, { title: "Access please" });
  bob.close("acme/access", issue);
  bob.reopen("acme/access", issue);
  const pr = alice.openPullRequest("acme/access", { title: "Request", body: "### Team\n\nplatform", files: { "policies/platform.yml": "version: 1\nteams:\n  platform: {}\n" } });
  const review = bob.review("acme/access", pr, "APPROVE", "ok");
  bob.review("acme/access", pr, "COMMENT", "note");
  w.gh.as("alice").dismissReview("acme/access", pr, review);
  const head = await w.api("GET", `${R}/pulls/${pr}`);
  const rerun = await w.api("POST", `${R}/check-runs`, { name: "jit-access policies", head_sha: (head.body as { head: { sha: string } }).head.sha, status: "completed", conclusion: "success", output: { title: "Policies valid", summary: "ok" } });
  bob.rerequestCheckRun("acme/access", (rerun.body as { id: number }).id);
  w.gh.addRepo("acme/other");
  await w.api("POST", "/repos/acme/other/labels", { name: "access-request" });
  const moved = alice.openIssue("acme/access", { title: "Moved", body: "### Team\n\nplatform", labels: ["access-request", "urgent"] });
  bob.comment("acme/access", moved, "/approve");
  bob.transferIssue("acme/access", moved, "acme/other");
  const locked = alice.openIssue("acme/access", { title: "Locked", body: "" });
  bob.lock("acme/access", locked, "too heated");
  // A folder with a file, a link to a file, a link to nothing in the repository, and a submodule.
  w.gh.putFile("acme/access", "linked/a.yml", "version: 1\n");
  w.gh.putSymlink("acme/access", "linked/to-readme", "../README.md");
  w.gh.putSymlink("acme/access", "linked/dangling", "../nowhere.yml");
  w.gh.putSubmodule("acme/access", "linked/tools", "https://github.com/acme/tools.git");
  fixture = {
    issue,
    pr,
    commentId,
    botCommentId: (posted.body as { id: number }).id,
    headSha: (head.body as { head: { sha: string } }).head.sha,
    moved,
    locked,
  };
});

afterAll(async () => {
  await w.gh.stop();
});

describe("REST responses match GitHub's OpenAPI description", () => {
  it.each(cases.map((entry) => [`${entry.op} -> ${entry.status}`, entry] as const))("%s", async (_name, entry) => {
    const [method, path] = entry.op.split(" ") as [string, string];
    const response = await entry.call(w, fixture);
    expect(response.status, JSON.stringify(response.body)).toBe(entry.status);
    const lower = method.toLowerCase();
    if (UNDECLARED.has(`${entry.op} ${entry.status}`)) return;
    expect(api.declaresStatus(lower, path, entry.status), `GitHub declares ${entry.status} for ${entry.op}`).toBe(true);
    if (!api.hasResponseSchema(lower, path, entry.status)) {
      if (entry.status === 204) expect(response.body).toBeUndefined();
      return;
    }
    if (entry.items) {
      const validate = api.component(entry.items.component);
      expect(Array.isArray(response.body) && response.body.length > 0).toBe(true);
      for (const item of response.body as unknown[]) expect(validate(item), describeErrors(validate.errors)).toBe(true);
      return;
    }
    const validate = api.response(lower, path, entry.status);
    expect(validate(response.body), describeErrors(validate.errors)).toBe(true);
  });

  it("covers every served route with a successful call, and each is a GitHub operation", () => {
    const toOpenApi = (pattern: string): string => pattern.replace(/[:*]([a-z_]+)/g, "{$1}");
    const served = routes.map((route) => `${route.method} ${toOpenApi(route.pattern)}`).filter((op) => !GHEC_ONLY.has(op)).sort();
    const succeeded = new Set(cases.filter((entry) => entry.status < 300).map((entry) => entry.op));
    expect(served.filter((op) => !succeeded.has(op))).toEqual([]);
    const unknown = served.filter((op) => {
      const [method, path] = op.split(" ") as [string, string];
      return !api.hasOperation(method.toLowerCase(), path);
    });
    expect(unknown).toEqual([]);
  });
});

describe("the schema checks have teeth", () => {
  it("rejects an issue without its node_id and a webhook without its sender", async () => {
    const issue = (await w.api("GET", `${R}/issues/${fixture.issue}`)).body as Record<string, unknown>;
    const validateIssue = api.response("get", "/repos/{owner}/{repo}/issues/{issue_number}", 200);
    expect(validateIssue(issue)).toBe(true);
    expect(validateIssue({ ...issue, node_id: undefined })).toBe(false);
    expect(validateIssue({ ...issue, user: { login: "x" } })).toBe(false);
    const delivery = w.gh.deliveries.find((entry) => entry.event === "issue_comment");
    const validateWebhook = api.webhook("issue_comment", "created");
    expect(validateWebhook(delivery?.payload)).toBe(true);
    expect(validateWebhook({ ...delivery?.payload, sender: undefined })).toBe(false);
  });
});

describe("webhook payloads match GitHub's webhook schemas", () => {
  it("validates every delivery the fixture and the calls above caused", async () => {
    const bob = w.gh.as("bob");
    bob.removeLabel("acme/access", fixture.issue, "access-request");
    const other = bob.comment("acme/access", fixture.issue, "second thoughts");
    w.gh.as("alice").editComment("acme/access", other, "edited by alice");
    w.gh.as("alice").deleteComment("acme/access", other);
    w.gh.as("alice").editIssue("acme/access", fixture.pr, { body: "### Team\n\nplatform-admins" });
    w.gh.as("alice").addLabels("acme/access", fixture.pr, ["access-request"]);
    w.gh.as("alice").removeLabel("acme/access", fixture.pr, "access-request");
    w.gh.as("alice").close("acme/access", fixture.pr);
    w.gh.as("alice").reopen("acme/access", fixture.pr);
    w.gh.addTeam("acme", "doomed", { parent: "engineering" });
    bob.deleteTeam("acme", "doomed");
    await w.gh.settle();
    const kinds = new Set<string>();
    for (const delivery of w.gh.deliveries) {
      const kind = `${delivery.event}.${delivery.action ?? ""}`;
      kinds.add(kind);
      const validate = api.webhook(delivery.event, delivery.action ?? "");
      expect(validate(delivery.payload), `${kind}\n${describeErrors(validate.errors)}`).toBe(true);
    }
    expect([...kinds].sort()).toEqual([
      "check_run.rerequested",
      "issue_comment.created",
      "issue_comment.deleted",
      "issue_comment.edited",
      "issues.closed",
      "issues.edited",
      "issues.labeled",
      "issues.locked",
      "issues.opened",
      "issues.reopened",
      "issues.transferred",
      "issues.unlabeled",
      "issues.unlocked",
      "membership.added",
      "membership.removed",
      "pull_request.closed",
      "pull_request.edited",
      "pull_request.labeled",
      "pull_request.opened",
      "pull_request.reopened",
      "pull_request.unlabeled",
      "pull_request_review.dismissed",
      "pull_request_review.submitted",
      "team.deleted",
      "team.edited",
    ]);
  });
});
