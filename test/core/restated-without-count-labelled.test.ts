import { describe, expect, it } from "vitest";
import { decide } from "../../src/core/decide.js";
import type { DecisionInput, Person } from "../../src/core/input.js";
import { emergencyBody, glassPolicy, jane, onCall, Story, T0 } from "./fixtures.js";

const carol: Person = { login: "carol", bot: false };
const APP = "jit-access[bot]";

function scenario(countOnRetry: boolean) {
  const story = new Story();
  // carol's /deny on the issue before anyone made it an access request.
  const deny = story.comment(carol, "/deny");
  story.label(jane, "access-request");
  const offCall = { ...onCall, teams: { ...onCall.teams, "platform-oncall": {} } };
  const input = (directory: DecisionInput["directory"], edits: { count: number } | null, now: number) =>
    story.input({ now, request: { ...story.input().request, body: emergencyBody({ duration: "1h" }), ...(edits === null ? {} : { bodyEdits: edits }) }, policy: glassPolicy, directory, requestLabel: "access-request", appLogin: APP });
  const first = decide(input(onCall, { count: 0 }, T0));
  expect(first.state).toBe("granted");
  story.apply([...first.effects].filter((e) => e.kind === "record" && (e.data?.event === "received" || e.data?.event === "approved")), T0);
  // jane is off call before the retry: the break-glass grant is restated as refused.
  const retry = decide(input(offCall, countOnRetry ? { count: 0 } : null, T0 + 1000));
  story.apply(retry.effects, T0 + 1000);
  return { deny, next: decide(input(offCall, { count: 0 }, T0 + 2000)) };
}

describe("a restatement without an edit count, and a /deny from before the item was a request", () => {
  it("control: with the edit count, a /deny from before the issue was labelled does not end the request", () => {
    expect(scenario(true).next.state).toBe("pending");
  });
  it("without the edit count, a /deny from before the issue was labelled a request does not end it either", () => {
    const { next } = scenario(false);
    expect(next.state).toBe("pending");
  });
});
