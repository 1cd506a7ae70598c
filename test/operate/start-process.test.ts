import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { copyFileSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../coordination/redis-server.js";
import { duplicateKeys } from "../drills/json-keys.js";
import { libIsCurrent } from "./lib-built.js";

const root = new URL("../../", import.meta.url).pathname;

// `npm start` runs the build (lib/); `npm test` builds it first (pretest). A stale build (vitest run alone) is skipped here, never in CI.
const built = libIsCurrent(root);

describe.runIf(process.env.CI === "true")("in CI", () => {
  it("has a build as new as src/, so `npm start` is tested as a process", () => {
    expect(built).toBe(true);
  });
});

describe.skipIf(!built)("npm start as a process", () => {
  it("answers /healthz, says why it is not ready, and on SIGTERM drains, logs strict JSON with one name per line, and exits 0", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const [port, closed] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, [join(root, "bin/start.js")], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        APP_ID: "4242",
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: "process-test-webhook-secret",
        JIT_ACCESS_SIGNING_KEY: "process-test-signing-key-0123456789abcdef",
        JIT_ACCESS_REPOSITORIES: "acme/access",
        JIT_ACCESS_SHUTDOWN_SECONDS: "5",
        JIT_ACCESS_METRICS_TOKEN: "process-test-metrics-token",
        // GitHub at a loopback port where nothing listens: every call to it fails at once.
        GHE_HOST: `127.0.0.1:${closed}`,
        GHE_PROTOCOL: "http",
        HOST: "127.0.0.1",
        PORT: String(port),
        LOG_FORMAT: "json",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      let health: Response | undefined;
      for (let i = 0; i < 300 && !health; i++) {
        health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        if (!health) await new Promise((r) => setTimeout(r, 50));
      }
      expect(health?.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(503);
      const checks = ((await ready.json()) as { checks: Record<string, string> }).checks;
      expect(checks.github).toMatch(/^GET \/app failed/);
      expect(checks.sweep).toMatch(/first sweep has not finished/);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
      const scrape = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: "Bearer process-test-metrics-token" } });
      expect(await scrape.text()).toContain("jit_access_webhooks_total");
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
    const lines = out.split("\n").filter((line) => line.trim() !== "");
    expect(lines.filter((line) => !line.startsWith("{") || duplicateKeys(line).length > 0)).toEqual([]);
    const parsed = lines.map((line) => JSON.parse(line) as { msg?: string; level?: number; name?: string });
    expect(parsed.filter((l) => l.msg === "drained")).toHaveLength(1);
    expect(out).not.toContain(privateKey.split("\n")[1]!);
    expect(out).not.toContain("process-test-metrics-token");
    // Probes and scrapes are not logged below debug.
    expect(out).not.toMatch(/"url":"\/(healthz|readyz|metrics)"/);
    // GitHub unreachable is one warning, not an error with a stack.
    expect(parsed.filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
  });

  it("in setup mode (no APP_ID) logs every request it serves masked: the cookies and tokens a browser sends localhost", async () => {
    // A folder of its own: setup mode reads app.yml and writes .env there.
    const folder = mkdtempSync(join(tmpdir(), "jit-setup-mode-"));
    for (const name of ["app.yml", "package.json"]) copyFileSync(join(root, name), join(folder, name));
    const port = await freePort();
    const child = spawn(process.execPath, [join(root, "bin/start.js")], {
      cwd: folder,
      env: { PATH: process.env.PATH, NODE_ENV: "development", NO_SMEE_SETUP: "true", HOST: "127.0.0.1", PORT: String(port), LOG_FORMAT: "json", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const session = "4f1c2a9b7e6d5c3a2b1f0e9d8c7b6a5f";
    const token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    try {
      let page: Response | undefined;
      for (let i = 0; i < 300 && !page; i++) {
        page = await fetch(`http://127.0.0.1:${port}/probot?from=jane.doe@example.com&code=5f2a9c1e7d3b4a6e8f0c`, { headers: { cookie: `grafana_session=${session}`, authorization: `Bearer ${token}` } }).catch(() => undefined);
        if (!page) await new Promise((r) => setTimeout(r, 50));
      }
      expect(page?.status).toBe(200);
      for (let i = 0; i < 100 && !out.includes('"name":"http"'); i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      child.kill("SIGKILL");
    }
    // The access line is there, masked.
    expect(out).toMatch(/"name":"http".*"cookie":"grafana_session=\[secret:cookie\]"/);
    expect(out).toContain("j***@example.com");
    for (const value of [session, token, "jane.doe@example.com", "5f2a9c1e7d3b4a6e8f0c"]) expect(out).not.toContain(value);
  });

  it.each([
    ["a port already in use", { HOST: "127.0.0.1" }, (port: number) => `jit-access cannot start: port ${port} is already in use on 127.0.0.1: stop what listens there, or set PORT to a free port`],
    ["a HOST that does not resolve", { HOST: "jit-access.invalid" }, () => 'jit-access cannot start: HOST "jit-access.invalid" does not resolve to an address of this machine: set HOST to 0.0.0.0 (every interface), 127.0.0.1, or one of this machine\'s addresses'],
  ])("refuses to start on %s with one line, no stack, exit 1", async (_name, env, line) => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const port = await freePort();
    // Something already listens on the port (only the first case asks for it).
    const taken = createServer().listen(port, "127.0.0.1");
    await new Promise((r) => taken.once("listening", r));
    try {
      const child = spawn(process.execPath, [join(root, "bin/start.js")], {
        cwd: root,
        env: { PATH: process.env.PATH, NODE_ENV: "production", APP_ID: "4242", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "process-test-webhook-secret", JIT_ACCESS_SIGNING_KEY: "process-test-signing-key-0123456789abcdef", JIT_ACCESS_REPOSITORIES: "acme/access", GHE_HOST: "127.0.0.1:9", GHE_PROTOCOL: "http", PORT: String(port), LOG_FORMAT: "json", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let err = "";
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
      expect(code).toBe(1);
      expect(err.trim().split("\n")).toEqual([line(port)]);
    } finally {
      taken.close();
    }
  });
});
