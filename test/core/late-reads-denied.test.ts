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
const approvedOnly = (effects: readonly { kind: string; data?: RecordData }[]) => effects.filter((e) => e.kind === "record" && e.data?.event === "approved");

describe("late reads: restated records without an edit count, and break-glass when denied", () => {
  it("a second restated record written without an edit count does not drop a standing approval without a word", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const policy = withTeam({ approvals: 2, approvers: { users: ["alice", "bob", "carol"], teams: [] } });
    const all = { jane: true, alice: true, bob: true, carol: true };
    const dir = (gone: string[]) => ({ org: Object.fromEntries(Object.entries(all).map(([k, v]) => [k, gone.includes(k) ? false : v])), teams: {} });
    const body = formBody({ duration: "1h" });
    const input = (gone: string[], edits: NonNullable<DecisionInput["request"]["bodyEdits"]> | null, now: number) =>
      story.input({ now, request: { ref: "acme/access#1", author: jane, state: "open", labels: ["access-request"], body, ...(edits === null ? {} : { bodyEdits: edits }) }, policy, directory: dir(gone), requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input([], { count: 0 }, T0)).effects, T0);
    const aliceApproval = story.comment(alice, "/approve");
    story.comment(bob, "/approve");
    // Approved; the process stops before the membership.
    story.apply(approvedOnly(decide(input([], { count: 0 }, T0 + 1000)).effects), T0 + 1000);
    // bob leaves: the retry restates the terms with the edit count; alice's approval still stands.
    const retry1 = decide(input(["bob"], { count: 0 }, T0 + 2000));
    expect(records(retry1.effects).find((r) => r.event === "received")).toMatchObject({ restated: true, voided: ["bob"], bodyEdits: 0 });
    story.apply(retry1.effects, T0 + 2000);
    // carol approves: alice + carol grant; the process stops again.
    story.comment(carol, "/approve");
    const second = decide(input(["bob"], { count: 0 }, T0 + 3000));
    expect(second.state).toBe("granted");
    story.apply(approvedOnly(second.effects), T0 + 3000);
    // carol leaves; the edit history cannot be read: restated without a count, naming carol only.
    const retry2 = decide(input(["bob", "carol"], null, T0 + 4000));
    const restated = records(retry2.effects).find((r) => r.event === "received");
    expect(restated).toMatchObject({ restated: true, voided: ["carol"] });
    story.apply(retry2.effects, T0 + 4000);
    // alice's approval was never named as voided: it either still counts, or she is told.
    const next = decide(input(["bob", "carol"], { count: 0 }, T0 + 5000));
    const counted = records(next.effects).some((r) => r.event === "approval" && r.by === "alice");
    const told = records(next.effects).some((r) => r.event === "attempt-refused" && r.sourceId === aliceApproval);
    expect(counted || told).toBe(true);
  });

  it("/break-glass then /deny then an edit, read late: denied, and the /break-glass answered", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const body = formBody({ duration: "1h" });
    const edited = formBody({ duration: "1h", justification: "Investigating INC-43" });
    const input = (b: string, edits: NonNullable<DecisionInput["request"]["bodyEdits"]>) => story.input({ request: { ...story.input().request, body: b, bodyEdits: edits }, policy: glassPolicy, directory: onCall, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input(body, { count: 0 })).effects);
    const glass = story.comment(jane, "/break-glass");
    story.comment(carol, "/deny not an emergency");
    // jane edits the body before the app reads anything.
    const late = decide(input(edited, { count: 1, last: { at: T0 + 1, by: "jane" } }));
    expect(late.state).toBe("denied");
    story.apply(late.effects);
    const after = decide(input(edited, { count: 1, last: { at: T0 + 1, by: "jane" } }));
    const told = [...records(late.effects), ...records(after.effects)].some((r) => r.event === "attempt-refused" && r.sourceId === glass);
    expect(told).toBe(true);
  });

  it("a /break-glass placed while a later record queued, then /deny: denied, and the /break-glass answered", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const body = formBody({ duration: "1h" });
    const edited = formBody({ duration: "1h", justification: "Investigating INC-43" });
    const editsNow = { count: 1, last: { at: T0 + 1, by: "jane" } };
    const input = (b: string, edits: NonNullable<DecisionInput["request"]["bodyEdits"]>) => story.input({ request: { ...story.input().request, body: b, bodyEdits: edits }, policy: glassPolicy, directory: onCall, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input(body, { count: 0 })).effects);
    // jane edits; the app reads and its record waits its turn; meanwhile jane posts /break-glass.
    const reRecord = decide(input(edited, editsNow));
    expect(records(reRecord.effects).some((r) => r.event === "received")).toBe(true);
    const glass = story.comment(jane, "/break-glass");
    story.apply(reRecord.effects);
    story.comment(carol, "/deny not an emergency");
    const late = decide(input(edited, editsNow));
    expect(late.state).toBe("denied");
    story.apply(late.effects);
    const after = decide(input(edited, editsNow));
    const told = [...records(late.effects), ...records(after.effects)].some((r) => r.event === "attempt-refused" && r.sourceId === glass);
    expect(told).toBe(true);
  });
});
