import { afterEach, describe, expect, it } from "vitest";
import { signWebhook } from "github-emulator/emulator/index.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { REPO, requestBody, world } from "../e2e/world.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/** Probot's access lines (pino-http's, named "http") for the webhook route, as [level, status]. */
function accessLines(s: Sandbox): [number, number][] {
  return s.logs
    .flatMap((chunk) => chunk.split("\n"))
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { level: number; name?: string; msg?: string; res?: { statusCode?: number } })
    .filter((line) => line.name === "http" && (line.msg ?? "").startsWith("POST /api/github/webhooks"))
    .map((line) => [line.level, line.res?.statusCode ?? 0]);
}

async function openedAt(logLevel: string): Promise<Sandbox> {
  const w = await world({ logLevel });
  sandbox = w.sandbox;
  sandbox.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody(), labels: ["access-request"] });
  await sandbox.settle();
  return sandbox;
}

describe("Probot's access line for a webhook", () => {
  it("is not written at info when the webhook was taken; a refused one (a bad signature) keeps its line at info", async () => {
    const s = await openedAt("info");
    expect(s.github.deliveries.filter((d) => d.status === 200).length).toBeGreaterThan(0);
    expect(accessLines(s)).toEqual([]);
    const body = JSON.stringify(s.github.deliveries[0]!.payload);
    const forged = await fetch(s.github.webhookUrl!, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": "forged-1", "x-hub-signature-256": signWebhook("not-the-secret", body) },
    });
    expect(forged.status).toBe(400);
    await s.settle();
    expect(accessLines(s)).toEqual([[30, 400]]);
  });

  it("is written at debug for every webhook taken, with its status", async () => {
    const s = await openedAt("debug");
    const taken = s.github.deliveries.filter((d) => d.status === 200).length;
    expect(taken).toBeGreaterThan(0);
    expect(accessLines(s)).toEqual(Array.from({ length: taken }, () => [20, 200]));
  });
});
