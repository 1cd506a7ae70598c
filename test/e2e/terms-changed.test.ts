import { describe, expect, it } from "vitest";
import { appComments, events, members, passThenSweep, POLICY, REPO, requestBody, worldPerTest } from "./world.js";

/*
 * Over HTTP against the emulator: an approval binds to the request as the
 * app's record showed it. When a policy change gives a request other terms
 * (an empty Duration takes the policy's default, and the default moved), the
 * request is recorded anew, and approvals given to the earlier record are
 * named as voided and count nothing toward the new one.
 */
const fresh = worldPerTest();

describe("a policy change moves a waiting request's duration", () => {
  it("an approval of one hour does not count toward a four-hour grant", async () => {
    const { sandbox: s, clock } = await fresh();
    const twoApprovals = POLICY.replace("max_duration: 2h", "max_duration: 8h").replace("approvals: 1", "approvals: 2");
    s.github.putFile(REPO, "policies/platform.yml", twoApprovals);
    await s.settle();
    const n = s.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody({ duration: "_No response_" }), labels: ["access-request"] });
    await s.settle();
    expect(appComments(s, n).at(-1)).toContain('"durationMs":3600000');
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(appComments(s, n).at(-1)).toContain('"event":"approval"');

    // The policy owners raise the default; jane changes nothing.
    s.github.putFile(REPO, "policies/platform.yml", twoApprovals.replace("default_duration: 1h", "default_duration: 4h"));
    // carol approves while the trail still shows one hour; her comment is what makes the app read again.
    s.github.as("carol").comment(REPO, n, "/approve");
    await s.settle();
    const renewed = appComments(s, n).find((b) => b.includes('"event":"received"') && b.includes('"durationMs":14400000'));
    // Both approved what the trail showed then, one hour: both are named.
    expect(renewed).toContain('"voided":["alice","carol"]');
    await passThenSweep(s, clock, 60_000);
    expect(members(s), events(s, n).join(",")).toEqual([]);
    expect(events(s, n).at(-1)).toBe("received");
  });
});
