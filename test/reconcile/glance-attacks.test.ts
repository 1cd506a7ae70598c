import { describe, expect, it } from "vitest";
import { sealRecord, type SignedRecord } from "../../src/audit/record-codec.js";
import { renderRecord } from "../../src/audit/render-record.js";
import type { RecordData } from "../../src/core/records.js";
import type { TimelineEntry } from "../../src/github/client.js";
import type { GlancedIssue } from "../../src/github/glance-query.js";
import { judgeGlance, type GlanceCandidate, type GlanceContext } from "../../src/reconcile/glance-requests.js";
import { SAMPLE } from "../audit/sample-records.js";
import { KEY, sealChain } from "../audit/sealed-chain.js";
import { formBody, HOUR, policy, T0, withTeam } from "../core/fixtures.js";

/**
 * The glance is a new way in: a restart arms a live grant's removal from a
 * partial read of its request (comments only). Each attack below edits what
 * the glance reads; none may be armed from it, every one is read in full.
 * The positive controls must be armed, at the expiry the verified records give.
 */
const JANE_ID = 42;
const APP = { id: 9, slug: "jit-access" };
const bot = { login: "jit-access[bot]", type: "Bot", id: 900 };
const jane = { login: "jane", type: "User", id: JANE_ID };
const alice = { login: "alice", type: "User", id: 43 };
const mallory = { login: "mallory", type: "User", id: 66 };

const granted = (expiresAt = T0 + HOUR): RecordData => ({ ...SAMPLE.granted, requesterId: JANE_ID, expiresAt });
const TRAIL: RecordData[] = [{ ...SAMPLE.received, requesterId: JANE_ID }, { ...SAMPLE.approved, requesterId: JANE_ID, approvers: ["alice"] }, granted()];

/** The app's records as comments, with people's comments put in before the record at each index. */
function thread(records: readonly RecordData[], people: Record<number, TimelineEntry[]> = { 1: [said(alice, "/approve", 2001)] }, options: { key?: string; issue?: string } = {}): TimelineEntry[] {
  const sealed = sealChain(records, { ids: true, start: T0, ...(options.key ? { key: options.key } : {}), ...(options.issue ? { issue: options.issue } : {}) });
  return sealed.flatMap((c, i) => [...(people[i] ?? []), { event: "commented", id: c.id, body: c.body, user: bot, app_slug: APP.slug, created_at: new Date(c.at).toISOString(), last_edit: null }]);
}

function said(user: NonNullable<TimelineEntry["user"]>, body: string, id: number, edited = false): TimelineEntry {
  return { event: "commented", id, body, user, created_at: new Date(T0).toISOString(), last_edit: edited ? { at: T0 + 60_000, by: user.login } : null };
}

function glanced(comments: TimelineEntry[], changes: Partial<GlancedIssue> = {}): GlancedIssue {
  return { nodeId: "I_1", body: formBody(), state: "open", locked: false, author: { __typename: "User", login: "jane", databaseId: JANE_ID }, comments, complete: true, closedOnce: false, ...changes };
}

const candidate = (labels = ["access-request", "access:granted"]): GlanceCandidate => ({ ref: { installationId: 1, owner: "acme", repo: "access", number: 1 }, nodeId: "I_1", labels, updatedAt: new Date(T0).toISOString() });
const context = (changes: Partial<GlanceContext> = {}): GlanceContext => ({ identity: APP, signingKey: KEY, policy, requestLabel: "access-request", now: T0 + 10 * 60_000, ...changes });

/** A record sealed with another key: what someone without the app's key can make. */
function sealedWith(key: string, data: RecordData, prev: string | null): string {
  const record = { v: 1, issue: "acme/access#1", at: new Date(T0).toISOString(), prev, id: "rec_x", ...data } as SignedRecord;
  return sealRecord(renderRecord(record), record, key).body;
}

const lastHash = () => sealChain(TRAIL, { ids: true, start: T0 }).at(-1)!.hash;
const extended = (expiresAt: number): RecordData => ({ ...SAMPLE.extended, expiresAt });

interface Attack {
  name: string;
  /** Why it is read in full. */
  because: RegExp;
  glance: () => { issue?: GlancedIssue | undefined; candidate?: GlanceCandidate; context?: GlanceContext };
}

const ATTACKS: Attack[] = [
  { name: "an approver's close undone by a reopen while the app was down", because: /closed at some time/, glance: () => ({ issue: glanced(thread(TRAIL), { closedOnce: true }) }) },
  { name: "a user posts a record granting a later expiry", because: /findings/, glance: () => ({ issue: glanced([...thread(TRAIL), said(mallory, sealedWith(KEY, extended(T0 + 30 * HOUR), lastHash()), 3001)]) }) },
  { name: "the app's grant record edited to a later expiry", because: /findings/, glance: () => ({ issue: glanced(thread(TRAIL).map((c, i, all) => (i === all.length - 1 ? { ...c, body: (c.body ?? "").replace(String(T0 + HOUR), String(T0 + 30 * HOUR)) } : c))) }) },
  { name: "the app's grant record edited and put back (the edit history shows it)", because: /findings/, glance: () => ({ issue: glanced(thread(TRAIL).map((c, i, all) => (i === all.length - 1 ? { ...c, last_edit: { at: T0 + 5 * 60_000, by: "mallory" } } : c))) }) },
  { name: "an extension record signed with another key", because: /findings/, glance: () => ({ issue: glanced([...thread(TRAIL), { ...thread(TRAIL).at(-1)!, id: 1099, body: sealedWith("not-the-key".padEnd(32, "x"), extended(T0 + 30 * HOUR), lastHash()) }]) }) },
  { name: "a record of another request moved here", because: /findings/, glance: () => ({ issue: glanced(thread(TRAIL).slice(0, -1).concat(thread(TRAIL, undefined, { issue: "acme/other#9" }).slice(-1))) }) },
  { name: "the grant record deleted under a later extension", because: /findings/, glance: () => ({ issue: glanced(thread([...TRAIL, extended(T0 + 2 * HOUR)]).filter((c) => !(c.body ?? "").includes('"event":"granted"'))) }) },
  { name: "a bot of another app posts the app's record", because: /findings/, glance: () => ({ issue: glanced([...thread(TRAIL), { ...thread(TRAIL).at(-1)!, id: 1098, app_slug: "evil-app" }]) }) },
  { name: "a user named like the app posts a copy of its record", because: /findings/, glance: () => ({ issue: glanced([...thread(TRAIL), { ...thread(TRAIL).at(-1)!, id: 1097, user: { login: "jit-access", type: "User", id: 67 } }]) }) },
  { name: "the grant names another account than the issue's author", because: /another account/, glance: () => ({ issue: glanced(thread(TRAIL), { author: { __typename: "User", login: "jane", databaseId: 4242 } }) }) },
  { name: "a /revoke while the app was down", because: /gives revoked/, glance: () => ({ issue: glanced([...thread(TRAIL), said(jane, "/revoke", 3002)]) }) },
  { name: "an /extend while the app was down", because: /gives granted with 1 effects/, glance: () => ({ issue: glanced([...thread(TRAIL), said(jane, "/extend 1h", 3003)]) }) },
  { name: "a comment edited into /revoke after the grant", because: /gives granted with 1 effects/, glance: () => ({ issue: glanced([...thread(TRAIL), said(jane, "/revoke", 3004, true)]) }) },
  { name: "the granted label taken off", because: /gives granted with 1 effects/, glance: () => ({ issue: glanced(thread(TRAIL)), candidate: candidate(["access-request"]) }) },
  { name: "a second status label added by hand", because: /gives granted with 1 effects/, glance: () => ({ issue: glanced(thread(TRAIL)), candidate: candidate(["access-request", "access:granted", "access:expired"]) }) },
  { name: "the request closed while the app was down", because: /gives revoked/, glance: () => ({ issue: glanced(thread(TRAIL), { state: "closed" }) }) },
  { name: "the grant is due", because: /due/, glance: () => ({ issue: glanced(thread(TRAIL)), context: context({ now: T0 + HOUR }) }) },
  { name: "an extension waits for approval", because: /extension waits/, glance: () => ({ issue: glanced(thread([...TRAIL, { ...SAMPLE["extension-requested"], sourceId: 3005 }], { 1: [said(alice, "/approve", 2001)], 3: [said(jane, "/extend 1h", 3005)] })) }) },
  { name: "a break-glass grant awaiting its review", because: /break-glass/, glance: () => ({ issue: glanced(thread([TRAIL[0]!, { ...SAMPLE.approved, requesterId: JANE_ID, breakGlass: { via: "form", notify: { users: [], teams: [] }, reviewDueAt: T0 + 24 * HOUR } }, granted()])), context: context({ policy: withTeam({}) }) }) },
  { name: "more comments than one glance reads", because: /more comments/, glance: () => ({ issue: glanced(thread(TRAIL), { complete: false }) }) },
  { name: "no issue for the node id (a pull request, or moved)", because: /no issue/, glance: () => ({ issue: undefined }) },
  { name: "an issue the app opened itself", because: /the app opened/, glance: () => ({ issue: glanced(thread(TRAIL), { author: { __typename: "Bot", login: "jit-access", databaseId: 900 } }) }) },
  { name: "fewer records than this process saw before", because: /findings/, glance: () => ({ issue: glanced(thread(TRAIL)), context: context({ seenRecords: { count: 5, at: T0 - HOUR } }) }) },
];

describe("glance attack matrix: nothing is armed from a glance that cannot vouch for the grant", () => {
  it("says a grant past its end is urgent: its removal waits behind nothing", () => {
    expect(judgeGlance(glanced(thread(TRAIL)), candidate(), context({ now: T0 + HOUR }))).toEqual({ kind: "full", reason: "the grant is due", urgent: true });
    expect(judgeGlance(glanced(thread(TRAIL)), candidate(["access-request"]), context())).not.toHaveProperty("urgent");
  });

  it("has at least twenty attacks", () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(ATTACKS.map((a) => [a.name, a] as const))("%s: read in full", (_name, attack) => {
    const g = attack.glance();
    const verdict = judgeGlance(g.issue, g.candidate ?? candidate(), g.context ?? context());
    expect(verdict).toMatchObject({ kind: "full", reason: expect.stringMatching(attack.because) });
  });
});

describe("glance: the positive controls", () => {
  it("a live grant whose whole trail verifies is armed at its signed expiry, for the issue's author", () => {
    const verdict = judgeGlance(glanced(thread(TRAIL)), candidate(), context());
    expect(verdict).toEqual({ kind: "live", expiresAt: T0 + HOUR, grantKey: `acme/platform-admins/#${JANE_ID}`, grant: { ref: "acme/access#1", expiresAt: T0 + HOUR, standing: false, login: "jane", trail: "acme/access#1", lastHash: lastHash(), nodeId: "I_1" }, records: 3 });
  });

  it("an extension approved and recorded gives the later expiry, never more", () => {
    const records = [...TRAIL, { ...SAMPLE["extension-requested"], sourceId: 3005 }, extended(T0 + 2 * HOUR)];
    const verdict = judgeGlance(glanced(thread(records, { 1: [said(alice, "/approve", 2001)], 3: [said(jane, "/extend 1h", 3005)], 4: [said(alice, "/approve", 3006)] })), candidate(), context());
    expect(verdict).toMatchObject({ kind: "live", expiresAt: T0 + 2 * HOUR });
  });

  it("a chat comment after the grant changes nothing", () => {
    expect(judgeGlance(glanced([...thread(TRAIL), said(alice, "thanks, done with the incident soon", 3006)]), candidate(), context())).toMatchObject({ kind: "live" });
  });
});
