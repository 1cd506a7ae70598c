import { describe, expect, it } from "vitest";
import { decideDeleted } from "../../src/core/decide-deleted.js";
import { heldGrant, nextStep, type Snapshot } from "../../src/core/next-step.js";
import { alice, HOUR, Story, T0 } from "./fixtures.js";

/** A request alice approved: the next decision grants platform-admins to jane. */
function approvedStory(): Story {
  const story = new Story();
  const first = nextStep({ input: story.input(), lookups: {}, observations: {} });
  if (first.kind !== "decided") throw new Error("a new request needs no look-ups");
  story.apply(first.decision.effects);
  story.comment(alice, "/approve");
  return story;
}

describe("nextStep: what the core still needs, or its decision", () => {
  it("a grant about to be made asks for the membership, then the other grants, then decides", () => {
    const story = approvedStory();
    const snapshot: Snapshot = { input: story.input(), lookups: {}, observations: {} };
    const first = nextStep(snapshot);
    expect(first).toEqual({ kind: "needs", subject: { team: "platform-admins", login: "jane" }, need: { kind: "membership", team: "platform-admins", login: "jane" } });
    const second = nextStep({ ...snapshot, lookups: { subject: { team: "platform-admins", login: "jane" }, membership: "none" } });
    expect(second).toMatchObject({ kind: "needs", need: { kind: "other-grants", team: "platform-admins", knownOnly: true, forEnd: false } });
    const member = nextStep({ ...snapshot, lookups: { subject: { team: "platform-admins", login: "jane" }, membership: "active" } });
    expect(member).toMatchObject({ kind: "needs", need: { kind: "other-grants", knownOnly: false } });
    const decided = nextStep({ ...snapshot, lookups: { subject: { team: "platform-admins", login: "jane" }, membership: "none", otherGrants: [] } });
    expect(decided.kind).toBe("decided");
    if (decided.kind !== "decided") return;
    expect(decided.decision.effects.map((e) => e.kind)).toContain("add-member");
    expect(decided.input.otherGrants).toEqual([]);
  });

  it("an observed refusal is decided on without editing the snapshot's input", () => {
    const story = approvedStory();
    const input = story.input();
    const step = nextStep({ input, lookups: { subject: { team: "platform-admins", login: "jane" }, membership: "none", otherGrants: [] }, observations: { grantRefused: "not an organisation member" } });
    expect(step.kind === "decided" && step.decision.state).toBe("failed");
    expect(input.grantRefused).toBeUndefined();
  });

  it("a grant refused after its approval was recorded asks for the membership before the request ends", () => {
    const story = approvedStory();
    const first = nextStep({ input: story.input(), lookups: {}, observations: {} });
    if (first.kind !== "needs") throw new Error("a grant needs look-ups");
    const lookups = { subject: first.subject, membership: "none" as const, otherGrants: [] };
    const granting = nextStep({ input: story.input(), lookups, observations: {} });
    if (granting.kind !== "decided") throw new Error("decided with its look-ups");
    story.apply(granting.decision.effects.filter((e) => e.kind === "record").slice(0, 1));
    // A later run (after a crash) whose PUT GitHub refuses: it read no membership before it.
    const refused = nextStep({ input: story.input(), lookups: { subject: first.subject }, observations: { grantRefused: "refused" } });
    expect(refused).toMatchObject({ kind: "needs", need: { kind: "membership", team: "platform-admins", login: "jane" } });
  });

  it("the grant to remember is dated by the records a run wrote", () => {
    const story = approvedStory();
    const effects = [{ kind: "record" as const, data: { event: "granted" as const, requester: "jane", team: "platform-admins", expiresAt: T0 + 2 * HOUR, standing: false } }];
    expect(heldGrant(story.records, { state: "granted", effects })).toEqual({ team: "platform-admins", requester: "jane", standing: false, expiresAt: T0 + 2 * HOUR, live: true });
    expect(heldGrant(story.records, { state: "pending", effects: [] })).toBeUndefined();
  });

  it("the grant to remember keeps the team's id its record holds", () => {
    const story = approvedStory();
    const effects = [{ kind: "record" as const, data: { event: "granted" as const, requester: "jane", team: "platform-admins", teamIds: { org: 1, team: 42 }, expiresAt: T0 + 2 * HOUR, standing: false } }];
    expect(heldGrant(story.records, { state: "granted", effects })).toMatchObject({ team: "platform-admins", teamIds: { org: 1, team: 42 } });
  });
});

describe("decideDeleted: a grant whose request's issue is gone", () => {
  const grant = { team: "ops", login: "jane", standing: false, expiresAt: T0 + HOUR };

  it("waits for the expiry, then removes the membership and records the end", () => {
    expect(decideDeleted(grant, [], T0)).toEqual({ state: "granted", effects: [], wakeAt: T0 + HOUR });
    expect(decideDeleted(grant, [], T0 + HOUR).effects).toEqual([
      { kind: "remove-member", team: "ops", login: "jane" },
      { kind: "record", data: { event: "expired", requester: "jane", team: "ops", removed: true } },
    ]);
  });

  it("names the team's ids in the removal when the grant kept them", () => {
    expect(decideDeleted({ ...grant, teamIds: { org: 1, team: 42 } }, [], T0 + HOUR).effects[0]).toEqual({ kind: "remove-member", team: "ops", login: "jane", teamIds: { org: 1, team: 42 } });
  });

  it("keeps a standing membership, or one another live grant needs, and says which", () => {
    expect(decideDeleted({ ...grant, standing: true }, [], T0 + HOUR).effects.map((e) => e.kind)).toEqual(["record"]);
    expect(decideDeleted(grant, [{ ref: "acme/access#9", expiresAt: T0 + 2 * HOUR, standing: false }], T0 + HOUR).effects).toEqual([
      { kind: "record", data: { event: "expired", requester: "jane", team: "ops", removed: false, keptFor: "acme/access#9" } },
    ]);
  });
});
