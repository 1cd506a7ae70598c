import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROUTE_NEEDS } from "github-emulator/emulator/installation-permissions.js";
import { routes } from "github-emulator/emulator/routes/index.js";
import { APP_PERMISSIONS } from "github-emulator/emulator/shapes/app.js";
import type { World } from "./harness.js";
import { appJwt, startWorld } from "./harness.js";

/**
 * GitHub checks an installation token's permissions on every call, and so
 * does the emulator: each route's permission ("Permissions required for
 * GitHub Apps"), and on the issues endpoints the one of the issue or pull
 * request acted on: `issues` for one, `pull_requests` for the other.
 */
let w: World;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(async () => {
  await w.gh.stop();
});

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

/** The installation on another organisation, made by {@link installedGranting}. */
let betaInstallation = 0;

/** An installation on another organisation that granted `permissions`, and its token's REST call. */
async function installedGranting(permissions: Record<string, string>): Promise<Call> {
  w.gh.addOrg("beta");
  w.gh.addRepo("beta/access");
  betaInstallation = w.gh.install("beta", { permissions });
  const token = await w.tokenFor(betaInstallation);
  return (method, path, body) => w.api(method, path, body, { authorization: `token ${token}` });
}

/** The app's permissions with `pull_requests` at `level` only. */
const installedWith = (level: string): Promise<Call> => installedGranting({ ...APP_PERMISSIONS, pull_requests: level });

/** The app's permissions less `name` (or with it at `level`). */
function without(name: keyof typeof APP_PERMISSIONS, level?: string): Record<string, string> {
  const { [name]: _dropped, ...rest } = APP_PERMISSIONS;
  return level === undefined ? rest : { ...rest, [name]: level };
}

const NOT_ACCESSIBLE = { status: 403, body: { message: "Resource not accessible by integration" } };

describe("an installation's permissions on the issues endpoints", () => {
  it("refuses writes to a pull request without pull_requests: write, with GitHub's 403, and allows them on an issue", async () => {
    const call = await installedWith("read");
    w.gh.addUser("dana", { orgs: { beta: "active" } });
    const pull = w.gh.as("dana").openPullRequest("beta/access", { title: "Access", body: "b", files: { "x.txt": "x" } });
    const issue = w.gh.as("dana").openIssue("beta/access", { title: "Access", body: "b" });
    for (const [method, suffix, body] of [["POST", "/comments", { body: "Recorded." }], ["POST", "/labels", { labels: ["access:pending"] }], ["PUT", "/lock", { lock_reason: "resolved" }], ["PATCH", "", { state: "closed" }]] as const) {
      const refused = await call(method, `/repos/beta/access/issues/${pull}${suffix}`, body);
      expect({ method, suffix, status: refused.status, body: refused.body }).toMatchObject({ status: 403, body: { message: "Resource not accessible by integration" } });
    }
    expect((await call("POST", `/repos/beta/access/issues/${issue}/comments`, { body: "Recorded." })).status).toBe(201);
    expect((await call("GET", `/repos/beta/access/issues/${pull}/comments`)).status).toBe(200);
    expect(w.gh.comments("beta/access", pull)).toEqual([]);
  });

  it("allows them with pull_requests: write", async () => {
    const call = await installedWith("write");
    w.gh.addUser("dana", { orgs: { beta: "active" } });
    const pull = w.gh.as("dana").openPullRequest("beta/access", { title: "Access", body: "b", files: { "x.txt": "x" } });
    expect((await call("POST", `/repos/beta/access/issues/${pull}/comments`, { body: "Recorded." })).status).toBe(201);
  });
});

describe("an installation's permissions on every route", () => {
  it("names a permission for every route an installation token may call", () => {
    const unnamed = routes.filter((r) => r.auth === "installation" || r.auth === "token").map((r) => `${r.method} ${r.pattern}`).filter((route) => !(route in ROUTE_NEEDS));
    expect(unnamed).toEqual([]);
  });

  it("refuses team memberships without members, reads them with members: read, and changes them only with members: write", async () => {
    const call = await installedGranting(without("members"));
    w.gh.addUser("dana", { orgs: { beta: "active" } });
    w.gh.addTeam("beta", "ops");
    w.gh.as("dana").addTeamMember("beta", "ops", "dana");
    for (const [method, path] of [["GET", "/orgs/beta/teams/ops/memberships/dana"], ["PUT", "/orgs/beta/teams/ops/memberships/dana"], ["DELETE", "/orgs/beta/teams/ops/memberships/dana"], ["GET", "/orgs/beta/teams/ops/members"], ["GET", "/orgs/beta/memberships/dana"]] as const) {
      expect({ method, path, ...(await call(method, path)) }).toMatchObject({ method, path, ...NOT_ACCESSIBLE });
    }
    const members = () => w.gh.teamMembers("beta", "ops").map((m) => m.login);
    expect(members()).toEqual(["dana"]);
    w.gh.setPermissions(betaInstallation, without("members", "read"));
    expect((await call("GET", "/orgs/beta/teams/ops/memberships/dana")).status).toBe(200);
    expect(await call("DELETE", "/orgs/beta/teams/ops/memberships/dana")).toMatchObject(NOT_ACCESSIBLE);
    expect(members()).toEqual(["dana"]);
    w.gh.setPermissions(betaInstallation, { ...APP_PERMISSIONS });
    expect((await call("DELETE", "/orgs/beta/teams/ops/memberships/dana")).status).toBe(204);
    expect(members()).toEqual([]);
  });

  it("refuses check runs without checks: write and policy files without contents: read", async () => {
    const call = await installedGranting({ issues: "write", pull_requests: "write", members: "write" });
    expect(await call("POST", "/repos/beta/access/check-runs", { name: "jit-access policies", head_sha: "0".repeat(40) })).toMatchObject(NOT_ACCESSIBLE);
    expect(await call("GET", "/repos/beta/access/contents/policies")).toMatchObject(NOT_ACCESSIBLE);
    expect((await call("GET", "/repos/beta/access")).status).toBe(200);
  });

  it("gives a token the installation's permissions, not the app's", async () => {
    w.gh.addOrg("beta");
    const id = w.gh.install("beta", { permissions: without("members", "read") });
    const answer = await w.api("POST", `/app/installations/${id}/access_tokens`, {}, { authorization: `Bearer ${appJwt()}` });
    expect((answer.body as { permissions: Record<string, string> }).permissions).toMatchObject({ members: "read", issues: "write" });
  });

  it("refuses a GraphQL mutation on a pull request without pull_requests: write as a FORBIDDEN field, and runs it on an issue", async () => {
    const call = await installedWith("read");
    w.gh.addUser("dana", { orgs: { beta: "active" } });
    const pull = w.gh.as("dana").openPullRequest("beta/access", { title: "Access", body: "b", files: { "x.txt": "x" } });
    const issue = w.gh.as("dana").openIssue("beta/access", { title: "Access", body: "b" });
    const query = "mutation($p: ID!, $i: ID!) { onPull: addComment(input: { subjectId: $p, body: \"Recorded.\" }) { clientMutationId } onIssue: addComment(input: { subjectId: $i, body: \"Recorded.\" }) { clientMutationId } }";
    const answer = await call("POST", "/graphql", { query, variables: { p: w.gh.issue("beta/access", pull).nodeId, i: w.gh.issue("beta/access", issue).nodeId } });
    expect(answer.body).toMatchObject({ data: { onPull: null, onIssue: { clientMutationId: null } }, errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration", path: ["onPull"] }] });
    expect(w.gh.comments("beta/access", pull)).toEqual([]);
    expect(w.gh.comments("beta/access", issue)).toHaveLength(1);
  });
});
