import { describe, expect, it } from "vitest";
import { decide } from "../../src/core/decide.js";
import type { DecisionInput, Person } from "../../src/core/input.js";
import type { RecordData } from "../../src/core/records.js";
import { formBody, glassPolicy, jane, onCall, Story, T0, withTeam } from "./fixtures.js";

const carol: Person = { login: "carol", bot: false };
const bob: Person = { login: "bob", bot: false };
const alice: Person = { login: "alice", bot: false };
const APP = "jit-access[bot]";
const records = (effects: readonly { kind: string; data?: RecordData }[]) => effects.flatMap((e) => (e.kind === "record" && e.data ? [e.data] : []));

describe("late reads: records and acts between them", () => {
  it("a /break-glass posted after an eligible /deny does not grant on a late read (a timely read denied)", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const input = () => story.input({ request: { ...story.input().request, body: formBody({ duration: "1h" }), bodyEdits: { count: 0 } }, policy: glassPolicy, directory: onCall, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input()).effects);
    story.comment(carol, "/deny not an emergency");
    // A timely read here denies:
    expect(decide(input()).state).toBe("denied");
    // The app reads only after jane breaks the glass:
    story.comment(jane, "/break-glass");
    expect(decide(input()).state).toBe("denied");
  });

  it("a /break-glass taken up before a crash, the body then edited, is answered (asked again), not silently dropped", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const input = (edits: NonNullable<DecisionInput["request"]["bodyEdits"]>, justification = "Investigating INC-42") =>
      story.input({ request: { ...story.input().request, body: formBody({ duration: "1h", justification }), bodyEdits: edits }, policy: glassPolicy, directory: onCall, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input({ count: 0 })).effects);
    const glass = story.comment(jane, "/break-glass");
    const granting = decide(input({ count: 0 }));
    expect(granting.state).toBe("granted");
    // The membership is added, the process stops before the grant's record.
    story.apply(granting.effects.filter((e) => e.kind === "record" && e.data.event === "approved"));
    // jane fixes a typo in the justification while the app is down.
    const edited = { count: 1, last: { at: T0 + 10_000, by: "jane" } };
    const after = decide({ ...input(edited, "Investigating INC-43"), now: T0 + 20_000, membership: "active" });
    expect(after.state).toBe("pending");
    expect(after.effects).toContainEqual({ kind: "remove-member", team: "platform-admins", login: "jane" });
    story.apply(after.effects, T0 + 20_000);
    const next = decide({ ...input(edited, "Investigating INC-43"), now: T0 + 30_000 });
    // jane must be told her /break-glass no longer stands (the edit reason speaks only of approvals).
    const told = [...records(after.effects), ...records(next.effects)].some((r) => (r.event === "attempt-refused" && r.sourceId === glass) || (r.event === "received" && r.breakGlassRefused !== undefined));
    expect(told).toBe(true);
  });

  it("a grant retried on a snapshot recorded before bodyEdits was kept restates the terms: an approval that still stands keeps counting", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const policy = withTeam({ approvals: 2, approvers: { users: ["alice", "bob"], teams: ["platform-leads"] } });
    const everyone = { org: { jane: true, alice: true, bob: true, carol: true }, teams: { "platform-leads": { carol: true } } };
    const aliceGone = { ...everyone, org: { ...everyone.org, alice: false } };
    const body = formBody({ duration: "1h" });
    const input = (directory: DecisionInput["directory"], legacy: boolean, now: number) =>
      story.input({ now, request: { ...story.input().request, body, ...(legacy ? {} : { bodyEdits: { count: 0 } }) }, policy, directory, requestLabel: "access-request", appLogin: APP });
    // Recorded by the version before the edit count was kept: no bodyEdits in the snapshot.
    const first = decide(input(everyone, true, T0));
    expect(records(first.effects).find((r) => r.event === "received")).not.toHaveProperty("bodyEdits");
    story.apply(first.effects, T0);
    story.comment(bob, "/approve");
    story.comment(alice, "/approve");
    const approving = decide(input(everyone, true, T0 + 1000));
    story.apply(approving.effects.filter((e) => e.kind === "record" && e.data.event === "approved"), T0 + 1000);
    // Upgraded; the retry finds alice gone: bob's approval still stands, the terms are restated.
    const retry = decide(input(aliceGone, false, T0 + 30_000));
    expect(records(retry.effects).find((r) => r.event === "received")).toMatchObject({ restated: true, voided: ["alice"] });
    story.apply(retry.effects, T0 + 30_000);
    story.comment(carol, "/approve");
    const next = decide(input(aliceGone, false, T0 + 40_000));
    expect(records(next.effects).filter((r) => r.event === "attempt-refused")).toEqual([]);
    expect(next.state).toBe("granted");
  });

  it("a /deny posted while a refusal stood, the request fixed before the app reads, is answered as a timely read would, not counted", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const input = (ticket: string | undefined) => story.input({ request: { ...story.input().request, body: formBody({ duration: "1h", ...(ticket === undefined ? {} : { ticket }) }), bodyEdits: ticket === undefined ? { count: 0 } : { count: 1, last: { at: T0, by: "jane" } } }, policy: withTeam({ ticket: { required: true } }), requestLabel: "access-request", appLogin: APP });
    const refused = decide(input(undefined));
    expect(refused.state).toBe("invalid");
    story.apply(refused.effects);
    story.comment(carol, "/deny");
    // A timely read answers it: "the request is not valid yet; … approve again".
    const timely = decide(input(undefined));
    expect(records(timely.effects)).toContainEqual(expect.objectContaining({ event: "attempt-refused", actor: "carol" }));
    // Read only after jane adds the ticket: the same /deny now ends the request.
    expect(decide(input("OPS-1")).state).not.toBe("denied");
  });
});
