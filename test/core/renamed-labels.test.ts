import { describe, expect, it } from "vitest";
import { decide } from "../../src/core/decide.js";
import type { Person } from "../../src/core/input.js";
import { alice, jane, Story, withTeam } from "./fixtures.js";

/*
 * GitHub's GraphQL names a label event's label as the label is now: a label
 * renamed after someone added it shows the new name in that event. Such an
 * event (`renamed`) says nothing of which label was added then.
 */
const carol: Person = { login: "carol", bot: false };
const LABEL = "access-approved";
const APP = "jit-access[bot]";

describe("label events whose label was renamed since", () => {
  it("a label an approver added, renamed into the approval label, approves nothing, is answered and taken off", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const input = () => story.input({ policy: withTeam({ approvalLabel: LABEL }), request: { ...story.input().request, labels: ["access-request", LABEL] }, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input()).effects);
    const id = story.label(alice, LABEL, "labeled", { renamed: true });
    const next = decide(input());
    expect(next.state).toBe("pending");
    expect(next.effects).toContainEqual({ kind: "remove-label", label: LABEL });
    expect(next.effects).toContainEqual({ kind: "record", data: expect.objectContaining({ event: "attempt-refused", source: "label", sourceId: id, actor: "alice", reason: expect.stringContaining("renamed or edited after @alice added it") }) });
  });

  it("control: the approval label an approver added, never edited since, approves", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const input = () => story.input({ policy: withTeam({ approvalLabel: LABEL }), request: { ...story.input().request, labels: ["access-request", LABEL] }, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input()).effects);
    story.label(alice, LABEL);
    expect(decide(input()).state).toBe("granted");
  });

  it("a label renamed into the request label does not move where the item became a request", () => {
    const story = new Story();
    // An ordinary pull request: jane labels it `enhancement`, carol approves its code; then `enhancement` is
    // renamed `access-request` (the request label renamed out of the way first), and the app reads it.
    story.label(jane, "access-request", "labeled", { renamed: true });
    story.review(carol, "approved");
    const request = { ...story.input().request, bodyEdits: { count: 0 } };
    const input = () => story.input({ request, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input()).effects);
    const next = decide(input());
    expect(next.state).toBe("pending");
    expect(next.effects).toContainEqual({ kind: "record", data: expect.objectContaining({ event: "attempt-refused", source: "review", actor: "carol", reason: expect.stringContaining("before the issue was labelled an access request") }) });
  });

  it("a label someone added, renamed since into a status label, is not answered as a status label added by hand", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const input = () => story.input({ request: { ...story.input().request, labels: ["access-request", "access:granted"], bodyEdits: { count: 0 } }, requestLabel: "access-request", appLogin: APP });
    story.apply(decide(input()).effects);
    story.label(carol, "access:granted", "labeled", { renamed: true });
    const next = decide(input());
    expect(next.effects.some((e) => e.kind === "record" && e.data.event === "attempt-refused" && e.data.actor === "carol")).toBe(false);
  });
});
