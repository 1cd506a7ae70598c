import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { readConfig, readShutdownMs } from "../../src/config.js";
import { GITHUB_PACING } from "../../src/github/write-queue.js";
import { onShutdown } from "../../src/operate/shutdown.js";
import { manualClock } from "../../src/reconcile/clock.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { checkInvariants } from "../e2e/invariants.js";
import { appComments, openRequest, ORG, REPO, TEAM, world } from "../e2e/world.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

const REQUESTERS = ["jane", "bob", "dave", "erin", "frank", "grace"];

describe("shutting down on SIGTERM", () => {
  it("mid-reconcile: refuses webhooks with 503, drains within its bound, says what it drained in one line, exits 0; after a restart and a sweep every approved request is granted exactly once", async () => {
    // GitHub's pacing on a clock that only the test moves: the burst stops wherever the test stops it.
    const pacing = manualClock(0);
    const w = await world({ writePacing: GITHUB_PACING, pacingTimer: pacing });
    const s = (sandbox = w.sandbox);
    for (const login of REQUESTERS.slice(2)) s.github.addUser(login, { orgs: { [ORG]: "active" } });
    const ticking = setInterval(() => pacing.advance(1_000), 1);
    const numbers = REQUESTERS.map((login) => openRequest(s, login));
    await s.settle();
    clearInterval(ticking);
    const before = s.jit.writes.stats().done;
    for (const number of numbers) s.github.as("alice").comment(REPO, number, "/approve");
    // Let the burst start: some writes go out, the rest wait for pacing that no longer comes.
    for (let i = 0; i < 1_000 && s.jit.writes.stats().done < before + 3; i++) {
      pacing.advance(1_000);
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(s.jit.scheduler.busy).toBe(true);

    const signals = new EventEmitter();
    let exited: number | undefined;
    const app = s.jit;
    onShutdown(() => ({ drain: (ms) => app.drain(ms), stopServer: () => s.server.stop(), log: app.log }), { boundMs: 400, signals, exit: (code) => (exited = code) });
    signals.emit("SIGTERM");
    signals.emit("SIGINT");
    // While it drains, a webhook is answered 503, so GitHub keeps it as failed for redelivery.
    const refused = await fetch(`http://127.0.0.1:${s.server.port}/api/github/webhooks`, { method: "POST", headers: { "x-github-event": "issue_comment", "content-type": "application/json" }, body: "{}" });
    expect(refused.status).toBe(503);
    const readyz = await fetch(`http://127.0.0.1:${s.server.port}/readyz`);
    expect(readyz.status).toBe(503);
    expect(((await readyz.json()) as { checks: Record<string, string> }).checks.shutdown).toMatch(/shutting down/);
    for (let i = 0; i < 1_000 && exited === undefined; i++) await new Promise((r) => setTimeout(r, 5));
    expect(exited).toBe(0);
    const drained = s.logs.filter((l) => /"msg":"(drained|drain bound reached)/.test(l)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(drained).toHaveLength(1);
    expect(drained[0]).toMatchObject({ finished: false, locksReleased: 0 });
    // Ours, and any the emulator delivered for the writes that went out.
    expect(drained[0]!.webhooksRefused).toBeGreaterThanOrEqual(1);
    expect(drained[0]!.reconcilesRunning).toBeGreaterThan(0);
    expect(Object.values(drained[0]!.dropped as Record<string, number>).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const granted = s.github.teamMembers(ORG, TEAM).length;
    expect(granted).toBeLessThan(REQUESTERS.length);

    // A new process: the first sweep finds what the old one left, and finishes it.
    const restarted = setInterval(() => pacing.advance(1_000), 1);
    try {
      await s.restart();
      await s.jit.sweeper.sweep();
      await s.settle();
    } finally {
      clearInterval(restarted);
    }
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login).sort()).toEqual([...REQUESTERS].sort());
    for (const number of numbers) {
      expect(appComments(s, number).filter((body) => body.includes('"event":"granted"'))).toHaveLength(1);
    }
    expect(checkInvariants(s, numbers, [], w.clock.now())).toEqual([]);
  });
});

describe("JIT_ACCESS_SHUTDOWN_SECONDS", () => {
  const base = { JIT_ACCESS_SIGNING_KEY: "k".repeat(32) };
  it("defaults to 25 s and takes whole seconds", () => {
    // npm start reads it alone, before Probot's first-start setup (no signing key yet) needs the rest.
    expect(readShutdownMs({})).toBe(25_000);
    expect(readShutdownMs({ JIT_ACCESS_SHUTDOWN_SECONDS: "10" })).toBe(10_000);
    expect(() => readConfig(base)).not.toThrow();
  });
  it("refuses a value it cannot use, saying what is allowed", () => {
    expect(() => readConfig({ ...base, JIT_ACCESS_SHUTDOWN_SECONDS: "soon" })).toThrow(/JIT_ACCESS_SHUTDOWN_SECONDS must be a whole number of seconds, such as 25/);
    expect(() => readConfig({ ...base, JIT_ACCESS_SHUTDOWN_SECONDS: "1" })).toThrow(/at least 2 seconds/);
    expect(() => readConfig({ ...base, JIT_ACCESS_SHUTDOWN_SECONDS: "3600" })).toThrow(/at most 600 seconds/);
    expect(() => readShutdownMs({ JIT_ACCESS_SHUTDOWN_SECONDS: "2.5" })).toThrow(/whole number of seconds/);
  });
});
