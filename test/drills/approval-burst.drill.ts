import { afterEach, describe, expect, it } from "vitest";
import { GITHUB_PACING } from "../../src/github/write-queue.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { checkInvariants } from "../e2e/invariants.js";
import { HOUR, openRequest, ORG, REPO, TEAM, world } from "../e2e/world.js";
import { until } from "./until.js";

/**
 * The reliability suite's burst, in real time: writes paced one a second as
 * GitHub asks, fifty requests approved at once, and a grant that ends in the
 * middle of it. Before the write queue its removal waited minutes behind the
 * burst's comments; now nothing that was queued goes out before it.
 */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

const REQUESTERS = Array.from({ length: 50 }, (_, i) => `dev${i + 1}`);

interface WriteLine {
  msg: string;
  write: string;
  waitedMs: number;
  startedMeanwhile: number;
  passed: number;
}

const writeLines = (s: Sandbox): WriteLine[] =>
  s.logs.map((l) => JSON.parse(l) as Partial<WriteLine>).filter((l): l is WriteLine => typeof l.write === "string" && typeof l.waitedMs === "number");

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0;

describe("drill: a burst of fifty approvals with GitHub's pacing", () => {
  it("the grant that ends mid-burst loses its membership before any queued write goes out", async () => {
    const w = await world({ writePacing: GITHUB_PACING });
    const s = (sandbox = w.sandbox);
    for (const login of REQUESTERS) s.github.addUser(login, { orgs: { [ORG]: "active" } });
    const janes = openRequest(s, "jane");
    await s.settle();
    s.github.as("alice").comment(REPO, janes, "/approve");
    await s.settle();
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["jane"]);

    // Two hours, so that moving the clock an hour ends Jane's grant and none of theirs.
    const burst = REQUESTERS.map((login) => openRequest(s, login, { duration: "2h" }));
    await s.settle();
    for (const n of burst) s.github.as("alice").comment(REPO, n, "/approve");
    // Let the burst fill the queue, then end Jane's grant.
    await until(() => s.jit.writes.stats().depth.grant + s.jit.writes.stats().depth.record >= 40, "the burst queued", 120_000);
    w.clock.advance(HOUR);
    await until(() => !s.github.teamMembers(ORG, TEAM).some((m) => m.login === "jane"), "jane removed", 120_000);
    const removal = writeLines(s).find((l) => l.write === "removal");
    expect(removal).toMatchObject({ startedMeanwhile: 0 });
    expect(removal?.passed).toBeGreaterThanOrEqual(20);
    console.info(`removal waited ${removal?.waitedMs} ms in the queue, passing ${removal?.passed} queued writes`);

    await s.settle();
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login).sort()).toEqual([...REQUESTERS].sort());
    expect(checkInvariants(s, [janes, ...burst], [], w.clock.now())).toEqual([]);
    const records = writeLines(s).filter((l) => l.write === "record").map((l) => l.waitedMs);
    console.info(`records waited p50 ${percentile(records, 50)} ms, p99 ${percentile(records, 99)} ms; longest wait ${s.jit.writes.stats().longestWaitMs} ms`);
  });
});
