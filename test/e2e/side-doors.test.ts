import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { appComments, HOUR, openRequest, ORG, passThenSweep, POLICY, REPO, requestBody, TEAM, world } from "./world.js";

/**
 * Ways around the policy through the issue itself, over HTTP against the
 * real app: labels stripped or added by hand, listed approvers who left.
 */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  expect(sandbox?.github.unhandled ?? []).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
});

const members = (s: Sandbox) => s.github.teamMembers(ORG, TEAM).map((m) => m.login);
const events = (s: Sandbox, n: number) => appComments(s, n).map((b) => /"event":"([a-z-]+)"/.exec(b)?.[1]);

async function granted(): Promise<{ s: Sandbox; n: number; clock: Awaited<ReturnType<typeof world>>["clock"] }> {
  const w = await world();
  sandbox = w.sandbox;
  const s = w.sandbox;
  const n = openRequest(s);
  await s.settle();
  s.github.as("alice").comment(REPO, n, "/approve");
  await s.settle();
  expect(members(s)).toEqual(["jane"]);
  return { s, n, clock: w.clock };
}

/** A new world whose sandbox this file stops after each test. */
async function fresh(): Promise<Awaited<ReturnType<typeof world>>> {
  const w = await world();
  sandbox = w.sandbox;
  return w;
}

/** `who` opens a one-hour request and a listed approver approves it; its number. */
async function approvedRequest(s: Sandbox, who: string): Promise<number> {
  const n = openRequest(s, who, { duration: "1h" });
  await s.settle();
  s.github.as("alice").comment(REPO, n, "/approve");
  await s.settle();
  return n;
}

/** Moves the request to another repository of the organisation (one without policies); its new number. */
function moveAway(s: Sandbox, n: number): number {
  s.github.addRepo("acme/other", { defaultBranch: "main", private: true });
  return s.github.as("alice").transferIssue(REPO, n, "acme/other");
}

function strip(s: Sandbox, n: number): void {
  for (const label of s.github.issue(REPO, n).labels) s.github.as("bob").removeLabel(REPO, n, label);
}

describe("labels never decide what the app owes", () => {
  it("labels stripped, then the issue closed by the requester: the grant is revoked", async () => {
    const { s, n } = await granted();
    s.github.pauseWebhooks();
    strip(s, n);
    s.github.as("jane").close(REPO, n);
    s.github.resumeWebhooks();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("revoked");
    expect(s.github.issue(REPO, n).labels).toEqual(expect.arrayContaining(["access-request", "access:revoked"]));
  });

  it("labels stripped, then the issue closed by an approver: the grant is revoked", async () => {
    const { s, n } = await granted();
    strip(s, n);
    await s.settle();
    // The app put its labels back.
    expect(s.github.issue(REPO, n).labels).toEqual(expect.arrayContaining(["access-request", "access:granted"]));
    strip(s, n);
    s.github.as("alice").close(REPO, n);
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("revoked");
  });

  it("labels stripped and the issue closed while the app is down: the restarted app still revokes it", async () => {
    const { s, n, clock } = await granted();
    await s.restart(async () => {
      strip(s, n);
      s.github.as("jane").close(REPO, n);
      await s.github.settle();
      clock.advance(10 * 60_000);
    });
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("revoked");
  });

  it("a status label added by a triager neither grants nor, read as tampering, removes a standing membership", async () => {
    const w = await fresh();
    const s = w.sandbox;
    s.github.setTeamMember(ORG, TEAM, "jane", "active");
    const n = openRequest(s);
    await s.settle();
    s.github.as("bob").addLabels(REPO, n, ["access:granted"]);
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    expect(events(s, n)).toEqual(["received", "attempt-refused"]);
    expect(appComments(s, n).at(-1)).toContain("set by jit-access alone");
    expect(s.github.issue(REPO, n).labels).not.toContain("access:granted");
    expect(s.github.issue(REPO, n).labels).toContain("access:pending");
    // Approved and expired later: the standing membership stays.
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    await passThenSweep(s, w.clock, 2 * HOUR);
    expect(events(s, n).at(-1)).toBe("expired");
    expect(members(s)).toEqual(["jane"]);
  });
});

describe("who may approve", () => {
  it("a listed approver who is not a member of the organisation does not count", async () => {
    const w = await fresh();
    const s = w.sandbox;
    s.github.putFile(REPO, "policies/platform.yml", POLICY.replace("users: [alice]", "users: [alice, outsider]"));
    const n = openRequest(s);
    await s.settle();
    s.github.as("outsider").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).at(-1)).toContain("not an active member of the organisation");
  });
});

/** alice closes the request and jane reopens it before the app sees either webhook; then quiet. */
async function closedAndReopenedUnseen(s: Sandbox, n: number): Promise<void> {
  s.github.pauseWebhooks();
  s.github.as("alice").close(REPO, n);
  s.github.as("jane").reopen(REPO, n);
  s.github.resumeWebhooks();
  await s.settle();
}

describe("a close reopened before the app looked", () => {
  it("an approver closes a granted request and the requester reopens it at once: the grant is revoked", async () => {
    const { s, n } = await granted();
    await closedAndReopenedUnseen(s, n);
    expect(events(s, n).at(-1)).toBe("revoked");
    expect(appComments(s, n).at(-1)).toContain("@alice");
    expect(members(s)).toEqual([]);
    expect(s.github.issue(REPO, n).state).toBe("closed");
  });

  it("an approver closes a pending request and the requester reopens it at once: it ends as withdrawn, closed", async () => {
    const { sandbox: s } = await fresh();
    const n = openRequest(s);
    await s.settle();
    await closedAndReopenedUnseen(s, n);
    expect(events(s, n).at(-1)).toBe("withdrawn");
    expect(s.github.issue(REPO, n).state).toBe("closed");
    expect(members(s)).toEqual([]);
  });

  it("an approver closes a granted request and the requester reopens it while the app is down: the first sweep after the restart revokes it", async () => {
    const { s, n, clock } = await granted();
    await s.restart(() => {
      clock.advance(60_000);
      // Webhooks sent while the app is down are lost.
      s.github.dropNextWebhooks(2);
      s.github.as("alice").close(REPO, n);
      s.github.as("jane").reopen(REPO, n);
      s.github.stopDroppingWebhooks();
      clock.advance(60_000);
    });
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(events(s, n).at(-1)).toBe("revoked");
    expect(members(s)).toEqual([]);
  });

  it("control: a close and reopen before the first record leaves the request to be decided as it is", async () => {
    const { sandbox: s } = await fresh();
    s.github.pauseWebhooks();
    const n = openRequest(s);
    s.github.as("jane").close(REPO, n);
    s.github.as("jane").reopen(REPO, n);
    s.github.resumeWebhooks();
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
  });
});

describe("membership kept past its time", () => {
  it("a copy of an app comment planted on the first grant while the app is down: the second grant is not standing, and the membership goes", async () => {
    const w = await fresh();
    const s = w.sandbox;
    const first = await approvedRequest(s, "jane");
    const second = openRequest(s, "jane", { duration: "2h" });
    await s.settle();
    await s.restart(() => {
      w.clock.advance(60_000);
      s.github.as("alice").comment(REPO, second, "/approve");
      // Anyone who can comment can post a copy of one of the app's comments.
      const grant = s.github.comments(REPO, first).filter((c) => c.viaApp).at(-1)!;
      s.github.as("jane").comment(REPO, first, grant.body);
    });
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(events(s, first).at(-1)).toBe("tampered");
    expect(appComments(s, second).find((b) => b.includes('"event":"granted"'))).toContain('"standing":false');
    await passThenSweep(s, w.clock, 3 * HOUR);
    expect(events(s, second).at(-1)).toBe("expired");
    expect(members(s)).toEqual([]);
  });

  it("a renamed requester's second request sees the first grant: the membership goes when the last ends", async () => {
    const w = await fresh();
    const s = w.sandbox;
    const first = await approvedRequest(s, "jane");
    s.github.renameUser("jane", "jane-renamed");
    // A fresh process (or another replica) knows the first grant only from GitHub.
    await s.restart();
    w.clock.advance(10 * 60_000);
    const second = await approvedRequest(s, "jane-renamed");
    expect(members(s)).toEqual(["jane-renamed"]);
    expect(appComments(s, second).find((b) => b.includes('"event":"granted"'))).toContain('"standing":false');
    await passThenSweep(s, w.clock, 55 * 60_000);
    expect(events(s, first).at(-1)).toBe("expired");
    expect(members(s)).toEqual(["jane-renamed"]);
    await passThenSweep(s, w.clock, 20 * 60_000);
    expect(events(s, second).at(-1)).toBe("expired");
    expect(members(s)).toEqual([]);
  });

  it("a request closed while the app was down still counts for a new grant (never standing), and its membership goes when it is seen", async () => {
    const w = await fresh();
    const s = w.sandbox;
    const first = await approvedRequest(s, "jane");
    // Closed while the app is down: its grant is live in its records until a reconcile sees the close.
    await s.restart(async () => {
      s.github.as("jane").close(REPO, first);
      await s.github.settle();
    });
    const second = await approvedRequest(s, "jane");
    expect(appComments(s, second).find((b) => b.includes('"event":"granted"'))).toContain('"standing":false');
    // The second grant ends first: a closed request is not looked for then (closing ends its grant).
    w.clock.advance(HOUR);
    await s.settle();
    expect(appComments(s, second).find((b) => b.includes('"event":"expired"'))).toContain('"removed":true');
    expect(members(s)).toEqual([]);
    await passThenSweep(s, w.clock, 60_000);
    expect(events(s, first).at(-1)).toBe("revoked");
    expect(members(s)).toEqual([]);
  });

  it("a second grant approved while the app was down, after the first expired, is not standing: the membership goes when it ends", async () => {
    const w = await fresh();
    const s = w.sandbox;
    const first = await approvedRequest(s, "jane");
    const second = openRequest(s, "jane", { duration: "1h" });
    await s.settle();
    // Down across the first grant's expiry; meanwhile jane's second request is approved.
    await s.restart(async () => {
      w.clock.advance(HOUR + 60_000);
      s.github.as("alice").comment(REPO, second, "/approve");
      await s.github.settle();
    });
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(events(s, first).at(-1)).toBe("expired");
    expect(events(s, second)).toContain("granted");
    expect(appComments(s, second).find((b) => b.includes('"event":"granted"'))).toContain('"standing":false');
    await passThenSweep(s, w.clock, HOUR + 60_000);
    expect(events(s, second).at(-1)).toBe("expired");
    expect(members(s)).toEqual([]);
  });

  it("a granted request transferred to a repository without policies is still removed on time", async () => {
    const { s, n, clock } = await granted();
    const moved = moveAway(s, n);
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    await passThenSweep(s, clock, HOUR);
    expect(members(s)).toEqual([]);
    const trail = s.github.comments("acme/other", moved).filter((c) => c.viaApp).map((c) => /"event":"([a-z-]+)"/.exec(c.body)?.[1]);
    expect(trail.at(-1)).toBe("expired");
    expect(trail).not.toContain("tampered");
  });

  it("a granted request moved to a repository without policies can still be revoked by the approver who approved it", async () => {
    const { s, n } = await granted();
    const moved = moveAway(s, n);
    await s.settle();
    s.github.as("alice").comment("acme/other", moved, "/revoke");
    await s.settle();
    expect(members(s)).toEqual([]);
    const trail = s.github.comments("acme/other", moved).filter((c) => c.viaApp).map((c) => /"event":"([a-z-]+)"/.exec(c.body)?.[1]);
    expect(trail.at(-1)).toBe("revoked");
  });

  it("a granted request transferred while the app is down is found and removed on time by the restarted app", async () => {
    const { s, n, clock } = await granted();
    await s.restart(async () => {
      moveAway(s, n);
      await s.github.settle();
      clock.advance(10 * 60_000);
    });
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    await passThenSweep(s, clock, HOUR);
    expect(members(s)).toEqual([]);
  });
});

describe("acts made before the app's first record", () => {
  it("an approval made before the first record counts when the body was never edited (read from GitHub's edit history)", async () => {
    const w = await fresh();
    const s = w.sandbox;
    s.github.pauseWebhooks();
    const n = openRequest(s);
    s.github.as("alice").comment(REPO, n, "/approve");
    s.github.resumeWebhooks();
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    expect(events(s, n)).toEqual(["received", "approved", "granted"]);
    // The request is read through GraphQL only: no REST read of the issue or its timeline.
    expect(s.github.requests.filter((r) => r.method === "GET" && /\/issues\/\d+(\/timeline)?$/.test(r.path))).toEqual([]);
    expect(s.github.requests.some((r) => r.path === "/graphql")).toBe(true);
  });

  it("an approval made before an edit of the body does not count, and is answered", async () => {
    const w = await fresh();
    const s = w.sandbox;
    s.github.pauseWebhooks();
    const n = openRequest(s);
    s.github.as("alice").comment(REPO, n, "/approve");
    w.clock.advance(2000);
    s.github.as("jane").editIssue(REPO, n, { body: requestBody({ duration: "2h" }) });
    s.github.resumeWebhooks();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).at(-1)).toContain("post `/approve` again");
  });
});

describe("moved requests stay known", () => {
  it("a second request after the first was moved sees the first grant, so neither is taken for standing", async () => {
    const { s, n, clock } = await granted();
    moveAway(s, n);
    await s.settle();
    // A fresh process (or another replica) knows the first grant only from GitHub.
    await s.restart();
    clock.advance(10 * 60_000);
    const second = openRequest(s, "jane", { duration: "2h" });
    await s.settle();
    s.github.as("alice").comment(REPO, second, "/approve");
    await s.settle();
    expect(appComments(s, second).find((b) => b.includes('"event":"granted"'))).toContain('"standing":false');
    await passThenSweep(s, clock, 3 * HOUR);
    expect(events(s, second).at(-1)).toBe("expired");
    expect(members(s)).toEqual([]);
  });

  it("a grant moved where the app cannot read it is still removed at the expiry the process knew", async () => {
    const { s, n, clock } = await granted();
    const moved = moveAway(s, n);
    // Gone from the app's sight (deleted stands in for a repository outside the installation).
    s.github.as("alice").deleteIssue("acme/other", moved);
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    clock.advance(HOUR);
    await s.settle();
    expect(members(s)).toEqual([]);
  });
});

describe("no endless retries", () => {
  it("a pending request someone locked is unlocked so that its trail can be written", async () => {
    const w = await fresh();
    const s = w.sandbox;
    const n = openRequest(s);
    await s.settle();
    s.github.as("alice").lock(REPO, n);
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    expect(events(s, n).at(-1)).toBe("granted");
    expect(s.github.requests.filter((r) => r.status === 403)).toEqual([]);
  });

  it("a command on a finished, locked request is not answered and not retried", async () => {
    const { s, n, clock } = await granted();
    await passThenSweep(s, clock, HOUR);
    expect(s.github.issue(REPO, n).locked).toBe(true);
    const before = s.github.requests.length;
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    await passThenSweep(s, clock, 10 * 60_000);
    const refused = s.github.requests.slice(before).filter((r) => r.status >= 400);
    expect(refused).toEqual([]);
    expect(s.logs.filter((l) => l.includes('"level":50'))).toEqual([]);
  });
});
