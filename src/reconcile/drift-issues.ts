import { newRecordId, type SignedRecord } from "../audit/record-codec.js";
import { recordFacts } from "../audit/record-facts.js";
import { mapStrings } from "../audit/bound-record.js";
import { sealComment } from "../audit/seal-comment.js";
import { verifyChain } from "../audit/verify-chain.js";
import { samePerson } from "../core/drift.js";
import { DRIFT_LABEL, type DriftRecordData } from "../core/drift-records.js";
import type { RecordData } from "../core/records.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import { statusOf } from "../github/errors.js";
import { readTimeline, type AppIdentity } from "./read-timeline.js";
import type { ReconcileDeps } from "./reconcile.js";

/*
 * The drift guard's memory: its issues and their signed record chains, read
 * back by the app's identity and signature and written one sealed record at
 * a time. Apart from the guard (drift-guard.ts), which decides what to
 * record, so that how a drift trail is trusted and chained reads in one
 * place, like a request's.
 */

/** What reading and writing drift issues needs: the masker and key of a reconcile, its clock and log. */
export type DriftIssueDeps = Pick<ReconcileDeps, "masker" | "signingKey" | "now" | "log">;

/**
 * Per process (by the deps its guard was given): the drift issues it opened
 * whose first record GitHub refused (a comment outage), by issue. Such an
 * issue holds no record because none landed (or it landed despite the error
 * and was deleted since: the two cannot be told apart), not because the
 * trail was tampered with: it is read as unwritten, and the next record with
 * its title goes on it instead of on a new issue. A baseline goes on it as
 * first written, less whoever is no longer a member (today's members could
 * include one added by hand since). Otherwise each check during the outage
 * opened one more empty issue, and an empty baseline issue held its team to
 * report only. One locked meanwhile takes no record: the next goes on a new
 * issue (a baseline still as first written, less whoever left), and the
 * locked one is forgotten. A restart forgets them: an issue left so reads as
 * tampered with, as before.
 */
const UNWRITTEN = new WeakMap<DriftIssueDeps, Map<string, Unwritten>>();

interface Unwritten {
  readonly title: string;
  readonly data: DriftRecordData;
  /** Locked since: GitHub would refuse the record. */
  locked: boolean;
}

function unwrittenOf(deps: DriftIssueDeps): Map<string, Unwritten> {
  let unwritten = UNWRITTEN.get(deps);
  if (unwritten === undefined) UNWRITTEN.set(deps, (unwritten = new Map()));
  return unwritten;
}

const issueKey = (installationId: number, owner: string, repo: string, number: number) => `${installationId}:${owner}/${repo}#${number}`;

/** One drift issue, read back from the app's own signed records only. */
export interface DriftIssue {
  ref: IssueRef;
  records: RecordData[];
  lastHash: string | null;
  /** Its trail has findings, or no record at all although the app wrote one on opening it. */
  tampered?: boolean;
  /** The record it was opened with is gone (no record left, or a gap before the first left). */
  openerGone?: boolean;
  /** Locked: GitHub refuses the app's comments on it. */
  locked?: boolean;
}

type DriftFound = Extract<RecordData, { event: "drift-found" }>;

/**
 * The drift issues of a repository, trusted by the app's identity and
 * signature only: an issue someone else opened, or labelled by hand, holds
 * no record the app wrote, so it counts for nothing.
 *
 * @example
 * const issues = await readDriftIssues(deps, github, 1, "acme", "access", identity);
 */
export async function readDriftIssues(deps: DriftIssueDeps, github: GitHubClient, installationId: number, owner: string, repo: string, identity: AppIdentity): Promise<DriftIssue[]> {
  const out: DriftIssue[] = [];
  const unwritten = unwrittenOf(deps);
  // Found by their author, the app, never by label: a label anyone with triage rights can take off.
  for (const listed of await github.listAllIssues(owner, repo, { creator: `${identity.slug}[bot]`, state: "all" })) {
    if (listed.user?.login !== `${identity.slug}[bot]`) continue;
    const ref = { installationId, owner, repo, number: listed.number };
    const { comments } = readTimeline(await github.listTimeline(ref), identity);
    const chain = verifyChain(comments, `${owner}/${repo}#${listed.number}`, deps.signingKey);
    const records = chain.records.map((r) => r.data);
    const key = issueKey(installationId, owner, repo, listed.number);
    const remembered = unwritten.get(key);
    // A first record GitHub carried out although it answered with an error: the issue is written after all.
    if (remembered !== undefined && (records.length > 0 || chain.findings.length > 0)) unwritten.delete(key);
    else if (remembered !== undefined) {
      remembered.locked = listed.locked === true;
      out.push({ ref, records, lastHash: null, locked: remembered.locked });
      continue;
    }
    // The app writes a record the moment it opens a drift issue: one with none, or with findings, was tampered with.
    const tampered = chain.findings.length > 0 || records.length === 0;
    if (tampered) deps.log.error({ issue: `${owner}/${repo}#${listed.number}`, findings: chain.findings.length }, "a drift issue's trail was tampered with; a team whose baseline it may have held takes no new one, and is reported only, until it is looked into");
    const first = chain.records[0];
    const openerGone = first === undefined || chain.findings.some((f) => f.kind === "missing" && f.commentId === first.commentId);
    out.push({ ref, records, lastHash: chain.lastHash, tampered, openerGone, locked: listed.locked === true });
  }
  return out;
}

/**
 * Opens a drift issue, labelled `access:drift`, with its first record.
 *
 * @example
 * const issue = await openDriftIssue(deps, github, 1, { owner: "acme", repo: "access" }, "Drift baseline: team ops", data);
 */
export async function openDriftIssue(deps: DriftIssueDeps, github: GitHubClient, installationId: number, place: { owner: string; repo: string }, title: string, data: DriftRecordData): Promise<DriftIssue> {
  const body = "This issue is written by jit-access: a member or child team of a managed team that no policy allows, or a team's recorded standing members. Its records are signed; only the app's own comments count.";
  const unwritten = unwrittenOf(deps);
  const prefix = issueKey(installationId, place.owner, place.repo, 0).slice(0, -1);
  const remembered = [...unwritten].find(([key, u]) => key.startsWith(prefix) && u.title === title);
  // A baseline goes on as first written, on a new issue where the first is locked: today's members could include one added by
  // hand since. Only those still members today: one reverted meanwhile (under a `standing` the policy held for a while) stays out.
  const was = remembered?.[1].data;
  const first = was?.event === "drift-baseline" && data.event === "drift-baseline" ? stillBaseline(was, data) : data;
  const reused = remembered !== undefined && !remembered[1].locked ? remembered : undefined;
  if (remembered !== undefined && reused === undefined) unwritten.delete(remembered[0]);
  const number = reused !== undefined ? Number(reused[0].slice(prefix.length)) : (await github.createIssue(place.owner, place.repo, { title, body, labels: [DRIFT_LABEL] })).number;
  if (reused !== undefined) deps.log.info({ issue: `${place.owner}/${place.repo}#${number}` }, "a drift issue whose first record GitHub refused takes it now");
  const key = issueKey(installationId, place.owner, place.repo, number);
  const issue: DriftIssue = { ref: { installationId, owner: place.owner, repo: place.repo, number }, records: [], lastHash: null };
  try {
    await appendDriftRecord(deps, github, issue, first);
  } catch (error) {
    // Kept for the next check, unless GitHub says the issue is gone (deleted, or moved away).
    const gone = statusOf(error) === 404 || statusOf(error) === 410;
    if (gone) unwritten.delete(key);
    else unwritten.set(key, { title, data: first, locked: false });
    throw error;
  }
  unwritten.delete(key);
  return issue;
}

type BaselineData = Extract<DriftRecordData, { event: "drift-baseline" }>;

/** The baseline first written, less whoever is no longer a member (or child team) today, under today's policies. */
function stillBaseline(was: BaselineData, today: BaselineData): BaselineData {
  const kept = was.members.flatMap((login, k) => {
    const id = was.memberIds[k];
    const now = today.members.findIndex((l, j) => (id !== undefined && today.memberIds[j] !== undefined ? today.memberIds[j] === id : l.toLowerCase() === login.toLowerCase()));
    return now < 0 ? [] : [{ login: today.members[now]!, id: today.memberIds[now] }];
  });
  return {
    ...today,
    members: kept.map((m) => m.login),
    memberIds: kept.flatMap((m) => (m.id === undefined ? [] : [m.id])),
    childTeams: was.childTeams.filter((slug) => today.childTeams.includes(slug)),
  };
}

/**
 * Seals and posts one record on a drift issue, chained to the one before,
 * masked with the installation's masker.
 *
 * @example
 * await appendDriftRecord(deps, github, issue, { event: "drift-reverted", team: "ops", subject, removed: true });
 */
export async function appendDriftRecord(deps: DriftIssueDeps, github: GitHubClient, issue: DriftIssue, data: RecordData): Promise<void> {
  const masker = deps.masker(issue.ref.installationId);
  const record = mapStrings({
    v: 1,
    issue: `${issue.ref.owner}/${issue.ref.repo}#${issue.ref.number}`,
    at: new Date(deps.now()).toISOString(),
    prev: issue.lastHash,
    id: newRecordId(),
    ...recordFacts(data, issue.records),
    ...data,
  } as SignedRecord, (text) => masker.mask(text));
  const sealed = sealComment(record, deps.signingKey, (text) => masker.mask(text));
  await github.createComment(issue.ref, sealed.body, { sealed: true });
  issue.lastHash = sealed.hash;
  issue.records.push(data);
}

/**
 * The drift a trail still stands by: each `drift-found` of the team not
 * followed, on the same issue, by a revert that removed its subject.
 *
 * @example
 * const open = issues.flatMap((i) => unresolvedDrift(i.records, "ops"));
 */
export function unresolvedDrift(records: readonly RecordData[], team: string): DriftFound[] {
  const open: DriftFound[] = [];
  for (const r of records) {
    if (r.event === "drift-found" && r.team === team) open.push(r);
    else if (r.event === "drift-reverted" && r.team === team && r.removed) {
      const subject = r.subject;
      const at = open.findIndex((f) => sameSubject(f.subject, subject));
      if (at !== -1) open.splice(at, 1);
    }
  }
  return open;
}

/**
 * Whether the revert of `found` (drift still unresolved) is to be tried:
 * none was recorded after it on the same trail, or the last removed nobody
 * (a member there through a child team, whose membership GitHub does not
 * remove directly) and `direct` says the subject is a member now through no
 * child team (added directly since, or the child team left), which a
 * removal does end. Otherwise one tried is not tried at every check.
 *
 * @example
 * revertDue(issue.records, open, false); // false once a revert was recorded
 */
export function revertDue(records: readonly RecordData[], found: DriftFound, direct: boolean): boolean {
  const from = records.indexOf(found);
  const tried = records.slice(from + 1).filter((r): r is Extract<RecordData, { event: "drift-reverted" }> => r.event === "drift-reverted" && r.team === found.team && sameSubject(r.subject, found.subject));
  return tried.length === 0 || (direct && tried.at(-1)?.removed === false);
}

function sameSubject(a: DriftFound["subject"], b: DriftFound["subject"]): boolean {
  return a.kind === "member" && b.kind === "member" ? samePerson(a, b) : a.kind === "child-team" && b.kind === "child-team" && a.slug === b.slug;
}
