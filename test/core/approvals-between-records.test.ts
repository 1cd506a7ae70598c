import { describe, expect, it } from "vitest";
import { decide } from "../../src/core/decide.js";
import type { BodyEdits, DecisionInput, Person } from "../../src/core/input.js";
import type { RecordData } from "../../src/core/records.js";
import { alice, BREAK_GLASS, formBody, glassPolicy, HOUR, jane, onCall, Story, T0, withTeam } from "./fixtures.js";

/*
 * An approval binds to the request as the app's record showed it. Acts placed
 * before a record count under it only where no earlier record showed other
 * terms: under the first record of a body never edited (the app was down, or
 * its record waited its turn), or under a record that repeats the terms of the
 * one before it. A record that follows other terms — a policy change that
 * moved the duration, a refusal while the request was invalid — starts the
 * count again, and names or answers every approval it leaves behind.
 */

const carol: Person = { login: "carol", bot: false };
const bob: Person = { login: "bob", bot: false };
const aliceAndBob = { users: ["alice", "bob"], teams: ["platform-leads"] };
const APP = "jit-access[bot]";
const LABEL = "access-approved";
const records = (effects: readonly { kind: string; data?: RecordData }[]) => effects.flatMap((e) => (e.kind === "record" && e.data ? [e.data] : []));

/** A story of an issue opened from the form (labelled at once), its body never edited. */
function opened(): { story: Story; input: (policy: DecisionInput["policy"], extra?: Partial<DecisionInput>) => DecisionInput; body: string } {
  const story = new Story();
  story.label(jane, "access-request");
  const body = formBody({ duration: "" });
  const input = (policy: DecisionInput["policy"], extra: Partial<DecisionInput> = {}) =>
    story.input({ request: { ...story.input().request, body, bodyEdits: { count: 0 } }, policy, requestLabel: "access-request", appLogin: APP, ...extra });
  return { story, input, body };
}

describe("approvals placed between two records", () => {
  it("an approval given while the record showed one duration does not count once a policy change records another", () => {
    const { story, input } = opened();
    const oneHour = withTeam({ approvals: 2, defaultDurationMs: 1 * HOUR, maxDurationMs: 8 * HOUR });
    const fourHours = withTeam({ approvals: 2, defaultDurationMs: 4 * HOUR, maxDurationMs: 8 * HOUR });
    story.apply(decide(input(oneHour)).effects);
    story.comment(alice, "/approve");
    const one = decide(input(oneHour));
    expect(records(one.effects)).toContainEqual(expect.objectContaining({ event: "approval", by: "alice", count: 1, needed: 2 }));
    story.apply(one.effects);

    const changed = decide(input(fourHours));
    const received = records(changed.effects).find((r) => r.event === "received");
    expect(received).toMatchObject({ request: { durationMs: 4 * HOUR }, voided: ["alice"] });
    story.apply(changed.effects);

    story.comment(carol, "/approve");
    const last = decide(input(fourHours));
    expect(last.state).toBe("pending");
    expect(records(last.effects)).toContainEqual(expect.objectContaining({ event: "approval", by: "carol", count: 1, needed: 2 }));
    // alice is named in the record above; she is not answered a second time.
    expect(records(last.effects).some((r) => r.event === "attempt-refused")).toBe(false);
  });

  it("an approval placed after the app's read but before its new record (the write waiting its turn) is answered, not counted", () => {
    const { story, input } = opened();
    const oneHour = withTeam({ defaultDurationMs: 1 * HOUR, maxDurationMs: 8 * HOUR });
    const fourHours = withTeam({ defaultDurationMs: 4 * HOUR, maxDurationMs: 8 * HOUR });
    story.apply(decide(input(oneHour)).effects);
    const changed = decide(input(fourHours));
    // alice approves while the trail still shows one hour; the new record lands after her comment.
    const id = story.comment(alice, "/approve");
    story.apply(changed.effects);
    const next = decide(input(fourHours));
    expect(next.state).toBe("pending");
    expect(records(next.effects)).toContainEqual(expect.objectContaining({ event: "attempt-refused", sourceId: id, actor: "alice", reason: expect.stringContaining("post `/approve` again") }));
  });

  it("an approving review given while the request was invalid does not count once it becomes valid, and is named", () => {
    const { story, input } = opened();
    const policy = withTeam({ requesters: { users: [], teams: ["engineering"] } });
    const outside = { org: { jane: true, alice: true }, teams: { engineering: { jane: false } } };
    const inside = { ...outside, teams: { engineering: { jane: true } } };
    const refused = decide(input(policy, { directory: outside }));
    expect(refused.state).toBe("invalid");
    story.apply(refused.effects);
    story.review(alice, "approved");
    story.apply(decide(input(policy, { directory: outside })).effects);
    const valid = decide(input(policy, { directory: inside }));
    expect(records(valid.effects).find((r) => r.event === "received")).toMatchObject({ voided: ["alice"] });
    story.apply(valid.effects);
    expect(decide(input(policy, { directory: inside })).state).toBe("pending");
  });

  it("the approval label added while the request was invalid does not count once it becomes valid", () => {
    const { story, input } = opened();
    const policy = withTeam({ requesters: { users: [], teams: ["engineering"] }, approvalLabel: LABEL });
    const outside = { org: { jane: true, alice: true }, teams: { engineering: { jane: false } } };
    const inside = { ...outside, teams: { engineering: { jane: true } } };
    story.apply(decide(input(policy, { directory: outside })).effects);
    story.label(alice, LABEL);
    const labels = ["access-request", LABEL];
    const withLabel = (directory: DecisionInput["directory"]) => input(policy, { directory, request: { ...input(policy).request, labels } });
    story.apply(decide(withLabel(outside)).effects);
    const valid = decide(withLabel(inside));
    expect(valid.effects).toContainEqual({ kind: "remove-label", label: LABEL });
    expect(records(valid.effects).find((r) => r.event === "received")).toMatchObject({ voided: ["alice"] });
  });

  it("an approval recorded before a refusal is named as voided when the request is valid again", () => {
    const { story, input } = opened();
    const two = withTeam({ approvals: 2 });
    const ticketRequired = withTeam({ approvals: 2, ticket: { required: true } });
    story.apply(decide(input(two)).effects);
    story.comment(alice, "/approve");
    story.apply(decide(input(two)).effects);
    const refused = decide(input(ticketRequired));
    expect(refused.state).toBe("invalid");
    story.apply(refused.effects);
    const again = decide(input(two));
    expect(records(again.effects).find((r) => r.event === "received")).toMatchObject({ voided: ["alice"] });
    story.apply(again.effects);
    story.comment(carol, "/approve");
    expect(decide(input(two)).state).toBe("pending");
  });

  it("an approval made before a first record that refused the request is named as voided when it becomes valid", () => {
    const { story, input } = opened();
    const policy = withTeam({ requesters: { users: [], teams: ["engineering"] } });
    const outside = { org: { jane: true, alice: true }, teams: { engineering: { jane: false } } };
    const inside = { ...outside, teams: { engineering: { jane: true } } };
    story.comment(alice, "/approve");
    story.apply(decide(input(policy, { directory: outside })).effects);
    story.apply(decide(input(policy, { directory: outside })).effects);
    const valid = decide(input(policy, { directory: inside }));
    expect(records(valid.effects).find((r) => r.event === "received")).toMatchObject({ voided: ["alice"] });
    story.apply(valid.effects);
    expect(decide(input(policy, { directory: inside })).state).toBe("pending");
  });

  it("the approval label added before the first record of a body never edited counts, as an /approve made then would", () => {
    const story = new Story();
    story.label(jane, "access-request");
    story.label(alice, LABEL);
    const input = () => story.input({ policy: withTeam({ approvalLabel: LABEL }), request: { ...story.input().request, labels: ["access-request", LABEL], bodyEdits: { count: 0 } }, requestLabel: "access-request", appLogin: APP });
    const first = decide(input());
    expect(first.effects.some((e) => e.kind === "remove-label")).toBe(false);
    story.apply(first.effects);
    expect(decide(input()).state).toBe("granted");
  });

  it("the approval label added before the first record of an edited body is still taken off", () => {
    const story = new Story();
    story.label(jane, "access-request");
    story.label(alice, LABEL);
    const input = () => story.input({ policy: withTeam({ approvalLabel: LABEL }), request: { ...story.input().request, labels: ["access-request", LABEL], bodyEdits: { count: 1, last: { at: story.input().now - 1000, by: "jane" } } }, requestLabel: "access-request", appLogin: APP });
    expect(decide(input()).effects).toContainEqual({ kind: "remove-label", label: LABEL });
  });

  it("a /deny placed before a later record, by someone that record names as voided, counts", () => {
    const { story, input } = opened();
    const oneHour = withTeam({ approvals: 2, defaultDurationMs: 1 * HOUR, maxDurationMs: 8 * HOUR, approvers: aliceAndBob });
    const fourHours = withTeam({ approvals: 2, defaultDurationMs: 4 * HOUR, maxDurationMs: 8 * HOUR, approvers: aliceAndBob });
    story.apply(decide(input(oneHour)).effects);
    story.comment(alice, "/approve");
    story.apply(decide(input(oneHour)).effects);
    const changed = decide(input(fourHours));
    expect(records(changed.effects).find((r) => r.event === "received")).toMatchObject({ voided: ["alice"] });
    // Before that record lands, alice denies.
    story.comment(alice, "/deny not for this incident");
    story.apply(changed.effects);
    expect(decide(input(fourHours)).state).toBe("denied");
  });

  it("an approval label added while a later record waited its turn is answered and taken off", () => {
    const { story, input } = opened();
    const oneHour = withTeam({ defaultDurationMs: 1 * HOUR, maxDurationMs: 8 * HOUR, approvalLabel: LABEL });
    const fourHours = withTeam({ defaultDurationMs: 4 * HOUR, maxDurationMs: 8 * HOUR, approvalLabel: LABEL });
    story.apply(decide(input(oneHour)).effects);
    const changed = decide(input(fourHours));
    const id = story.label(alice, LABEL);
    story.apply(changed.effects);
    const next = decide(input(fourHours, { request: { ...input(fourHours).request, labels: ["access-request", LABEL] } }));
    expect(next.state).toBe("pending");
    expect(next.effects).toContainEqual({ kind: "remove-label", label: LABEL });
    expect(records(next.effects)).toContainEqual(expect.objectContaining({ event: "attempt-refused", source: "label", sourceId: id, reason: expect.stringContaining("add it again") }));
  });

  it("an approval made before the first record, and counted under it, is named when a later record gives other terms", () => {
    const { story, input } = opened();
    const oneHour = withTeam({ approvals: 2, defaultDurationMs: 1 * HOUR, maxDurationMs: 8 * HOUR, approvers: aliceAndBob });
    const fourHours = withTeam({ approvals: 2, defaultDurationMs: 4 * HOUR, maxDurationMs: 8 * HOUR, approvers: aliceAndBob });
    story.comment(bob, "/approve");
    story.apply(decide(input(oneHour)).effects);
    const changed = decide(input(fourHours));
    expect(records(changed.effects).find((r) => r.event === "received")).toMatchObject({ voided: ["bob"] });
  });

  it("an approval made before the first record keeps counting after the request is recorded again because another approval no longer stands", () => {
    const { story, input } = opened();
    const policy = withTeam({ approvals: 2, approvers: { users: ["alice", "bob"], teams: [] } });
    const everyone = { org: { jane: true, alice: true, bob: true }, teams: {} };
    const aliceGone = { org: { jane: true, alice: false, bob: true }, teams: {} };
    story.comment(bob, "/approve");
    story.apply(decide(input(policy, { directory: everyone })).effects);
    story.comment(alice, "/approve");
    const approving = decide(input(policy, { directory: everyone }));
    expect(records(approving.effects).find((r) => r.event === "approved")).toMatchObject({ approvers: ["bob", "alice"] });
    // The process stops after the approval record, before the membership was added; alice then leaves.
    story.apply(approving.effects.filter((e) => e.kind === "record" && e.data.event === "approved"));
    const retry = decide(input(policy, { directory: aliceGone }));
    expect(records(retry.effects).find((r) => r.event === "received")).toMatchObject({ voided: ["alice"], reason: expect.stringContaining("@alice no longer stands") });
    story.apply(retry.effects);
    // alice is back and approves again: with bob's approval, which was said to stand, that is two.
    story.comment(alice, "/approve");
    expect(decide(input(policy, { directory: everyone })).state).toBe("granted");
  });

  it("a /break-glass posted before the first record of a body never edited is judged", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const input = () => story.input({ request: { ...story.input().request, body: formBody({ duration: "1h" }), bodyEdits: { count: 0 } }, policy: glassPolicy, directory: onCall, requestLabel: "access-request", appLogin: APP });
    const first = decide(input());
    story.comment(jane, "/break-glass");
    story.apply(first.effects);
    expect(decide(input()).state).toBe("granted");
  });

  it("a /break-glass posted before a later record is asked again", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const input = (maxDurationMs: number) => story.input({ request: { ...story.input().request, body: formBody({ duration: "" }), bodyEdits: { count: 0 } }, policy: withTeam({ breakGlass: BREAK_GLASS, defaultDurationMs: maxDurationMs / 2, maxDurationMs }), directory: onCall, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input(2 * HOUR)).effects);
    const changed = decide(input(4 * HOUR));
    const id = story.comment(jane, "/break-glass");
    story.apply(changed.effects);
    const next = decide(input(4 * HOUR));
    expect(records(next.effects)).toContainEqual(expect.objectContaining({ event: "attempt-refused", sourceId: id, command: "/break-glass", reason: expect.stringContaining("post `/break-glass` again") }));
  });
});

describe("an approval label placed after /extend but before the grant's records", () => {
  it("does not count for the extension, is answered and taken off", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const policy = withTeam({ approvalLabel: LABEL, approvers: { users: ["alice", "bob"], teams: [] }, maxDurationMs: 8 * HOUR });
    const input = (labels: string[]) => story.input({ request: { ...story.input().request, labels, bodyEdits: { count: 0 } }, policy, requestLabel: "access-request", appLogin: APP, membership: "none" });
    story.apply(decide(input(["access-request"])).effects);
    story.comment(alice, "/approve");
    const granting = decide(input(["access-request"]));
    expect(granting.state).toBe("granted");
    // While the grant's records queue: jane asks for more time, bob adds the label.
    story.comment(jane, "/extend 1h");
    const id = story.label(bob, LABEL);
    story.apply(granting.effects);
    const first = decide(input(["access-request", LABEL]));
    story.apply(first.effects);
    const next = decide(input(["access-request", LABEL]));
    const all = [...records(first.effects), ...records(next.effects)];
    expect(all.some((r) => r.event === "extension-requested")).toBe(true);
    expect(all.some((r) => r.event === "extended")).toBe(false);
    expect(all).toContainEqual(expect.objectContaining({ event: "attempt-refused", source: "label", sourceId: id, reason: expect.stringContaining("add it again") }));
    expect([...first.effects, ...next.effects]).toContainEqual({ kind: "remove-label", label: LABEL });
  });
});

describe("a /deny placed before the first record of an edited body", () => {
  it("counts when made after the item became a request", () => {
    const story = new Story();
    story.label(jane, "access-request");
    story.comment(carol, "/deny not now");
    const request = { ...story.input().request, bodyEdits: { count: 1, last: { at: story.input().now - 60_000, by: "jane" } } };
    const input = () => story.input({ request, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input()).effects);
    expect(decide(input()).state).toBe("denied");
  });

  it("does not count, and is answered, when made before the item was labelled an access request", () => {
    const story = new Story();
    const id = story.comment(carol, "/deny not now");
    story.label(jane, "access-request");
    const request = { ...story.input().request, bodyEdits: { count: 1, last: { at: story.input().now - 60_000, by: "jane" } } };
    const input = () => story.input({ request, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input()).effects);
    const next = decide(input());
    expect(next.state).toBe("pending");
    expect(records(next.effects)).toContainEqual(expect.objectContaining({ event: "attempt-refused", sourceId: id, reason: expect.stringContaining("before the issue was labelled an access request") }));
  });
});

describe("records restating the terms, and acts between records", () => {
  it("a grant retried after an A → B → A edit keeps none of the approvals given before the edit", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const policy = withTeam({ approvals: 2, approvers: aliceAndBob });
    const everyone = { org: { jane: true, alice: true, bob: true, carol: true }, teams: { "platform-leads": { carol: true } } };
    const aliceGone = { ...everyone, org: { ...everyone.org, alice: false } };
    const body = formBody({ duration: "1h" });
    const input = (directory: DecisionInput["directory"], bodyEdits: BodyEdits, now: number) => story.input({ now, request: { ...story.input().request, body, bodyEdits }, policy, directory, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input(everyone, { count: 0 }, T0)).effects, T0);
    story.comment(bob, "/approve");
    story.comment(alice, "/approve");
    const approving = decide(input(everyone, { count: 0 }, T0 + 1000));
    expect(approving.state).toBe("granted");
    // The process stops after the approval record, before the membership is added.
    story.apply(approving.effects.filter((e) => e.kind === "record" && e.data.event === "approved"), T0 + 1000);
    // While it is down, jane edits the body to B (carol approves B) and back to A; alice leaves.
    const edited: BodyEdits = { count: 2, last: { at: T0 + 20_000, by: "jane" } };
    story.comment(carol, "/approve", { at: T0 + 15_000 });
    const retry = decide(input(aliceGone, edited, T0 + 30_000));
    story.apply(retry.effects, T0 + 30_000);
    expect(decide(input(aliceGone, edited, T0 + 40_000)).state).toBe("pending");
  });

  it("a /break-glass whose grant was refused on the retry does not grant later unless asked again", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const offCall = { ...onCall, teams: { ...onCall.teams, "platform-oncall": { jane: false } } };
    const input = (directory: DecisionInput["directory"]) => story.input({ request: { ...story.input().request, body: formBody({ duration: "1h" }), bodyEdits: { count: 0 } }, policy: glassPolicy, directory, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input(onCall)).effects);
    story.comment(jane, "/break-glass");
    const granting = decide(input(onCall));
    expect(granting.state).toBe("granted");
    story.apply(granting.effects.filter((e) => e.kind === "record" && e.data.event === "approved"));
    const retry = decide(input(offCall));
    expect(records(retry.effects).find((r) => r.event === "received")).toMatchObject({ restated: true, breakGlassRefused: expect.any(String) });
    story.apply(retry.effects);
    expect(decide(input(onCall)).state).toBe("pending");
    story.comment(jane, "/break-glass");
    expect(decide(input(onCall)).state).toBe("granted");
  });

  /** carol adds the approval label while a later record (the default moved to 4h) waits its turn; the read after answers it and asks it off. */
  function labelAnsweredBeforeRecord(): { story: Story; read: (labels: string[]) => ReturnType<typeof decide> } {
    const { story, input } = opened();
    const policy = (defaultDurationMs: number) => withTeam({ approvals: 2, defaultDurationMs, maxDurationMs: 8 * HOUR, approvalLabel: LABEL });
    const read = (labels: string[]) => decide(input(policy(4 * HOUR), { request: { ...input(policy(4 * HOUR)).request, labels } }));
    story.apply(decide(input(policy(HOUR))).effects);
    const changed = decide(input(policy(4 * HOUR)));
    story.label(carol, LABEL);
    story.apply(changed.effects);
    const answered = read(["access-request", LABEL]);
    expect(answered.effects).toContainEqual({ kind: "remove-label", label: LABEL });
    story.apply(answered.effects);
    return { story, read };
  }

  it("an approval label added again after its answer counts and stays on", () => {
    const { story, read } = labelAnsweredBeforeRecord();
    story.label({ login: APP, bot: true }, LABEL, "unlabeled");
    story.label(carol, LABEL);
    const again = read(["access-request", LABEL]);
    expect(records(again.effects)).toContainEqual(expect.objectContaining({ event: "approval", by: "carol", source: "label" }));
    expect(again.effects).not.toContainEqual({ kind: "remove-label", label: LABEL });
  });

  it("an approval label answered before a later record, whose best-effort removal failed, is taken off on the next read", () => {
    // The answer is written; the removal (best effort, "the next reconcile tries again") failed: the label is still on.
    const { read } = labelAnsweredBeforeRecord();
    expect(read(["access-request", LABEL]).effects).toContainEqual({ kind: "remove-label", label: LABEL });
  });

  it("a /deny is not erased by two edits of the body, each read before the deny was judged", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const input = (justification: string, count: number) => story.input({ request: { ...story.input().request, body: formBody({ duration: "1h", justification }), bodyEdits: count === 0 ? { count: 0 } : { count, last: { at: T0, by: "jane" } } }, policy: withTeam({ approvals: 1 }), requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input("first", 0)).effects);
    story.comment(carol, "/deny not for a production incident");
    const second = decide(input("second", 1));
    expect(second.state).toBe("denied");
  });

  it("a /deny given before a refusal refuses the request once it is valid again", () => {
    const { story, input } = opened();
    const two = withTeam({ approvals: 1 });
    const ticketRequired = withTeam({ approvals: 1, ticket: { required: true } });
    story.apply(decide(input(two)).effects);
    story.comment(carol, "/deny not for this incident");
    // The policy asks for a ticket before the app reads again: refused, then valid again.
    story.apply(decide(input(ticketRequired)).effects);
    expect(decide(input(two)).state).toBe("denied");
  });
});
