import { afterEach, describe, expect, it } from "vitest";
import type { UsageReport } from "../../src/audit/usage-report.js";
import { report } from "../../src/cli/report.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { captured, sandboxDeps } from "./audit-harness.js";
import { appComments, HOUR, ORG, passThenSweep, POLICY, REPO, requestBody, TEAM, world } from "./world.js";

/**
 * Break-glass over HTTP against the real app: an emergency grant without
 * approval for the people the policy lists, its review after the fact, and
 * the ways around it an attacker would try.
 */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  expect(sandbox?.github.unhandled ?? []).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
});

const GLASS_POLICY = `${POLICY}    break_glass:
      requesters: { teams: [platform-oncall] }
      max_duration: 1h
      notify: { users: [bob], teams: [security-oncall] }
      review_within: 4h
`;
const EMERGENCY = "\r\n\r\n### Emergency\r\n\r\n- [X] This is an emergency: grant at once without approval (break-glass, reviewed afterwards)";

const members = (s: Sandbox) => s.github.teamMembers(ORG, TEAM).map((m) => m.login);
const events = (s: Sandbox, n: number) => appComments(s, n).map((b) => /"event":"([a-z-]+)"/.exec(b)?.[1]);
const labels = (s: Sandbox, n: number) => s.github.issue(REPO, n).labels;
/** jane deletes the app's record of `event` on request `n`. */
const deleteRecord = (s: Sandbox, n: number, event: string) => s.github.as("jane").deleteComment(REPO, s.github.comments(REPO, n).find((c) => c.viaApp && c.body.includes(`"event":"${event}"`))!.id);

/** A world whose policy allows break-glass to members of platform-oncall (jane). */
async function glassWorld(): Promise<{ s: Sandbox; clock: { advance(ms: number): void; now(): number } }> {
  const w = await world();
  sandbox = w.sandbox;
  const github = w.sandbox.github;
  github.addTeam(ORG, "platform-oncall");
  github.addTeam(ORG, "security-oncall");
  github.setTeamMember(ORG, "platform-oncall", "jane", "active");
  github.putFile(REPO, "policies/platform.yml", GLASS_POLICY);
  return { s: w.sandbox, clock: w.clock };
}

function openEmergency(s: Sandbox, who = "jane", duration = "1h"): number {
  return s.github.as(who).openIssue(REPO, { title: "Access request", body: requestBody({ duration }) + EMERGENCY, labels: ["access-request"] });
}

/** jane's ordinary request (no Emergency box), recorded as pending. */
async function openPending(s: Sandbox): Promise<number> {
  const n = s.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody(), labels: ["access-request"] });
  await s.settle();
  return n;
}

describe("break-glass by an allowed requester", () => {
  it("grants at once, mentions the notify list, expires on time, stays open until an approver reviews it", async () => {
    const { s, clock } = await glassWorld();
    const n = openEmergency(s);
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    expect(labels(s, n)).toEqual(expect.arrayContaining(["access:granted", "access:break-glass"]));
    expect(events(s, n)).toEqual(["received", "approved", "granted"]);
    expect(appComments(s, n)[1]).toContain("@bob @acme/security-oncall");

    await passThenSweep(s, clock, HOUR);
    expect(members(s)).toEqual([]);
    expect(s.github.issue(REPO, n).state).toBe("open");
    expect(labels(s, n)).toEqual(expect.arrayContaining(["access:expired", "access:break-glass"]));

    s.github.as("jane").comment(REPO, n, "/approve");
    await s.settle();
    expect(events(s, n).at(-1)).toBe("attempt-refused");
    expect(s.github.issue(REPO, n).state).toBe("open");

    s.github.as("carol").comment(REPO, n, "/approve");
    await s.settle();
    expect(events(s, n).at(-1)).toBe("break-glass-reviewed");
    expect(s.github.issue(REPO, n).state).toBe("closed");
  });

  it("grants on `/break-glass` by the requester on a pending request", async () => {
    const { s } = await glassWorld();
    const n = await openPending(s);
    expect(members(s)).toEqual([]);
    s.github.as("jane").comment(REPO, n, "/break-glass");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    expect(labels(s, n)).toContain("access:break-glass");
  });

  it("an approver's `/approve` after an `/extend` on a grant not yet reviewed reviews it and approves the extension, as the extension's record asks", async () => {
    const { s, clock } = await glassWorld();
    const n = openEmergency(s);
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    clock.advance(HOUR / 2);
    s.github.as("jane").comment(REPO, n, "/extend 30m");
    await s.settle();
    expect(appComments(s, n).at(-1)).toContain("comment `/approve`");
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(events(s, n).slice(-3)).toEqual(["extension-requested", "break-glass-reviewed", "extended"]);
    await passThenSweep(s, clock, HOUR / 2 + 1_000);
    expect(members(s)).toEqual(["jane"]);
    await passThenSweep(s, clock, HOUR / 2);
    expect(members(s)).toEqual([]);
  });

  it("escalates once when nobody reviews it within review_within, and stays open", async () => {
    const { s, clock } = await glassWorld();
    const n = openEmergency(s);
    await s.settle();
    await passThenSweep(s, clock, 4 * HOUR);
    expect(events(s, n).slice(-2)).toEqual(["expired", "break-glass-overdue"]);
    expect(appComments(s, n).at(-1)).toContain("@bob @acme/security-oncall");
    await passThenSweep(s, clock, HOUR);
    expect(events(s, n).filter((e) => e === "break-glass-overdue")).toHaveLength(1);
    expect(s.github.issue(REPO, n).state).toBe("open");
    const out = captured();
    expect(await report(["--repo", REPO, "--format", "json"], out, await sandboxDeps(s, () => clock.now()))).toBe(0);
    expect((JSON.parse(out.lines.join("\n")) as UsageReport).breakGlass.map((b) => [b.request, b.review])).toEqual([[`${REPO}#${n}`, "overdue"]]);

    s.github.as("alice").comment(REPO, n, "/flag no incident was open");
    await s.settle();
    expect(appComments(s, n).at(-1)).toContain("no incident was open");
    expect(s.github.issue(REPO, n).state).toBe("closed");
    const after = captured();
    expect(await report(["--repo", REPO], after, await sandboxDeps(s, () => clock.now()))).toBe(0);
    expect(after.lines.join("\n")).toContain("🚩 flagged | @alice | no incident was open |");
  });
});

describe("break-glass refused", () => {
  it("a requester the policy does not allow: refused with the reason, and approval still works", async () => {
    const { s } = await glassWorld();
    const n = openEmergency(s, "bob");
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(appComments(s, n)[0]).toContain("may not break the glass");
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual(["bob"]);
    expect(labels(s, n)).not.toContain("access:break-glass");
  });

  it("a duration over the break-glass maximum is refused, never shortened", async () => {
    const { s } = await glassWorld();
    const n = openEmergency(s, "jane", "2h");
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(appComments(s, n)[0]).toContain("longer than the break-glass maximum");
  });
});

describe("attacks on break-glass", () => {
  it.each<[string, (s: Sandbox, n: number) => void, string]>([
    ["`/break-glass` by someone else (on call too) on another's request", (s, n) => {
      s.github.setTeamMember(ORG, "platform-oncall", "bob", "active");
      s.github.as("bob").comment(REPO, n, "/break-glass");
    }, "only the requester, @jane, can declare an emergency"],
    ["the Emergency box ticked by an editor other than the requester", (s, n) => s.github.as("alice").editIssue(REPO, n, { body: requestBody() + EMERGENCY }), "edited since"],
    ["the access:break-glass label added by hand", (s, n) => s.github.as("jane").addLabels(REPO, n, ["access:break-glass"]), "set by jit-access alone"],
  ])("%s grants nothing and is answered", async (_name, attack, says) => {
    const { s } = await glassWorld();
    const n = await openPending(s);
    attack(s, n);
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(labels(s, n)).not.toContain("access:break-glass");
    expect(appComments(s, n).at(-1)).toContain(says);
  });
});

describe("a break-glass use on a trail tampered with", () => {
  it("still awaits its review: the grant ends, the request stays open, the overdue review is escalated and an approver's review counts", async () => {
    const { s, clock } = await glassWorld();
    const n = openEmergency(s);
    await s.settle();
    expect(events(s, n)).toEqual(["received", "approved", "granted"]);
    await passThenSweep(s, clock, HOUR);
    // The access was used and has ended; jane posts a comment that looks like a review's record.
    s.github.as("jane").comment(REPO, n, '<!-- jit-access:record {"v":1,"event":"break-glass-reviewed","requester":"jane","by":"carol","outcome":"accepted","sig":"00"} -->');
    await s.settle();
    expect(events(s, n)).toContain("tampered");
    await passThenSweep(s, clock, 4 * HOUR);
    expect(s.github.issue(REPO, n).state).toBe("open");
    expect(events(s, n)).toContain("break-glass-overdue");
    s.github.as("carol").comment(REPO, n, "/approve");
    await s.settle();
    expect(events(s, n).at(-1)).toBe("break-glass-reviewed");
    expect(members(s)).toEqual([]);
  });

  it("still awaits its review when the `granted` record was deleted", async () => {
    const { s, clock } = await glassWorld();
    const n = openEmergency(s);
    await s.settle();
    await passThenSweep(s, clock, HOUR);
    expect(events(s, n)).toEqual(["received", "approved", "granted", "expired"]);
    deleteRecord(s, n, "granted");
    await s.settle();
    expect(events(s, n)).toContain("tampered");
    await passThenSweep(s, clock, 4 * HOUR);
    expect(s.github.issue(REPO, n).state).toBe("open");
    expect(events(s, n)).toContain("break-glass-overdue");
  });

  it.each([
    ["the `approved` record deleted", ["approved"], false],
    ["the `approved` and `granted` records deleted", ["approved", "granted"], false],
    ["the `approved` record deleted and the label taken off", ["approved"], true],
  ])("still awaits its review with %s", async (_name, deleted, unlabel) => {
    const { s, clock } = await glassWorld();
    const n = openEmergency(s);
    await s.settle();
    expect(events(s, n)).toEqual(["received", "approved", "granted"]);
    for (const event of deleted) deleteRecord(s, n, event);
    if (unlabel) s.github.as("jane").removeLabel(REPO, n, "access:break-glass");
    await s.settle();
    // A process that wrote the records takes the last ones gone for a lagging read a while before it calls them deleted.
    for (let i = 0; i < 3; i++) await passThenSweep(s, clock, 5 * 60_000);
    expect(events(s, n)).toContain("tampered");
    expect(members(s)).toEqual([]);
    expect(s.github.issue(REPO, n).state).toBe("open");
    expect(labels(s, n)).toContain("access:break-glass");
    await passThenSweep(s, clock, 4 * HOUR);
    expect(s.github.issue(REPO, n).state).toBe("open");
    expect(events(s, n)).toContain("break-glass-overdue");
    s.github.as("carol").comment(REPO, n, "/approve");
    await s.settle();
    expect(events(s, n).at(-1)).toBe("break-glass-reviewed");
    expect(s.github.issue(REPO, n).state).toBe("closed");
  });

  it("still awaits its review when the request was opened already labelled access:break-glass and its `approved` record deleted", async () => {
    const { s, clock } = await glassWorld();
    // jane opens her emergency request with access:break-glass already on it: the app's grant write adds only access:granted.
    const n = s.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody({ duration: "1h" }) + EMERGENCY, labels: ["access-request", "access:break-glass"] });
    await s.settle();
    expect(events(s, n)).toEqual(["received", "approved", "granted"]);
    deleteRecord(s, n, "approved");
    await s.settle();
    for (let i = 0; i < 3; i++) await passThenSweep(s, clock, 5 * 60_000);
    expect(events(s, n)).toContain("tampered");
    await passThenSweep(s, clock, 4 * HOUR);
    expect(events(s, n)).toContain("break-glass-overdue");
    expect(s.github.issue(REPO, n).state).toBe("open");
  });

  it("is listed by `jit-access report` as awaiting its review with its `approved` record deleted, from the `granted` record's terms", async () => {
    const { s, clock } = await glassWorld();
    const n = openEmergency(s);
    await s.settle();
    deleteRecord(s, n, "approved");
    await s.settle();
    const out = captured();
    expect(await report(["--repo", REPO, "--format", "json"], out, await sandboxDeps(s, () => clock.now()))).toBe(0);
    const uses = (JSON.parse(out.lines.join("\n")) as UsageReport).breakGlass;
    expect(uses.map((b) => [b.request, b.review])).toEqual([[`${REPO}#${n}`, "awaiting"]]);
    expect(Date.parse(uses[0]!.reviewDueAt) - Date.parse(uses[0]!.grantedAt)).toBe(4 * HOUR);
  });

  it("owes no review for a grant approved as usual whose `approved` record was deleted, the label added by hand or not", async () => {
    const { s } = await glassWorld();
    const n = await openPending(s);
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    s.github.as("carol").comment(REPO, n, "/approve");
    await s.settle();
    expect(events(s, n)).toContain("granted");
    s.github.as("jane").addLabels(REPO, n, ["access:break-glass"]);
    deleteRecord(s, n, "approved");
    await s.settle();
    expect(events(s, n)).toContain("tampered");
    expect(events(s, n)).not.toContain("break-glass-overdue");
    expect(s.github.issue(REPO, n).state).toBe("closed");
    expect(labels(s, n)).not.toContain("access:break-glass");
  });

  it("owes no review where GitHub refused the grant, a forged comment or not", async () => {
    const { s, clock } = await glassWorld();
    s.github.failNext({ method: "PUT", path: /\/memberships\// }, { status: 403, times: 5, body: { message: "Resource not accessible by integration" } });
    const n = openEmergency(s);
    await s.settle();
    await passThenSweep(s, clock, 5 * 60_000);
    expect(events(s, n)).toContain("grant-failed");
    expect(members(s)).toEqual([]);
    s.github.as("alice").comment(REPO, n, '<!-- jit-access:record {"v":1,"event":"granted","sig":"00"} -->');
    await s.settle();
    await passThenSweep(s, clock, 5 * HOUR);
    expect(events(s, n)).not.toContain("break-glass-overdue");
    expect(s.github.issue(REPO, n).state).toBe("closed");
  });
});
