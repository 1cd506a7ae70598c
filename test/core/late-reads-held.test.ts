import { describe, expect, it } from "vitest";
import { decide } from "../../src/core/decide.js";
import type { DecisionInput, Person } from "../../src/core/input.js";
import type { RecordData } from "../../src/core/records.js";
import { formBody, HOUR, jane, Story, T0, withTeam } from "./fixtures.js";

const carol: Person = { login: "carol", bot: false };
const bob: Person = { login: "bob", bot: false };
const alice: Person = { login: "alice", bot: false };
const APP = "jit-access[bot]";
const records = (effects: readonly { kind: string; data?: RecordData }[]) => effects.flatMap((e) => (e.kind === "record" && e.data ? [e.data] : []));

function setup() {
  const story = new Story();
  story.label(jane, "access-request");
  const input = (o: { justification?: string; edits?: DecisionInput["request"]["bodyEdits"] | null; directory?: DecisionInput["directory"]; policy?: DecisionInput["policy"]; now?: number; membership?: DecisionInput["membership"] } = {}) => {
    const edits = o.edits === null ? undefined : (o.edits ?? { count: 0 });
    return story.input({ now: o.now ?? T0, membership: o.membership ?? "none", request: { ...story.input().request, body: formBody({ duration: "1h", justification: o.justification ?? "first" }), ...(edits ? { bodyEdits: edits } : {}) }, policy: o.policy ?? withTeam({ approvals: 1 }), ...(o.directory ? { directory: o.directory } : {}), requestLabel: "access-request", appLogin: APP });
  };
  return { story, input };
}
const e1 = { count: 1, last: { at: T0 + 5000, by: "jane" } };

describe("late reads: what a timely read would decide, a late one decides too", () => {
  it("requester /deny does not end on new record", () => {
    const { story, input } = setup();
    story.apply(decide(input()).effects);
    story.comment(jane, "/deny");
    expect(decide(input({ justification: "second", edits: e1 })).state).toBe("pending");
  });
  it("edited /deny does not end on new record", () => {
    const { story, input } = setup();
    story.apply(decide(input()).effects);
    story.comment(carol, "/deny", { edited: true });
    expect(decide(input({ justification: "second", edits: e1 })).state).toBe("pending");
  });
  it("ineligible-now /deny does not end on new record", () => {
    const { story, input } = setup();
    story.apply(decide(input()).effects);
    story.comment(carol, "/deny");
    expect(decide(input({ justification: "second", edits: e1, directory: { org: { jane: true, alice: true, carol: true }, teams: { "platform-leads": { carol: false } } } })).state).toBe("pending");
  });
  it("/deny before labelled, no terms (refused first), does not end", () => {
    const story = new Story();
    story.comment(carol, "/deny");
    story.label(jane, "access-request");
    const p = withTeam({ ticket: { required: true } });
    const input = (ticket?: string) => story.input({ request: { ...story.input().request, body: formBody({ duration: "1h", ...(ticket === undefined ? {} : { ticket }) }), bodyEdits: { count: 0 } }, policy: p, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input()).effects);
    expect(decide(input("OPS-1")).state).toBe("pending");
  });
  it("/deny answered by invalid() does not end later", () => {
    const { story, input } = setup();
    const p = withTeam({ ticket: { required: true } });
    story.apply(decide(input({ policy: p })).effects);
    story.comment(carol, "/deny");
    story.apply(decide(input({ policy: p })).effects);
    expect(decide(input()).state).toBe("pending");
  });
  it("regrant with no edit; and bodyEdits unknown", () => {
    for (const edits of [{ count: 0 }, null] as const) {
      const { story, input } = setup();
      story.apply(decide(input({ edits })).effects);
      story.comment(carol, "/approve");
      const d = decide(input({ edits }));
      expect(d.state).toBe("granted");
      story.apply(d.effects.filter((e) => e.kind === "record" && e.data.event === "approved"));
      expect(decide(input({ edits, membership: "active" })).state).toBe("granted");
    }
  });
  it("added membership removed after edit (A->B->A)", () => {
    const { story, input } = setup();
    story.apply(decide(input()).effects);
    story.comment(carol, "/approve");
    const d = decide(input());
    story.apply(d.effects.filter((e) => e.kind === "record" && e.data.event === "approved"));
    const r = decide(input({ edits: { count: 2, last: { at: T0 + 5000, by: "jane" } }, now: T0 + 10_000, membership: "active" }));
    expect(r.state).toBe("pending");
    expect(r.effects).toContainEqual({ kind: "remove-member", team: "platform-admins", login: "jane" });
  });
  it("late read: deny between approvals and deny ordering", () => {
    const { story, input } = setup();
    story.apply(decide(input({ policy: withTeam({ approvals: 2, approvers: { users: ["alice", "bob"], teams: ["platform-leads"] } }) })).effects);
    story.comment(carol, "/deny");
    story.comment(alice, "/approve");
    story.comment(bob, "/approve");
    expect(decide(input({ policy: withTeam({ approvals: 2, approvers: { users: ["alice", "bob"], teams: ["platform-leads"] } }) })).state).toBe("denied");
  });
});
void HOUR; void records;
