import { afterEach, describe, expect, it, vi } from "vitest";
import { run } from "../../src/cli/main.js";
import { environmentSecrets, readConfig } from "../../src/config.js";
import { createMasker } from "../../src/masking/index.js";

const CHANNEL = "https://smee.io/Xk3vQ9mZpL2rT8wB";

describe("the secrets the environment holds", () => {
  it("are every secret value the process is given, long enough to mask by value", () => {
    const env: NodeJS.ProcessEnv = {
      JIT_ACCESS_SIGNING_KEY: "s".repeat(40),
      WEBHOOK_SECRET: "a-webhook-secret",
      PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----",
      GITHUB_CLIENT_SECRET: "0123456789abcdef0123456789abcdef01234567",
      WEBHOOK_PROXY_URL: CHANNEL,
      JIT_ACCESS_DOCTOR_TOKEN: "ghp_owner0123456789",
      JIT_ACCESS_METRICS_TOKEN: "0123456789abcdef0123456789abcdef",
      SENTRY_DSN: "https://0123456789abcdef@o1.ingest.sentry.io/42",
      REDIS_URL: "redis://:a-redis-password@redis:6379",
      APP_ID: "123456",
      LOG_LEVEL: "info",
    };
    expect(environmentSecrets(env).sort()).toEqual([...Object.values(env).slice(0, 8), "a-redis-password"].sort());
    expect(readConfig(env).secrets.sort()).toEqual(environmentSecrets(env).sort());
    // Too short to mask by value without garbling ordinary text.
    expect(environmentSecrets({ WEBHOOK_SECRET: "short" })).toEqual([]);
  });

  it("hide the smee.io channel smee-client names when it connects: whoever holds its URL reads every webhook", () => {
    const masker = createMasker({ secrets: environmentSecrets({ WEBHOOK_PROXY_URL: CHANNEL }) });
    const line = `{"level":30,"name":"probot","msg":"Forwarding ${CHANNEL} to http://localhost:3000/api/github/webhooks"}`;
    expect(masker.mask(line)).toBe('{"level":30,"name":"probot","msg":"Forwarding [secret] to http://localhost:3000/api/github/webhooks"}');
  });
});

describe("the command line", () => {
  const env = { ...process.env };
  const argv = process.argv;
  afterEach(() => {
    process.env = { ...env };
    process.argv = argv;
    vi.restoreAllMocks();
  });

  it("masks the secrets its environment holds in what it prints, once .env is read", async () => {
    const secret = "Zq8Vx3Lm7Np2Rt6Wy1Kb";
    // Two lines of a secret manifest swapped: APP_ID holds the webhook secret.
    process.env = { ...env, APP_ID: secret, WEBHOOK_SECRET: secret, JIT_ACCESS_SIGNING_KEY: "k".repeat(40) };
    process.argv = ["node", "jit-access", "sweep"];
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((text) => (written.push(String(text)), true));
    vi.spyOn(process.stdout, "write").mockImplementation((text) => (written.push(String(text)), true));
    await run();
    const exitCode = process.exitCode;
    process.exitCode = 0;
    expect(exitCode).not.toBe(0);
    expect(written.join("")).toMatch(/APP_ID must be the app's numeric ID/);
    expect(written.join("")).not.toContain(secret);
  });
});
