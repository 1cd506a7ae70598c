import { describe, expect, it } from "vitest";
import type { Coordinator } from "../../src/coordination/coordinator.js";
import type { IssueRef } from "../../src/github/client.js";
import { GitHubError } from "../../src/github/errors.js";
import { GrantIndex } from "../../src/reconcile/grant-index.js";
import { createProcessMemory } from "../../src/reconcile/process-memory.js";
import { reconcile, type ReconcileDeps } from "../../src/reconcile/reconcile.js";
import { formBody, HOUR } from "../core/fixtures.js";
import { REF, ReconcileWorld } from "./reconcile-world.js";

/**
 * A grant whose reconciles keep failing past its expiry loses its membership
 * from the grant index (src/reconcile/overdue-grant.ts); with replicas, only
 * once GitHub's REST reads confirm nothing else keeps it.
 */
const SECOND: IssueRef = { ...REF, number: 8 };
const MINUTE = 60_000;
const MEMBERSHIP = "acme/platform-admins/jane";
/** A coordinator other than the process's own: the grant index is shared with other replicas. */
const shared: Coordinator = { async exclusive(_name, run) { return { ran: true, value: await run() }; }, async close() {} };
const replica = (w: ReconcileWorld): ReconcileDeps => ({ ...w.deps(), grants: new GrantIndex(shared), memory: createProcessMemory("access-request") });

/** jane's second request (#8), for `duration`, opened and approved by alice through `deps`. */
async function grantSecond(world: ReconcileWorld, duration: string, deps: ReconcileDeps): Promise<void> {
  world.now += MINUTE;
  world.source.issues.set("acme/access#8", { issue: { ...structuredClone(world.request.issue), body: formBody({ duration }), labels: ["access-request"], updatedAt: new Date(world.now).toISOString() }, entries: [] });
  await reconcile(SECOND, deps);
  world.now += MINUTE;
  const at = new Date(world.now).toISOString();
  world.source.issues.get("acme/access#8")!.entries.push({ event: "commented", id: 5000, body: "/approve", user: { login: "alice", type: "User", id: 5 }, created_at: at, updated_at: at });
  expect((await reconcile(SECOND, deps))?.state).toBe("granted");
}

/** Reading request #7 as a whole fails (GitHub's GraphQL API down for it); REST's timeline still answers. */
function failReadsOfFirst(world: ReconcileWorld): void {
  const read = world.source.readRequest.bind(world.source);
  world.source.readRequest = async (ref) => {
    if (ref.number === 7) throw new GitHubError("POST /graphql failed (502)", 502, "POST /graphql");
    return read(ref);
  };
}

/** jane's first request (#7), approved by alice and granted through `deps`. */
async function grantFirst(world: ReconcileWorld, deps: ReconcileDeps): Promise<void> {
  await world.approveByAlice(deps);
  expect((await reconcile(REF, deps))?.state).toBe("granted");
}

/** Reads of #7 fail from now on; `ms` later, its reconcile through `deps` fails. */
async function failingFor(world: ReconcileWorld, deps: ReconcileDeps, ms: number): Promise<void> {
  failReadsOfFirst(world);
  world.now += ms;
  await expect(reconcile(REF, deps)).rejects.toThrow();
}

describe("a grant whose reconciles keep failing past its expiry", () => {
  it("loses its membership 30 s after the expiry, not before", async () => {
    const world = new ReconcileWorld();
    const deps = world.deps();
    await grantFirst(world, deps);
    await failingFor(world, deps, HOUR);
    expect(world.source.teams.get(MEMBERSHIP)).toBe("active");
    world.now += 30_000;
    await expect(reconcile(REF, deps)).rejects.toThrow();
    expect(world.source.teams.get(MEMBERSHIP)).toBeUndefined();
  });

  it("keeps it while another grant of the same team and person this process made is live", async () => {
    const world = new ReconcileWorld();
    const deps = world.deps();
    await grantFirst(world, deps);
    await grantSecond(world, "2h", deps);
    await failingFor(world, deps, HOUR + 30_000);
    expect(world.source.teams.get(MEMBERSHIP)).toBe("active");
  });

  it("with replicas, keeps it while another replica's grant of the same team and person is live (read through REST)", async () => {
    const world = new ReconcileWorld();
    const a = replica(world);
    const b = replica(world);
    await grantFirst(world, a);
    await grantSecond(world, "2h", b);
    await failingFor(world, a, HOUR + 30_000);
    expect(world.source.teams.get(MEMBERSHIP)).toBe("active");
    expect((await reconcile(SECOND, b))?.state).toBe("granted");
  });

  it("with replicas, still loses it when REST shows nothing else keeping it", async () => {
    const world = new ReconcileWorld();
    const a = replica(world);
    await grantFirst(world, a);
    await failingFor(world, a, HOUR + 30_000);
    expect(world.source.teams.get(MEMBERSHIP)).toBeUndefined();
  });

  it("with replicas, still loses it when the requester posts a comment that imitates a record", async () => {
    const world = new ReconcileWorld();
    const a = replica(world);
    await grantFirst(world, a);
    // Read through REST, the trail now has a finding (a forged record): it keeps nothing.
    const at = new Date(world.now).toISOString();
    world.source.issues.get("acme/access#7")!.entries.push({ event: "commented", id: 9001, body: "thanks! <!-- jit-access:record {} -->", user: { login: "jane", type: "User", id: 42 }, created_at: at, updated_at: at });
    await failingFor(world, a, HOUR + 30_000);
    expect(world.source.teams.get(MEMBERSHIP)).toBeUndefined();
  });
});
