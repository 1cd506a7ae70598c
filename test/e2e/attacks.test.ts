import { afterEach, describe, expect, it } from "vitest";
import { signWebhook } from "github-emulator/emulator/index.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { appComments, deleteRecordsButFirst, HOUR, openedAndApproved, ORG, passThenSweep, POLICY, REPO, requestBody, TEAM, world } from "./world.js";

/** Attacks over HTTP, against the real app and the emulator: none may grant. */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  expect(sandbox?.github.unhandled ?? []).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
});

const members = (s: Sandbox) => s.github.teamMembers(ORG, TEAM).map((m) => m.login);
const events = (s: Sandbox, n: number) => appComments(s, n).map((b) => /"event":"([a-z-]+)"/.exec(b)?.[1]);

let clock: Awaited<ReturnType<typeof world>>["clock"];

/** A fresh world, its sandbox stopped after the test and its clock kept in `clock`. */
async function started(): Promise<Sandbox> {
  const w = await world();
  sandbox = w.sandbox;
  clock = w.clock;
  return w.sandbox;
}

async function opened(asPullRequest = false): Promise<{ s: Sandbox; n: number }> {
  const s = await started();
  const request = { title: "Access request", body: requestBody(), labels: ["access-request"] };
  const n = asPullRequest ? s.github.as("jane").openPullRequest(REPO, request) : s.github.as("jane").openIssue(REPO, request);
  await s.settle();
  return { s, n };
}

/** jane's request, opened and approved by alice: granted. */
async function openedAndGranted(): Promise<{ s: Sandbox; n: number }> {
  const { s, n } = await opened();
  s.github.as("alice").comment(REPO, n, "/approve");
  await s.settle();
  expect(members(s)).toEqual(["jane"]);
  return { s, n };
}

/**
 * A request whose rendered Team heading (`### Team ###`, shown as "Team")
 * names `shown`, with a `### Team` naming `hidden` inside an HTML comment;
 * `hidden` is a team a policy lets alice approve too.
 */
async function openedWithDecoy(shown: string, hidden: string): Promise<{ s: Sandbox; n: number }> {
  const s = await started();
  s.github.addTeam(ORG, hidden);
  s.github.putFile(REPO, "policies/hidden.yml", `version: 1\nteams:\n  ${hidden}:\n    max_duration: 2h\n    approvers:\n      users: [alice]\n`);
  const body = requestBody({ team: shown })
    .replace("### Team\r\n", "### Team ###\r\n")
    .replace("\r\n\r\n### Duration", `\r\n\r\n<!--\r\n### Team\r\n\r\n${hidden}\r\n-->\r\n\r\n### Duration`);
  const n = s.github.as("jane").openIssue(REPO, { title: "Access request", body, labels: ["access-request"] });
  await s.settle();
  return { s, n };
}

describe("attacks over HTTP", () => {
  it("a webhook whose signature does not verify is refused with 400 and read no further: an /approve forged without the webhook secret", async () => {
    const { s, n } = await opened();
    const opening = s.github.deliveries.find((d) => d.event === "issues" && d.action === "opened")!;
    const issue = opening.payload["issue"] as { user: unknown };
    const alice = { ...(issue.user as object), login: "alice" };
    const body = JSON.stringify({ ...opening.payload, action: "created", sender: alice, comment: { id: 999_999, body: "/approve", user: alice, author_association: "MEMBER" } });
    const post = (signature: string) =>
      fetch(s.github.webhookUrl!, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-github-event": "issue_comment", "x-github-delivery": `forged-${signature.length}`, "x-hub-signature-256": signature },
      });
    const before = s.github.requests.length;
    const forged = await post(signWebhook("a-secret-the-attacker-guessed", body));
    await s.settle();
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("signature does not match");
    expect(s.github.requests.length).toBe(before);
    // The same bytes signed with the app's secret (the sandbox's second secret) are taken (and the reconcile finds no such comment on GitHub).
    const signed = await post(signWebhook(s.config.secrets[1]!, body));
    await s.settle();
    expect(signed.status).toBe(200);
    expect(s.github.requests.length).toBeGreaterThan(before);
    expect(members(s)).toEqual([]);
    expect(events(s, n)).toEqual(["received"]);
  });

  it.each([
    ["homoglyph /approve by an approver", "／approve"],
    // GitHub renders the second line inside the quote: a lazy continuation of its paragraph.
    ["a lazily continued quote, then /approve,", "> jane wrote: please approve\n/approve"],
  ])("%s grants nothing", async (_name, comment) => {
    const { s, n } = await opened();
    s.github.as("alice").comment(REPO, n, comment);
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n)).toEqual(["received"]);
  });

  it("a ### Team hidden in an HTML comment behind a decoy heading: the visible team is granted, the hidden one is not", async () => {
    const { s, n } = await openedWithDecoy(TEAM, "security-admins");
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(s.github.teamMembers(ORG, "security-admins")).toEqual([]);
    expect(members(s)).toEqual(["jane"]);
  });

  it("a ### Team hidden in an HTML comment behind a decoy heading naming no team: refused, nothing granted", async () => {
    const { s, n } = await openedWithDecoy("nobody-knows", "security-admins");
    expect(appComments(s, n).at(-1)).toContain("`nobody-knows` is not named by any policy");
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(s.github.teamMembers(ORG, "security-admins")).toEqual([]);
    expect(members(s)).toEqual([]);
  });

  it("a comment edited into an approval (by someone with write access) does not count", async () => {
    const { s, n } = await opened();
    s.github.pauseWebhooks();
    const id = s.github.as("alice").comment(REPO, n, "looks odd");
    clock.advance(2000);
    s.github.as("carol").editComment(REPO, id, "/approve");
    s.github.resumeWebhooks();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).at(-1)).toContain("was edited does not count");
  });

  it("approval then a body edit: no grant, the trail asks again", async () => {
    const { s, n } = await opened();
    s.github.pauseWebhooks();
    s.github.as("alice").comment(REPO, n, "/approve");
    s.github.as("jane").editIssue(REPO, n, { body: requestBody({ duration: "2h" }) });
    s.github.resumeWebhooks();
    await s.settle();
    // The approval came before the edit in the timeline, but the app reads the
    // edited body: the approval is bound to the old snapshot and does not count.
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).at(-1)).toContain("no longer counts");
  });

  it("a body edit a second before an approval, both before the app's record of the edit: the approval does not count and is asked again", async () => {
    const { s, n } = await opened();
    s.github.pauseWebhooks();
    s.github.as("jane").editIssue(REPO, n, { body: requestBody({ duration: "2h" }) });
    clock.advance(1000);
    // alice approves what her page, loaded before the edit, showed.
    s.github.as("alice").comment(REPO, n, "/approve");
    s.github.resumeWebhooks();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n)).toEqual(["received", "received"]);
    expect(appComments(s, n).at(-1)).toContain("no longer count");
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
  });

  it("a pull-request request is granted on an approving review and not on a dismissed one", async () => {
    const { s, n } = await opened(true);
    const review = s.github.as("bob").review(REPO, n, "APPROVE");
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).at(-1)).toContain("@bob is not an approver");
    s.github.as("alice").dismissReview(REPO, n, review);
    const approving = s.github.as("carol").review(REPO, n, "APPROVE");
    s.github.as("alice").dismissReview(REPO, n, approving);
    await s.settle();
    expect(members(s)).toEqual([]);
    s.github.as("carol").review(REPO, n, "APPROVE");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
  });

  it("commands written in a review's text are not read, and are answered saying where to write them; the approving review still counts", async () => {
    const { s, n } = await opened(true);
    const approving = s.github.as("carol").review(REPO, n, "APPROVE", "Looks right.\n\n/deny not needed");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    const revoke = s.github.as("jane").review(REPO, n, "COMMENT", "/revoke");
    await s.settle();
    // The grant stands: a `/revoke` in a review is not read, and jane is told so rather than left to believe it gone.
    expect(members(s)).toEqual(["jane"]);
    const answers = appComments(s, n).filter((b) => b.includes('"event":"attempt-refused"'));
    expect(answers.find((b) => b.includes(`"sourceId":${revoke},`))).toContain("a command written in a pull-request review's text is not read (the review counts by its state alone): post `/revoke` as a comment of its own on the pull request");
    expect(answers.find((b) => b.includes(`"sourceId":${approving},`))).toContain("post `/deny` as a comment of its own");
    // Answered once: another look changes nothing.
    const count = appComments(s, n).length;
    await passThenSweep(s, clock, 60_000);
    expect(appComments(s, n).length).toBe(count);
    // Written as a comment, it is read.
    s.github.as("jane").comment(REPO, n, "/revoke");
    await s.settle();
    expect(members(s)).toEqual([]);
  });

  it("an approving review whose text says `/approve` counts, and is not answered", async () => {
    const { s, n } = await opened(true);
    s.github.as("carol").review(REPO, n, "APPROVE", "/approve");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    expect(events(s, n)).not.toContain("attempt-refused");
  });

  it("an approving review of a pull request given before it was labelled a request does not count for the request it becomes", async () => {
    const s = await started();
    // An ordinary-looking pull request whose description happens to use the form's headings.
    const n = s.github.as("jane").openPullRequest(REPO, { title: "docs: fix typo", body: requestBody({ duration: "2h" }), files: { "README.md": "typo fixed\n" } });
    await s.settle();
    s.github.as("alice").review(REPO, n, "APPROVE");
    await s.settle();
    expect(appComments(s, n)).toEqual([]);
    s.github.as("jane").addLabels(REPO, n, ["access-request"]);
    await s.settle();
    await passThenSweep(s, clock, 60_000);
    expect(events(s, n)).toEqual(["received", "attempt-refused"]);
    expect(appComments(s, n)[1]).toContain("before the issue was labelled an access request");
    expect(members(s)).toEqual([]);
    // An approval given to the request counts.
    s.github.as("alice").review(REPO, n, "APPROVE");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
  });

  it("an /approve posted on an issue before it was labelled a request does not count, and is answered saying why", async () => {
    const s = await started();
    const n = s.github.as("jane").openIssue(REPO, { title: "Question about a team", body: requestBody() });
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    s.github.as("bob").addLabels(REPO, n, ["access:pending"]);
    await s.settle();
    await passThenSweep(s, clock, 60_000);
    expect(members(s)).toEqual([]);
    expect(events(s, n)).toEqual(["received", "attempt-refused"]);
    expect(appComments(s, n)[1]).toContain("before the issue was labelled an access request");
  });

  it("text the app quotes back mentions nobody and shows no link or image as the app's: a justification, and a malformed /extend", async () => {
    const s = await started();
    const justification = "INC-4711 cc @bob @acme/security-oncall see [the runbook](https://evil.example/login) ![ok](https://evil.example/approved.png)";
    const n = s.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody({ justification }), labels: ["access-request"] });
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    s.github.as("bob").comment(REPO, n, "/extend @acme/security-oncall");
    await s.settle();
    const readable = appComments(s, n).map((b) => b.split("<!-- jit-access:record")[0] ?? "");
    expect(readable[0]).toContain("`INC-4711 cc @bob @acme/security-oncall see [the runbook](https://evil.example/login) ![ok](https://evil.example/approved.png)`");
    expect(readable.at(-1)).toContain("`@acme/security-oncall` is not a duration");
    // Outside code spans: no mention the requester or bob wrote (bob is named only as who posted his command), and no link.
    const outsideCode = readable.map((text) => text.replace(/(`+)[^`][\s\S]*?\1/g, ""));
    expect(outsideCode[0]).not.toContain("@bob");
    expect(outsideCode.join("\n")).not.toMatch(/@acme\/security-oncall|\]\(https:\/\/evil/);
  });

  it("a live grant's conversation locked by someone else is unlocked, so that people without write access can still /revoke or /extend", async () => {
    const { s, n } = await openedAndGranted();
    s.github.as("carol").lock(REPO, n, "too heated");
    await s.settle();
    await passThenSweep(s, clock, 60_000);
    expect(s.github.issue(REPO, n).locked).toBe(false);
    expect(members(s)).toEqual(["jane"]);
  });

  it("an app comment edited by someone with write access revokes the grant", async () => {
    const { s, n } = await openedAndGranted();
    const granted = s.github.comments(REPO, n).filter((c) => c.viaApp).at(-1)!;
    s.github.as("carol").editComment(REPO, granted.id, granted.body.replace("until", "forever, until"));
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(s.github.issue(REPO, n).labels).toContain("access:tampered");
    expect(appComments(s, n).at(-1)).toContain("fails verification");
  });

  it("a line appended after the hidden record of an app comment is tampering: the grant is revoked", async () => {
    const { s, n } = await openedAndGranted();
    const granted = s.github.comments(REPO, n).filter((c) => c.viaApp).at(-1)!;
    s.github.as("carol").editComment(REPO, granted.id, `${granted.body}\n\n**Extended until 2099-12-31 by @alice**`);
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(s.github.issue(REPO, n).labels).toContain("access:tampered");
    expect(appComments(s, n).at(-1)).toContain(`comment ${granted.id} by jit-access fails verification: text follows the hidden record`);
  });

  it("a deleted app comment is found as a gap in the chain", async () => {
    const { s, n } = await opened();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    const approved = s.github.comments(REPO, n).filter((c) => c.viaApp)[1]!;
    s.github.as("carol").deleteComment(REPO, approved.id);
    s.github.as("jane").comment(REPO, n, "ping");
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).at(-1)).toContain("is missing");
  });

  it("a team created under the slug of a deleted approver team (after the policy naming it): its member's /approve does not count, and is answered", async () => {
    const s = await started();
    await s.settle();
    clock.advance(24 * HOUR);
    s.github.as("carol").deleteTeam(ORG, "platform-leads");
    clock.advance(HOUR);
    s.github.addTeam(ORG, "platform-leads");
    s.github.setTeamMember(ORG, "platform-leads", "bob", "active");
    const n = await openedAndApproved(s, "bob");
    expect(events(s, n)).not.toContain("granted");
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).join("\n")).toMatch(/@bob is a member of team `platform-leads`, but the team now under that name was created on .*, so the approval does not count/);
  });

  it("a user named like the bot is not the bot", async () => {
    const { s, n } = await opened();
    s.github.addUser("jit-access", { orgs: { [ORG]: "active" } });
    const fake = appComments(s, n)[0]!.replace('"event":"received"', '"event":"received"');
    s.github.as("jit-access").comment(REPO, n, fake);
    await s.settle();
    expect(s.github.issue(REPO, n).labels).toContain("access:tampered");
    expect(members(s)).toEqual([]);
  });

  it("records deleted while the app is down, an older snapshot of another team left: its team is ended, and the record names the others for an owner to check", async () => {
    const s = await started();
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}  platform-leads:\n    max_duration: 2h\n    approvers:\n      users: [alice]\n`);
    s.github.setTeamMember(ORG, "platform-leads", "jane", "active");
    const n = s.github.as("jane").openIssue(REPO, { title: "Access request", body: requestBody({ team: "platform-leads" }), labels: ["access-request"] });
    await s.settle();
    s.github.as("jane").editIssue(REPO, n, { body: requestBody() });
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    deleteRecordsButFirst(s, n);
    await s.restart();
    s.github.as("jane").comment(REPO, n, "/approve");
    await s.settle();
    const last = appComments(s, n).at(-1) ?? "";
    expect(last).toContain('"event":"tampered"');
    expect(last).toContain("the request named other teams too (`platform-admins`): @jane's membership of `platform-leads`, the team of the latest signed snapshot left, is the one ended; an owner checks @jane's memberships of the others");
  });

  // The body is the requester's to edit (and anyone's with write access): it names whatever team they like.
  const edits: [string, string][] = [
    ["to another team she holds for good", requestBody({ team: "platform-leads" })],
    ["to no request at all", "nothing to see"],
  ];
  for (const restart of [false, true]) {
    for (const [what, body] of edits) {
      it(`after the body was edited ${what}, the granted team is the one removed${restart ? ", after a restart too" : ""}`, async () => {
        const { s, n } = await openedAndGranted();
        s.github.setTeamMember(ORG, "platform-leads", "jane", "active");
        s.github.as("jane").editIssue(REPO, n, { body });
        await s.settle();
        deleteRecordsButFirst(s, n);
        if (restart) await s.restart();
        s.github.as("jane").comment(REPO, n, "/approve");
        await s.settle();
        // A process that wrote the records takes them for a lagging read a while before it calls them deleted.
        for (let i = 0; i < 3 && !restart; i++) await passThenSweep(s, clock, 5 * 60_000);
        expect(appComments(s, n).at(-1)).toContain('"event":"tampered"');
        expect(members(s)).toEqual([]);
        expect(s.github.teamMembers(ORG, "platform-leads").map((m) => m.login).sort()).toEqual(["carol", "jane"]);
      });
    }
  }
});

describe("deleting the app's last records", () => {
  it("is found through the status label, and the grant is revoked", async () => {
    const { s, n } = await openedAndGranted();
    deleteRecordsButFirst(s, n);
    await s.restart();
    s.github.as("jane").comment(REPO, n, "/approve");
    await s.settle();
    expect(s.github.issue(REPO, n).labels).toContain("access:tampered");
    expect(members(s)).toEqual([]);
  });
});

describe("the first sweep after a restart glances at live grants: tampering found there arms nothing", () => {
  /** Granted for 1 h; then, while the app is down for a minute, `tamper` acts on the request; then the first sweep. */
  async function tamperedWhileDown(tamper: (s: Sandbox, n: number) => void): Promise<{ s: Sandbox; n: number; reads: () => number; glances: () => number }> {
    const { s, n } = await openedAndGranted();
    await s.restart(() => {
      clock.advance(60_000);
      tamper(s, n);
    });
    const before = s.github.requests.length;
    await s.jit.sweeper.sweep();
    await s.settle();
    const queries = () => s.github.requests.slice(before).filter((r) => r.path === "/graphql").map((r) => String((r.requestBody as { query?: string }).query));
    return { s, n, reads: () => queries().filter((q) => q.includes("jitAccessRequest")).length, glances: () => queries().filter((q) => q.includes("jitAccessGlance")).length };
  }

  it("control: an untouched live grant is armed from its verified records, with no full read, and removed at its expiry", async () => {
    const { s, n, reads, glances } = await tamperedWhileDown(() => undefined);
    expect({ glances: glances(), reads: reads() }).toEqual({ glances: 1, reads: 0 });
    const expiry = [...s.jit.scheduler.wakeups().values()];
    expect(expiry).toHaveLength(1);
    clock.advance(expiry[0]! - clock.now());
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("expired");
  });

  it("the app's grant record edited to a later expiry: nothing armed from it; the full read records the tampering and removes the membership", async () => {
    const { s, n, reads } = await tamperedWhileDown((sb, number) => {
      const grant = sb.github.comments(REPO, number).filter((c) => c.viaApp).at(-1)!;
      const later = grant.body.replace(/"expiresAt":(\d+)/, (_m, at: string) => `"expiresAt":${Number(at) + 30 * 24 * 3_600_000}`);
      sb.github.as("bob").editComment(REPO, grant.id, later);
    });
    expect(reads()).toBeGreaterThan(0);
    expect(events(s, n)).toContain("tampered");
    expect(members(s)).toEqual([]);
    expect([...s.jit.scheduler.wakeups().values()].every((at) => at < clock.now() + 3_600_000)).toBe(true);
  });

  it("a user's forged record after the grant: read in full, tampering recorded, membership removed", async () => {
    const { s, n, reads } = await tamperedWhileDown((sb, number) => {
      const grant = sb.github.comments(REPO, number).filter((c) => c.viaApp).at(-1)!;
      sb.github.as("bob").comment(REPO, number, grant.body.replace('"event":"granted"', '"event":"extended"'));
    });
    expect(reads()).toBeGreaterThan(0);
    expect(events(s, n)).toContain("tampered");
    expect(members(s)).toEqual([]);
  });

  it("a grant past its end behind more comments than one glance reads: reconciled at once, not put behind the sweep's backlog", async () => {
    const { s, n } = await openedAndGranted();
    await s.restart(() => {
      clock.advance(2 * 3_600_000);
      for (let i = 0; i < 101; i++) s.github.as("jane").comment(REPO, n, `note ${i}`);
    });
    // By route, not by time: nothing of this sweep is put in the backlog behind webhooks.
    const backlogged: number[] = [];
    const backlog = s.jit.scheduler.backlog.bind(s.jit.scheduler);
    s.jit.scheduler.backlog = (ref) => {
      backlogged.push(ref.number);
      backlog(ref);
    };
    await s.jit.sweeper.sweep();
    expect(backlogged).toEqual([]);
    await s.settle();
    expect(members(s)).toEqual([]);
  });

  it("a /revoke posted while the app was down: read in full and revoked at once, not at the expiry", async () => {
    const { s, n, reads } = await tamperedWhileDown((sb, number) => void sb.github.as("jane").comment(REPO, number, "/revoke"));
    expect(reads()).toBeGreaterThan(0);
    expect(events(s, n).at(-1)).toBe("revoked");
    expect(members(s)).toEqual([]);
  });
});

describe("text too costly to read as Markdown", () => {
  // Unguarded, each reconcile of the request overflowed the stack: the grant was never ended.
  it("a live grant's body edited to quotes 5,000 deep still ends at its expiry", async () => {
    const { s, n } = await openedAndGranted();
    s.github.as("jane").editIssue(REPO, n, { body: requestBody({ justification: ">".repeat(5000) + " x" }) });
    await s.settle();
    clock.advance(2 * 3_600_000);
    await s.settle();
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(s.logs.filter((line) => line.includes("Maximum call stack"))).toEqual([]);
  });

  it("a comment of 30,000 nested emphases with /approve is refused, saying why, and grants nothing", async () => {
    const { s, n } = await opened();
    s.github.as("alice").comment(REPO, n, "*".repeat(30000) + "x" + "*".repeat(30000) + "\n\n/approve");
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).join("\n")).toContain("is not read for a command");
  });
});
