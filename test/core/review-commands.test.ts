import { describe, expect, it } from "vitest";
import { decide, type Effect } from "../../src/core/decide.js";
import type { DecisionInput, Person } from "../../src/core/input.js";
import type { RecordData } from "../../src/core/records.js";
import { emergencyBody, glassPolicy, HOUR, onCall, Story, T0 } from "./fixtures.js";

/*
 * Commands written in a pull-request review's text are answered, saying to
 * post them as a comment: also while a break-glass grant awaits its review
 * (which only a comment gives, so an approving review saying `/approve` is
 * no review) and after it ended still awaiting one; the answer never
 * claims whether the review counted (the approvals' records say that).
 */

const alice: Person = { login: "alice", bot: false };
const recordsOf = (effects: Effect[]) => effects.filter((e) => e.kind === "record").map((e) => (e as { data: RecordData }).data);

function brokenGlass() {
  const story = new Story();
  const over: Partial<DecisionInput> = { policy: glassPolicy, directory: onCall, request: { ...story.input().request, body: emergencyBody({ duration: "1h" }), bodyEdits: { count: 0 } } };
  const first = decide(story.input(over));
  story.apply(first.effects);
  expect(first.state).toBe("granted");
  return { story, over };
}

describe("commands in a review's text on a break-glass grant awaiting its review", () => {
  it("a live grant: an approver's approving review saying /approve is no break-glass review, and is answered", () => {
    const { story, over } = brokenGlass();
    const id = story.review(alice, "approved", { body: "/approve", at: T0 + 10 * 60_000 });
    const records = recordsOf(decide(story.input({ ...over, now: T0 + 11 * 60_000 })).effects);
    // Not recorded as the review (only comments review a break-glass grant) ...
    expect(records.some((r) => r.event === "break-glass-reviewed")).toBe(false);
    // ... so it must be answered, not left looking accepted.
    expect(records).toContainEqual(expect.objectContaining({ event: "attempt-refused", source: "review-body", sourceId: id }));
  });

  it("an ended grant still awaiting review: an approver's `/flag` written in a review is answered", () => {
    const { story, over } = brokenGlass();
    // The grant expires, unreviewed; the request stays open for the review.
    const ended = decide(story.input({ ...over, now: T0 + 2 * HOUR, membership: "active" }));
    story.apply(ended.effects, T0 + 2 * HOUR);
    expect(recordsOf(ended.effects).map((r) => r.event)).toContain("expired");
    const id = story.review(alice, "commented", { body: "/flag this looked wrong", at: T0 + 3 * HOUR });
    const later = decide(story.input({ ...over, now: T0 + 3 * HOUR }));
    const records = recordsOf(later.effects);
    expect(records.some((r) => r.event === "break-glass-reviewed")).toBe(false);
    expect(records).toContainEqual(expect.objectContaining({ event: "attempt-refused", source: "review-body", sourceId: id }));
  });
});

describe("the answer to a command in an approving review after the grant", () => {
  it("does not claim the approving review counts as an approval", () => {
    const story = new Story();
    const carol: Person = { login: "carol", bot: false };
    story.apply(decide(story.input()).effects);
    story.comment(carol, "/approve");
    let granted = decide(story.input());
    for (let i = 0; i < 5 && granted.state !== "granted"; i++) {
      story.apply(granted.effects);
      granted = decide(story.input());
    }
    story.apply(granted.effects);
    expect(granted.state).toBe("granted");
    // An approver approves the PR after the grant and writes /revoke in the review, meaning to end it.
    const id = story.review(carol, "approved", { body: "/revoke", at: T0 + 60_000 });
    const records = recordsOf(decide(story.input({ now: T0 + 2 * 60_000 })).effects);
    const answer = records.find((r) => r.event === "attempt-refused" && r.sourceId === id) as Extract<RecordData, { event: "attempt-refused" }> | undefined;
    expect(answer).toBeDefined();
    // The grant is made and no extension is asked: the approving review counts for nothing here.
    expect(answer!.reason).not.toContain("the approving review itself counts as an approval");
  });
});
