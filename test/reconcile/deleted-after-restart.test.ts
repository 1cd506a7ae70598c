import { describe, expect, it } from "vitest";
import { checkChain } from "../../src/audit/check-chain.js";
import { GrantIndex } from "../../src/reconcile/grant-index.js";
import { judgeGlance } from "../../src/reconcile/glance-requests.js";
import { createProcessMemory } from "../../src/reconcile/process-memory.js";
import { reconcile } from "../../src/reconcile/reconcile.js";
import { HOUR, policy } from "../core/fixtures.js";
import { APP, KEY, NAME, REF, ReconcileWorld } from "./reconcile-world.js";

describe("a deleted request whose grant this process learnt of from a glance (after a restart)", () => {
  it("seals the end chained to the request's last record, so the audit file still verifies", async () => {
    const world = new ReconcileWorld();
    await world.approveByAlice();
    await reconcile(REF, world.deps());
    expect(world.grants.byRequest(NAME)).toBeDefined();

    // A restart: a new process, with an empty grant index and memory, and the same audit file.
    const restarted = { ...world.deps(), grants: new GrantIndex(), memory: createProcessMemory("access-request") };
    world.now += 60_000;
    const { issue, entries } = world.request;
    const verdict = judgeGlance(
      { nodeId: "I_7", body: issue.body, state: "open", locked: false, author: { __typename: "User", login: "jane", databaseId: 42 }, comments: entries, complete: true, closedOnce: false },
      { ref: REF, nodeId: "I_7", labels: issue.labels, updatedAt: issue.updatedAt },
      { identity: APP, signingKey: KEY, policy, requestLabel: "access-request", now: world.now },
    );
    expect(verdict.kind).toBe("live");
    if (verdict.kind !== "live") return;
    restarted.grants.set(verdict.grantKey, verdict.grant.ref, verdict.grant);

    // The issue is deleted; the grant still ends on time, and its end goes to the audit file.
    world.source.issues.delete(NAME);
    world.now += HOUR;
    const decision = await reconcile(REF, restarted);
    expect(decision?.state).toBe("expired");
    expect(world.source.teams.has("acme/platform-admins/jane")).toBe(false);
    expect(world.audit.at(-1)).toMatchObject({ request: NAME, commentId: 0 });
    const chain = checkChain(world.audit.map((e, seq) => ({ seq, id: e.commentId, body: e.body, at: 0, byApp: true })), NAME, KEY);
    expect(chain.map((c) => [c.status, c.detail])).toEqual(world.audit.map(() => ["verified", undefined]));
  });
});

describe("a deleted request whose requester renamed their account", () => {
  async function grantedThenDeleted(): Promise<ReconcileWorld> {
    const world = new ReconcileWorld();
    await world.approveByAlice();
    await reconcile(REF, world.deps());
    expect(world.source.teams.get("acme/platform-admins/jane")).toBe("active");
    // jane (id 42) renames her account to jane2; then the issue is deleted.
    world.source.teams.delete("acme/platform-admins/jane");
    world.source.teams.set("acme/platform-admins/jane2", "active");
    world.source.ids.delete("jane");
    world.source.ids.set("jane2", 42);
    world.source.issues.delete(NAME);
    return world;
  }

  it("loses the membership at expiry under the new login (the numeric id), not a DELETE of the old login that GitHub answers 404", async () => {
    const world = await grantedThenDeleted();
    world.now += HOUR + 1_000;
    const decision = await reconcile(REF, world.deps());
    expect(decision?.state).toBe("expired");
    expect(world.writes.filter((w) => w.startsWith("remove "))).toEqual(["remove platform-admins/jane2"]);
    expect(world.source.teams.has("acme/platform-admins/jane2")).toBe(false);
  });

  it("never removes someone else who claimed the freed login", async () => {
    const world = await grantedThenDeleted();
    world.source.teams.set("acme/platform-admins/jane", "active");
    world.source.ids.set("jane", 77);
    world.now += HOUR + 1_000;
    await reconcile(REF, world.deps());
    expect(world.source.teams.get("acme/platform-admins/jane")).toBe("active");
    expect(world.source.teams.has("acme/platform-admins/jane2")).toBe(false);
  });

  it("sends no DELETE when the person is no longer a member at all, and records that nothing was removed", async () => {
    const world = await grantedThenDeleted();
    world.source.teams.delete("acme/platform-admins/jane2");
    world.now += HOUR + 1_000;
    const decision = await reconcile(REF, world.deps());
    expect(world.writes.filter((w) => w.startsWith("remove "))).toEqual([]);
    expect(decision?.effects.find((e) => e.kind === "record")).toMatchObject({ data: { event: "expired", removed: false } });
  });
});

describe("a deleted request's end and another grant of the same team and person", () => {
  it("is decided under the team-and-person lock: a grant made meanwhile keeps the membership", async () => {
    const world = new ReconcileWorld();
    const deps = world.deps();
    await world.approveByAlice(deps);
    await reconcile(REF, deps);
    world.source.issues.delete(NAME);
    world.now += HOUR + 1_000;
    // Another run holds the lock: it is granting jane's second request of the team.
    let release!: () => void;
    const held = world.grants.withLock("acme/platform-admins/#42", () => new Promise<void>((done) => (release = done)));
    const ending = reconcile(REF, deps);
    await new Promise((resolve) => setImmediate(resolve));
    expect(world.writes.filter((w) => w.startsWith("remove "))).toEqual([]);
    world.grants.set("acme/platform-admins/#42", "acme/access#8", { ref: "acme/access#8", expiresAt: world.now + HOUR, standing: false, login: "jane" });
    release();
    await held;
    const decision = await ending;
    expect(world.writes.filter((w) => w.startsWith("remove "))).toEqual([]);
    expect(world.source.teams.get("acme/platform-admins/jane")).toBe("active");
    expect(decision?.effects.find((e) => e.kind === "record")).toMatchObject({ data: { event: "expired", removed: false, keptFor: "acme/access#8" } });
  });
});
