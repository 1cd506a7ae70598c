import { createSign, generateKeyPairSync } from "node:crypto";
import type { IncomingHttpHeaders, Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach } from "vitest";
import { GitHubEmulator } from "github-emulator/emulator/index.js";

export const APP_ID = 4242;
export const SLUG = "jit-access";
export const SECRET = "webhook-secret";

/** One RSA key pair per test file: generating it is the slow part. */
export const keys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});

/** An app JWT as @octokit/auth-app makes one (iat 30 s back, 10 minutes' life). */
export function appJwt(options: { iss?: number; privateKey?: string; expiresIn?: number } = {}): string {
  const now = Math.floor(Date.now() / 1000) - 30;
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: now, exp: now + (options.expiresIn ?? 600), iss: options.iss ?? APP_ID })}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(options.privateKey ?? keys.privateKey).toString("base64url");
  return `${unsigned}.${signature}`;
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: string;
  payload: Record<string, unknown>;
}

/** A stand-in for the app's webhook endpoint that records what it receives. */
export async function startReceiver(
  onWebhook: (webhook: ReceivedWebhook) => Promise<number> | number = () => 200,
): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const webhook = { headers: req.headers, raw, payload: JSON.parse(raw) as Record<string, unknown> };
      received.push(webhook);
      void Promise.resolve(onWebhook(webhook)).then((status) => res.writeHead(status).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/github/webhooks`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface World {
  gh: GitHubEmulator;
  installationId: number;
  token: string;
  /** A fresh installation token of another installation. */
  tokenFor(installationId: number): Promise<string>;
  /** A REST call with the installation token (or the given authorization); redirects are followed unless `redirect` says "manual". */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    redirect?: "follow" | "manual",
  ): Promise<{ status: number; headers: Headers; body: unknown }>;
}

/**
 * A small organization: acme with alice and bob (members), carol (pending),
 * teams engineering > platform > platform-admins and an idp-synced team,
 * a repository acme/access with a policy file, and the app installed.
 */
export async function startWorld(clock?: () => number): Promise<World> {
  const gh = await GitHubEmulator.start({
    ...(clock ? { clock } : {}),
    app: { id: APP_ID, slug: SLUG, name: "JIT Access", webhookSecret: SECRET, publicKey: keys.publicKey },
  });
  gh.addOrg("acme");
  gh.addUser("alice", { orgs: { acme: "active" } });
  gh.addUser("bob", { orgs: { acme: "active" } });
  gh.addUser("carol", { orgs: { acme: "pending" } });
  gh.addUser("outsider");
  gh.addTeam("acme", "engineering", { name: "Engineering" });
  gh.addTeam("acme", "platform", { parent: "engineering" });
  gh.addTeam("acme", "platform-admins", { parent: "platform" });
  gh.addTeam("acme", "okta-admins", { idpSynced: true });
  gh.setTeamMember("acme", "platform-admins", "bob", "active");
  gh.setTeamMember("acme", "engineering", "alice", "active");
  gh.addRepo("acme/access");
  gh.putFile("acme/access", "policies/platform.yml", "version: 1\nteams: {}\n");
  const installationId = gh.install("acme");
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, redirect: "follow" | "manual" = "follow") => {
    const response = await fetch(`${gh.url}${path}`, {
      method,
      redirect,
      headers: { accept: "application/vnd.github+json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
  };
  const tokenFor = async (id: number) => ((await call("POST", `/app/installations/${id}/access_tokens`, {}, { authorization: `Bearer ${appJwt()}` })).body as { token: string }).token;
  const token = await tokenFor(installationId);
  return {
    gh,
    installationId,
    token,
    tokenFor,
    api: (method, path, body, headers = {}, redirect = "follow") => call(method, path, body, { authorization: `token ${token}`, ...headers }, redirect),
  };
}

/**
 * For one test file: a fresh world per test on a clock the test moves
 * (`clock.now`, back at `start` before each test), stopped after it.
 *
 * @example
 * const fresh = worldPerTest(Date.UTC(2026, 10, 2));
 * it("…", async () => { fresh.clock.now += 5000; await fresh.world().api("GET", "/app"); });
 */
export function worldPerTest(start: number): { world(): World; clock: { now: number } } {
  const clock = { now: start };
  let current: World | undefined;
  beforeEach(async () => {
    clock.now = start;
    current = await startWorld(() => clock.now);
  });
  afterEach(async () => current?.gh.stop());
  return { world: () => current!, clock };
}
