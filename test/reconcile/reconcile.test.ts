import { describe, expect, it } from "vitest";
import { checkChain } from "../../src/audit/check-chain.js";
import type { Effect } from "../../src/core/decide.js";
import { reconcile, StaleReadError } from "../../src/reconcile/reconcile.js";
import { HOUR } from "../core/fixtures.js";
import { KEY, NAME, REF, ReconcileWorld } from "./reconcile-world.js";

/** The events of the records a decision wrote, in order. */
function recorded(effects: readonly Effect[] | undefined): string[] {
  return (effects ?? []).flatMap((e) => (e.kind === "record" ? [e.data.event] : []));
}

/** A world whose request alice has approved: the next reconcile grants. */
async function approved(membership: "active" | "none" = "none"): Promise<ReconcileWorld> {
  const world = new ReconcileWorld();
  await world.approveByAlice();
  if (membership === "active") world.source.teams.set("acme/platform-admins/jane", "active");
  return world;
}

describe("reconcile over the fake request source", () => {
  it("an issue that is not an access request is left alone: nothing written, nothing looked up", async () => {
    const world = new ReconcileWorld(["bug"]);
    expect(await reconcile(REF, world.deps())).toBeUndefined();
    expect(world.writes).toEqual([]);
    expect(world.source.asked).toEqual([`read ${NAME}`]);
  });

  it("a pending request read again with nothing new writes nothing and needs no membership look-up", async () => {
    const world = new ReconcileWorld();
    const first = await reconcile(REF, world.deps());
    expect(first?.state).toBe("pending");
    expect(recorded(first?.effects)).toEqual(["received"]);
    world.writes.length = 0;
    world.source.asked.length = 0;
    const again = await reconcile(REF, world.deps());
    expect(again).toMatchObject({ state: "pending", effects: [] });
    expect(world.writes).toEqual([]);
    expect(world.source.asked.filter((q) => q.startsWith("team ") || q === "repositories")).toEqual([]);
  });

  it("a grant to a member looks up the membership, then searches the person's other requests, and keeps it standing", async () => {
    const world = await approved("active");
    world.source.asked.length = 0;
    const decision = await reconcile(REF, world.deps());
    expect(decision?.state).toBe("granted");
    expect(world.source.asked).toContain("team acme/platform-admins/jane");
    expect(world.source.asked).toContain("repositories");
    expect(world.writes.filter((w) => w.startsWith("add "))).toEqual([]);
    expect(decision?.effects.find((e) => e.kind === "record" && e.data.event === "granted")).toMatchObject({ data: { standing: true } });
  });

  it("a grant to a non-member looks up the membership, takes only the grants this process knows, and adds the membership", async () => {
    const world = await approved("none");
    world.source.asked.length = 0;
    const decision = await reconcile(REF, world.deps());
    expect(decision?.state).toBe("granted");
    expect(world.source.asked).toContain("team acme/platform-admins/jane");
    expect(world.source.asked).not.toContain("repositories");
    expect(world.writes).toContain("add platform-admins/jane");
    expect(world.grants.byRequest(NAME)?.grant).toMatchObject({ standing: false, expiresAt: world.now + HOUR });
  });

  it("a membership GitHub refuses comes back as an observation: the request is read again and fails with the reason", async () => {
    const world = await approved("none");
    world.refuse = "jane is not a member of the organisation; GitHub would only invite them";
    world.source.asked.length = 0;
    const decision = await reconcile(REF, world.deps());
    expect(decision?.state).toBe("failed");
    expect(recorded(decision?.effects)).toEqual(["grant-failed"]);
    expect(decision?.effects.find((e) => e.kind === "record")).toMatchObject({ data: { reason: world.refuse } });
    expect(world.source.asked.filter((q) => q === `read ${NAME}`)).toHaveLength(2);
    expect(world.grants.byRequest(NAME)).toBeUndefined();
  });

  it("a removal that fails at expiry comes back as an observation: revoke-failed, recorded once, the grant kept live", async () => {
    const world = await approved("none");
    const deps = world.deps();
    await reconcile(REF, deps);
    world.now += HOUR + 1_000;
    world.failRemoval = true;
    const decision = await reconcile(REF, deps);
    expect(decision?.state).toBe("revoke-failed");
    expect(recorded(decision?.effects)).toEqual(["revoke-failed"]);
    expect(world.writes.filter((w) => w.startsWith("remove "))).toEqual(["remove platform-admins/jane"]);
    expect(world.grants.byRequest(NAME)).toBeDefined();
  });

  it("a read that does not show the app's last record is stale: the reconcile fails to be retried, and decides once the read catches up", async () => {
    const world = new ReconcileWorld();
    const deps = world.deps();
    await reconcile(REF, deps);
    // The read lags behind the app's last comment (and the label events after it).
    const last = world.request.entries.findLastIndex((e) => e.event === "commented");
    const lagging = world.request.entries.splice(last);
    await expect(reconcile(REF, deps)).rejects.toBeInstanceOf(StaleReadError);
    world.request.entries.push(...lagging);
    expect(await reconcile(REF, deps)).toMatchObject({ state: "pending", effects: [] });
  });

  it("a deleted request whose known grant expired loses the membership, and the end is sealed into the audit file, chained", async () => {
    const world = await approved("none");
    const deps = world.deps();
    await reconcile(REF, deps);
    const comments = world.writes.filter((w) => w === "comment").length;
    world.source.issues.delete(NAME);
    world.now += HOUR + 1_000;
    const decision = await reconcile(REF, deps);
    expect(decision?.state).toBe("expired");
    expect(decision?.effects.map((e) => e.kind)).toEqual(["remove-member", "record"]);
    expect(world.writes.slice(-1)).toEqual(["remove platform-admins/jane"]);
    expect(world.source.teams.has("acme/platform-admins/jane")).toBe(false);
    const last = world.audit.at(-1)!;
    expect(last).toMatchObject({ request: NAME, commentId: 0 });
    expect(world.writes.filter((w) => w === "comment")).toHaveLength(comments);
    const chain = checkChain(world.audit.map((e, seq) => ({ seq, id: e.commentId, body: e.body, at: 0, byApp: true })), NAME, KEY);
    expect(chain.map((c) => c.status)).toEqual(world.audit.map(() => "verified"));
    expect(chain.at(-1)?.record?.event).toBe("expired");
    expect(world.grants.byRequest(NAME)).toBeUndefined();
  });

  it("a deleted request this process knows no grant of writes nothing and says so", async () => {
    const world = new ReconcileWorld();
    world.source.issues.delete(NAME);
    expect(await reconcile(REF, world.deps())).toBeUndefined();
    expect(world.writes).toEqual([]);
    expect(world.audit).toEqual([]);
  });

  it("a grant decided after waiting for the team-and-person lock reads the request again and sees what the other run did", async () => {
    const world = await approved("none");
    const deps = world.deps();
    let release!: () => void;
    const held = world.grants.withLock("acme/platform-admins/#42", () => new Promise<void>((done) => (release = done)));
    world.source.asked.length = 0;
    const running = reconcile(REF, deps);
    // Meanwhile the other run made jane a member (a standing membership by the time this one decides).
    await new Promise((resolve) => setImmediate(resolve));
    world.source.teams.set("acme/platform-admins/jane", "active");
    release();
    await held;
    const decision = await running;
    expect(world.source.asked.filter((q) => q === `read ${NAME}`)).toHaveLength(2);
    expect(decision?.effects.find((e) => e.kind === "record" && e.data.event === "granted")).toMatchObject({ data: { standing: true } });
    expect(world.writes.filter((w) => w.startsWith("add "))).toEqual([]);
  });
});
