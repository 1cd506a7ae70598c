import { describe, expect, it } from "vitest";
import { decide, planLookups, type Effect } from "../../src/core/decide.js";
import type { DecisionInput, Person } from "../../src/core/input.js";
import { parsePolicies } from "../../src/core/policy.js";
import type { RecordData } from "../../src/core/records.js";
import { alice, BREAK_GLASS, formBody, HOUR, jane, onCall, Story, T0, withTeam } from "./fixtures.js";

const MIN = 60_000;
const bob: Person = { login: "bob", bot: false };
const recordsOf = (effects: Effect[]) => effects.filter((e) => e.kind === "record").map((e) => (e as { data: RecordData }).data);
const kinds = (effects: Effect[]) => effects.map((e) => (e.kind === "record" ? `record:${e.data.event}` : e.kind));

function step(story: Story, overrides: Partial<DecisionInput> = {}) {
  const decision = decide(story.input(overrides));
  story.apply(decision.effects, overrides.now ?? T0);
  return decision;
}

function grantedStory(overrides: Partial<DecisionInput> = {}): Story {
  const story = new Story();
  step(story, overrides);
  story.comment(alice, "/approve");
  expect(step(story, overrides).state).toBe("granted");
  return story;
}

describe("a grant retried after its approval record", () => {
  it("adds nobody when the issue's author is no longer the account approved (a deleted account shows as ghost)", () => {
    const story = new Story();
    const as = (author: Person): Partial<DecisionInput> => ({ request: { ...story.input().request, author } });
    const janeWithId: Person = { login: "jane", bot: false, id: 1001 };
    story.apply(decide(story.input(as(janeWithId))).effects);
    story.comment(alice, "/approve");
    const approving = decide(story.input(as(janeWithId)));
    expect(approving.state).toBe("granted");
    // The approval's record was written; the PUT and the grant's record were not (a crash, GitHub failing).
    story.apply(approving.effects.filter((e) => e.kind === "record" && e.data.event === "approved"));
    const retried = decide(story.input(as({ login: "ghost", bot: false, id: 10137 })));
    // `ghost` is no member of the organisation: the request is no longer one it may grant.
    expect(retried.state).toBe("invalid");
    expect(retried.effects.filter((e) => e.kind === "add-member")).toEqual([]);
  });
});

describe("the request's team", () => {
  it("written under another organisation than the request's, is refused rather than read as this organisation's team", () => {
    const story = new Story();
    const request = { ...story.input().request, body: formBody({ team: "@partner-org/platform-admins" }) };
    const decision = decide(story.input({ request }));
    expect(decision.state).toBe("invalid");
    expect(decision.effects.filter((e) => e.kind === "add-member")).toEqual([]);
  });
});

describe("waiting for approval", () => {
  const policy = withTeam({ pendingTimeoutMs: 2 * HOUR, escalation: { afterMs: 30 * MIN, notify: { users: ["bob"], teams: ["security-oncall"] } } });

  it("escalates once after the wait, then times out", () => {
    const story = new Story();
    expect(step(story, { policy }).wakeAt).toBe(T0 + 30 * MIN);
    const early = step(story, { policy, now: T0 + 29 * MIN });
    expect(recordsOf(early.effects)).toEqual([]);
    const escalated = step(story, { policy, now: T0 + 30 * MIN });
    expect(recordsOf(escalated.effects)).toEqual([{ event: "escalated", notify: { users: ["bob"], teams: ["security-oncall"] }, waitedMs: 30 * MIN }]);
    expect(escalated.wakeAt).toBe(T0 + 2 * HOUR);
    expect(recordsOf(step(story, { policy, now: T0 + 60 * MIN }).effects)).toEqual([]);
    const timedOut = step(story, { policy, now: T0 + 2 * HOUR });
    expect(timedOut.state).toBe("timed-out");
    expect(kinds(timedOut.effects)).toEqual(["record:timed-out", "close", "lock"]);
  });

  it("judges a wait that ran out on what was done before it ran out, however late it is read", () => {
    const story = new Story();
    step(story, { policy });
    // Posted after the deadline, read by the first reconcile after it (the app was down): it times out.
    story.comment(alice, "/approve", { at: T0 + 3 * HOUR });
    const late = decide(story.input({ policy, now: T0 + 3 * HOUR + 1_000 }));
    expect(late.state).toBe("timed-out");
    expect(late.effects.filter((e) => e.kind === "add-member")).toEqual([]);
  });

  it("a /deny posted after the deadline, read late with an approval from before it, still denies: nothing is granted", () => {
    const story = new Story();
    step(story, { policy });
    story.comment(alice, "/approve", { at: T0 + 2 * HOUR - MIN });
    story.comment({ login: "carol", bot: false }, "/deny the laptop was reported stolen", { at: T0 + 2 * HOUR + MIN });
    const late = decide(story.input({ policy, now: T0 + 2 * HOUR + 5 * MIN }));
    expect(late.effects.filter((e) => e.kind === "add-member")).toEqual([]);
    expect(late.state).toBe("denied");
  });

  it("a review asking for changes after the deadline withdraws the approving review given before it", () => {
    const story = new Story();
    step(story, { policy });
    const carol = { login: "carol", bot: false };
    story.timeline.push({ kind: "review", seq: 90, id: 900, author: carol, state: "approved", at: T0 + 2 * HOUR - MIN });
    story.timeline.push({ kind: "review", seq: 91, id: 901, author: carol, state: "changes_requested", at: T0 + 2 * HOUR + MIN });
    const late = decide(story.input({ policy, now: T0 + 2 * HOUR + 5 * MIN }));
    expect(late.effects.filter((e) => e.kind === "add-member")).toEqual([]);
    expect(late.state).toBe("timed-out");
  });

  it("times out, read late, a request whose body was edited after the deadline, rather than record it as waiting again", () => {
    const story = new Story();
    const request = { ...story.input().request, bodyEdits: { count: 0 } };
    story.apply(decide(story.input({ policy, request })).effects);
    const edited = { ...request, body: formBody({ duration: "2h" }), bodyEdits: { count: 1, last: { at: T0 + 3 * HOUR, by: "jane" } } };
    const read = decide(story.input({ policy, request: edited, now: T0 + 3 * HOUR + MIN }));
    expect(read.state).toBe("timed-out");
    expect(recordsOf(read.effects).map((r) => r.event)).toEqual(["timed-out"]);
  });

  it("grants on an approval posted before the deadline though read after it", () => {
    const story = new Story();
    step(story, { policy });
    story.comment(alice, "/approve", { at: T0 + 2 * HOUR - 1_000 });
    const read = decide(story.input({ policy, now: T0 + 3 * HOUR }));
    expect(read.state).toBe("granted");
  });

  it("answers, once, an /approve and a /break-glass posted after the wait ran out when the request times out at that read", () => {
    const story = new Story();
    step(story, { policy });
    story.comment(alice, "/approve", { at: T0 + 3 * HOUR });
    story.comment(jane, "/break-glass", { at: T0 + 3 * HOUR + MIN });
    const late = step(story, { policy, now: T0 + 3 * HOUR + 2 * MIN });
    expect(late.state).toBe("timed-out");
    const answers = recordsOf(late.effects).filter((r) => r.event === "attempt-refused");
    expect(answers.map((r) => (r as { command: string }).command)).toEqual(["/approve", "/break-glass"]);
    for (const answer of answers) expect((answer as { reason: string }).reason).toContain("after the request's wait ran out at 2026-11-02T11:00:00.000Z");
    expect(recordsOf(late.effects).at(-1)?.event).toBe("timed-out");
    expect(recordsOf(step(story, { policy, now: T0 + 4 * HOUR }).effects)).toEqual([]);
  });

  it("answers a /break-glass posted after the wait ran out when a /deny from before it ends the request at that read", () => {
    const story = new Story();
    step(story, { policy });
    story.comment({ login: "carol", bot: false }, "/deny not during the freeze", { at: T0 + 2 * HOUR - MIN });
    story.comment(jane, "/break-glass", { at: T0 + 2 * HOUR + MIN });
    const late = step(story, { policy, now: T0 + 2 * HOUR + 5 * MIN });
    expect(late.state).toBe("denied");
    expect(recordsOf(late.effects).filter((r) => r.event === "attempt-refused").map((r) => (r as { command: string }).command)).toEqual(["/break-glass"]);
    expect(recordsOf(step(story, { policy, now: T0 + 3 * HOUR }).effects)).toEqual([]);
  });

  it("answers a late /break-glass and a late /approve when a read after the deadline grants on an approval given before it", () => {
    const glassPolicy = withTeam({ pendingTimeoutMs: 2 * HOUR, breakGlass: BREAK_GLASS });
    const story = new Story();
    step(story, { policy: glassPolicy, directory: onCall });
    story.comment(alice, "/approve", { at: T0 + HOUR });
    const glass = story.comment(jane, "/break-glass", { at: T0 + 2 * HOUR + MIN });
    const late = story.comment(bob, "/approve", { at: T0 + 2 * HOUR + 2 * MIN });
    const read = step(story, { policy: glassPolicy, directory: onCall, now: T0 + 2 * HOUR + 5 * MIN });
    expect(read.state).toBe("granted");
    const answers = recordsOf(read.effects).filter((r) => r.event === "attempt-refused") as { sourceId: number; reason: string }[];
    expect(answers.map((r) => r.sourceId)).toEqual([glass, late]);
    // The same answer whatever the read decides: a run that stops after it may come to another outcome.
    for (const answer of answers) expect(answer.reason).toBe("it was posted after the request's wait ran out at 2026-11-02T11:00:00.000Z, so it counts for nothing: only what was given before then decides this request; open a new request if the need remains");
    expect(recordsOf(step(story, { policy: glassPolicy, directory: onCall, now: T0 + 3 * HOUR }).effects).filter((r) => r.event === "attempt-refused")).toEqual([]);
  });

  it("answers a late /break-glass on a request edited invalid after the deadline once it is valid again and times out", () => {
    const story = new Story();
    step(story, { policy });
    const glass = story.comment(jane, "/break-glass", { at: T0 + 2 * HOUR + MIN });
    const invalid = { ...story.input().request, body: formBody({ duration: "9h" }) };
    expect(step(story, { policy, request: invalid, now: T0 + 2 * HOUR + 5 * MIN }).state).toBe("invalid");
    const valid = { ...story.input().request, body: formBody({ duration: "1h" }) };
    const read = step(story, { policy, request: valid, now: T0 + 3 * HOUR });
    expect(read.state).toBe("timed-out");
    expect(recordsOf(read.effects).filter((r) => r.event === "attempt-refused").map((r) => (r as { sourceId: number }).sourceId)).toEqual([glass]);
  });

  it("answers a /break-glass posted after the deadline while the late read's records were being written, though the end locked the issue", () => {
    const story = new Story();
    step(story, { policy });
    const read = decide(story.input({ policy, now: T0 + 3 * HOUR }));
    expect(read.state).toBe("timed-out");
    const glass = story.comment(jane, "/break-glass", { at: T0 + 3 * HOUR + 1_000 });
    story.apply(read.effects, T0 + 3 * HOUR + 2_000);
    const next = decide(story.input({ policy, now: T0 + 4 * HOUR, request: { ...story.input().request, state: "closed", locked: true } }));
    expect(next.effects[0]?.kind).toBe("unlock");
    expect(recordsOf(next.effects).filter((r) => r.event === "attempt-refused").map((r) => (r as { sourceId: number }).sourceId)).toEqual([glass]);
    expect(next.effects.at(-1)?.kind).toBe("lock");
  });

  it("does not answer a bot's late /break-glass, as it answers no bot's timely one", () => {
    const story = new Story();
    step(story, { policy });
    story.comment({ login: "ci[bot]", bot: true }, "/break-glass", { at: T0 + 2 * HOUR + MIN });
    const late = step(story, { policy, now: T0 + 2 * HOUR + 5 * MIN });
    expect(late.state).toBe("timed-out");
    expect(recordsOf(late.effects).filter((r) => r.event === "attempt-refused")).toEqual([]);
  });

  it("does not tell an /approve the trail counted (the app's clock a little behind GitHub's) that it counts for nothing", () => {
    const two = withTeam({ pendingTimeoutMs: 2 * HOUR, approvals: 2 });
    const story = new Story();
    step(story, { policy: two });
    const id = story.comment({ login: "carol", bot: false }, "/approve", { at: T0 + 2 * HOUR + 1_000 });
    expect(recordsOf(step(story, { policy: two, now: T0 + 2 * HOUR - 1_000 }).effects).map((r) => r.event)).toEqual(["approval"]);
    const read = recordsOf(step(story, { policy: two, now: T0 + 3 * HOUR }).effects);
    expect(read.filter((r) => "sourceId" in r && r.sourceId === id).map((r) => r.event)).toEqual(["approval-withdrawn"]);
  });

  it("counts the wait from the first receipt, not from an edit", () => {
    const story = new Story();
    step(story, { policy });
    const edited = { ...story.input().request, body: story.input().request.body.replace("2h", "1h") };
    step(story, { policy, now: T0 + HOUR, request: edited });
    expect(step(story, { policy, now: T0 + 2 * HOUR, request: edited }).state).toBe("timed-out");
  });
});

describe("a live grant", () => {
  it("answers, once, an /extend posted before the end and read only after it", () => {
    const story = grantedStory();
    const ask = story.comment(jane, "/extend 1h", { at: T0 + 2 * HOUR - 30_000 });
    const ended = step(story, { now: T0 + 2 * HOUR + 1_000 });
    expect(ended.state).toBe("expired");
    expect(recordsOf(ended.effects)).toEqual([
      expect.objectContaining({ event: "attempt-refused", sourceId: ask, command: "/extend", reason: "the grant ended at 2026-11-02T11:00:00.000Z before jit-access read this; open a new request if the need remains" }),
      expect.objectContaining({ event: "expired" }),
    ]);
    expect(recordsOf(step(story, { now: T0 + 2 * HOUR + MIN }).effects)).toEqual([]);
  });

  it("refuses an /extend by a requester the policy no longer lets request the team, saying why", () => {
    const policy = withTeam({ requesters: { users: [], teams: ["engineering"] } });
    const directory = { org: { jane: true, alice: true }, teams: { engineering: { jane: true } } };
    const story = grantedStory({ policy, directory });
    // jane leaves engineering, the team the policy lets request, during her grant.
    const moved = { policy, directory: { ...directory, teams: { engineering: {} } } };
    const ask = story.comment(jane, "/extend 2h");
    const asked = step(story, { ...moved, now: T0 + 10 * MIN });
    expect(recordsOf(asked.effects)).toEqual([expect.objectContaining({ event: "attempt-refused", sourceId: ask, command: "/extend", reason: expect.stringContaining("@jane may not request `platform-admins`") })]);
    story.comment(alice, "/approve");
    expect(recordsOf(step(story, { ...moved, now: T0 + 20 * MIN }).effects).map((r) => r.event)).not.toContain("extended");
  });

  it("does not extend when the requester leaves the requester teams after the /extend was recorded and before its approval", () => {
    const policy = withTeam({ requesters: { users: [], teams: ["engineering"] } });
    const directory = { org: { jane: true, alice: true }, teams: { engineering: { jane: true } } };
    const story = grantedStory({ policy, directory });
    story.comment(jane, "/extend 1h");
    expect(recordsOf(step(story, { policy, directory, now: T0 + 10 * MIN }).effects).map((r) => r.event)).toEqual(["extension-requested"]);
    story.comment(alice, "/approve");
    const moved = { policy, directory: { org: { jane: true, alice: true }, teams: { engineering: {} } } };
    const approved = recordsOf(step(story, { ...moved, now: T0 + 20 * MIN }).effects);
    expect(approved.map((r) => r.event)).toEqual(["extension-denied"]);
    expect((approved[0] as { reason: string }).reason).toContain("@jane may not request `platform-admins`");
  });

  it("answers an /extend and the /approve after it, both posted before the end and read only after it", () => {
    const story = grantedStory();
    const ask = story.comment(jane, "/extend 1h", { at: T0 + 2 * HOUR - MIN });
    const approve = story.comment(alice, "/approve", { at: T0 + 2 * HOUR - 30_000 });
    const late = step(story, { now: T0 + 2 * HOUR + 1_000 });
    expect(late.state).toBe("expired");
    expect(recordsOf(late.effects).filter((r) => r.event === "attempt-refused").map((r) => (r as { sourceId: number }).sourceId)).toEqual([ask, approve]);
    expect(recordsOf(step(story, { now: T0 + 2 * HOUR + MIN }).effects)).toEqual([]);
  });

  it("looks the requester up again for a granted request only when they ask for more time", () => {
    const story = grantedStory();
    const input = story.input();
    const load = withTeam({ requesters: { users: [], teams: ["engineering"] } });
    if (load.kind !== "ok") throw new Error("the policy is invalid");
    const policy = load.policies.teams.get("platform-admins")!;
    const before = planLookups(input, policy, true);
    expect(before.org).not.toContain("jane");
    expect(before.teams).not.toContainEqual({ team: "engineering", login: "jane" });
    story.comment(jane, "/extend 1h");
    const asked = planLookups(story.input(), policy, true);
    expect(asked.org).toContain("jane");
    expect(asked.teams).toContainEqual({ team: "engineering", login: "jane" });
    // Once the request has ended, never.
    expect(planLookups(story.input(), policy, true, true).org).not.toContain("jane");
  });

  it("extends on approval, without a gap and without touching the membership", () => {
    const story = grantedStory();
    story.comment(jane, "/extend 1h");
    const asked = step(story, { now: T0 + 10 * MIN });
    expect(recordsOf(asked.effects)).toEqual([expect.objectContaining({ event: "extension-requested", durationMs: HOUR, approvalsNeeded: 1 })]);
    story.comment(alice, "/approve");
    const extended = step(story, { now: T0 + 20 * MIN });
    expect(recordsOf(extended.effects)).toEqual([expect.objectContaining({ event: "extended", previousExpiresAt: T0 + 2 * HOUR, expiresAt: T0 + 3 * HOUR, approvers: ["alice"] })]);
    expect(kinds(extended.effects).filter((k) => k.endsWith("member"))).toEqual([]);
    expect(step(story, { now: T0 + 2 * HOUR + MIN }).state).toBe("granted");
    const ended = step(story, { now: T0 + 3 * HOUR });
    expect(ended.state).toBe("expired");
    expect(kinds(ended.effects)[0]).toBe("remove-member");
  });

  it.each([
    ["by someone other than the requester", alice, "/extend 1h", "only the requester"],
    ["over the policy's maximum", jane, "/extend 5h", "longer than the maximum for `platform-admins`, 4h"],
    ["without a duration", jane, "/extend", "needs a duration"],
  ])("refuses /extend %s", (_name, who: Person, body, reason) => {
    const story = grantedStory();
    story.comment(who, body);
    expect(recordsOf(step(story).effects)).toEqual([expect.objectContaining({ event: "attempt-refused", reason: expect.stringContaining(reason) })]);
  });

  it("refuses an /extend over the maximum naming what still fits, in whole minutes rounded down", () => {
    const story = grantedStory();
    story.comment(jane, "/extend 3h");
    // Granted until T0 + 2h under a 4h maximum: 30 s in, 2h and 30 s are left under it, so 2h fits and 2h1m does not.
    expect(recordsOf(step(story, { now: T0 + 30_000 }).effects)).toEqual([expect.objectContaining({ event: "attempt-refused", reason: expect.stringMatching(/: ask for at most 2h$/) })]);
  });

  it("refuses an /extend once the maximum was lowered below what the grant already runs, without asking for 0m", () => {
    const story = grantedStory();
    story.comment(jane, "/extend 10m");
    const [refused] = recordsOf(step(story, { now: T0 + 10 * MIN, policy: withTeam({ maxDurationMs: HOUR }) }).effects);
    expect(refused).toEqual(expect.objectContaining({ event: "attempt-refused", reason: expect.stringContaining("it already runs 1h50m from now, so it cannot be extended under that maximum; it ends as planned") }));
    expect(JSON.stringify(refused)).not.toContain("0m:");
    expect(JSON.stringify(refused)).not.toContain("at most 0m");
  });

  const unlisted = "acme/other is not one of the repositories whose policies this app obeys (JIT_ACCESS_REPOSITORIES: acme/access)";
  it.each<[string, Partial<DecisionInput>, string, string]>([
    ["in a repository whose policies do not count", { policy: { kind: "missing", message: unlisted } }, "/extend 1h", `no extension can be asked for while no policy applies here: ${unlisted}`],
    ["once the policies no longer define the team", { policy: parsePolicies([], "sha") }, "/extend 1h", "no extension can be asked for while the policies no longer define `platform-admins`"],
    ["by someone who did not approve the grant, in a repository whose policies do not count", { policy: { kind: "missing", message: unlisted } }, "/revoke", `only the requester or an approver of this grant (@alice) can revoke while no policy applies here: ${unlisted}`],
    ["by someone who did not approve the grant, while the policies do not load", { policy: { kind: "invalid", problems: [] } }, "/revoke", "only the requester or an approver of this grant (@alice) can revoke while the policies do not load"],
  ])("refuses a command that needs the team's policy %s, saying why", (_name, overrides, body, reason) => {
    const story = grantedStory();
    story.comment(body === "/revoke" ? bob : jane, body);
    expect(recordsOf(step(story, overrides).effects)).toEqual([expect.objectContaining({ event: "attempt-refused", reason: expect.stringContaining(reason) })]);
  });

  it.each<[string, Partial<DecisionInput>]>([
    ["the team taken out of the policies", { policy: parsePolicies([], "sha") }],
    ["a repository whose policies do not count", { policy: { kind: "missing", message: unlisted } }],
    ["policies that do not load", { policy: { kind: "invalid", problems: [] } }],
  ])("ends the grant on /revoke by the approver its record names, with %s", (_name, overrides) => {
    const story = grantedStory();
    story.comment(alice, "/revoke");
    const decision = step(story, overrides);
    expect(decision.state).toBe("revoked");
    expect(recordsOf(decision.effects)).toEqual([expect.objectContaining({ event: "revoked", by: "alice" })]);
  });

  it("does not extend on an approval given before the /extend, nor on the requester's own", () => {
    const story = grantedStory();
    story.comment(alice, "/approve");
    story.comment(jane, "/extend 1h");
    story.comment(jane, "/approve");
    expect(recordsOf(step(story).effects).map((r) => r.event)).toEqual(["attempt-refused", "extension-requested"]);
    const decision = step(story);
    expect(recordsOf(decision.effects)).toEqual([expect.objectContaining({ event: "attempt-refused", actor: "jane" })]);
    expect(story.records.some((r) => r.data.event === "extended")).toBe(false);
  });

  it("extends on an approval placed after the /extend though before its record (the record waited in the write queue)", () => {
    const story = grantedStory();
    story.comment(jane, "/extend 1h");
    const asked = decide(story.input());
    story.comment(alice, "/approve");
    story.apply(asked.effects);
    expect(recordsOf(step(story).effects).map((r) => r.event)).toEqual(["extended"]);
  });

  it("does not extend on an approval of the pending request: an /extend posted while the grant's records queued comes before them", () => {
    const story = new Story();
    step(story);
    story.comment(alice, "/approve");
    const approving = decide(story.input());
    expect(approving.state).toBe("granted");
    // While the approval's records wait their turn, jane asks for more and carol approves the request.
    story.comment(jane, "/extend 2h");
    story.comment({ login: "carol", bot: false }, "/approve");
    story.apply(approving.effects);
    // carol is told her approval does not count for the extension, and how to give one that does.
    expect(recordsOf(step(story).effects)).toEqual([
      expect.objectContaining({ event: "extension-requested" }),
      expect.objectContaining({ event: "attempt-refused", actor: "carol", command: "/approve", reason: "this `/approve` came before jit-access had recorded the grant, so it is not counted for the extension; to approve the extension, comment `/approve` again" }),
    ]);
    expect(recordsOf(step(story).effects)).toEqual([]);
    expect(story.records.some((r) => r.data.event === "extended")).toBe(false);
    // An approval after the grant's records is one of the extension.
    story.comment(alice, "/approve");
    expect(recordsOf(step(story).effects).map((r) => r.event)).toEqual(["extended"]);
  });

  it("does not answer an approval placed after the /extend and before the grant's records by an approver the grant counted", () => {
    const story = new Story();
    step(story);
    story.comment(alice, "/approve");
    const approving = decide(story.input());
    story.comment(jane, "/extend 2h");
    // alice's approval is among those the grant counted (she may have approved twice to be sure): not answered.
    story.comment(alice, "/approve");
    story.apply(approving.effects);
    expect(recordsOf(step(story).effects).map((r) => r.event)).toEqual(["extension-requested"]);
    expect(recordsOf(step(story).effects)).toEqual([]);
    expect(story.records.some((r) => r.data.event === "extended")).toBe(false);
  });

  it.each([
    ["approved", "/approve", "extended"],
    ["denied", "/deny not today", "extension-denied"],
  ])("does not answer again the approval of an extension %s before (a restart's first look, or any later webhook)", (_name, answer, settled) => {
    const story = grantedStory();
    story.comment(jane, "/extend 1h");
    step(story, { now: T0 + 10 * MIN });
    story.comment(alice, answer);
    expect(recordsOf(step(story, { now: T0 + 20 * MIN }).effects).map((r) => r.event)).toEqual([settled]);
    const again = step(story, { now: T0 + 30 * MIN });
    expect({ state: again.state, records: recordsOf(again.effects) }).toEqual({ state: "granted", records: [] });
    // An approval after it is no answer to anything: it is refused, once.
    story.comment(alice, "/approve");
    expect(recordsOf(step(story, { now: T0 + 40 * MIN }).effects)).toEqual([expect.objectContaining({ event: "attempt-refused", actor: "alice" })]);
  });

  it("keeps the grant when an extension is denied", () => {
    const story = grantedStory();
    story.comment(jane, "/extend 1h");
    step(story);
    story.comment(alice, "/deny not today");
    const decision = step(story);
    expect(decision.state).toBe("granted");
    expect(recordsOf(decision.effects)).toEqual([{ event: "extension-denied", requester: "jane", by: "alice", reason: "not today" }]);
  });

  it("writes nothing more before the end: the grant record already names the expiry and /extend", () => {
    const story = grantedStory();
    const quiet = step(story, { now: T0 + 2 * HOUR - 15 * MIN });
    expect(recordsOf(quiet.effects)).toEqual([]);
    expect(quiet.wakeAt).toBe(T0 + 2 * HOUR);
    expect(recordsOf(step(story, { now: T0 + 2 * HOUR - 1 }).effects)).toEqual([]);
  });

  it("names the team's ids the grant record kept in the removal, at the expiry and on /revoke", () => {
    const withId = () => {
      const story = new Story();
      step(story);
      story.comment(alice, "/approve");
      const granting = decide(story.input());
      // The shell adds the id GitHub's answer to the PUT gave (apply-effects.ts).
      story.apply(granting.effects.map((e) => (e.kind === "record" && e.data.event === "granted" ? { ...e, data: { ...e.data, teamIds: { org: 1, team: 42 } } } : e)));
      return story;
    };
    const removal = (effects: Effect[]) => effects.find((e) => e.kind === "remove-member");
    expect(removal(step(withId(), { now: T0 + 2 * HOUR }).effects)).toEqual({ kind: "remove-member", team: "platform-admins", login: "jane", teamIds: { org: 1, team: 42 } });
    const revoking = withId();
    revoking.comment(jane, "/revoke");
    expect(removal(step(revoking, { now: T0 + HOUR }).effects)).toEqual({ kind: "remove-member", team: "platform-admins", login: "jane", teamIds: { org: 1, team: 42 } });
    expect(removal(step(grantedStory(), { now: T0 + 2 * HOUR }).effects)).toEqual({ kind: "remove-member", team: "platform-admins", login: "jane" });
  });

  it("keeps the membership while another request still grants it", () => {
    const story = grantedStory();
    const otherGrants = [{ ref: "acme/access#9", expiresAt: T0 + 5 * HOUR, standing: false }];
    const decision = step(story, { now: T0 + 2 * HOUR, otherGrants });
    expect(kinds(decision.effects)).not.toContain("remove-member");
    expect(recordsOf(decision.effects)).toEqual([{ event: "expired", requester: "jane", team: "platform-admins", removed: false, keptFor: "acme/access#9" }]);
  });

  it("does not take a membership held through another live grant for a standing one", () => {
    const story = new Story();
    const otherGrants = [{ ref: "acme/access#9", expiresAt: T0 + 5 * HOUR, standing: false }];
    step(story, { membership: "active", otherGrants });
    story.comment(alice, "/approve");
    const decision = step(story, { membership: "active", otherGrants });
    expect(recordsOf(decision.effects)[0]).toMatchObject({ event: "approved", standing: false });
  });

  it("records a failed removal once, stays live and retries", () => {
    const story = grantedStory();
    const failed = step(story, { now: T0 + 2 * HOUR, removalFailed: "GitHub answered 502" });
    expect(failed.state).toBe("revoke-failed");
    expect(recordsOf(failed.effects)).toEqual([{ event: "revoke-failed", requester: "jane", team: "platform-admins", reason: "GitHub answered 502" }]);
    expect(failed.wakeAt).toBe(T0 + 2 * HOUR + MIN);
    expect(recordsOf(step(story, { now: T0 + 2 * HOUR + MIN, removalFailed: "GitHub answered 502" }).effects)).toEqual([]);
    const done = step(story, { now: T0 + 2 * HOUR + 2 * MIN, request: { ...story.input().request, labels: ["access-request", "access:revoke-failed"] } });
    expect(done.state).toBe("expired");
    expect(kinds(done.effects)).toEqual(["remove-member", "record:expired", "close", "lock"]);
  });

  it("removes a membership a failed attempt may have left when the approval outlived its time", () => {
    const story = new Story();
    step(story);
    story.comment(alice, "/approve");
    const approval = decide(story.input());
    story.record(recordsOf(approval.effects)[0]!);
    const late = step(story, { now: T0 + 5 * HOUR });
    expect(kinds(late.effects).slice(0, 2)).toEqual(["remove-member", "record:expired"]);
  });
});

describe("an approval recorded but not granted (a crash between the two)", () => {
  function approvedOnly(): { story: Story; approvalId: number } {
    const story = new Story();
    step(story);
    const approvalId = story.comment(alice, "/approve");
    const approval = decide(story.input());
    story.record(recordsOf(approval.effects)[0]!);
    return { story, approvalId };
  }

  it("takes the membership back when the request is then closed", () => {
    const { story } = approvedOnly();
    story.closed(jane);
    const decision = step(story, { request: { ...story.input().request, state: "closed" } });
    expect(decision.state).toBe("withdrawn");
    expect(kinds(decision.effects)[0]).toBe("remove-member");
  });

  it("does not grant when the approval was withdrawn meanwhile", () => {
    const { story, approvalId } = approvedOnly();
    story.timeline = story.timeline.filter((t) => !(t.kind === "comment" && t.id === approvalId));
    const decision = step(story);
    expect(decision.state).toBe("pending");
    expect(kinds(decision.effects)).not.toContain("add-member");
    expect(kinds(decision.effects)[0]).toBe("remove-member");
    expect(recordsOf(decision.effects)).toEqual([expect.objectContaining({ event: "received", reason: expect.stringContaining("no longer stands") })]);
  });
});

describe("extensions never run past the policy's maximum from now", () => {
  it("refuses an extension that would, and grants one that fits", () => {
    const story = grantedStory();
    story.comment(jane, "/extend 3h");
    expect(recordsOf(step(story).effects)).toEqual([expect.objectContaining({ event: "attempt-refused", reason: expect.stringContaining("longer than the maximum") })]);
    story.comment(jane, "/extend 2h");
    step(story);
    story.comment(alice, "/approve");
    const extended = step(story, { now: T0 + HOUR });
    expect(recordsOf(extended.effects)).toEqual([expect.objectContaining({ event: "extended", expiresAt: T0 + 4 * HOUR })]);
  });
});

describe("a live grant's membership removed by someone else", () => {
  it("records who removed it and ends the grant, without removing or adding the membership", () => {
    const story = grantedStory();
    const ended = step(story, { now: T0 + 30 * MIN, membershipRemoved: { by: "owner", at: T0 + 29 * MIN } });
    expect(ended.state).toBe("revoked");
    expect(recordsOf(ended.effects)).toEqual([{ event: "removed-early", requester: "jane", team: "platform-admins", by: "owner" }]);
    expect(kinds(ended.effects)).toEqual(["record:removed-early", "close", "lock"]);
    // Once ended, the request stays ended: a later look neither adds the membership nor records again.
    const after = step(story, { now: T0 + 40 * MIN, membership: "none" });
    expect(after.state).toBe("revoked");
    expect(kinds(after.effects).filter((k) => k.endsWith("member") || k.startsWith("record"))).toEqual([]);
  });

  it("says nobody reported who, when it was found gone with no webhook", () => {
    const story = grantedStory();
    const ended = step(story, { now: T0 + 30 * MIN, membershipRemoved: { at: T0 + 30 * MIN } });
    expect(recordsOf(ended.effects)).toEqual([{ event: "removed-early", requester: "jane", team: "platform-admins" }]);
  });

  it("is an expiry, not an early removal, when it was seen gone only at or after the grant's end", () => {
    const story = grantedStory();
    const ended = step(story, { now: T0 + 2 * HOUR, membershipRemoved: { by: "owner", at: T0 + 2 * HOUR } });
    expect(ended.state).toBe("expired");
    expect(recordsOf(ended.effects).map((r) => r.event)).toEqual(["expired"]);
  });

  it("ignores a removal seen before the grant was recorded (a late webhook of an earlier removal)", () => {
    const story = grantedStory();
    const kept = step(story, { now: T0 + 10 * MIN, membershipRemoved: { by: "owner", at: T0 - MIN } });
    expect(kept.state).toBe("granted");
    expect(recordsOf(kept.effects)).toEqual([]);
  });

  it("never ends a grant on a membership read as none without the observation (the shell reads it only when told)", () => {
    const story = grantedStory();
    const kept = step(story, { now: T0 + 10 * MIN, membership: "none" });
    expect(kept.state).toBe("granted");
    expect(kinds(kept.effects).filter((k) => k.endsWith("member") || k.startsWith("record"))).toEqual([]);
  });
});

describe("a batched write whose record GitHub refused while its close went through", () => {
  const app: Person = { login: "jit-access[bot]", bot: true };
  const closedByApp = (story: Story, now: number) => {
    story.closed(app);
    return { now, appLogin: app.login, request: { ...story.input().request, state: "closed" as const, locked: true } };
  };

  it("a grant whose time is up is recorded expired, not revoked by the app's own close", () => {
    const story = grantedStory();
    const retry = decide(story.input(closedByApp(story, T0 + 2 * HOUR)));
    expect(retry.state).toBe("expired");
    expect(kinds(retry.effects)).toEqual(["unlock", "remove-member", "record:expired", "add-label", "lock"]);
  });

  it("a live grant stays live: the app's close ends nothing", () => {
    const story = grantedStory();
    const retry = decide(story.input(closedByApp(story, T0 + HOUR)));
    expect(retry.state).toBe("granted");
    expect(kinds(retry.effects)).not.toContain("remove-member");
  });

  it("a person's close still ends the grant", () => {
    const story = grantedStory();
    story.closed(jane);
    const decision = decide(story.input({ now: T0 + HOUR, appLogin: app.login, request: { ...story.input().request, state: "closed" } }));
    expect(decision.state).toBe("revoked");
    expect(recordsOf(decision.effects)).toEqual([expect.objectContaining({ event: "revoked", by: "jane", reason: "the request was closed" })]);
  });
});

describe("a membership the app already removed at the grant's expiry", () => {
  it("is recorded removed without a second removal; one removed at another time is removed again", () => {
    const story = grantedStory();
    const expiresAt = T0 + 2 * HOUR;
    const ended = decide(story.input({ now: expiresAt, removedAtExpiry: expiresAt }));
    expect(ended.state).toBe("expired");
    expect(kinds(ended.effects)).not.toContain("remove-member");
    expect(recordsOf(ended.effects)).toEqual([expect.objectContaining({ event: "expired", removed: true })]);
    expect(kinds(decide(story.input({ now: expiresAt })).effects)).toContain("remove-member");
  });
});
