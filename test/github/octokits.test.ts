import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { Probot, type Context } from "probot";
import { describe, expect, it, vi } from "vitest";
import type { Octokit } from "../../src/github/client.js";
import { skipEventOctokits } from "../../src/github/event-octokit.js";
import { InstallationOctokits } from "../../src/github/installation-octokits.js";
import { UnpacedOctokit } from "../../src/github/unpaced-octokit.js";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

async function probotWithoutEventOctokits(): Promise<Probot> {
  const probot = new Probot({ appId: 1, privateKey, secret: "s", Octokit: UnpacedOctokit, log: pino({ level: "silent" }) });
  skipEventOctokits(await probot.auth());
  return probot;
}

describe("webhooks get no Octokit of their own", () => {
  it("a handler's context.octokit is a stand-in that says how to reach GitHub when anything uses it", async () => {
    const probot = await probotWithoutEventOctokits();
    const seen: Context[] = [];
    probot.on("issues", (context) => void seen.push(context));
    probot.onAny((context) => void seen.push(context as unknown as Context));
    await probot.receive({ id: "d-1", name: "issues", payload: { action: "opened", installation: { id: 7 } } } as never);
    expect(seen).toHaveLength(2);
    for (const context of seen) {
      expect(() => context.octokit.rest).toThrow(/builds no Octokit per webhook.*GitHubClient.*"rest"/);
      expect(() => void context.octokit.request).toThrow(/"request"/);
    }
  });

  it("the app's and each installation's own Octokit are built as before", async () => {
    const probot = await probotWithoutEventOctokits();
    const installation = await probot.auth(7);
    expect(typeof installation.rest.issues.createComment).toBe("function");
    expect(typeof (await probot.auth()).rest.apps.getAuthenticated).toBe("function");
  });
});

describe("one Octokit per installation", () => {
  it("is built once and shared; a build that failed is tried again", async () => {
    const built = { id: 1 } as unknown as Octokit;
    const build = vi.fn<(id: number) => Promise<Octokit>>().mockRejectedValueOnce(new Error("no key")).mockResolvedValue(built);
    const octokits = new InstallationOctokits(build);
    await expect(octokits.get(42)).rejects.toThrow("no key");
    expect(await octokits.get(42)).toBe(built);
    expect(await octokits.get(42)).toBe(built);
    expect(build).toHaveBeenCalledTimes(2);
  });
});
