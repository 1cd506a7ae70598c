import { describe, expect, it } from "vitest";
import { checksFor } from "../../src/reconcile/drift-webhooks.js";
import { GrantIndex } from "../../src/reconcile/grant-index.js";

/** How a `membership` removal reaches a live grant's request: the webhook's checks, and the grant index's notes. */
const removal = (sender: string) => ({
  action: "removed",
  scope: "team",
  member: { login: "jane", id: 42 },
  team: { slug: "ops", parent: { slug: "platform" } },
  sender: { login: sender },
  installation: { id: 1 },
  organization: { login: "acme" },
});

describe("membership removals", () => {
  it("by someone else: one check of the team itself, naming who removed whom", () => {
    expect(checksFor("membership", removal("owner"), "jit-access[bot]")).toEqual([
      { installationId: 1, org: "acme", team: "ops", foundBy: "webhook", removed: { person: { login: "jane", id: 42 }, actor: "owner" } },
    ]);
  });

  it("by the app itself (its own revocation or expiry): nothing", () => {
    expect(checksFor("membership", removal("jit-access[bot]"), "jit-access[bot]")).toEqual([]);
  });
});

describe("the grant index's removal notes", () => {
  const grant = { ref: "acme/access#7", expiresAt: 2_000, standing: false, login: "jane" };

  it("lists a team's live grants and keeps the first removal noted on one", () => {
    const index = new GrantIndex();
    index.set("acme/ops/#42", "acme/access#7", grant);
    index.set("acme/ops-two/#42", "acme/access#8", { ...grant, ref: "acme/access#8" });
    expect(index.liveOf("ACME", "ops", 1_000).map((g) => g.request)).toEqual(["acme/access#7"]);
    expect(index.liveOf("acme", "ops", 2_000)).toEqual([]);
    expect(index.noteRemoved("acme/access#7", { by: "owner", at: 1_000 })).toBe(true);
    expect(index.noteRemoved("acme/access#7", { at: 1_500 })).toBe(false);
    expect(index.byRequest("acme/access#7")?.grant.removed).toEqual({ by: "owner", at: 1_000 });
  });

  it("notes nothing on a request with no live grant known", () => {
    expect(new GrantIndex().noteRemoved("acme/access#9", { at: 1 })).toBe(false);
  });
});
