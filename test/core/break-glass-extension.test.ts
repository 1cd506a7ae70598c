import { describe, expect, it } from "vitest";
import { decide, type Effect } from "../../src/core/decide.js";
import type { DecisionInput, Person } from "../../src/core/input.js";
import type { RecordData } from "../../src/core/records.js";
import { alice, emergencyBody, glassPolicy, jane, onCall, Story, T0 } from "./fixtures.js";

/*
 * On a break-glass grant not yet reviewed, an `/approve` after an `/extend`
 * is both the review and an approval of the extension, as the extension's
 * record asks: it must go on counting for the extension after the review is
 * recorded, and must count whether or not the `/extend` was read first.
 */

const MIN = 60_000;
const carol: Person = { login: "carol", bot: false };
const recordsOf = (effects: Effect[]) => effects.filter((e) => e.kind === "record").map((e) => (e as { data: RecordData }).data);

function step(story: Story, overrides: Partial<DecisionInput>) {
  const decision = decide(story.input(overrides));
  story.apply(decision.effects, overrides.now ?? T0);
  return decision;
}

/** Break-glass for platform-admins with `approvals` approvals needed for the request (and so for an extension). */
function brokenGlass(approvals: number) {
  const story = new Story();
  const policy = glassPolicy.kind === "ok" ? glassPolicy : undefined;
  const team = { ...policy!.policies.teams.get("platform-admins")!, approvals };
  const load = { kind: "ok" as const, policies: { ...policy!.policies, teams: new Map([["platform-admins", team]]) } };
  const over: Partial<DecisionInput> = { policy: load, directory: onCall, request: { ...story.input().request, body: emergencyBody({ duration: "1h" }), bodyEdits: { count: 0 } } };
  expect(step(story, over).state).toBe("granted");
  return { story, over: (now: number) => ({ ...over, now }) };
}

describe("a break-glass grant not yet reviewed, with an extension asked", () => {
  it("approvals: 2 — the reviewer's /approve stays counted for the extension after its review is recorded", () => {
    const { story, over } = brokenGlass(2);
    story.comment(jane, "/extend 30m", { at: T0 + 10 * MIN });
    expect(recordsOf(step(story, over(T0 + 10 * MIN)).effects).map((r) => r.event)).toEqual(["extension-requested"]);
    // alice: the review, and the extension's first approval (1 of 2), as the record says.
    story.comment(alice, "/approve", { at: T0 + 11 * MIN });
    const first = recordsOf(step(story, over(T0 + 11 * MIN)).effects);
    expect(first).toEqual([expect.objectContaining({ event: "break-glass-reviewed", by: "alice" }), expect.objectContaining({ event: "approval", by: "alice", requestHash: "extension", count: 1, needed: 2 })]);
    // carol (platform-leads): the second approval. Two distinct eligible approvers approved the extension.
    story.comment(carol, "/approve", { at: T0 + 12 * MIN });
    const second = recordsOf(step(story, over(T0 + 12 * MIN)).effects);
    expect(second).toContainEqual(expect.objectContaining({ event: "extended", approvers: expect.arrayContaining(["alice", "carol"]) }));
  });

  it("/extend and the approver's /approve read in the same run: the /approve approves the extension too (not left waiting without a word)", () => {
    const { story, over } = brokenGlass(1);
    story.comment(jane, "/extend 30m", { at: T0 + 10 * MIN });
    story.comment(alice, "/approve", { at: T0 + 11 * MIN });
    const first = recordsOf(step(story, over(T0 + 12 * MIN)).effects).map((r) => r.event);
    expect(first).toEqual(expect.arrayContaining(["break-glass-reviewed", "extension-requested"]));
    const second = step(story, over(T0 + 13 * MIN));
    const all = [...first, ...recordsOf(second.effects).map((r) => r.event)];
    expect(all).toContain("extended");
  });

  it("two approvers' /approve after the /extend, read in one run (approvals: 2): the second is not told 'nothing more is needed' and counts for the extension", () => {
    const { story, over } = brokenGlass(2);
    story.comment(jane, "/extend 30m", { at: T0 + 10 * MIN });
    step(story, over(T0 + 10 * MIN));
    story.comment(alice, "/approve", { at: T0 + 11 * MIN });
    story.comment(carol, "/approve", { at: T0 + 11 * MIN });
    const records = recordsOf(step(story, over(T0 + 12 * MIN)).effects);
    expect(records).not.toContainEqual(expect.objectContaining({ event: "attempt-refused", actor: "carol", reason: expect.stringContaining("nothing more is needed") }));
    expect(records).toContainEqual(expect.objectContaining({ event: "extended" }));
  });
});
