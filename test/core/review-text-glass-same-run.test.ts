import { describe, expect, it } from "vitest";
import { decide, type Effect } from "../../src/core/decide.js";
import type { DecisionInput, Person } from "../../src/core/input.js";
import type { RecordData } from "../../src/core/records.js";
import { alice, emergencyBody, glassPolicy, HOUR, onCall, Story, T0 } from "./fixtures.js";

const recordsOf = (effects: Effect[]) => effects.filter((e) => e.kind === "record").map((e) => (e as { data: RecordData }).data);
const carol: Person = { login: "carol", bot: false };

describe("an ended break-glass grant awaiting its review", () => {
  it("a `/flag` written in a review is answered even when another approver's `/approve` comment reviews the grant in the same run", () => {
    const story = new Story();
    const over: Partial<DecisionInput> = { policy: glassPolicy, directory: onCall, request: { ...story.input().request, body: emergencyBody({ duration: "1h" }), bodyEdits: { count: 0 } } };
    story.apply(decide(story.input(over)).effects);
    const ended = decide(story.input({ ...over, now: T0 + 2 * HOUR, membership: "active" }));
    story.apply(ended.effects, T0 + 2 * HOUR);
    expect(recordsOf(ended.effects).map((r) => r.event)).toContain("expired");
    // While the grant awaits its review, alice flags it in a review's text; then carol approves it in a comment.
    const id = story.review(alice, "commented", { body: "/flag this looked wrong", at: T0 + 3 * HOUR });
    story.comment(carol, "/approve", { at: T0 + 3 * HOUR + 60_000 });
    const d = decide(story.input({ ...over, now: T0 + 3 * HOUR + 120_000 }));
    const recs = recordsOf(d.effects);
    expect(recs.map((r) => r.event)).toContain("break-glass-reviewed");
    // alice's /flag was not read: she must be told, as she would be one run earlier.
    expect(recs).toContainEqual(expect.objectContaining({ event: "attempt-refused", source: "review-body", sourceId: id }));
  });
});
