import { generateKeyPairSync } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubEmulator } from "github-emulator/emulator/index.js";
import { freePort } from "github-emulator/sandbox/start-sandbox.js";
import { npm, startNode, stop, untilPing } from "./process-under-test.js";

/**
 * What an operator does with a release, outside any container: `npm pack`,
 * install the tarball with production dependencies only in an empty folder,
 * start it against the local GitHub emulator; and the Dockerfile's runtime
 * stage, command for command (`npm ci --omit=dev --workspaces=false`, the built lib/, its
 * HEALTHCHECK). No base image can be pulled here, so the image itself is not built.
 */
const root = new URL("../../", import.meta.url).pathname;
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const WEBHOOK_SECRET = "drill-webhook-secret";
let github: GitHubEmulator;
let tarball: string;

beforeAll(async () => {
  github = await GitHubEmulator.start({ app: { id: 4242, slug: "jit-access", webhookSecret: WEBHOOK_SECRET, publicKey } });
  const packed = mkdtempSync(join(tmpdir(), "jit-pack-"));
  const [info] = JSON.parse(npm(["pack", "--json", "--pack-destination", packed], root)) as { filename: string; files: { path: string }[] }[];
  tarball = join(packed, info!.filename);
  expect(info!.files.map((f) => f.path)).toEqual(expect.arrayContaining(["lib/index.js", "lib/start.js", "lib/cli/main.js", "bin/start.js", "bin/jit-access.js", "app.yml", ".env.example"]));
}, 5 * 60_000);
afterAll(() => github?.stop());

async function appEnv(): Promise<NodeJS.ProcessEnv & { PORT: string }> {
  return {
    NODE_ENV: "production",
    APP_ID: "4242",
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET,
    JIT_ACCESS_SIGNING_KEY: "drill-signing-key-0123456789abcdef0123",
    JIT_ACCESS_REPOSITORIES: "acme/access",
    GHE_HOST: new URL(github.url).host,
    GHE_PROTOCOL: "http",
    LOG_FORMAT: "json",
    PORT: String(await freePort()),
  };
}

describe("drill: the packed package, installed with production dependencies only", () => {
  it("installs from the tarball in an empty folder, answers --version and --help, and starts until /ping answers", async () => {
    const folder = mkdtempSync(join(tmpdir(), "jit-operator-"));
    writeFileSync(join(folder, "package.json"), JSON.stringify({ name: "operator", private: true }));
    npm(["install", "--omit=dev", tarball], folder);

    const version = startNode(["node_modules/.bin/jit-access", "--version"], folder, {});
    expect(await version.exited).toBe(0);
    expect(version.output().trim()).toBe(`jit-access ${(JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version}`);
    const help = startNode(["node_modules/.bin/jit-access", "sweep", "--help"], folder, {});
    expect(await help.exited).toBe(0);
    expect(help.output()).toMatch(/^usage: jit-access sweep/);

    const env = await appEnv();
    const app = startNode(["node_modules/jit-access/bin/start.js"], folder, env);
    expect(await untilPing(app, Number(env.PORT))).toBe("PONG");
    expect(await stop(app)).toBe(0);
  });

  it("refuses to start on a bad configuration with one line per problem and no stack", async () => {
    const folder = mkdtempSync(join(tmpdir(), "jit-operator-"));
    writeFileSync(join(folder, "package.json"), JSON.stringify({ name: "operator", private: true }));
    npm(["install", "--omit=dev", tarball], folder);
    const app = startNode(["node_modules/jit-access/bin/start.js"], folder, { ...(await appEnv()), APP_ID: "xyz", PRIVATE_KEY: "notapem", WEBHOOK_SECRET: "" });
    expect(await app.exited).toBe(1);
    expect(app.output().trim().split("\n")).toEqual([
      "jit-access is not configured correctly:",
      expect.stringMatching(/^ {2}- APP_ID must be the app's numeric ID/),
      expect.stringMatching(/^ {2}- PRIVATE_KEY is not a PEM private key/),
      expect.stringMatching(/^ {2}- WEBHOOK_SECRET is missing/),
    ]);
  });
});

/** The runtime stage's `ENV` (after the last `FROM`), as the image sets it. */
function dockerfileEnv(): Record<string, string> {
  const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
  const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
  const env: Record<string, string> = {};
  for (const line of runtime.split("\n").filter((l) => l.startsWith("ENV "))) {
    for (const [, key, value] of line.slice(4).matchAll(/([A-Z_]+)=(\S+)/g)) env[key!] = value!;
  }
  return env;
}

describe("drill: the Dockerfile's runtime stage, outside a container", () => {
  it("npm ci --omit=dev --workspaces=false, the built lib/, then start; its HEALTHCHECK passes; SIGTERM stops it", async () => {
    const folder = mkdtempSync(join(tmpdir(), "jit-image-"));
    for (const name of ["package.json", "package-lock.json", "app.yml", ".env.example"]) cpSync(join(root, name), join(folder, name));
    // The lockfile also lists the workspace packages (github-emulator, bench): the runtime installs the app's alone.
    npm(["ci", "--omit=dev", "--workspaces=false"], folder);
    // `npm pack` above built lib/ (prepack), as the build stage does.
    for (const name of ["lib", "bin"]) cpSync(join(root, name), join(folder, name), { recursive: true });

    // The image's own ENV (NODE_ENV, LOG_FORMAT, HOST…), the port a free one here.
    const env = { ...(await appEnv()), ...dockerfileEnv() };
    env.PORT = String(await freePort());
    const app = startNode(["bin/start.js"], folder, env);
    // Reached as a published port or another container reaches it: at the machine's own address, not loopback.
    const outside = Object.values(networkInterfaces()).flat().find((a) => a?.family === "IPv4" && !a.internal)?.address;
    expect(outside, "this drill needs a network interface other than loopback").toBeDefined();
    expect(await untilPing(app, Number(env.PORT), 60_000, outside)).toBe("PONG");
    const healthcheck = /CMD \["node", "-e", (".*")\]\s*$/m.exec(readFileSync(join(root, "Dockerfile"), "utf8"))?.[1];
    expect(healthcheck).toBeDefined();
    const check = startNode(["-e", JSON.parse(healthcheck!) as string], folder, { PORT: env.PORT });
    expect(await check.exited).toBe(0);
    // Every 30 s on every replica: the probe it asks is one the log leaves out below debug.
    const probed = /\$\{process\.env\.PORT\}(\/[a-z]+)/.exec(healthcheck!)?.[1];
    expect(probed).toBeDefined();
    expect(app.output()).not.toContain(`"url":"${probed}"`);
    expect(await stop(app)).toBe(0);
  });
});
