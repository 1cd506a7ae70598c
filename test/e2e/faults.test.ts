import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { checkInvariants } from "./invariants.js";
import type { ManualClock } from "./manual-clock.js";
import { APP_LABELS } from "../../src/github/request-query.js";
import { HOUR, openedAndApproved, openRequest, ORG, REPO, TEAM, world } from "./world.js";

/**
 * Fault injection over the emulator: GitHub failing, the app restarting,
 * webhooks lost, repeated and reordered, the clock jumping. After each
 * scenario settles, the invariants hold.
 */
let sandbox: Sandbox | undefined;
let clock: ManualClock;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/**
 * A world whose repository has the app's labels, as any has after its first
 * request: records go batched with their label changes, close and lock (one
 * GraphQL request each; a label's first use in a repository goes through REST).
 */
async function setup(): Promise<Sandbox> {
  const w = await world();
  sandbox = w.sandbox;
  clock = w.clock;
  for (const label of APP_LABELS) sandbox.github.addLabel(REPO, label);
  return sandbox;
}

/** A record's write: the GraphQL request that adds the comment (reads are queries, never matched). */
const RECORD = { method: "POST", path: /^\/graphql$/, body: /addComment/ };
const recordWrites = (s: Sandbox, status: number) => s.github.requests.filter((r) => r.path === "/graphql" && JSON.stringify(r.requestBody).includes("addComment") && r.status === status);

function open(s: Sandbox, who = "jane", duration = "1h"): number {
  return openRequest(s, who, { duration });
}

/** jane's two requests, for 1h and then, ten minutes later, 2h, each approved by alice: two overlapping grants of one team. */
async function overlappingGrants(s: Sandbox): Promise<[number, number]> {
  const first = open(s, "jane", "1h");
  await s.settle();
  s.github.as("alice").comment(REPO, first, "/approve");
  await s.settle();
  await pass(s, 10 * 60_000, 2);
  const second = open(s, "jane", "2h");
  await s.settle();
  s.github.as("alice").comment(REPO, second, "/approve");
  await s.settle();
  return [first, second];
}

/** Lets time pass in steps, so retries and timers fire, then sweeps once as the interval would. */
async function pass(s: Sandbox, ms: number, steps = 10): Promise<void> {
  for (let i = 0; i < steps; i++) {
    clock.advance(ms / steps);
    await s.settle();
  }
  await s.jit.sweeper.sweep();
  await s.settle();
}

const members = (s: Sandbox) => s.github.teamMembers(ORG, TEAM).map((m) => m.login);
const events = (s: Sandbox, n: number) => s.github.comments(REPO, n).filter((c) => c.viaApp).map((c) => /"event":"([a-z-]+)"/.exec(c.body)?.[1]);

describe("faults", () => {
  it("GitHub's GraphQL API failing from the expiry on: the membership goes within 30 s anyway, and the end is recorded once reads come back, with one DELETE", async () => {
    const s = await setup();
    const n = await openedAndApproved(s);
    expect(members(s)).toEqual(["jane"]);
    // Every read of the request goes through GraphQL: the reconcile at the expiry cannot read, decide or record.
    s.github.failNext({ method: "POST", path: /^\/graphql$/ }, { status: 502, times: 12 });
    clock.advance(HOUR);
    await s.settle();
    // A failure that passes is the usual way's: nothing is removed before the grace.
    expect(members(s)).toEqual(["jane"]);
    await pass(s, 40_000, 8);
    expect(members(s)).toEqual([]);
    expect(events(s, n)).not.toContain("expired");
    await pass(s, 20 * 60_000, 40);
    expect(events(s, n).filter((e) => e === "expired")).toHaveLength(1);
    expect(s.github.requests.filter((r) => r.method === "DELETE" && r.path.includes("/memberships/"))).toHaveLength(1);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });

  it("GitHub's GraphQL API down across a restart: a grant the new process cannot read is learnt from its REST trail and still loses its membership", async () => {
    const s = await setup();
    const n = await openedAndApproved(s);
    expect(members(s)).toEqual(["jane"]);
    // A deploy while GraphQL answers 502 and REST answers: the restarted process never reads the request in full.
    await s.restart(() => s.github.failNext({ method: "POST", path: /^\/graphql$/ }, { status: 502, times: 1_000_000 }));
    // Two and a half hours, a sweep every five minutes: the grant ends at the hour.
    for (let i = 0; i < 30; i++) await pass(s, 5 * 60_000, 1);
    expect(members(s)).toEqual([]);
    expect(s.github.requests.filter((r) => r.method === "DELETE" && r.path.includes("/memberships/"))).toHaveLength(1);
    expect(events(s, n)).not.toContain("expired");
  });

  it("PUT answered 502 twice: the grant is retried and made", async () => {
    const s = await setup();
    const n = open(s);
    await s.settle();
    s.github.failNext({ method: "PUT", path: /\/memberships\// }, { status: 502, times: 2 });
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual([]);
    await pass(s, 10_000);
    expect(members(s)).toEqual(["jane"]);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
    await pass(s, HOUR);
    expect(members(s)).toEqual([]);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });

  it("the grant record fails after the PUT: the membership is taken back, then granted with its record", async () => {
    const s = await setup();
    const n = open(s);
    await s.settle();
    s.github.failNext(RECORD, { status: 502, after: 1 });
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(events(s, n)).toEqual(["received", "approved"]);
    await pass(s, 10_000);
    expect(members(s)).toEqual(["jane"]);
    expect(events(s, n)).toEqual(["received", "approved", "granted"]);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });

  it("DELETE keeps failing at expiry: recorded once, labelled, retried until it succeeds", async () => {
    const s = await setup();
    const n = await openedAndApproved(s);
    s.github.failNext({ method: "DELETE", path: /\/memberships\// }, { status: 502, times: 3 });
    await pass(s, HOUR);
    expect(s.github.issue(REPO, n).labels).toContain("access:revoke-failed");
    expect(events(s, n).filter((e) => e === "revoke-failed")).toHaveLength(1);
    await pass(s, 5 * 60_000);
    expect(members(s)).toEqual([]);
    expect(s.github.issue(REPO, n).labels).toContain("access:expired");
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });

  it("a secondary rate limit (429 with retry-after) on a record is waited out", async () => {
    const s = await setup();
    const n = open(s);
    await s.settle();
    s.github.failNext(RECORD, { status: 429, headers: { "retry-after": "1" } });
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    await pass(s, 10_000);
    expect(members(s)).toEqual(["jane"]);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });

  it("the app restarts between the approval record and the PUT", async () => {
    const s = await setup();
    const n = open(s);
    await s.settle();
    s.github.failNext({ method: "PUT", path: /\/memberships\// }, { status: 502 });
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    await s.restart();
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    await s.restart(() => clock.advance(2 * HOUR));
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });

  it("a lost approval webhook is found by the sweep", async () => {
    const s = await setup();
    const n = open(s);
    await s.settle();
    await s.jit.sweeper.sweep();
    s.github.dropNextWebhooks(1);
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual([]);
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });

  it("repeated and reordered webhooks change nothing", async () => {
    const s = await setup();
    s.github.pauseWebhooks();
    const n = open(s);
    s.github.as("bob").comment(REPO, n, "+1");
    s.github.as("alice").comment(REPO, n, "/approve");
    s.github.reverseHeldWebhooks();
    s.github.resumeWebhooks();
    await s.settle();
    // The approval came before the app first recorded the request, so it does not count yet.
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    const before = events(s, n);
    for (const delivery of s.github.deliveries.slice()) s.github.redeliver(delivery.id);
    await s.settle();
    expect(events(s, n)).toEqual(before);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });

  it("two overlapping grants of one team: the membership goes when the last ends", async () => {
    const s = await setup();
    const [first, second] = await overlappingGrants(s);
    expect(members(s)).toEqual(["jane"]);
    await pass(s, HOUR);
    expect(s.github.issue(REPO, first).labels).toContain("access:expired");
    expect(members(s)).toEqual(["jane"]);
    expect(checkInvariants(s, [first, second], [], clock.now())).toEqual([]);
    await pass(s, HOUR);
    expect(members(s)).toEqual([]);
    expect(checkInvariants(s, [first, second], [], clock.now())).toEqual([]);
  });

  it("GraphQL failing at the first of two overlapping grants' expiries: the later grant keeps the membership", async () => {
    const s = await setup();
    const [first, second] = await overlappingGrants(s);
    s.github.failNext({ method: "POST", path: /^\/graphql$/ }, { status: 502, times: 12 });
    await pass(s, HOUR, 20);
    expect(members(s)).toEqual(["jane"]);
    await pass(s, 20 * 60_000, 40);
    expect(s.github.issue(REPO, first).labels).toContain("access:expired");
    expect(members(s)).toEqual(["jane"]);
    await pass(s, HOUR);
    expect(members(s)).toEqual([]);
    expect(checkInvariants(s, [first, second], [], clock.now())).toEqual([]);
  });

  it("a standing member's grant never removes the membership", async () => {
    const s = await setup();
    s.github.setTeamMember(ORG, TEAM, "jane", "active");
    const n = await openedAndApproved(s);
    await pass(s, 2 * HOUR);
    expect(members(s)).toEqual(["jane"]);
    expect(checkInvariants(s, [n], ["jane"], clock.now())).toEqual([]);
  });

  it("the expiry record fails after the DELETE: written on retry, once", async () => {
    const s = await setup();
    const n = await openedAndApproved(s);
    await pass(s, 50 * 60_000);
    s.github.failNext(RECORD, { status: 502, times: 2 });
    await pass(s, 20 * 60_000);
    expect(members(s)).toEqual([]);
    expect(events(s, n).filter((e) => e === "expired")).toHaveLength(1);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });
});

describe("a record written, but GitHub's answer lost", () => {
  const tampered = (s: Sandbox, n: number) => s.github.issue(REPO, n).labels.includes("access:tampered");

  it("a 502 after each record of the grant was written: found again, never posted twice, the grant runs its full time", async () => {
    const s = await setup();
    const n = open(s);
    await s.settle();
    s.github.failNext(RECORD, { status: 502, afterPerforming: true, times: 2 });
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    await pass(s, 10_000);
    expect(members(s)).toEqual(["jane"]);
    expect(events(s, n)).toEqual(["received", "approved", "granted"]);
    expect(recordWrites(s, 502)).toHaveLength(2);
    await pass(s, HOUR - 5 * 60_000);
    expect(members(s)).toEqual(["jane"]);
    expect(tampered(s, n)).toBe(false);
    await pass(s, 10 * 60_000);
    expect(members(s)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("expired");
    expect(tampered(s, n)).toBe(false);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });

  it("a record the app's bot posted twice (as a blind retry did) is a duplicate, not tampering", async () => {
    const s = await setup();
    const n = await openedAndApproved(s);
    const granted = s.github.comments(REPO, n).filter((c) => c.viaApp).at(-1)!;
    s.github.as(granted.author).comment(REPO, n, granted.body);
    await pass(s, 10 * 60_000);
    expect(members(s)).toEqual(["jane"]);
    expect(tampered(s, n)).toBe(false);
    await pass(s, HOUR);
    expect(members(s)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("expired");
    expect(tampered(s, n)).toBe(false);
  });
});

describe("the app dies at each write of a grant and of a removal", () => {
  const writes = [
    { name: "the approval record", ...RECORD, after: 0, afterPerforming: false },
    { name: "the membership PUT", method: "PUT", path: /\/memberships\//, body: undefined, after: 0, afterPerforming: false },
    { name: "the grant record with its label swap", ...RECORD, after: 1, afterPerforming: false },
    { name: "the grant record with its label swap, made but its answer lost", ...RECORD, after: 1, afterPerforming: true },
  ];
  it.each(writes)("during the grant, at $name; restarted later, past the expiry too", async ({ method, path, body, after, afterPerforming }) => {
    const s = await setup();
    const n = open(s);
    await s.settle();
    s.github.failNext({ method, path, ...(body ? { body } : {}) }, { status: 502, after, afterPerforming });
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    await s.restart(() => clock.advance(5 * 60_000));
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
    await s.restart(() => clock.advance(2 * HOUR));
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });

  const removals = [
    { name: "the membership DELETE", method: "DELETE", path: /\/memberships\//, body: undefined, afterPerforming: false },
    { name: "the expiry record with its label swap, close and lock", ...RECORD, afterPerforming: false },
    { name: "the expiry record with its label swap, close and lock, made but its answer lost", ...RECORD, afterPerforming: true },
  ];
  it.each(removals)("during the removal, at $name", async ({ method, path, body, afterPerforming }) => {
    const s = await setup();
    const n = await openedAndApproved(s);
    await pass(s, 50 * 60_000, 2);
    s.github.failNext({ method, path, ...(body ? { body } : {}) }, { status: 502, afterPerforming });
    clock.advance(10 * 60_000);
    await s.settle();
    await s.restart(() => clock.advance(60_000));
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(s.github.issue(REPO, n).state).toBe("closed");
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });
});

describe("a request deleted while granted", () => {
  it("still loses its membership at the expiry this process knew", async () => {
    const s = await setup();
    const n = await openedAndApproved(s);
    expect(members(s)).toEqual(["jane"]);
    s.github.as("alice").deleteIssue(REPO, n);
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    await pass(s, HOUR);
    expect(members(s)).toEqual([]);
  });

  it("loses it even when the requester renamed their account before the issue was deleted", async () => {
    const s = await setup();
    const n = await openedAndApproved(s);
    expect(members(s)).toEqual(["jane"]);
    s.github.renameUser("jane", "jane-renamed");
    s.github.as("alice").deleteIssue(REPO, n);
    await s.settle();
    expect(members(s)).toEqual(["jane-renamed"]);
    await pass(s, HOUR);
    expect(members(s)).toEqual([]);
  });
});

describe("labels removed while the app was down", () => {
  it("the sweep still finds the live grant and ends it on time", async () => {
    const s = await setup();
    const n = await openedAndApproved(s);
    await s.restart(() => {
      s.github.dropNextWebhooks(10);
      s.github.as("jane").removeLabel(REPO, n, "access-request");
      s.github.as("jane").removeLabel(REPO, n, "access:granted");
      clock.advance(2 * HOUR);
    });
    await s.jit.sweeper.sweep();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });
});

describe("a membership PUT GitHub carried out though it answered 502", () => {
  it("is the first request's, not standing, for a second request approved before the retry: the membership goes at the last expiry", async () => {
    const s = await setup();
    const first = openRequest(s, "jane", { duration: "1h" });
    await s.settle();
    const second = openRequest(s, "jane", { duration: "2h", justification: "INC-4712" });
    await s.settle();
    s.github.failNext({ method: "PUT", path: /\/memberships\// }, { status: 502, afterPerforming: true });
    s.github.as("alice").comment(REPO, first, "/approve");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
    s.github.as("alice").comment(REPO, second, "/approve");
    await s.settle();
    const granted = s.github.comments(REPO, second).filter((c) => c.viaApp).map((c) => c.body).find((body) => body.includes('"event":"granted"'));
    expect(granted).toContain('"standing":false');
    await pass(s, 10_000);
    await pass(s, 3 * HOUR);
    expect(checkInvariants(s, [first, second], [], clock.now())).toEqual([]);
    expect(members(s)).toEqual([]);
  });
});

describe("a grant retried after its approval record", () => {
  it("adds the requester's account by its login now: a login given up and taken by another member before the retry is not granted", async () => {
    const s = await setup();
    const n = open(s);
    await s.settle();
    s.github.failNext({ method: "PUT", path: /\/memberships\// }, { status: 502 });
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    // Before the retry: jane renames, and another member of the organisation takes the login she gave up.
    s.github.renameUser("jane", "jane-two");
    s.github.addUser("jane", { orgs: { [ORG]: "active" } });
    await pass(s, 10_000);
    expect(members(s)).toEqual(["jane-two"]);
    await pass(s, 2 * HOUR);
    expect(members(s)).toEqual([]);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });
});
