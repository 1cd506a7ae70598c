import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Coordinator } from "../../src/coordination/coordinator.js";
import { GrantIndex } from "../../src/reconcile/grant-index.js";
import { Scheduler } from "../../src/reconcile/scheduler.js";
import { manualClock } from "../e2e/manual-clock.js";

const ref = { installationId: 1, owner: "acme", repo: "access", number: 7 };

/** A logger that keeps every line it writes, parsed. */
function capture(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

/** Another replica holds every name for the first `busy` attempts. */
function heldFor(busy: number): Coordinator & { attempts: number } {
  return {
    attempts: 0,
    async exclusive(_name, run) {
      if (this.attempts++ < busy) return { ran: false };
      return { ran: true, value: await run() };
    },
    async close() {},
  };
}

describe("lock waits", () => {
  it("a request whose lock another replica holds for more than a second is logged at info, by kind", async () => {
    const clock = manualClock(0);
    const { log, lines } = capture();
    const scheduler = new Scheduler(async () => undefined, clock, log, heldFor(3));
    scheduler.enqueue(ref);
    await scheduler.idle();
    for (let i = 0; i < 3; i++) {
      clock.advance(1_000);
      await scheduler.idle();
    }
    const waits = lines.filter((l) => l.lock === "issue");
    expect(waits.map((l) => [l.msg, l.waitedMs, l.level])).toEqual([
      ["waiting for a lock another replica holds", 2_000, 30],
      ["took a lock another replica held", 3_000, 30],
    ]);
    expect(waits[0]?.request).toBe("1:acme/access#7");
  });

  it("a grant lock waited for more than a second is logged at info without naming the person", async () => {
    const { log, lines } = capture();
    const index = new GrantIndex(heldFor(12), log);
    await index.withLock("acme/ops/jane", async () => undefined);
    const wait = lines.find((l) => l.lock === "grant");
    expect(wait).toMatchObject({ level: 30, msg: "took a lock another replica held" });
    expect(JSON.stringify(lines)).not.toContain("jane");
  });
});
