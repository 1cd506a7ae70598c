import { describe, expect, it } from "vitest";
import { decide, planLookups, type Effect } from "../../src/core/decide.js";
import type { BodyEdits, DecisionInput, Person } from "../../src/core/input.js";
import type { RecordData } from "../../src/core/records.js";
import { parseRequestBody } from "../../src/core/request-form.js";
import { alice, BREAK_GLASS, emergencyBody, formBody, glassPolicy, HOUR, jane, onCall, Story, T0, withTeam } from "./fixtures.js";

const MIN = 60_000;
const carol: Person = { login: "carol", bot: false };
const bob: Person = { login: "bob", bot: false };
const recordsOf = (effects: Effect[]) => effects.filter((e) => e.kind === "record").map((e) => (e as { data: RecordData }).data);
const kinds = (effects: Effect[]) => effects.map((e) => (e.kind === "record" ? `record:${e.data.event}` : e.kind));
const labelsOf = (effects: Effect[]) => effects.flatMap((e) => (e.kind === "set-labels" ? e.labels : e.kind === "add-label" ? [e.label] : e.kind === "close" ? (e.labels ?? []) : []));

/** Every decision of a break-glass story: jane on call, the policy allowing break-glass, the body never edited. */
function base(story: Story, body = emergencyBody()): Partial<DecisionInput> {
  return { policy: glassPolicy, directory: onCall, request: { ...story.input().request, body, bodyEdits: { count: 0 } } };
}

function step(story: Story, overrides: Partial<DecisionInput>) {
  const decision = decide(story.input(overrides));
  story.apply(decision.effects, overrides.now ?? T0);
  return decision;
}

/** A break-glass grant by the form's box, at T0, for 2h. */
function brokenGlass(): { story: Story; over: Partial<DecisionInput> } {
  const story = new Story();
  const over = base(story);
  const first = step(story, over);
  expect(first.state).toBe("granted");
  return { story, over };
}

const at = (over: Partial<DecisionInput>, now: number, labels?: string[]): Partial<DecisionInput> => ({ ...over, now, request: { ...over.request!, ...(labels ? { labels } : {}) } });

describe("the Emergency checkbox in the form", () => {
  it.each([
    ["X", true],
    ["x", true],
    [" ", false],
  ])("reads `- [%s]` as ticked: %s", (mark, ticked) => {
    const parsed = parseRequestBody(emergencyBody({}, mark));
    expect(parsed.ok && parsed.fields.emergency === true).toBe(ticked);
  });

  it.each([
    ["_No response_", "### Emergency\n\n_No response_"],
    ["a heading at level 4", "#### Emergency\n\n- [X] emergency"],
    ["the section twice", "### Emergency\n\n- [X] emergency\n\n### Emergency\n\n- [X] emergency"],
    ["inside an HTML comment", "<!--\n### Emergency\n\n- [X] emergency\n-->"],
    ["a quoted box", "### Emergency\n\n> - [X] emergency"],
    ["a ticked box in the Justification", ""],
  ])("is no emergency with %s", (_name, tail) => {
    const body = tail === "" ? formBody({ justification: "- [X] emergency" }) : `${formBody()}\n\n${tail}`;
    const parsed = parseRequestBody(body);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.fields.emergency).toBeUndefined();
  });
});

describe("break-glass grants", () => {
  it("grants at once from the ticked box, labels it, mentions the notify list, and sets the review due", () => {
    const story = new Story();
    const decision = step(story, base(story));
    expect(decision.state).toBe("granted");
    expect(kinds(decision.effects)).toEqual(["record:received", "record:approved", "add-member", "record:granted", "set-labels"]);
    const approved = recordsOf(decision.effects)[1];
    expect(approved).toMatchObject({ event: "approved", approvers: [], durationMs: 2 * HOUR, breakGlass: { via: "form", notify: BREAK_GLASS.notify, reviewDueAt: T0 + 24 * HOUR } });
    expect(labelsOf(decision.effects)).toEqual(expect.arrayContaining(["access:granted", "access:break-glass", "access-request"]));
  });

  it("grants on `/break-glass` by the requester on a pending request", () => {
    const story = new Story();
    const over = base(story, formBody());
    expect(step(story, over).state).toBe("pending");
    const id = story.comment(jane, "/break-glass");
    const decision = step(story, over);
    expect(decision.state).toBe("granted");
    expect(recordsOf(decision.effects)[0]).toMatchObject({ event: "approved", breakGlass: { via: "comment", sourceId: id } });
  });

  it("looks up the requester's membership of the break-glass requester teams", () => {
    const lookups = planLookups(new Story().input(), glassPolicy.kind === "ok" ? glassPolicy.policies.teams.get("platform-admins") : undefined, false);
    expect(lookups.teams).toContainEqual({ team: "platform-oncall", login: "jane" });
  });

  it.each([
    ["the policy has no break_glass", { policy: withTeam({}) }, "allows no break-glass"],
    ["the requester is not listed", { directory: { ...onCall, teams: { ...onCall.teams, "platform-oncall": {} } } }, "may not break the glass"],
    ["the description was edited", { bodyEdits: { count: 2, last: { at: T0 - MIN, by: "jane" } } }, "edited since (last by @jane)"],
    ["the edit history is unknown", { bodyEdits: undefined }, "could not tell"],
    ["the duration is over the break-glass maximum", { body: emergencyBody({ duration: "3h" }) }, "longer than the break-glass maximum for `platform-admins`, 2h"],
    ["the requester holds another live grant", { otherGrants: [{ ref: "acme/access#9", expiresAt: T0 + HOUR, standing: false }] }, "already holds `platform-admins` through acme/access#9"],
  ])("refuses the box when %s, saying why, and waits for approval", (_name, change: Record<string, unknown>, reason) => {
    const story = new Story();
    const over = base(story);
    const { body, bodyEdits, ...rest } = change as { body?: string; bodyEdits?: BodyEdits; [k: string]: unknown };
    const request = { ...over.request!, ...(body ? { body } : {}), ...("bodyEdits" in change ? { bodyEdits } : {}) };
    if ("bodyEdits" in change && bodyEdits === undefined) delete request.bodyEdits;
    const input = { ...over, ...rest, request } as Partial<DecisionInput>;
    const decision = step(story, input);
    expect(decision.state).toBe("pending");
    expect(kinds(decision.effects)).not.toContain("add-member");
    expect(recordsOf(decision.effects)[0]).toMatchObject({ event: "received", breakGlassRefused: expect.stringContaining(reason) });
    // Still an ordinary request: an approver's /approve grants it.
    story.comment(alice, "/approve");
    expect(step(story, input).state).toBe("granted");
  });

  it("refuses a `/break-glass` by someone else, an edited one, and one with an argument, answering each once", () => {
    const story = new Story();
    const over = base(story, formBody());
    step(story, over);
    story.comment(alice, "/break-glass");
    story.comment(jane, "/break-glass", { edited: true });
    story.comment(jane, "/break-glass now please");
    const decision = step(story, over);
    expect(decision.state).toBe("pending");
    expect(recordsOf(decision.effects).map((r) => (r.event === "attempt-refused" ? r.reason : r.event))).toEqual([
      expect.stringContaining("only the requester, @jane, can declare an emergency"),
      expect.stringContaining("edited does not count"),
      expect.stringContaining("takes no argument"),
    ]);
    expect(recordsOf(step(story, over).effects)).toEqual([]);
  });

  it("is checked again before granting when its approval record was written but the grant was not", () => {
    const story = new Story();
    const over = base(story);
    const first = decide(story.input(over));
    // The records were written, then the process stopped before adding the membership and recording the grant.
    story.apply(first.effects.filter((e) => e.kind === "record" && e.data.event !== "granted"));
    const off = { ...over, directory: { ...onCall, teams: { ...onCall.teams, "platform-oncall": {} } } };
    const again = decide(story.input(off));
    expect(again.state).toBe("pending");
    expect(recordsOf(again.effects)[0]).toMatchObject({ event: "received", breakGlassRefused: expect.stringContaining("may not break the glass") });
    expect(again.effects).toContainEqual({ kind: "remove-member", team: "platform-admins", login: "jane" });
  });
});

describe("the review after the fact", () => {
  it("accepts `/approve` by an eligible approver while the grant is live, and closes at expiry", () => {
    const { story, over } = brokenGlass();
    const id = story.comment(carol, "/approve");
    const reviewed = step(story, at(over, T0 + 10 * MIN));
    expect(recordsOf(reviewed.effects)).toEqual([{ event: "break-glass-reviewed", requester: "jane", by: "carol", outcome: "accepted", sourceId: id }]);
    const ended = step(story, at(over, T0 + 2 * HOUR));
    expect(ended.state).toBe("expired");
    expect(kinds(ended.effects)).toEqual(["remove-member", "record:expired", "close", "lock"]);
  });

  it("records `/flag <reason>` as a finding", () => {
    const { story, over } = brokenGlass();
    step(story, at(over, T0 + 2 * HOUR));
    story.comment(alice, "/flag no incident was open");
    const flagged = step(story, at(over, T0 + 3 * HOUR));
    expect(recordsOf(flagged.effects)).toEqual([expect.objectContaining({ event: "break-glass-reviewed", by: "alice", outcome: "flagged", reason: "no incident was open" })]);
    expect(kinds(flagged.effects)).toContain("close");
  });

  it("stays open after the grant ends until reviewed, escalating once when the review is overdue", () => {
    const { story, over } = brokenGlass();
    const ended = step(story, at(over, T0 + 2 * HOUR));
    expect(ended.state).toBe("expired");
    expect(kinds(ended.effects)).toEqual(["remove-member", "record:expired", "set-labels"]);
    expect(labelsOf(ended.effects)).toEqual(expect.arrayContaining(["access:expired", "access:break-glass"]));
    expect(ended.wakeAt).toBe(T0 + 24 * HOUR);
    const overdue = step(story, at(over, T0 + 24 * HOUR, ["access-request", "access:expired", "access:break-glass"]));
    expect(recordsOf(overdue.effects)).toEqual([{ event: "break-glass-overdue", requester: "jane", team: "platform-admins", notify: BREAK_GLASS.notify, dueAt: T0 + 24 * HOUR }]);
    expect(kinds(overdue.effects)).not.toContain("close");
    expect(recordsOf(step(story, at(over, T0 + 48 * HOUR, ["access-request", "access:expired", "access:break-glass"])).effects)).toEqual([]);
  });

  it.each([
    ["`/approve` by the requester", jane, "/approve", "cannot review your own break-glass grant"],
    ["`/approve` by the requester even where self-approval is allowed", jane, "/approve", "cannot review your own break-glass grant"],
    ["`/flag` by someone who is not an approver", bob, "/flag looks odd", "not an approver"],
    ["an edited `/approve`", carol, "/approve", "edited does not count"],
  ])("does not count %s, and answers it", (name, who, body, reason) => {
    const { story, over } = brokenGlass();
    story.comment(who, body, { edited: name.includes("edited") });
    const withSelf = name.includes("self-approval") ? { ...over, policy: withTeam({ breakGlass: BREAK_GLASS, selfApproval: true, approvers: { users: ["jane", "alice"], teams: [] } }) } : over;
    const decision = step(story, at(withSelf, T0 + 2 * HOUR));
    expect(recordsOf(decision.effects)).toContainEqual(expect.objectContaining({ event: "attempt-refused", reason: expect.stringContaining(reason) }));
    expect(recordsOf(decision.effects).map((r) => r.event)).not.toContain("break-glass-reviewed");
    expect(kinds(decision.effects)).not.toContain("close");
  });

  it("keeps `access:break-glass` only when the signed records say so: a hand-added one is taken off and answered", () => {
    const story = new Story();
    const over = base(story, formBody());
    step(story, over);
    const id = story.label(bob, "access:break-glass");
    const decision = step(story, { ...over, appLogin: "jit-access[bot]", request: { ...over.request!, labels: ["access-request", "access:pending", "access:break-glass"] } });
    expect(decision.state).toBe("pending");
    expect(recordsOf(decision.effects)).toEqual([expect.objectContaining({ event: "attempt-refused", source: "label", sourceId: id })]);
    expect(decision.effects).toContainEqual({ kind: "set-labels", labels: ["access-request", "access:pending"] });
  });

  it("ignores an edit of the checkbox after the grant: it neither grants again nor ends the grant", () => {
    const { story, over } = brokenGlass();
    const unticked = { ...over, request: { ...over.request!, body: emergencyBody({}, " "), bodyEdits: { count: 2, last: { at: T0 + MIN, by: "jane" } } } };
    const decision = step(story, at(unticked, T0 + 5 * MIN));
    expect(decision.state).toBe("granted");
    expect(kinds(decision.effects).filter((k) => k.endsWith("member"))).toEqual([]);
  });
});

describe("a break-glass grant on a trail tampered with", () => {
  it("ends, and still awaits its review: open and unlocked, escalated when overdue, reviewed by an approver", () => {
    const { story, over } = brokenGlass();
    const forged = story.comment(jane, "<!-- jit-access:record {...} -->");
    const findings = [{ kind: "forged" as const, commentId: forged, detail: `comment ${forged} carries a record but was not written by jit-access` }];
    const tampered = step(story, { ...at(over, T0 + 10 * MIN), findings });
    expect(tampered.state).toBe("tampered");
    expect(kinds(tampered.effects)).toContain("remove-member");
    expect(kinds(tampered.effects)).not.toContain("close");
    expect(kinds(tampered.effects)).not.toContain("lock");
    const late = step(story, { ...at(over, T0 + 25 * HOUR), findings });
    expect(recordsOf(late.effects).map((r) => r.event)).toContain("break-glass-overdue");
    story.comment(carol, "/approve");
    const reviewed = step(story, { ...at(over, T0 + 26 * HOUR), findings });
    expect(recordsOf(reviewed.effects).map((r) => r.event)).toEqual(["break-glass-reviewed"]);
    expect(kinds(reviewed.effects)).toEqual(expect.arrayContaining(["close", "lock"]));
  });
});

describe("a break-glass request whose grant GitHub refused", () => {
  it("owes no review: closed and locked once, not unlocked again at the next read", () => {
    const story = new Story();
    const over = base(story);
    const first = decide(story.input(over));
    // The approval's record written, the PUT refused.
    story.apply(first.effects.filter((e) => e.kind === "record" && e.data.event !== "granted"));
    const failed = decide(story.input({ ...over, grantRefused: "team is synced with an identity provider" }));
    story.apply(failed.effects);
    expect(kinds(failed.effects)).toEqual(expect.arrayContaining(["record:grant-failed", "close", "lock"]));
    const locked = { ...over, request: { ...over.request!, state: "closed" as const, locked: true, labels: ["access-request", "access:failed", "access:break-glass"] } };
    expect(kinds(decide(story.input(locked)).effects)).toEqual([]);
  });
});

describe("break-glass requesters listed by login", () => {
  const byName = withTeam({ breakGlass: { ...BREAK_GLASS, requesters: { users: ["jane"], teams: [] } } });
  const directory = (accounts: Record<string, number> | undefined) => ({ org: { jane: true, alice: true }, teams: {}, policyCommittedAt: T0 - 10 * HOUR, ...(accounts ? { accounts } : {}) });
  const ask = (dir: ReturnType<typeof directory>) => {
    const story = new Story();
    return step(story, { policy: byName, directory: dir, request: { ...story.input().request, body: emergencyBody(), bodyEdits: { count: 0 } } });
  };

  it("grants when the account holding the login is older than the policies' commit", () => {
    expect(ask(directory({ jane: T0 - 100 * HOUR })).state).toBe("granted");
  });

  it.each([
    ["was created after the policies' commit (renamed away and claimed)", { jane: T0 - HOUR }, "renamed and claimed by someone else"],
    ["cannot be read", {}, "could not read when the account @jane was created"],
  ])("refuses when the account %s, saying why", (_name, accounts, reason) => {
    const decision = ask(directory(accounts));
    expect(decision.state).toBe("pending");
    expect(kinds(decision.effects)).not.toContain("add-member");
    expect(recordsOf(decision.effects)[0]).toMatchObject({ event: "received", breakGlassRefused: expect.stringContaining(reason) });
  });
});

const APP = "jit-access[bot]";
const app: Person = { login: APP, bot: true };
/** A break-glass story's decisions as the app makes them: its login known, so that its own label events count. */
const glassOver = (story: Story): Partial<DecisionInput> => ({ policy: glassPolicy, directory: onCall, appLogin: APP, requestLabel: "access-request", request: { ...story.input().request, body: emergencyBody(), bodyEdits: { count: 0 } } });

/**
 * Break-glass approved and labelled by the app, the grant not made (a crash), then refused on the re-check
 * (jane no longer on call): the request goes back to pending, the app takes the label off, and carol approves
 * it as usual. It never used break-glass.
 */
function glassRefusedThenApproved() {
  const story = new Story();
  const over = glassOver(story);
  const first = decide(story.input(over));
  story.apply(first.effects.filter((e) => e.kind === "record" && e.data.event !== "granted"));
  expect(labelsOf(first.effects)).toContain("access:break-glass");
  story.label(app, "access:break-glass");
  const off: Partial<DecisionInput> = { ...over, directory: { ...onCall, teams: { ...onCall.teams, "platform-oncall": {} } } };
  const again = decide(story.input(off));
  story.apply(again.effects);
  expect(again.state).toBe("pending");
  story.label(app, "access:break-glass", "unlabeled");
  story.comment(carol, "/approve");
  const approved = decide(story.input(off));
  story.apply(approved.effects);
  expect(approved.state).toBe("granted");
  expect(recordsOf(approved.effects).find((r) => r.event === "approved")).not.toHaveProperty("breakGlass");
  const forged = story.comment({ login: "mallory", bot: false }, "<!-- jit-access:record {...} -->");
  const findings = [{ kind: "forged" as const, commentId: forged, detail: "forged" }];
  return { story, off, findings };
}

describe("a request whose break-glass was refused before its grant, approved as usual, then tampered with", () => {
  it("is not labelled access:break-glass again by a forged comment", () => {
    const { story, off, findings } = glassRefusedThenApproved();
    const d = decide(story.input({ ...off, now: T0 + 10 * 60_000, findings }));
    expect(labelsOf(d.effects)).not.toContain("access:break-glass");
  });

  it("owes no break-glass review when its (normal) approved record is deleted", () => {
    const { story, off, findings } = glassRefusedThenApproved();
    story.records = story.records.filter((r) => !(r.data.event === "approved" && r.data.breakGlass === undefined));
    const t = decide(story.input({ ...off, now: T0 + 10 * 60_000, findings }));
    story.apply(t.effects, T0 + 10 * 60_000);
    // carol's `/approve` was an approval of the request, not a review of a break-glass use that never happened.
    expect(recordsOf(t.effects).map((r) => r.event)).not.toContain("break-glass-reviewed");
    const late = decide(story.input({ ...off, now: T0 + 25 * HOUR, findings }));
    expect(recordsOf(late.effects).map((r) => r.event)).not.toContain("break-glass-overdue");
    expect(kinds(late.effects)).toContain("close");
  });
});

describe("a break-glass request whose grant GitHub refused, then tampered with", () => {
  it("owes no review when the grant-failed and approved records are deleted", () => {
    const story = new Story();
    const over = glassOver(story);
    const first = decide(story.input(over));
    story.apply(first.effects.filter((e) => e.kind === "record" && e.data.event !== "granted"));
    story.label(app, "access:break-glass");
    const failed = decide(story.input({ ...over, grantRefused: "team is synced with an identity provider" }));
    story.apply(failed.effects);
    expect(kinds(failed.effects)).toContain("record:grant-failed");
    // Someone who may delete comments deletes the approved and grant-failed records.
    story.records = story.records.filter((r) => r.data.event !== "approved" && r.data.event !== "grant-failed");
    const findings = [{ kind: "missing" as const, detail: "records deleted" }];
    const closed = { ...over, request: { ...over.request!, state: "closed" as const, locked: true, labels: ["access-request", "access:failed", "access:break-glass"] } };
    const t = decide(story.input({ ...closed, now: T0 + 10 * 60_000, findings }));
    story.apply(t.effects, T0 + 10 * 60_000);
    const late = decide(story.input({ ...closed, now: T0 + 25 * HOUR, findings }));
    expect(recordsOf(late.effects).map((r) => r.event)).not.toContain("break-glass-overdue");
    expect(kinds(late.effects)).not.toContain("unlock");
  });
});

describe("a break-glass use whose approved and granted records are deleted", () => {
  it("still owes its review after someone edits the access:break-glass label (its events then read as renamed)", () => {
    const story = new Story();
    const over = glassOver(story);
    const first = decide(story.input(over));
    story.apply(first.effects);
    expect(first.state).toBe("granted");
    // The app's own event; the label edited since (colour or description), so GitHub's GraphQL timeline reads it as renamed.
    story.label(app, "access:break-glass", "labeled", { renamed: true });
    story.label(app, "access:granted", "labeled", { renamed: true });
    story.records = story.records.filter((r) => r.data.event !== "approved" && r.data.event !== "granted");
    const findings = [{ kind: "missing" as const, detail: "records deleted" }];
    const t = decide(story.input({ ...over, now: T0 + 10 * 60_000, findings, membership: "active" }));
    story.apply(t.effects, T0 + 10 * 60_000);
    const late = decide(story.input({ ...over, now: T0 + 25 * HOUR, findings }));
    expect(recordsOf(late.effects).map((r) => r.event)).toContain("break-glass-overdue");
    expect(kinds(late.effects)).not.toContain("close");
  });
});

describe("a break-glass use whose every record is deleted", () => {
  /** Granted by the form's box, labelled by the app; then every record deleted and, where given, the body edited at `editedAt`. */
  function allDeleted(editedAt?: number) {
    const story = new Story();
    const over = glassOver(story);
    story.apply(decide(story.input(over)).effects);
    story.label(app, "access:break-glass");
    story.label(app, "access:granted");
    story.records = [];
    const findings = [{ kind: "missing" as const, detail: "records deleted" }];
    const request = { ...over.request!, bodyEdits: editedAt === undefined ? { count: 0 } : { count: 1, last: { at: editedAt, by: "jane" } } };
    const now = T0 + 10 * 60_000;
    story.apply(decide(story.input({ ...over, request, now, findings })).effects, now);
    story.comment(carol, "/approve");
    return decide(story.input({ ...over, request, now: now + 60_000, findings }));
  }

  it("takes its team from the body, unedited since: an approver's review counts", () => {
    expect(recordsOf(allDeleted().effects).map((r) => r.event)).toContain("break-glass-reviewed");
  });

  it("takes no team from a body edited since: no review counts, and the request stays open", () => {
    const decision = allDeleted(T0 + 5 * 60_000);
    expect(recordsOf(decision.effects).map((r) => r.event)).not.toContain("break-glass-reviewed");
    expect(kinds(decision.effects)).not.toContain("close");
  });
});

describe("a break-glass use whose `approved` and `granted` records are deleted before the deletion is seen", () => {
  it("still owes its review once it is seen, though the app took the label off and recorded a new snapshot meanwhile", () => {
    const story = new Story();
    const over = glassOver(story);
    story.apply(decide(story.input(over)).effects);
    story.label(app, "access:granted");
    story.label(app, "access:break-glass");
    story.records = story.records.filter((r) => r.data.event !== "approved" && r.data.event !== "granted");
    // The last records gone leave no gap: the next read takes the request for pending, the box unticked meanwhile.
    const unticked = { ...over, now: T0 + 30_000, request: { ...over.request!, body: emergencyBody({}, " "), bodyEdits: { count: 1, last: { at: T0 + 20_000, by: "jane" } }, labels: ["access-request", "access:break-glass"] } };
    const blind = decide(story.input(unticked));
    story.apply(blind.effects, T0 + 30_000);
    expect(blind.state).toBe("pending");
    story.label(app, "access:pending");
    story.label(app, "access:break-glass", "unlabeled");
    const findings = [{ kind: "missing" as const, detail: "2 of the app's records on this request were deleted" }];
    const seen = { ...unticked, request: { ...unticked.request, labels: ["access-request", "access:pending"] } };
    const tampered = decide(story.input({ ...seen, now: T0 + 5 * 60_000, findings }));
    story.apply(tampered.effects, T0 + 5 * 60_000);
    const late = decide(story.input({ ...seen, now: T0 + 25 * HOUR, findings }));
    expect([...recordsOf(tampered.effects), ...recordsOf(late.effects)].map((r) => r.event)).toContain("break-glass-overdue");
  });
});

/**
 * A break-glass refused on its re-check, approved as usual by carol and labelled granted; then, after
 * `meanwhile`, its (normal) approved record is deleted: no break-glass review is owed, and the request
 * closes at its expiry.
 */
function expectNoReviewOnceApprovedAsUsual(story: Story, off: Partial<DecisionInput>, meanwhile: () => void = () => undefined): void {
  story.label(app, "access:pending");
  story.comment(carol, "/approve");
  const approved = decide(story.input(off));
  story.apply(approved.effects);
  expect(approved.state).toBe("granted");
  story.label(app, "access:pending", "unlabeled");
  story.label(app, "access:granted");
  meanwhile();
  story.records = story.records.filter((r) => !(r.data.event === "approved" && r.data.breakGlass === undefined));
  const findings = [{ kind: "missing" as const, detail: "a record deleted" }];
  const t = decide(story.input({ ...off, now: T0 + 10 * 60_000, findings }));
  story.apply(t.effects, T0 + 10 * 60_000);
  const late = decide(story.input({ ...off, now: T0 + 25 * HOUR, findings }));
  expect(labelsOf(t.effects)).not.toContain("access:break-glass");
  expect(recordsOf(late.effects).map((r) => r.event)).not.toContain("break-glass-overdue");
  expect(kinds(late.effects)).toContain("close");
}

describe("a break-glass refused on its re-check whose label someone else took off first, then approved as usual", () => {
  it("owes no break-glass review when its (normal) approved record is deleted", () => {
    const story = new Story();
    const over = glassOver(story);
    const first = decide(story.input(over));
    story.apply(first.effects.filter((e) => e.kind === "record" && e.data.event !== "granted"));
    story.label(app, "access:break-glass");
    // A triager takes the label off by hand before the app's re-check: the app then has nothing to take off.
    story.label(jane, "access:break-glass", "unlabeled");
    const off: Partial<DecisionInput> = { ...over, directory: { ...onCall, teams: { ...onCall.teams, "platform-oncall": {} } } };
    const again = decide(story.input(off));
    story.apply(again.effects);
    expect(again.state).toBe("pending");
    expectNoReviewOnceApprovedAsUsual(story, off);
  });
});

describe("a person's event lands between the grant's record and the app's label events", () => {
  it("still owes its review when its approved and granted records are deleted", () => {
    const story = new Story();
    const over = glassOver(story);
    const first = decide(story.input(over));
    story.apply(first.effects);
    expect(first.state).toBe("granted");
    // Labels are best effort and queued behind the records (or race a person's event within the batch):
    // jane's comment lands between the granted record and the app's label events.
    story.comment(jane, "thanks, on it");
    story.label(app, "access:granted");
    story.comment(jane, "looking now");
    story.label(app, "access:break-glass");
    story.records = story.records.filter((r) => r.data.event !== "approved" && r.data.event !== "granted");
    const findings = [{ kind: "missing" as const, detail: "records deleted" }];
    const labelled = { ...over, request: { ...over.request!, labels: ["access-request", "access:granted", "access:break-glass"] } };
    const t = decide(story.input({ ...labelled, now: T0 + 10 * 60_000, findings, membership: "active" }));
    story.apply(t.effects, T0 + 10 * 60_000);
    const late = decide(story.input({ ...labelled, now: T0 + 25 * HOUR, findings }));
    expect([...recordsOf(t.effects), ...recordsOf(late.effects)].map((r) => r.event)).toContain("break-glass-overdue");
  });
});

describe("a break-glass refused on its re-check, approved as usual by a comment its author deleted since", () => {
  it("owes no break-glass review when its (normal) approved record is deleted: the app's records do not split its writes", () => {
    const story = new Story();
    const over = glassOver(story);
    const first = decide(story.input(over));
    story.apply(first.effects.filter((e) => e.kind === "record" && e.data.event !== "granted"));
    story.label(app, "access:break-glass");
    const off: Partial<DecisionInput> = { ...over, directory: { ...onCall, teams: { ...onCall.teams, "platform-oncall": {} } } };
    const again = decide(story.input({ ...off, request: { ...off.request!, labels: ["access-request", "access:break-glass"] } }));
    story.apply(again.effects);
    expect(again.state).toBe("pending");
    story.label(app, "access:break-glass", "unlabeled");
    expectNoReviewOnceApprovedAsUsual(story, off, () => {
      // carol deletes her `/approve` (its record names it); GitHub drops it from the timeline.
      story.timeline = story.timeline.filter((i) => !(i.kind === "comment" && i.author.login === "carol"));
    });
  });
});

describe("a break-glass use whose status label a person put on before the grant's write", () => {
  it.each([
    ["access:granted", "access:break-glass"],
    ["access:break-glass", "access:granted"],
  ])("still owes its review with %s put on by hand first and only its approved record deleted (the granted record left)", (byHand, byApp) => {
    const story = new Story();
    const over = glassOver(story);
    // jane opens the request with the label already on it: the app's grant then adds only the other one.
    story.label(jane, byHand);
    const withLabel = { ...over, request: { ...over.request!, labels: ["access-request", byHand] } };
    const first = decide(story.input(withLabel));
    expect(first.state).toBe("granted");
    expect(first.effects.filter((e) => e.kind === "add-label" || e.kind === "set-labels")).toEqual([{ kind: "add-label", label: byApp }]);
    story.apply(first.effects);
    story.label(app, byApp);
    // She deletes the signed approved record; the granted record is left.
    story.records = story.records.filter((r) => r.data.event !== "approved");
    const findings = [{ kind: "missing" as const, detail: "a record deleted" }];
    const labelled = { ...over, request: { ...over.request!, labels: ["access-request", byHand, byApp] } };
    const t = decide(story.input({ ...labelled, now: T0 + 10 * 60_000, findings, membership: "active" }));
    story.apply(t.effects, T0 + 10 * 60_000);
    const late = decide(story.input({ ...labelled, now: T0 + 25 * HOUR, findings }));
    expect([...recordsOf(t.effects), ...recordsOf(late.effects)].map((r) => r.event)).toContain("break-glass-overdue");
  });
});

describe("access:granted put on by hand on a request that never used break-glass", () => {
  it("owes no review when the break-glass grant GitHub refused and the approved and grant-failed records are deleted", () => {
    const story = new Story();
    const over = glassOver(story);
    // Someone puts access:granted on by hand before the app reads the request (it is taken off later, as always).
    story.label(jane, "access:granted");
    const withLabel = { ...over, request: { ...over.request!, labels: ["access-request", "access:granted"] } };
    const first = decide(story.input(withLabel));
    story.apply(first.effects.filter((e) => e.kind === "record" && e.data.event !== "granted"));
    story.label(app, "access:break-glass");
    const failed = decide(story.input({ ...withLabel, grantRefused: "team is synced with an identity provider" }));
    story.apply(failed.effects);
    expect(kinds(failed.effects)).toContain("record:grant-failed");
    story.label(app, "access:granted", "unlabeled");
    story.records = story.records.filter((r) => r.data.event !== "approved" && r.data.event !== "grant-failed");
    const findings = [{ kind: "missing" as const, detail: "records deleted" }];
    const closed = { ...over, request: { ...over.request!, state: "closed" as const, locked: true, labels: ["access-request", "access:failed", "access:break-glass"] } };
    const t = decide(story.input({ ...closed, now: T0 + 10 * 60_000, findings }));
    story.apply(t.effects, T0 + 10 * 60_000);
    const late = decide(story.input({ ...closed, now: T0 + 25 * HOUR, findings }));
    expect(recordsOf(late.effects).map((r) => r.event)).not.toContain("break-glass-overdue");
    expect(kinds(late.effects)).not.toContain("unlock");
  });

  it("is not labelled access:break-glass, nor owes a review, when its break-glass was refused on the re-check and it was approved as usual", () => {
    const story = new Story();
    const over = glassOver(story);
    story.label(jane, "access:granted");
    const withLabel = { ...over, request: { ...over.request!, labels: ["access-request", "access:granted"] } };
    const first = decide(story.input(withLabel));
    story.apply(first.effects.filter((e) => e.kind === "record" && e.data.event !== "granted"));
    story.label(app, "access:break-glass");
    const off: Partial<DecisionInput> = { ...over, directory: { ...onCall, teams: { ...onCall.teams, "platform-oncall": {} } } };
    const again = decide(story.input(off));
    story.apply(again.effects);
    expect(again.state).toBe("pending");
    story.label(app, "access:break-glass", "unlabeled");
    story.label(app, "access:granted", "unlabeled");
    story.comment(carol, "/approve");
    const approved = decide(story.input(off));
    story.apply(approved.effects);
    expect(approved.state).toBe("granted");
    story.label(app, "access:granted");
    const forged = story.comment({ login: "mallory", bot: false }, "<!-- jit-access:record {...} -->");
    const findings = [{ kind: "forged" as const, commentId: forged, detail: "forged" }];
    const d = decide(story.input({ ...off, now: T0 + 10 * 60_000, findings }));
    expect(labelsOf(d.effects)).not.toContain("access:break-glass");
    story.apply(d.effects, T0 + 10 * 60_000);
    const late = decide(story.input({ ...off, now: T0 + 25 * HOUR, findings }));
    expect(recordsOf(late.effects).map((r) => r.event)).not.toContain("break-glass-overdue");
  });
});
