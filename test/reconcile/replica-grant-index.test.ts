import { describe, expect, it } from "vitest";
import type { IssueRef } from "../../src/github/client.js";
import type { Coordinator } from "../../src/coordination/coordinator.js";
import { GrantIndex } from "../../src/reconcile/grant-index.js";
import { createProcessMemory } from "../../src/reconcile/process-memory.js";
import { reconcile, type ReconcileDeps } from "../../src/reconcile/reconcile.js";
import { formBody, HOUR } from "../core/fixtures.js";
import { NAME, REF, ReconcileWorld } from "./reconcile-world.js";

const SECOND: IssueRef = { ...REF, number: 8 };
const SECOND_NAME = "acme/access#8";
const MINUTE = 60_000;

/** A comment on jane's second request, now. */
function commentOnSecond(world: ReconcileWorld, id: number, login: string, userId: number, body: string): void {
  const at = new Date(world.now).toISOString();
  world.source.issues.get(SECOND_NAME)!.entries.push({ event: "commented", id, body, user: { login, type: "User", id: userId }, created_at: at, updated_at: at });
}

/** Jane's second request for the same team, opened a minute from now and approved by alice a minute later, then decided by `deps`. */
async function grantSecond(world: ReconcileWorld, duration: string, deps: ReconcileDeps): Promise<void> {
  world.now += MINUTE;
  world.source.issues.set(SECOND_NAME, { issue: { ...structuredClone(world.request.issue), body: formBody({ duration }), labels: ["access-request"], updatedAt: new Date(world.now).toISOString() }, entries: [] });
  await reconcile(SECOND, deps);
  world.now += MINUTE;
  commentOnSecond(world, 5_000, "alice", 5, "/approve");
  expect((await reconcile(SECOND, deps))?.state).toBe("granted");
}

/** Replicas share a coordinator (Redis in production): each one's grant index knows it is not alone. */
const shared: Coordinator = {
  async exclusive(_name, run) {
    return { ran: true, value: await run() };
  },
  async close() {},
};

/** A replica: the same GitHub, a grant index and memory of its own. */
function replica(world: ReconcileWorld): ReconcileDeps {
  return { ...world.deps(), grants: new GrantIndex(shared), memory: createProcessMemory("access-request") };
}

/** Replicas A and B over one GitHub; A has granted jane's first request (1h). */
async function grantedOnA(): Promise<{ world: ReconcileWorld; a: ReconcileDeps; b: ReconcileDeps }> {
  const world = new ReconcileWorld();
  const a = replica(world);
  const b = replica(world);
  await world.approveByAlice(a);
  expect((await reconcile(REF, a))?.state).toBe("granted");
  expect(a.grants.byRequest(NAME)).toBeDefined();
  return { world, a, b };
}

describe("two replicas, each with the grants it has seen", () => {
  it("a grant another replica ended early does not keep the membership when the last grant ends", async () => {
    const { world, a, b } = await grantedOnA();

    // Replica B grants her second request (30m), then ends the first early (`/revoke` by jane):
    // the membership stays, the second grant holds it.
    await grantSecond(world, "30m", b);
    world.now += MINUTE;
    world.comment("jane", "/revoke");
    expect((await reconcile(REF, b))?.state).toBe("revoked");
    expect(world.source.teams.get("acme/platform-admins/jane")).toBe("active");

    // The second grant's time is up, before the first's would have been; replica A reconciles its end.
    // A still remembers the first grant as live: only its signed records say it ended.
    world.now += 30 * MINUTE;
    expect((await reconcile(SECOND, a))?.state).toBe("expired");
    expect(world.source.teams.has("acme/platform-admins/jane")).toBe(false);
    expect(world.writes).toContain("remove platform-admins/jane");
    expect(a.grants.byRequest(NAME)).toBeUndefined();

    // And nothing brings it back when the first grant's old expiry comes.
    world.now += HOUR;
    await reconcile(REF, a);
    await reconcile(SECOND, a);
    expect(world.source.teams.has("acme/platform-admins/jane")).toBe(false);
  });

  it("a deleted request's end removes the membership when the other grant remembered here was ended by another replica", async () => {
    // Replica A grants both of jane's requests: the first for 1h, the second for 2h.
    const { world, a, b } = await grantedOnA();
    await grantSecond(world, "2h", a);

    // Replica B ends the second early (`/revoke`): the first grant keeps the membership.
    world.now += MINUTE;
    commentOnSecond(world, 5_001, "jane", 42, "/revoke");
    expect((await reconcile(SECOND, b))?.state).toBe("revoked");
    expect(world.source.teams.get("acme/platform-admins/jane")).toBe("active");

    // The first request's issue is deleted; at its expiry replica A ends the grant it knew.
    world.source.issues.delete(NAME);
    world.now += HOUR;
    expect((await reconcile(REF, a))?.state).toBe("expired");
    expect(world.source.teams.has("acme/platform-admins/jane")).toBe(false);
    expect(a.grants.byRequest(SECOND_NAME)).toBeUndefined();
  });

  it("records deleted on a request another replica already revoked: the grant this replica still remembers is not ended again on a membership held for good since", async () => {
    const world = new ReconcileWorld();
    const a = replica(world);
    const b = replica(world);
    await world.approveByAlice(a);
    expect((await reconcile(REF, a))?.state).toBe("granted");
    world.now += MINUTE;
    world.comment("jane", "/revoke");
    expect((await reconcile(REF, b))?.state).toBe("revoked");
    expect(a.grants.byRequest(NAME)).toBeDefined();
    // An owner makes jane a member for good; then someone with write access deletes the finished request's records.
    world.now += 5 * MINUTE;
    world.source.teams.set("acme/platform-admins/jane", "active");
    const entries = world.request.entries;
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.event === "commented" && entries[i]!.user?.type === "Bot") entries.splice(i, 1);
    world.now += 5 * MINUTE;
    expect((await reconcile(REF, a))?.state).toBe("tampered");
    expect(world.source.teams.get("acme/platform-admins/jane")).toBe("active");
  });

  it("a grant index knows whether replicas share the work: alone with the process's own coordinator, shared with any other", () => {
    const world = new ReconcileWorld();
    expect(world.grants.shared).toBe(false);
    expect(new GrantIndex(shared).shared).toBe(true);
  });
});
