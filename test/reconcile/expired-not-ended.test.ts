import { describe, expect, it } from "vitest";
import type { IssueRef } from "../../src/github/client.js";
import { reconcile } from "../../src/reconcile/reconcile.js";
import { formBody, HOUR } from "../core/fixtures.js";
import { NAME, REF, ReconcileWorld } from "./reconcile-world.js";

const SECOND: IssueRef = { ...REF, number: 8 };
const SECOND_NAME = "acme/access#8";

describe("a grant decided while another grant of the same team and person is past its end but not yet ended", () => {
  it("is not taken for a standing membership: the membership goes when the last grant ends", async () => {
    const world = new ReconcileWorld();
    const deps = world.deps();
    await world.approveByAlice(deps);
    await reconcile(REF, deps);
    expect(world.source.teams.get("acme/platform-admins/jane")).toBe("active");

    // The first grant's time is up, but its end has not been reconciled yet (a timer late behind a
    // burst, or the app down at that moment). Meanwhile jane's second request is approved.
    world.now += HOUR + 5_000;
    const at = new Date(world.now).toISOString();
    world.source.issues.set(SECOND_NAME, { issue: { ...structuredClone(world.request.issue), body: formBody({ duration: "1h" }), labels: ["access-request"], updatedAt: at }, entries: [] });
    await reconcile(SECOND, deps);
    world.now += 1_000;
    world.source.issues.get(SECOND_NAME)!.entries.push({ event: "commented", id: 5_000, body: "/approve", user: { login: "alice", type: "User", id: 5 }, created_at: new Date(world.now).toISOString(), updated_at: new Date(world.now).toISOString() });
    const second = await reconcile(SECOND, deps);
    expect(second?.state).toBe("granted");

    // The first grant ends, then the second.
    await reconcile(REF, deps);
    world.now += HOUR + 5_000;
    await reconcile(SECOND, deps);
    await reconcile(REF, deps);
    expect(world.source.teams.has("acme/platform-admins/jane")).toBe(false);
    expect(world.grants.byRequest(NAME)).toBeUndefined();
    expect(world.grants.byRequest(SECOND_NAME)).toBeUndefined();
  });
});
