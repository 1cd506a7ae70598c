import { lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { envWriter } from "../../src/setup/setup-flow.js";

const read = (folder: string) => parseEnv(readFileSync(join(folder, ".env"), "utf8"));

describe("the setup flow's .env writer", () => {
  it("adds a fresh signing key when the app's credentials arrive, keeping what the file held", () => {
    const folder = mkdtempSync(join(tmpdir(), "jit-writer-"));
    writeFileSync(join(folder, ".env"), "LOG_LEVEL=debug\n");
    const env: NodeJS.ProcessEnv = {};
    envWriter(folder, env)({ WEBHOOK_PROXY_URL: "https://smee.io/abc" });
    expect(read(folder)).toEqual({ LOG_LEVEL: "debug", WEBHOOK_PROXY_URL: "https://smee.io/abc" });
    envWriter(folder, env)({ APP_ID: "42", PRIVATE_KEY: '"-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n"', WEBHOOK_SECRET: "s" });
    const written = read(folder);
    expect(written).toMatchObject({ LOG_LEVEL: "debug", WEBHOOK_PROXY_URL: "https://smee.io/abc", APP_ID: "42", WEBHOOK_SECRET: "s", JIT_ACCESS_SIGNING_KEY: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(written["PRIVATE_KEY"]).toBe("-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n");
    expect(env["JIT_ACCESS_SIGNING_KEY"]).toBe(written["JIT_ACCESS_SIGNING_KEY"]);
  });

  it("never replaces a signing key that is set, in the file or in the environment", () => {
    const inFile = mkdtempSync(join(tmpdir(), "jit-writer-"));
    writeFileSync(join(inFile, ".env"), `JIT_ACCESS_SIGNING_KEY=${"a".repeat(64)}\n`);
    envWriter(inFile, {})({ APP_ID: "42" });
    expect(read(inFile)["JIT_ACCESS_SIGNING_KEY"]).toBe("a".repeat(64));

    const inEnv = mkdtempSync(join(tmpdir(), "jit-writer-"));
    envWriter(inEnv, { JIT_ACCESS_SIGNING_KEY: "b".repeat(64) })({ APP_ID: "42" });
    expect(read(inEnv)["JIT_ACCESS_SIGNING_KEY"]).toBeUndefined();
  });

  it("leaves the file readable by its owner only, even one that was readable by everyone", () => {
    const folder = mkdtempSync(join(tmpdir(), "jit-writer-"));
    // As `cp .env.example .env` leaves it under the usual umask.
    writeFileSync(join(folder, ".env"), "LOG_LEVEL=info\n", { mode: 0o644 });
    envWriter(folder, {})({ APP_ID: "42", PRIVATE_KEY: '"-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n"', WEBHOOK_SECRET: "s" });
    expect((statSync(join(folder, ".env")).mode & 0o777).toString(8)).toBe("600");
    expect(read(folder)).toMatchObject({ LOG_LEVEL: "info", APP_ID: "42" });
    expect(readdirSync(folder)).toEqual([".env"]);
  });

  it("writes a .env that links to its file through the link, which stays", () => {
    const folder = mkdtempSync(join(tmpdir(), "jit-writer-"));
    const secrets = mkdtempSync(join(tmpdir(), "jit-secrets-"));
    writeFileSync(join(secrets, "app.env"), "LOG_LEVEL=info\n", { mode: 0o600 });
    symlinkSync(join(secrets, "app.env"), join(folder, ".env"));
    envWriter(folder, {})({ APP_ID: "42" });
    expect(lstatSync(join(folder, ".env")).isSymbolicLink()).toBe(true);
    expect(parseEnv(readFileSync(join(secrets, "app.env"), "utf8"))).toMatchObject({ LOG_LEVEL: "info", APP_ID: "42" });
    expect(readdirSync(secrets)).toEqual(["app.env"]);
  });
});
