import { describe, expect, it } from "vitest";
import { decide, type Effect } from "../../src/core/decide.js";
import type { DecisionInput, Person } from "../../src/core/input.js";
import { labelKey, type RecordData } from "../../src/core/records.js";
import { alice, formBody, HOUR, jane, Story, T0 } from "./fixtures.js";

const APP = "jit-access[bot]";
const app: Person = { login: APP, bot: true };
const mallory: Person = { login: "mallory", bot: false };
const recordsOf = (effects: Effect[]) => effects.filter((e) => e.kind === "record").map((e) => (e as { data: RecordData }).data);
const kinds = (effects: Effect[]) => effects.map((e) => (e.kind === "record" ? `record:${e.data.event}` : e.kind));

function step(story: Story, overrides: Partial<DecisionInput> = {}) {
  const decision = decide(story.input({ appLogin: APP, requestLabel: "access-request", ...overrides }));
  story.apply(decision.effects, overrides.now ?? T0);
  return decision;
}

describe("status labels are the app's alone", () => {
  it("takes off a status label someone else added to a pending request, answers once, and keeps the request pending", () => {
    const story = new Story();
    step(story, { request: { ...story.input().request, labels: ["access-request"] } });
    const id = story.label(mallory, "access:granted");
    const labels = ["access-request", "access:pending", "access:granted"];
    const first = step(story, { request: { ...story.input().request, labels } });
    expect(first.state).toBe("pending");
    expect(first.effects).not.toContainEqual(expect.objectContaining({ kind: "add-member" }));
    expect(first.effects).not.toContainEqual(expect.objectContaining({ kind: "remove-member" }));
    expect(recordsOf(first.effects)).toEqual([expect.objectContaining({ event: "attempt-refused", source: "label", sourceId: id, actor: "mallory", command: "label access:granted", reason: expect.stringContaining("set by jit-access alone") })]);
    expect(first.effects).toContainEqual({ kind: "set-labels", labels: ["access-request", "access:pending"] });
    // Answered once: the next decision says nothing more.
    expect(recordsOf(step(story, { request: { ...story.input().request, labels } }).effects)).toEqual([]);
  });

  it("does not count the app's own status labels as anyone's attempt", () => {
    const story = new Story();
    step(story);
    story.label(app, "access:pending");
    expect(recordsOf(step(story, { request: { ...story.input().request, labels: ["access-request", "access:pending"] } }).effects)).toEqual([]);
  });

  it("puts back the request label and the status label when someone strips them from a recorded request", () => {
    const story = new Story();
    step(story);
    story.comment(alice, "/approve");
    expect(step(story).state).toBe("granted");
    const stripped = step(story, { request: { ...story.input().request, labels: [] } });
    expect(stripped.state).toBe("granted");
    expect(stripped.effects).toContainEqual({ kind: "set-labels", labels: ["access:granted", "access-request"] });
  });

  it("revokes a grant whose labels were stripped before the issue was closed", () => {
    const story = new Story();
    step(story);
    story.comment(alice, "/approve");
    step(story);
    story.closed(alice);
    const closed = step(story, { request: { ...story.input().request, labels: [], state: "closed" } });
    expect(closed.state).toBe("revoked");
    expect(kinds(closed.effects)).toEqual(["remove-member", "record:revoked", "set-labels", "lock"]);
    expect(closed.effects).toContainEqual({ kind: "set-labels", labels: ["access:revoked", "access-request"] });
  });
});

describe("locked conversations", () => {
  it("does not answer a command on a finished, locked request (GitHub refuses the app there)", () => {
    const story = new Story();
    step(story);
    story.comment(alice, "/approve");
    step(story);
    step(story, { now: T0 + 3 * HOUR });
    story.comment(jane, "/extend 1h");
    const locked = step(story, { now: T0 + 4 * HOUR, request: { ...story.input().request, state: "closed", locked: true, labels: ["access-request", "access:expired"] } });
    expect(locked.state).toBe("expired");
    expect(locked.effects).toEqual([]);
  });

  it("unlocks a request someone locked before it finished, before writing its trail", () => {
    const story = new Story();
    step(story);
    story.comment(alice, "/approve");
    const decision = step(story, { request: { ...story.input().request, locked: true, labels: ["access-request", "access:pending"] } });
    expect(decision.state).toBe("granted");
    expect(kinds(decision.effects)[0]).toBe("unlock");
  });
});

describe("acts made while a record waits its turn to be written", () => {
  const never = { count: 0 };

  it("counts an approval that landed before the record of the request it approves, the body unchanged since", () => {
    const story = new Story();
    const request = { ...story.input().request, bodyEdits: never };
    // The app decides; the approval lands before its record in the timeline.
    const received = decide(story.input({ request }));
    story.comment(alice, "/approve", { at: T0 + 1000 });
    story.apply(received.effects);
    expect(recordsOf(received.effects)[0]).toMatchObject({ event: "received", bodyEdits: 0 });
    expect(decide(story.input({ now: T0 + 2000, request })).state).toBe("granted");
  });

  it("answers, once, an approval made before the body's last edit and not named in the record", () => {
    const story = new Story();
    const id = story.comment(alice, "/approve", { at: T0 });
    const request = { ...story.input().request, bodyEdits: { count: 2, last: { at: T0, by: "jane" } } };
    story.apply(decide(story.input({ request })).effects);
    const decision = decide(story.input({ now: T0 + 2000, request }));
    expect(decision.state).toBe("pending");
    expect(recordsOf(decision.effects)).toEqual([expect.objectContaining({ event: "attempt-refused", sourceId: id, command: "/approve", reason: expect.stringContaining("post `/approve` again") })]);
    story.apply(decision.effects);
    expect(recordsOf(decide(story.input({ now: T0 + 3000, request })).effects)).toEqual([]);
  });

  it("does not count an approval made before an edit the app then recorded", () => {
    const story = new Story();
    story.apply(decide(story.input({ request: { ...story.input().request, bodyEdits: never } })).effects);
    story.comment(alice, "/approve", { at: T0 + 1000 });
    const edited = { ...story.input().request, body: formBody({ duration: "3h" }), bodyEdits: { count: 2, last: { at: T0 + 4000, by: "jane" } } };
    const decision = decide(story.input({ now: T0 + 5000, request: edited }));
    expect(decision.state).toBe("pending");
    expect(recordsOf(decision.effects)[0]).toMatchObject({ event: "received", voided: ["alice"], bodyEdits: 2 });
  });
});

describe("siblings: what a hand-added label or a queued record must not do", () => {
  it("a hand-added access:granted with a forged record never removes a standing membership", () => {
    const story = new Story();
    step(story, { membership: "active" });
    story.label(mallory, "access:granted");
    story.comment(mallory, "here: <!-- jit-access:record {} -->");
    const decision = step(story, { request: { ...story.input().request, labels: ["access-request", "access:pending", "access:granted"] }, findings: [{ kind: "forged", commentId: 1, detail: "a comment by mallory carries a record" }] });
    expect(decision.state).toBe("tampered");
    expect(decision.effects).not.toContainEqual(expect.objectContaining({ kind: "remove-member" }));
  });

  it("a finding on a finished, locked request unlocks it to record the tampering, then locks it again", () => {
    const story = new Story();
    step(story);
    story.comment(alice, "/approve");
    step(story);
    step(story, { now: T0 + 3 * HOUR });
    const locked = { ...story.input().request, state: "closed" as const, locked: true, labels: ["access-request", "access:expired"] };
    const decision = step(story, { now: T0 + 4 * HOUR, request: locked, findings: [{ kind: "forged", commentId: 1, detail: "a comment by mallory carries a record" }] });
    expect(kinds(decision.effects)).toEqual(["unlock", "record:tampered", "set-labels", "lock"]);
  });

  it("a /revoke posted while the grant's records waited their turn is acted on", () => {
    const story = new Story();
    step(story, { request: { ...story.input().request, bodyEdits: { count: 0 } } });
    story.comment(alice, "/approve", { at: T0 + 1000 });
    const grant = decide(story.input({ appLogin: APP, now: T0 + 2000, request: { ...story.input().request, bodyEdits: { count: 0 } } }));
    expect(grant.state).toBe("granted");
    // The requester revokes before the approval and grant records land in the timeline.
    story.comment(jane, "/revoke", { at: T0 + 3000 });
    story.apply(grant.effects, T0 + 2000);
    const decision = step(story, { now: T0 + 5000 });
    expect(decision.state).toBe("revoked");
    expect(kinds(decision.effects)).toContain("remove-member");
  });
});

describe("label names as the app compares them", () => {
  it("takes ASCII letters in lower case, as GitHub matches label names, and leaves other letters as they are", () => {
    expect(labelKey("Access:Granted")).toBe("access:granted");
    expect(labelKey("ACCESS-REQUEST")).toBe("access-request");
    expect(labelKey("İnfra \u212Aelvin")).toBe("İnfra \u212Aelvin");
  });
});
