import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withExitCode } from "../../src/cli/cli-error.js";
import { sweepOnce } from "../../src/cli/sweep.js";
import { GitHubEmulator } from "github-emulator/emulator/index.js";
import { captured } from "../e2e/audit-harness.js";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
let github: GitHubEmulator;

beforeAll(async () => {
  github = await GitHubEmulator.start({ app: { id: 4242, slug: "jit-access", webhookSecret: "s", publicKey } });
});
afterAll(() => github.stop());

/** `jit-access sweep` as main runs it, with its exit code and what it printed. */
async function sweep(env: NodeJS.ProcessEnv) {
  const out = captured();
  const code = await withExitCode(out, () => sweepOnce(out, env));
  return { code, errors: out.errors.join("\n"), lines: out.lines };
}

describe("jit-access sweep's configuration", () => {
  it("names every problem at once, one line each, no stack", async () => {
    const { code, errors } = await sweep({ APP_ID: "xyz", PRIVATE_KEY: "notapem", JIT_ACCESS_SWEEP_INTERVAL: "often" });
    expect(code).toBe(1);
    expect(errors.split("\n")).toEqual([
      "jit-access is not configured correctly:",
      expect.stringMatching(/^ {2}- JIT_ACCESS_SIGNING_KEY is missing/),
      expect.stringMatching(/^ {2}- JIT_ACCESS_SWEEP_INTERVAL must be a whole number/),
      expect.stringMatching(/^ {2}- APP_ID must be the app's numeric ID/),
      expect.stringMatching(/^ {2}- PRIVATE_KEY is not a PEM private key/),
      expect.stringMatching(/^ {2}- JIT_ACCESS_REPOSITORIES is missing: name the repositories whose policies the app obeys/),
    ]);
  });

  it("refuses to sweep without the repositories whose policies count, in production or not", async () => {
    const host = new URL(github.url).host;
    const { code, errors, lines } = await sweep({ APP_ID: "4242", PRIVATE_KEY: privateKey, GHE_HOST: host, GHE_PROTOCOL: "http", JIT_ACCESS_SIGNING_KEY: "k".repeat(40) });
    expect(code).toBe(1);
    expect(errors).toMatch(/^jit-access is not configured correctly:\n {2}- JIT_ACCESS_REPOSITORIES is missing: /);
    expect(lines).toEqual([]);
  });

  it("says plainly when APP_ID is not the id of the key's app", async () => {
    const host = new URL(github.url).host;
    const { code, errors, lines } = await sweep({ APP_ID: "999", PRIVATE_KEY: privateKey, GHE_HOST: host, GHE_PROTOCOL: "http", JIT_ACCESS_SIGNING_KEY: "k".repeat(40), JIT_ACCESS_REPOSITORIES: "acme/access" });
    expect(code).toBe(1);
    expect(errors).toMatch(/^APP_ID or PRIVATE_KEY is wrong: GitHub refused the app's token \(401\); APP_ID must be the ID of the app whose private key this is/);
    expect(errors).not.toMatch(/\n\s+at /);
    expect(lines).toEqual([]);
  });

  it("sweeps when the settings are right (GitHub Enterprise Server's /api/v3 reaches the emulator)", async () => {
    const host = new URL(github.url).host;
    const { code, lines } = await sweep({ APP_ID: "4242", PRIVATE_KEY: privateKey, GHE_HOST: host, GHE_PROTOCOL: "http", JIT_ACCESS_SIGNING_KEY: "k".repeat(40), JIT_ACCESS_REPOSITORIES: "acme/access" });
    expect({ code, lines }).toEqual({ code: 0, lines: ["sweep: 0 open request(s) listed, 0 reconciled; managed teams checked for drift"] });
  });
});
