import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { Probot } from "probot";
import { describe, expect, it, vi } from "vitest";
import { createJitAccess } from "../../src/app.js";
import { UnpacedOctokit } from "../../src/github/unpaced-octokit.js";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const config = { signingKey: "k".repeat(40), policyPath: "policies", requestLabel: "access-request", sweepIntervalMs: 60_000, secrets: [] };

describe("one handler per webhook", () => {
  it("Probot builds one context (one child logger) for a webhook, and the webhook is still counted by event and action", async () => {
    const probot = new Probot({ appId: 1, privateKey, secret: "s", Octokit: UnpacedOctokit, log: pino({ level: "silent" }) });
    const { app, ready } = createJitAccess({ config, sweep: false });
    await probot.load(app);
    const jit = await ready;
    const child = vi.spyOn(probot.log, "child");
    // Not about an issue: counted, and nothing else to do (no call to GitHub).
    await probot.receive({ id: "d-1", name: "issues", payload: { action: "opened", installation: { id: 7 } } } as never);
    const contexts = child.mock.calls.filter(([bindings]) => (bindings as { name?: string }).name === "event");
    expect(contexts).toEqual([[{ name: "event", id: "d-1" }]]);
    expect(await jit.metrics.text()).toMatch(/^jit_access_webhooks_total\{event="issues",action="opened"\} 1$/m);
    jit.stop();
  });
});

describe("the app loaded by `probot run`, past npm start's check", () => {
  it("refuses to load in production without JIT_ACCESS_REPOSITORIES, and loads with it", async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      const probot = new Probot({ appId: 1, privateKey, secret: "s", Octokit: UnpacedOctokit, log: pino({ level: "silent" }) });
      await expect(probot.load(createJitAccess({ config, sweep: false }).app)).rejects.toThrow(/^JIT_ACCESS_REPOSITORIES is missing: /);
      const named = createJitAccess({ config: { ...config, repositories: ["acme/access"] }, sweep: false });
      await probot.load(named.app);
      (await named.ready).stop();
    } finally {
      process.env.NODE_ENV = before;
    }
  });
});
