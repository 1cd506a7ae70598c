import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Coordinator } from "../../src/coordination/coordinator.js";
import { DriftGuard, type DriftGuardDeps } from "../../src/reconcile/drift-guard.js";
import { GrantIndex } from "../../src/reconcile/grant-index.js";

/** Another replica holds the drift lock for the first `busy` attempts. */
function heldFor(busy: number): Coordinator & { attempts: number; ran: number } {
  return {
    attempts: 0,
    ran: 0,
    async exclusive(_name, run) {
      if (this.attempts++ < busy) return { ran: false };
      this.ran++;
      return { ran: true, value: await run() };
    },
    async close() {},
  };
}

function guard(coordinator: Coordinator): DriftGuard {
  const deps = { coordinator, grants: new GrantIndex(), now: () => 0, log: pino({ level: "silent" }) } as unknown as DriftGuardDeps;
  return new DriftGuard(deps);
}

// A removal by someone else: the check needs no GitHub call, only the lock.
const check = (foundBy: "webhook" | "sweep") => ({ installationId: 1, org: "acme", team: "ops", foundBy, removed: { person: { login: "jane" }, actor: "owner" } });

afterEach(() => {
  vi.useRealTimers();
});

describe("drift checks across replicas", () => {
  it("a webhook's check outwaits a replica that holds the team longer than one wait, instead of being dropped", async () => {
    vi.useFakeTimers();
    const coordinator = heldFor(150);
    const done = guard(coordinator).check(check("webhook"));
    await vi.runAllTimersAsync();
    await done;
    expect(coordinator.ran).toBe(1);
  });

  it("a sweep's check gives up after one wait (the next sweep looks again)", async () => {
    vi.useFakeTimers();
    const coordinator = heldFor(150);
    const done = guard(coordinator).check(check("sweep"));
    const outcome = done.then(() => "ran", (e: Error) => e.name);
    await vi.runAllTimersAsync();
    expect(await outcome).toBe("LockBusyError");
    expect(coordinator.ran).toBe(0);
  });
});
