import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Octokit } from "@octokit/rest";
import { createAppAuth } from "@octokit/auth-app";
import { Probot, ProbotOctokit, createNodeMiddleware } from "probot";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { World } from "./harness.js";
import { APP_ID, SECRET, SLUG, keys, startWorld } from "./harness.js";

/**
 * The emulator against the clients the app really uses: Octokit with
 * GitHub App authentication, and Probot verifying and dispatching webhooks.
 */

let w: World;

beforeEach(async () => {
  w = await startWorld();
});

afterEach(async () => {
  await w.gh.stop();
});

function appOctokit(): Octokit {
  return new Octokit({
    baseUrl: w.gh.url,
    authStrategy: createAppAuth,
    auth: { appId: APP_ID, privateKey: keys.privateKey, installationId: w.installationId },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

describe("Octokit with app authentication", () => {
  it("gets a token with a JWT, then reads and writes as the bot", async () => {
    const octokit = appOctokit();
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    const { data: comment } = await octokit.rest.issues.createComment({ owner: "acme", repo: "access", issue_number: n, body: "Recorded." });
    expect(comment.user?.login).toBe(`${SLUG}[bot]`);
    expect(comment.performed_via_github_app?.id).toBe(APP_ID);
    for (let i = 0; i < 35; i++) w.gh.as("bob").comment("acme/access", n, `c${i}`);
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner: "acme", repo: "access", issue_number: n, per_page: 10 });
    expect(all).toHaveLength(36);
    const { data: file } = await octokit.rest.repos.getContent({ owner: "acme", repo: "access", path: "policies/platform.yml" });
    expect(Buffer.from((file as { content: string }).content, "base64").toString()).toBe("version: 1\nteams: {}\n");
    const { data: membership } = await octokit.rest.teams.addOrUpdateMembershipForUserInOrg({ org: "acme", team_slug: "platform-admins", username: "outsider" });
    expect(membership.state).toBe("pending");
    expect(w.gh.requests.map((r) => `${r.method} ${r.path}`)[0]).toBe(`POST /app/installations/${w.installationId}/access_tokens`);
  });

  it("raises Octokit's 304 for a conditional request that matches", async () => {
    const octokit = appOctokit();
    const { headers } = await octokit.rest.repos.get({ owner: "acme", repo: "access" });
    await expect(octokit.rest.repos.get({ owner: "acme", repo: "access", headers: { "if-none-match": headers.etag ?? "" } })).rejects.toMatchObject({ status: 304 });
    expect(w.gh.requests.at(-1)).toMatchObject({ status: 304, rateLimited: false });
  });
});

describe("Probot receiving the emulator's webhooks", () => {
  it("verifies them, acts through the emulator, and ignores its own comment", async () => {
    const seen: string[] = [];
    const probot = new Probot({
      appId: APP_ID,
      privateKey: keys.privateKey,
      secret: SECRET,
      baseUrl: w.gh.url,
      log: pino({ level: "silent" }),
      Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
    });
    const middleware = await createNodeMiddleware(
      (app) => {
        app.on("issues.opened", async (context) => {
          seen.push("issues.opened");
          await context.octokit.rest.issues.createComment(context.issue({ body: "Thanks, request received." }));
        });
        app.on("issue_comment.created", async (context) => {
          seen.push(`issue_comment.created by ${context.payload.sender.login}`);
          if (context.payload.sender.type === "Bot") return;
          await context.octokit.rest.issues.addLabels(context.issue({ labels: ["access:pending"] }));
        });
      },
      { probot },
    );
    const server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      w.gh.setWebhookUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`);
      const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
      await w.gh.settle();
      expect(seen).toEqual(["issues.opened", `issue_comment.created by ${SLUG}[bot]`]);
      w.gh.as("bob").comment("acme/access", n, "/approve");
      await w.gh.settle();
      expect(w.gh.issue("acme/access", n).labels).toEqual(["access:pending"]);
      expect(w.gh.deliveries.map((d) => [`${d.event}.${d.action ?? ""}`, d.status])).toEqual([
        ["issues.opened", 200],
        ["issue_comment.created", 200],
        ["issue_comment.created", 200],
        ["issues.labeled", 200],
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
