import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { APP_PERMISSIONS } from "github-emulator/emulator/shapes/app.js";
import type { World } from "./harness.js";
import { startWorld } from "./harness.js";

/**
 * GitHub checks an installation token's permissions on every call; the
 * emulator checks the issues endpoints' writes, where an issue and a pull
 * request differ: `issues: write` for one, `pull_requests: write` for the other.
 */
let w: World;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(async () => {
  await w.gh.stop();
});

/** An installation on another organisation that granted `pull_requests` at `level` only, and its token's REST call. */
async function installedWith(level: string): Promise<(method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>> {
  w.gh.addOrg("beta");
  w.gh.addRepo("beta/access");
  const id = w.gh.install("beta", { permissions: { ...APP_PERMISSIONS, pull_requests: level } });
  const token = await w.tokenFor(id);
  return (method, path, body) => w.api(method, path, body, { authorization: `token ${token}` });
}

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
