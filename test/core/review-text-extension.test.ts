import { describe, expect, it } from "vitest";
import { decide, type Effect } from "../../src/core/decide.js";
import type { DecisionInput, Person } from "../../src/core/input.js";
import type { RecordData } from "../../src/core/records.js";
import { alice, emergencyBody, glassPolicy, jane, onCall, Story, T0 } from "./fixtures.js";

const carol: Person = { login: "carol", bot: false };
const bob: Person = { login: "bob", bot: false };
const reviewAnswer = (story: Story, id: number) =>
  story.records.map((r) => r.data).find((r): r is Refused => r.event === "attempt-refused" && r.source === "review-body" && r.sourceId === id);
const recordsOf = (effects: Effect[]) => effects.filter((e) => e.kind === "record").map((e) => (e as { data: RecordData }).data);
type Refused = Extract<RecordData, { event: "attempt-refused" }>;

function grantedStory() {
  const story = new Story();
  story.apply(decide(story.input()).effects);
  story.comment(alice, "/approve");
  for (let i = 0; i < 5; i++) {
    const d = decide(story.input());
    story.apply(d.effects);
    if (d.state === "granted" && story.records.some((r) => r.data.event === "granted")) break;
  }
  expect(story.records.some((r) => r.data.event === "granted")).toBe(true);
  return story;
}

describe("an approving review saying /approve that approves an extension", () => {
  it("is not answered on a later run, once the extension it approved is recorded", () => {
    const story = grantedStory();
    story.comment(jane, "/extend 1h", { at: T0 + 60_000 });
    story.apply(decide(story.input({ now: T0 + 61_000, membership: "active" })).effects);
    expect(story.records.some((r) => r.data.event === "extension-requested")).toBe(true);
    const id = story.review(alice, "approved", { body: "/approve", at: T0 + 120_000 });
    const first = decide(story.input({ now: T0 + 121_000, membership: "active" }));
    // The review approves the extension, and is (rightly) not answered in this run.
    expect(recordsOf(first.effects).map((r) => r.event)).toContain("extended");
    expect(recordsOf(first.effects).some((r) => r.event === "attempt-refused" && r.sourceId === id)).toBe(false);
    story.apply(first.effects, T0 + 121_000);
    // The next run (any webhook, the sweep) must not now tell alice her /approve was not read.
    const second = decide(story.input({ now: T0 + 180_000, membership: "active" }));
    const answer = recordsOf(second.effects).find((r): r is Refused => r.event === "attempt-refused" && r.sourceId === id);
    expect(answer?.reason).toBeUndefined();
  });

  it("asked in the same run as the /extend: the review approves it, and is not answered", () => {
    const story = grantedStory();
    story.comment(jane, "/extend 1h", { at: T0 + 60_000 });
    const id = story.review(alice, "approved", { body: "/approve", at: T0 + 61_000 });
    const first = decide(story.input({ now: T0 + 62_000, membership: "active" }));
    story.apply(first.effects, T0 + 62_000);
    const second = decide(story.input({ now: T0 + 63_000, membership: "active" }));
    story.apply(second.effects, T0 + 63_000);
    const all = story.records.map((r) => r.data);
    // The review counts: the extension is approved by it ...
    expect(all.map((r) => r.event)).toContain("extended");
    // ... and an approving review saying `/approve` says nothing more than the review: not answered.
    const answer = all.find((r): r is Refused => r.event === "attempt-refused" && r.sourceId === id);
    expect(answer).toBeUndefined();
  });
});

describe("a break-glass grant awaiting its review, with an extension pending", () => {
  it("on a break-glass grant awaiting its review, an approving review saying /approve counts for the extension and is answered, claiming nothing about its count", () => {
    const story = new Story();
    const over: Partial<DecisionInput> = { policy: glassPolicy, directory: onCall, request: { ...story.input().request, body: emergencyBody({ duration: "1h" }), bodyEdits: { count: 0 } } };
    const first = decide(story.input(over));
    story.apply(first.effects);
    expect(first.state).toBe("granted");
    story.comment(jane, "/extend 30m", { at: T0 + 10 * 60_000 });
    story.apply(decide(story.input({ ...over, now: T0 + 11 * 60_000, membership: "active" })).effects, T0 + 11 * 60_000);
    expect(story.records.some((r) => r.data.event === "extension-requested")).toBe(true);
    const id = story.review(alice, "approved", { body: "/approve", at: T0 + 12 * 60_000 });
    const d = decide(story.input({ ...over, now: T0 + 13 * 60_000, membership: "active" }));
    const recs = recordsOf(d.effects);
    expect(recs.map((r) => r.event)).toContain("extended"); // the review approved the extension
    const answer = recs.find((r): r is Refused => r.event === "attempt-refused" && r.sourceId === id);
    expect(answer).toBeDefined(); // no break-glass review: answered, as designed
    // Answered (no break-glass review given), without claiming whether the review counted: the records say that.
    expect(answer!.reason).toContain("(the review counts by its state alone)");
    expect(answer!.reason).not.toContain("counts as an approval");
  });
  it("a second /extend placed before the first extension's `extended` record: the approving review that approves it is not answered", () => {
    const story = grantedStory();
    story.comment(jane, "/extend 1h", { at: T0 + 60_000 });
    story.apply(decide(story.input({ now: T0 + 61_000, membership: "active" })).effects, T0 + 61_000);
    story.comment(alice, "/approve", { at: T0 + 120_000 });
    const d = decide(story.input({ now: T0 + 121_000, membership: "active" }));
    expect(recordsOf(d.effects).map((r) => r.event)).toContain("extended");
    // jane asks again while the `extended` record is being written: her comment lands before it.
    story.comment(jane, "/extend 30m", { at: T0 + 121_500 });
    story.apply(d.effects, T0 + 122_000);
    const id = story.review(carol, "approved", { body: "/approve", at: T0 + 130_000 });
    for (let i = 0; i < 3; i++) story.apply(decide(story.input({ now: T0 + 140_000 + i * 1000, membership: "active" })).effects, T0 + 140_000 + i * 1000);
    const all = story.records.map((r) => r.data);
    const second = all.filter((r) => r.event === "extended").at(-1) as Extract<RecordData, { event: "extended" }>;
    // carol's approving review is what approved the second extension ...
    expect(all.filter((r) => r.event === "extended")).toHaveLength(2);
    expect(second.approvers).toEqual(["carol"]);
    // ... so its answer (if any) must not leave out that it counted.
    const answer = reviewAnswer(story, id);
    expect(answer).toBeUndefined();
  });

  it("a break-glass grant awaiting its review, an extension pending: an ineligible reviewer's approving review saying /approve is answered without a claim that it counts", () => {
    const story = new Story();
    const over: Partial<DecisionInput> = { policy: glassPolicy, directory: onCall, request: { ...story.input().request, body: emergencyBody({ duration: "1h" }), bodyEdits: { count: 0 } } };
    story.apply(decide(story.input(over)).effects);
    story.comment(jane, "/extend 30m", { at: T0 + 10 * 60_000 });
    story.apply(decide(story.input({ ...over, now: T0 + 11 * 60_000, membership: "active" })).effects, T0 + 11 * 60_000);
    expect(story.records.some((r) => r.data.event === "extension-requested")).toBe(true);
    const id = story.review(bob, "approved", { body: "/approve", at: T0 + 12 * 60_000 }); // bob: in the org, no approver of platform-admins
    const recs = recordsOf(decide(story.input({ ...over, now: T0 + 13 * 60_000, membership: "active" })).effects);
    expect(recs.map((r) => r.event)).not.toContain("extended");
    const tallyRefusal = recs.find((r): r is Refused => r.event === "attempt-refused" && r.source === "review" && r.sourceId === id);
    expect(tallyRefusal).toBeDefined(); // the review does not count
    const answer = recs.find((r): r is Refused => r.event === "attempt-refused" && r.source === "review-body" && r.sourceId === id);
    expect(answer?.reason ?? "").not.toContain("counts as an approval");
  });
});
