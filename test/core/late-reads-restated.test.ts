import { describe, expect, it } from "vitest";
import { decide } from "../../src/core/decide.js";
import type { BodyEdits, DecisionInput, Person } from "../../src/core/input.js";
import type { RecordData } from "../../src/core/records.js";
import { formBody, glassPolicy, jane, onCall, Story, T0, withTeam } from "./fixtures.js";

const carol: Person = { login: "carol", bot: false };
const bob: Person = { login: "bob", bot: false };
const alice: Person = { login: "alice", bot: false };
const APP = "jit-access[bot]";
const records = (effects: readonly { kind: string; data?: RecordData }[]) => effects.flatMap((e) => (e.kind === "record" && e.data ? [e.data] : []));
const approvedOnly = (effects: readonly { kind: string; data?: RecordData }[]) => effects.filter((e) => e.kind === "record" && e.data?.event === "approved");

describe("late reads: restated records, refusals and denials", () => {
  it("an approving review by an approver the restated record named as voided (no longer an approver) does not grant", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const policy = withTeam({ approvals: 1 });
    const everyone = { org: { jane: true, alice: true, carol: true }, teams: { "platform-leads": { carol: true } } };
    const aliceGone = { ...everyone, org: { ...everyone.org, alice: false } };
    const input = (directory: DecisionInput["directory"], now = T0) =>
      story.input({ now, request: { ...story.input().request, body: formBody({ duration: "1h" }), bodyEdits: { count: 0 } }, policy, directory, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input(everyone)).effects);
    story.review(alice, "approved");
    const approving = decide(input(everyone, T0 + 1000));
    expect(approving.state).toBe("granted");
    // The approval is written; the process stops before the membership and the grant record.
    story.apply(approvedOnly(approving.effects), T0 + 1000);
    // alice leaves the organisation: the retry restates the terms, naming her as voided.
    const retry = decide(input(aliceGone, T0 + 2000));
    expect(records(retry.effects).find((r) => r.event === "received")).toMatchObject({ restated: true, voided: ["alice"] });
    story.apply(retry.effects, T0 + 2000);
    // Nobody approved again; alice is still no approver.
    const next = decide(input(aliceGone, T0 + 3000));
    expect(next.state).toBe("pending");
    expect(next.effects.some((e) => e.kind === "add-member")).toBe(false);
  });

  it("a restated record written while the edit history was unreadable does not hide an A→B→A edit: approvals given to B do not count for A", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const policy = withTeam({ approvals: 2, approvers: { users: ["alice", "bob", "carol"], teams: [] } });
    const everyone = { org: { jane: true, alice: true, bob: true, carol: true }, teams: {} };
    const aliceGone = { ...everyone, org: { ...everyone.org, alice: false } };
    const body = formBody({ duration: "1h" });
    const input = (directory: DecisionInput["directory"], edits: BodyEdits | null, now: number) =>
      story.input({ now, request: { ...story.input().request, body, ...(edits === null ? {} : { bodyEdits: edits }) }, policy, directory, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input(everyone, { count: 0 }, T0)).effects, T0);
    story.comment(alice, "/approve");
    story.comment(bob, "/approve");
    const approving = decide(input(everyone, { count: 0 }, T0 + 1000));
    story.apply(approvedOnly(approving.effects), T0 + 1000);
    // jane edits A -> B; carol approves B; jane edits B -> A.
    story.comment(carol, "/approve");
    const edits = { count: 2, last: { at: T0 + 5000, by: "jane" } };
    // A timely read with the edit history sees the edit and voids everything:
    const timely = decide(input(aliceGone, edits, T0 + 10_000));
    expect(timely.state).toBe("pending");
    // A late read: the retry happens while GitHub's edit history could not be read (restated, no bodyEdits) ...
    const retry = decide(input(aliceGone, null, T0 + 10_000));
    expect(records(retry.effects).find((r) => r.event === "received")).toMatchObject({ restated: true });
    story.apply(retry.effects, T0 + 10_000);
    // ... then the history reads again: the A->B->A edit (before the restated record) must still void bob's and carol's approvals.
    const late = decide(input(aliceGone, edits, T0 + 20_000));
    expect(late.state).not.toBe("granted");
  });

  it("a /deny posted while a refusal stood, the request fixed before the app reads, does not end the request on the read after", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const input = (ticket: string | undefined) => story.input({ request: { ...story.input().request, body: formBody({ duration: "1h", ...(ticket === undefined ? {} : { ticket }) }), bodyEdits: ticket === undefined ? { count: 0 } : { count: 1, last: { at: T0, by: "jane" } } }, policy: withTeam({ ticket: { required: true } }), requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input(undefined)).effects);
    story.comment(carol, "/deny");
    const first = decide(input("OPS-1"));
    expect(first.state).toBe("pending");
    story.apply(first.effects);
    // A timely read had answered it "not valid yet", counting for nothing; read late, it must not count either.
    expect(decide(input("OPS-1")).state).toBe("pending");
  });

  it("a /deny posted while a refusal stood, after a valid record, does not end the request on the read after", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const p = withTeam({ requesters: { users: [], teams: ["engineering"] } });
    const dir = (inside: boolean) => ({ org: { jane: true, alice: true, carol: true }, teams: { engineering: { jane: inside }, "platform-leads": { carol: true } } });
    const input = (inside: boolean) => story.input({ request: { ...story.input().request, body: formBody({ duration: "1h" }), bodyEdits: { count: 0 } }, policy: p, directory: dir(inside), requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input(true)).effects);
    const refused = decide(input(false));
    expect(refused.state).toBe("invalid");
    story.apply(refused.effects);
    story.comment(carol, "/deny");
    const first = decide(input(true));
    expect(first.state).toBe("pending");
    story.apply(first.effects);
    expect(decide(input(true)).state).toBe("pending");
  });

  it("/break-glass then an eligible /deny, read late: denied, and the /break-glass answered", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const input = () => story.input({ request: { ...story.input().request, body: formBody({ duration: "1h" }), bodyEdits: { count: 0 } }, policy: glassPolicy, directory: onCall, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input()).effects);
    const glass = story.comment(jane, "/break-glass");
    expect(decide(input()).state).toBe("granted");
    story.comment(carol, "/deny not an emergency");
    const late = decide(input());
    // Report what happens; the /break-glass must at least be answered if denied.
    if (late.state === "denied") {
      story.apply(late.effects);
      const after = decide(input());
      const told = [...records(late.effects), ...records(after.effects)].some((r) => r.event === "attempt-refused" && r.sourceId === glass);
      expect(told).toBe(true);
    }
  });
});

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
