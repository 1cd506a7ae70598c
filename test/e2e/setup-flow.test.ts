import { generateKeyPairSync } from "node:crypto";
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { run, type Server } from "probot";
import { SmeeClient } from "smee-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createJitAccess, type JitAccess } from "../../src/app.js";
import { GitHubEmulator } from "github-emulator/emulator/index.js";
import { checkServerStart } from "../../src/environment/check-server-start.js";
import { UnpacedOctokit } from "../../src/github/unpaced-octokit.js";
import { freePort } from "github-emulator/sandbox/start-sandbox.js";
import { setupFlowOptions } from "../../src/setup/setup-flow.js";
import { startNode, stop } from "../drills/process-under-test.js";
import { libIsCurrent } from "../operate/lib-built.js";
import { startFakeSmee } from "./fake-smee.js";
import { ORG, POLICY, REPO, requestBody } from "./world.js";

/**
 * `npm start` with no APP_ID, as a new operator meets it: Probot's setup page
 * offers app.yml as a manifest, GitHub (the emulator) converts the code it
 * returns into the app's credentials, and the next start runs with the .env
 * that was written, receiving webhooks through the smee channel the setup made.
 */
const root = new URL("../../", import.meta.url).pathname;
const WEBHOOK_SECRET = "emulator-webhook-secret";
const saved = { cwd: process.cwd(), env: { ...process.env } };
let github: GitHubEmulator;
let smee: Awaited<ReturnType<typeof startFakeSmee>>;
let folder: string;
let server: Server | undefined;
let jit: JitAccess | undefined;

beforeAll(async () => {
  // The emulator's app starts with a key nobody holds: only the key the conversion returns can authenticate.
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  github = await GitHubEmulator.start({ app: { id: 4242, slug: "jit-access", webhookSecret: WEBHOOK_SECRET, publicKey } });
  smee = await startFakeSmee();
  folder = mkdtempSync(join(tmpdir(), "jit-setup-"));
  for (const name of ["app.yml", "package.json"]) copyFileSync(join(root, name), join(folder, name));
  process.chdir(folder);
  for (const name of ["APP_ID", "PRIVATE_KEY", "PRIVATE_KEY_PATH", "WEBHOOK_SECRET", "WEBHOOK_PROXY_URL", "JIT_ACCESS_SIGNING_KEY", "NO_SMEE_SETUP", "REDIS_URL"]) delete process.env[name];
  Object.assign(process.env, { GHE_HOST: new URL(github.url).host, GHE_PROTOCOL: "http", LOG_FORMAT: "json", LOG_LEVEL: "warn", NODE_ENV: "development" });
});

afterAll(async () => {
  jit?.stop();
  await server?.stop();
  await smee?.close();
  await github?.stop();
  process.chdir(saved.cwd);
  process.env = saved.env;
});

const options = () => ({
  env: process.env,
  Octokit: UnpacedOctokit,
  ...setupFlowOptions({ SmeeClient: { createChannel: () => SmeeClient.createChannel({ newChannelUrl: smee.newChannelUrl }) } }),
});

describe("the setup flow (npm start with no APP_ID)", () => {
  it("registers the app from app.yml with the smee channel as its webhook URL, and writes a .env with a signing key", async () => {
    process.env.PORT = String(await freePort());
    expect(checkServerStart(process.env, () => undefined, folder)).toBe(true);
    server = await run(createJitAccess().app, options());
    const base = `http://127.0.0.1:${process.env.PORT}`;

    const page = await (await fetch(`${base}/probot`)).text();
    const manifest = JSON.parse(/name="manifest" id="manifest" value='([^']*)'/.exec(page)?.[1] ?? "{}") as Record<string, unknown>;
    const appYml = parse(readFileSync(join(root, "app.yml"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: "jit-access", public: false, default_permissions: appYml["default_permissions"], default_events: appYml["default_events"] });
    expect(manifest["hook_attributes"]).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/channel-test$/) });

    // The browser posts the manifest to GitHub and comes back with a one-time code.
    const code = github.offerManifest(manifest);
    const back = await fetch(`${base}/probot/setup?code=${code}`, { redirect: "manual" });
    expect(back.status).toBe(302);
    expect(github.registeredManifest).toEqual(manifest);
    await server.stop();
    server = undefined;

    const written = parseEnv(readFileSync(join(folder, ".env"), "utf8"));
    expect(Object.keys(written).sort()).toEqual(["APP_ID", "GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "JIT_ACCESS_SIGNING_KEY", "PRIVATE_KEY", "WEBHOOK_PROXY_URL", "WEBHOOK_SECRET"]);
    expect(written).toMatchObject({ APP_ID: "4242", WEBHOOK_SECRET, WEBHOOK_PROXY_URL: (manifest["hook_attributes"] as { url: string }).url, JIT_ACCESS_SIGNING_KEY: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(written["PRIVATE_KEY"]).toContain("-----BEGIN RSA PRIVATE KEY-----");
    // Secrets: only the owner reads the file.
    expect(statSync(join(folder, ".env")).mode & 0o077).toBe(0);
  });

  it("the next start runs with that .env: the key authenticates, and webhooks arrive through the registered URL", async () => {
    for (const name of ["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET", "WEBHOOK_PROXY_URL", "JIT_ACCESS_SIGNING_KEY", "JIT_ACCESS_REPOSITORIES"]) delete process.env[name];
    process.env.PORT = String(await freePort());
    const problems: string[] = [];
    // The repositories whose policies count are the operator's to name (README, step 1): without them it says so.
    expect(checkServerStart({ ...process.env }, (text) => void problems.push(text), folder)).toBe(false);
    expect(problems.join("")).toMatch(/^jit-access is not configured correctly:\n {2}- JIT_ACCESS_REPOSITORIES is missing: /);
    appendFileSync(join(folder, ".env"), "JIT_ACCESS_REPOSITORIES=acme/access\n");
    problems.length = 0;
    expect(checkServerStart(process.env, (text) => void problems.push(text), folder)).toBe(true);
    expect(problems).toEqual([]);
    const { app, ready } = createJitAccess({ sweep: false });
    server = await run(app, options());
    jit = await ready;

    // GitHub delivers to the URL the app was registered with: the smee channel, relayed to this process.
    github.setWebhookUrl((github.registeredManifest?.["hook_attributes"] as { url: string }).url);
    github.addOrg(ORG);
    for (const login of ["jane", "alice"]) github.addUser(login, { orgs: { [ORG]: "active" } });
    github.addTeam(ORG, "platform-admins", { name: "Platform admins" });
    github.addTeam(ORG, "platform-leads", { name: "Platform leads" });
    github.addRepo(REPO, { defaultBranch: "main", private: true });
    github.putFile(REPO, "policies/platform.yml", POLICY);
    github.install(ORG);
    const number = github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody(), labels: ["access-request"] });

    const answered = () => github.comments(REPO, number).some((c) => c.author === "jit-access[bot]");
    for (let waited = 0; waited < 20_000 && !answered(); waited += 100) {
      await github.settle();
      await jit.idle();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(smee.relayed).toBeGreaterThan(0);
    // Labels are written after the record, paced like every write: wait for quiet.
    await jit.idle();
    expect(github.issue(REPO, number).labels).toContain("access:pending");
    expect(github.requests.filter((r) => r.status === 401)).toEqual([]);
  });

  // `npm start` itself (bin/start.js, the build), in the folder, configured by nothing but the .env the setup wrote.
  it.skipIf(!libIsCurrent(root))("`npm start` as a process runs with that .env alone, and GitHub accepts its key", async () => {
    jit?.stop();
    await server?.stop();
    server = undefined;
    jit = undefined;
    const port = await freePort();
    const app = startNode([join(root, "bin/start.js")], folder, { GHE_HOST: new URL(github.url).host, GHE_PROTOCOL: "http", HOST: "127.0.0.1", PORT: String(port), NODE_ENV: "development", LOG_FORMAT: "json", LOG_LEVEL: "warn", JIT_ACCESS_SHUTDOWN_SECONDS: "5" });
    try {
      // /readyz's github check is GET /app with the app's JWT: "ok" once GitHub accepts the written key for the written APP_ID.
      let keyCheck: string | undefined;
      for (let tries = 0; tries < 300 && keyCheck !== "ok"; tries++) {
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        keyCheck = ready && ((await ready.json()) as { checks: Record<string, string> }).checks["github"];
        if (keyCheck !== "ok") await new Promise((r) => setTimeout(r, 100));
      }
      expect(keyCheck, app.output()).toBe("ok");
      expect(await stop(app)).toBe(0);
      expect(app.output()).not.toMatch(/ConfigError|\n\s+at /);
    } finally {
      app.child.kill("SIGKILL");
    }
  });
});
