import { describe, expect, it } from "vitest";
import { decide, planLookups, type Effect } from "../../src/core/decide.js";
import { parsePolicies } from "../../src/core/policy.js";
import type { RecordData } from "../../src/core/records.js";
import { alice, formBody, HOUR, jane, policy, Story, T0 } from "./fixtures.js";

const records = (effects: Effect[]) => effects.filter((e) => e.kind === "record").map((e) => (e as { data: RecordData }).data);
const kinds = (effects: Effect[]) => effects.map((e) => (e.kind === "record" ? `record:${e.data.event}` : e.kind));

describe("decide: the whole story", () => {
  it("goes pending → granted → expired, recording each step", () => {
    const story = new Story();
    const first = decide(story.input());
    expect(first.state).toBe("pending");
    expect(kinds(first.effects)).toEqual(["record:received", "add-label"]);
    expect(records(first.effects)[0]).toMatchObject({ event: "received", requester: "jane", request: { team: "platform-admins", durationMs: 2 * HOUR }, approvalsNeeded: 1 });
    story.apply(first.effects);

    expect(decide(story.input({ request: { ...story.input().request, labels: ["access-request", "access:pending"] } })).effects).toEqual([]);

    story.comment(alice, "/approve");
    const now = T0 + 60_000;
    const second = decide(story.input({ now }));
    expect(second.state).toBe("granted");
    expect(kinds(second.effects)).toEqual(["record:approved", "add-member", "record:granted", "add-label"]);
    expect(second.effects).toContainEqual({ kind: "add-member", team: "platform-admins", login: "jane", durationMs: 2 * HOUR });
    // The only wake-up is the end: no separate notice before it (the grant record says when and how to extend).
    expect(second.wakeAt).toBe(now + 2 * HOUR);
    story.apply(second.effects);

    const quiet = decide(story.input({ now: now + 2 * HOUR - 15 * 60_000 }));
    expect(records(quiet.effects)).toEqual([]);
    expect(quiet.wakeAt).toBe(now + 2 * HOUR);
    const before = decide(story.input({ now: now + 2 * HOUR - 1 }));
    expect(before.state).toBe("granted");
    expect(before.effects.filter((e) => e.kind !== "add-label" && e.kind !== "remove-label")).toEqual([]);

    const after = decide(story.input({ now: now + 2 * HOUR }));
    expect(after.state).toBe("expired");
    expect(kinds(after.effects)).toEqual(["remove-member", "record:expired", "close", "lock"]);
    story.apply(after.effects);
    expect(decide(story.input({ now: now + 3 * HOUR, request: { ...story.input().request, state: "closed", locked: true, labels: ["access-request", "access:expired"] } })).effects).toEqual([]);
  });

  it("uses the policy's default duration when the form leaves it empty", () => {
    const story = new Story();
    const first = decide(story.input({ request: { ...story.input().request, body: formBody({ duration: "" }) } }));
    expect(records(first.effects)[0]).toMatchObject({ request: { durationMs: HOUR } });
  });

  it("keeps a standing membership: recorded, never added, never removed", () => {
    const story = new Story();
    story.apply(decide(story.input()).effects);
    story.comment(alice, "/approve");
    const granted = decide(story.input({ membership: "active" }));
    expect(kinds(granted.effects)).not.toContain("add-member");
    expect(records(granted.effects)[0]).toMatchObject({ event: "approved", standing: true });
    story.apply(granted.effects);
    const expired = decide(story.input({ now: T0 + 3 * HOUR }));
    expect(kinds(expired.effects)).not.toContain("remove-member");
    expect(records(expired.effects)[0]).toMatchObject({ event: "expired", removed: false });
  });
});

describe("decide: what survives a crash", () => {
  it("completes a grant whose approval was recorded but whose membership was not added", () => {
    const story = new Story();
    story.apply(decide(story.input()).effects);
    story.comment(alice, "/approve");
    const grant = decide(story.input());
    story.record(records(grant.effects)[0]!); // only the approval record was written
    const retry = decide(story.input({ now: T0 + 10 * 60_000, membership: "active" }));
    expect(kinds(retry.effects)).toEqual(["add-member", "record:granted", "add-label"]);
    // The clock starts when access starts: two hours from the retry that adds the membership.
    expect(records(retry.effects)[0]).toMatchObject({ expiresAt: T0 + 10 * 60_000 + 2 * HOUR, standing: false });
  });

  it("never grants after the approved time has passed (the app was down throughout)", () => {
    const story = new Story();
    story.apply(decide(story.input()).effects);
    story.comment(alice, "/approve");
    story.record(records(decide(story.input()).effects)[0]!);
    const late = decide(story.input({ now: T0 + 5 * HOUR }));
    expect(late.state).toBe("expired");
    expect(kinds(late.effects)).not.toContain("add-member");
  });

  it("records a refusal from GitHub as a failed grant", () => {
    const story = new Story();
    story.apply(decide(story.input()).effects);
    story.comment(alice, "/approve");
    story.record(records(decide(story.input()).effects)[0]!);
    const failed = decide(story.input({ grantRefused: "team is synced with an identity provider" }));
    expect(failed.state).toBe("failed");
    expect(records(failed.effects)[0]).toMatchObject({ event: "grant-failed", reason: "team is synced with an identity provider" });
  });

  it("a refused grant after its approval record removes a membership only where GitHub shows one", () => {
    const story = new Story();
    story.apply(decide(story.input()).effects);
    story.comment(alice, "/approve");
    story.record(records(decide(story.input()).effects)[0]!);
    const reason = "the app's installation may not change team memberships";
    // Read just before the refused PUT (or after it): no membership, so no DELETE the same refusal would block.
    expect(kinds(decide(story.input({ grantRefused: reason, membership: "none" })).effects)).not.toContain("remove-member");
    // A membership there (an earlier attempt's, before a crash) is not the grant's to keep.
    expect(kinds(decide(story.input({ grantRefused: reason, membership: "active" })).effects)[0]).toBe("remove-member");
    // Without a refusal, a request that ends after its approval removes whatever its PUT may have left.
    expect(kinds(decide(story.input({ now: T0 + 5 * HOUR, membership: "none" })).effects)).toContain("remove-member");
  });
});

describe("decide: bad input gets one clear answer and no grant", () => {
  const refusedFor = (overrides: Parameters<Story["input"]>[0]) => {
    const story = new Story();
    const decision = decide(story.input(overrides));
    expect(decision.state).toBe("invalid");
    expect(kinds(decision.effects)).not.toContain("add-member");
    const refused = records(decision.effects)[0];
    expect(refused?.event).toBe("refused");
    story.apply(decision.effects);
    // Asked again, the same problem is not answered twice.
    expect(records(decide(story.input(overrides)).effects)).toEqual([]);
    return refused && "problems" in refused ? refused.problems.join("\n") : "";
  };
  const request = new Story().input().request;

  it("a body that cannot be parsed", () => {
    expect(refusedFor({ request: { ...request, body: formBody({ duration: "a while" }) } })).toContain('**Duration** `a while` is not a duration');
  });

  it("a duration over the policy's maximum", () => {
    expect(refusedFor({ request: { ...request, body: formBody({ duration: "1d" }) } })).toContain("longer than the maximum for `platform-admins`, 4h: ask for 4h or less");
  });

  it("a team no policy names, listing the teams one can request", () => {
    expect(refusedFor({ request: { ...request, body: formBody({ team: "db-admins" }) } })).toContain("`db-admins` is not named by any policy; teams you can request: `platform-admins`");
  });

  it("a requester who is not an organisation member", () => {
    expect(refusedFor({ directory: { org: {}, teams: {} } })).toContain("not an active member of the organisation");
  });

  it("policies that are invalid", () => {
    const broken = parsePolicies([{ path: "policies/x.yml", text: "version: 1\nteams:\n  ops:\n    max_duration: 2h\n    approver: { users: [a] }\n" }], "r");
    expect(refusedFor({ policy: broken })).toMatch(/policies\/x\.yml:5:5: teams\.ops\.approver: unknown key "approver"/);
  });

  it("looks again once the body is fixed", () => {
    const story = new Story();
    const broken = { ...request, body: formBody({ duration: "1d" }) };
    story.apply(decide(story.input({ request: broken })).effects);
    const fixed = decide(story.input());
    expect(fixed.state).toBe("pending");
    expect(kinds(fixed.effects)).toEqual(["record:received", "add-label"]);
  });
});

describe("decide: approvals", () => {
  const pendingStory = () => {
    const story = new Story();
    story.apply(decide(story.input()).effects);
    return story;
  };

  it("answers an approval by someone not eligible once, and grants nothing", () => {
    const story = pendingStory();
    const id = story.comment({ login: "bob", bot: false }, "/approve");
    const decision = decide(story.input());
    expect(decision.state).toBe("pending");
    expect(records(decision.effects)).toEqual([
      { event: "attempt-refused", source: "comment", sourceId: id, actor: "bob", command: "/approve", reason: expect.stringContaining("@bob is not an approver for `platform-admins`; approvers are @alice or members of team `platform-leads`") },
    ]);
    story.apply(decision.effects);
    expect(records(decide(story.input()).effects)).toEqual([]);
  });

  it("counts a member of an approver team", () => {
    const story = pendingStory();
    story.comment({ login: "Carol", bot: false }, "/approve");
    expect(decide(story.input()).state).toBe("granted");
  });

  it.each([
    ["the requester", jane, "cannot approve your own request"],
    ["a bot", { login: "alice[bot]", bot: true }, "is a bot"],
  ])("refuses approval by %s", (_name, who, reason) => {
    const story = pendingStory();
    story.comment(who, "/approve");
    const decision = decide(story.input());
    expect(decision.state).toBe("pending");
    expect(records(decision.effects)[0]).toMatchObject({ event: "attempt-refused", reason: expect.stringContaining(reason) });
  });

  it("does not count an edited approval comment", () => {
    const story = pendingStory();
    story.comment(alice, "/approve", { edited: true });
    expect(decide(story.input()).state).toBe("pending");
  });

  it("voids approvals when the request changes, and says so", () => {
    const story = pendingStory();
    story.comment(alice, "/approve");
    const edited = { ...story.input().request, body: formBody({ duration: "4h" }) };
    const decision = decide(story.input({ request: edited }));
    expect(decision.state).toBe("pending");
    expect(records(decision.effects)[0]).toMatchObject({ event: "received", voided: ["alice"], request: { durationMs: 4 * HOUR } });
  });

  it("does not count approvals made before the app first recorded the request, and answers them, without saying the request changed", () => {
    const story = new Story();
    const id = story.comment(alice, "/approve");
    const decision = decide(story.input());
    expect(decision.state).toBe("pending");
    // Nothing changed before a first record: nobody's approval is called voided.
    expect(records(decision.effects)[0]).toMatchObject({ event: "received", voided: [] });
    story.apply(decision.effects);
    // With no way to tell which version it was for, it does not count, and its author is told so once.
    const next = decide(story.input());
    expect(next.state).toBe("pending");
    expect(records(next.effects)).toEqual([expect.objectContaining({ event: "attempt-refused", sourceId: id, reason: expect.stringContaining("post `/approve` again") })]);
  });

  it("counts an approval made before the first record when the body was never edited", () => {
    const story = new Story();
    story.comment(alice, "/approve", { at: T0 });
    const request = { ...story.input().request, bodyEdits: { count: 0 } };
    story.apply(decide(story.input({ request })).effects);
    expect(decide(story.input({ request })).state).toBe("granted");
  });

  it("does not count an approval made before the first record once the body was edited, even before it, and asks again", () => {
    const story = new Story();
    story.comment(alice, "/approve", { at: T0 });
    // The approver may have read the text before the edit on a page loaded earlier.
    const request = { ...story.input().request, bodyEdits: { count: 2, last: { at: T0 - 5000, by: "jane" } } };
    story.apply(decide(story.input({ request })).effects);
    const decision = decide(story.input({ request }));
    expect(decision.state).toBe("pending");
    expect(decision.effects).toContainEqual({ kind: "record", data: expect.objectContaining({ event: "attempt-refused", actor: "alice", reason: expect.stringContaining("post `/approve` again") }) });
  });

  it("answers an approving review made before the first record of an edited description, as an /approve", () => {
    const story = new Story();
    story.label(jane, "access-request");
    const id = story.review({ login: "carol", bot: false }, "approved");
    const request = { ...story.input().request, bodyEdits: { count: 2, last: { at: T0 - 60_000, by: "jane" } } };
    story.apply(decide(story.input({ request })).effects);
    const next = decide(story.input({ request }));
    expect(next.state).toBe("pending");
    expect(next.effects).toContainEqual({ kind: "record", data: expect.objectContaining({ event: "attempt-refused", source: "review", sourceId: id, reason: expect.stringContaining("approve the pull request again") }) });
  });

  it("the app's own status label before its first record does not move where the item became a request", () => {
    const story = new Story();
    story.label(jane, "access-request");
    story.comment(alice, "/approve");
    // Its first write's label landed and its record did not; the label was taken off again.
    story.label({ login: "jit-access[bot]", bot: true }, "access:pending");
    story.label({ login: "jit-access[bot]", bot: true }, "access:pending", "unlabeled");
    const request = { ...story.input().request, bodyEdits: { count: 0 } };
    const input = () => story.input({ request, requestLabel: "access-request", appLogin: "jit-access[bot]" });
    story.apply(decide(input()).effects);
    expect(decide(input()).state).toBe("granted");
  });

  it("does not count an approval made before the body's last edit, nor one in the same second", () => {
    for (const at of [T0, T0 + 5000]) {
      const story = new Story();
      story.comment(alice, "/approve", { at: T0 });
      const request = { ...story.input().request, bodyEdits: { count: 2, last: { at, by: "jane" } } };
      story.apply(decide(story.input({ request })).effects);
      expect(decide(story.input({ request })).state).toBe("pending");
    }
  });

  it("unlocks a pending request someone locked, though it records nothing", () => {
    const story = pendingStory();
    const request = { ...story.input().request, locked: true };
    const decision = decide(story.input({ request }));
    expect(decision.state).toBe("pending");
    expect(kinds(decision.effects)[0]).toBe("unlock");
    expect(kinds(decision.effects).filter((k) => k.startsWith("record"))).toEqual([]);
  });

  it("leaves locked an invalid request with nothing to record: it waits on an edit, which a lock does not stop", () => {
    const story = new Story();
    const body = "buy cheap followers at example.com";
    story.apply(decide(story.input({ request: { ...story.input().request, body } })).effects);
    const again = decide(story.input({ request: { ...story.input().request, body, locked: true } }));
    expect(again.state).toBe("invalid");
    expect(kinds(again.effects)).not.toContain("unlock");
  });

  it("denies on /deny by an approver, closing the request", () => {
    const story = pendingStory();
    story.comment(alice, "/deny not during the freeze");
    const decision = decide(story.input());
    expect(decision.state).toBe("denied");
    expect(kinds(decision.effects)).toEqual(["record:denied", "close", "lock"]);
  });

  it("treats closing a pending request as withdrawing it", () => {
    const story = pendingStory();
    story.closed(jane);
    const decision = decide(story.input({ request: { ...story.input().request, state: "closed" } }));
    expect(decision.state).toBe("withdrawn");
    expect(kinds(decision.effects)).not.toContain("close");
  });

  it("asks GitHub about exactly the people who issued commands", () => {
    const story = pendingStory();
    story.comment({ login: "Bob", bot: false }, "/approve");
    story.comment({ login: "dave", bot: false }, "nice");
    const teamPolicy = policy.kind === "ok" ? policy.policies.teams.get("platform-admins") : undefined;
    expect(planLookups(story.input(), teamPolicy, false)).toEqual({ org: ["jane"], teams: [{ team: "platform-leads", login: "bob" }] });
  });

  it("asks whether a listed approver who acted is still in the organisation", () => {
    const story = pendingStory();
    story.comment({ login: "Alice", bot: false }, "/approve");
    const teamPolicy = policy.kind === "ok" ? policy.policies.teams.get("platform-admins") : undefined;
    expect(planLookups(story.input(), teamPolicy, false)).toEqual({ org: ["jane", "alice"], teams: [] });
  });

  it("does not ask about the requester once the request is granted or finished", () => {
    const story = pendingStory();
    story.comment({ login: "Alice", bot: false }, "/revoke");
    story.comment({ login: "Bob", bot: false }, "/revoke");
    const teamPolicy = policy.kind === "ok" ? policy.policies.teams.get("platform-admins") : undefined;
    expect(planLookups(story.input(), teamPolicy, true)).toEqual({ org: ["alice"], teams: [{ team: "platform-leads", login: "bob" }] });
  });
});

describe("decide: ending a grant early", () => {
  const grantedStory = () => {
    const story = new Story();
    story.apply(decide(story.input()).effects);
    story.comment(alice, "/approve");
    story.apply(decide(story.input()).effects);
    return story;
  };

  it("revokes on /revoke by the requester", () => {
    const story = grantedStory();
    story.comment(jane, "/revoke");
    const decision = decide(story.input());
    expect(decision.state).toBe("revoked");
    expect(kinds(decision.effects)).toEqual(["remove-member", "record:revoked", "close", "lock"]);
  });

  it("refuses /revoke by someone else", () => {
    const story = grantedStory();
    story.comment({ login: "mallory", bot: false }, "/revoke");
    const decision = decide(story.input());
    expect(decision.state).toBe("granted");
    expect(records(decision.effects)[0]).toMatchObject({ event: "attempt-refused", actor: "mallory" });
  });

  it("revokes when the request is closed", () => {
    const story = grantedStory();
    story.closed({ login: "carol", bot: false });
    const decision = decide(story.input({ request: { ...story.input().request, state: "closed" } }));
    expect(records(decision.effects)).toEqual([expect.objectContaining({ event: "revoked", by: "carol", removed: true })]);
  });

  it("revokes a live grant when a record was tampered with", () => {
    const story = grantedStory();
    const decision = decide(story.input({ findings: [{ kind: "forged", commentId: 9, detail: "comment 9 carries a record but was not written by jit-access" }] }));
    expect(decision.state).toBe("tampered");
    expect(kinds(decision.effects)).toEqual(["remove-member", "record:tampered", "close", "lock"]);
  });
});
