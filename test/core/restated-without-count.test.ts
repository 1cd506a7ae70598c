import { describe, expect, it } from "vitest";
import { decide } from "../../src/core/decide.js";
import type { DecisionInput, Person } from "../../src/core/input.js";
import type { RecordData } from "../../src/core/records.js";
import { formBody, jane, Story, T0, withTeam } from "./fixtures.js";

const alice: Person = { login: "alice", bot: false };
const bob: Person = { login: "bob", bot: false };
const carol: Person = { login: "carol", bot: false };
const APP = "jit-access[bot]";
const records = (effects: readonly { kind: string; data?: RecordData }[]) => effects.flatMap((e) => (e.kind === "record" && e.data ? [e.data] : []));
const approvedOnly = (effects: readonly { kind: string; data?: RecordData }[]) => effects.filter((e) => e.kind === "record" && e.data?.event === "approved");

/**
 * refused → received T1 (after the refusal) → alice approves → approved (grant not done) → carol /deny
 * → retry: alice gone, restated R2 (with or without an edit count) → bob /approve after R2.
 */
function scenario(countOnRetry: boolean) {
  const story = new Story();
  story.label(jane, "access-request");
  const policy = withTeam({ approvals: 1, approvers: { users: ["alice", "bob", "carol"], teams: [] }, requesters: { users: [], teams: ["engineering"] } });
  const dir = (inside: boolean, gone: string[] = []) => ({ org: { jane: true, alice: !gone.includes("alice"), bob: true, carol: true }, teams: { engineering: { jane: inside } } });
  const input = (directory: DecisionInput["directory"], edits: { count: number } | null, now: number) =>
    story.input({ now, request: { ...story.input().request, body: formBody({ duration: "1h" }), ...(edits === null ? {} : { bodyEdits: edits }) }, policy, directory, requestLabel: "access-request", appLogin: APP });
  const refused = decide(input(dir(false), { count: 0 }, T0));
  expect(refused.state).toBe("invalid");
  story.apply(refused.effects, T0);
  const t1 = decide(input(dir(true), { count: 0 }, T0 + 1000));
  expect(records(t1.effects).find((r) => r.event === "received")).toBeDefined();
  story.apply(t1.effects, T0 + 1000);
  story.comment(alice, "/approve");
  const approving = decide(input(dir(true), { count: 0 }, T0 + 2000));
  expect(approving.state).toBe("granted");
  story.apply(approvedOnly(approving.effects), T0 + 2000);
  // carol denies while the valid record T1 stands (approved, the grant not done yet).
  const deny = story.comment(carol, "/deny not needed");
  const retry = decide(input(dir(true, ["alice"]), countOnRetry ? { count: 0 } : null, T0 + 3000));
  expect(records(retry.effects).find((r) => r.event === "received")).toMatchObject({ restated: true, voided: ["alice"] });
  story.apply(retry.effects, T0 + 3000);
  const afterRestate = decide(input(dir(true, ["alice"]), { count: 0 }, T0 + 4000));
  return { story, input: () => input(dir(true, ["alice"]), { count: 0 }, T0 + 5000), afterRestate, deny };
}

describe("a restatement without an edit count, after a refusal and a valid record", () => {
  it("control: with the edit count, carol's /deny given under T1 ends the request", () => {
    const { afterRestate } = scenario(true);
    expect(afterRestate.state).toBe("denied");
  });

  it("without the edit count, carol's /deny given while T1 (valid) stood still ends the request, and a later approval does not grant", () => {
    const { story, input, afterRestate, deny } = scenario(false);
    const answered = records(afterRestate.effects).some((r) => r.event === "attempt-refused" && r.sourceId === deny);
    expect({ state: afterRestate.state, denyAnsweredInsteadOfCounted: answered }).toEqual({ state: "denied", denyAnsweredInsteadOfCounted: false });
    story.apply(afterRestate.effects, T0 + 4000);
    story.comment(bob, "/approve");
    expect(decide(input()).state).not.toBe("granted");
  });
});

describe("a restatement without an edit count: what a later approval does", () => {
  it("without the edit count, carol's /deny still ends the request, and bob's later /approve does not grant", () => {
    const { story, input, afterRestate } = scenario(false);
    story.apply(afterRestate.effects, T0 + 4000);
    story.comment(bob, "/approve");
    expect(decide(input()).state).toBe("denied");
  });
});
