import { afterEach, describe, expect, it } from "vitest";
import { GITHUB_PACING } from "../../src/github/write-queue.js";
import { manualClock } from "../../src/reconcile/clock.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { openRequest, world, writes } from "./world.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1_000 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!done()) throw new Error(`never happened: ${what}`);
}

describe("draining on SIGTERM", () => {
  it("takes no new reconcile, waits for running ones up to its bound, and never sends a write still queued", async () => {
    const pacing = manualClock(0);
    const w = await world({ writePacing: GITHUB_PACING, pacingTimer: pacing });
    const s = (sandbox = w.sandbox);
    openRequest(s, "jane");
    // The first write goes at once; the second waits for a pacing gap that never comes.
    await until(() => Object.values(s.jit.writes.stats().depth).some((n) => n > 0) && !s.jit.writes.stats().inFlight, "a write queued");
    const sent = writes(s);
    await s.jit.drain(50);
    expect(s.logs.some((l) => l.includes("drain bound reached"))).toBe(true);
    pacing.advance(60_000);
    openRequest(s, "bob");
    await s.github.settle();
    expect(s.jit.scheduler.busy).toBe(false);
    expect(writes(s)).toEqual(sent);
    await expect(s.jit.writes.schedule({ kind: "removal", contentCreating: false, route: "DELETE /x" }, async () => "sent")).rejects.toThrow(/shutting down/);
  });
});
