import type { Logger } from "pino";
import type { AuditSink } from "../audit/file-sink.js";
import { trailName } from "../audit/check-chain.js";
import { verifyChain, type ChainResult } from "../audit/verify-chain.js";
import { decide, needsOtherGrants, planLookups, type Decision, type Effect } from "../core/decide.js";
import { foldHistory } from "../core/history.js";
import type { DecisionInput, Directory, OtherGrant } from "../core/input.js";
import type { PolicyLoad } from "../core/policy.js";
import { STATUS_LABEL_PREFIX, type RecordData } from "../core/records.js";
import { isDriftIssue } from "../core/drift-records.js";
import { parseRequestBody } from "../core/request-form.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import { MembershipRefusedError, statusOf } from "../github/errors.js";
import type { PolicyLoader } from "../github/load-policies.js";
import type { Masker } from "../masking/index.js";
import { maskChild } from "../masking/logger.js";
import { applyEffects, EffectError, type ApplyContext } from "./apply-effects.js";
import type { IssueHandle } from "./batch-writes.js";
import { findOtherGrants } from "./find-other-grants.js";
import { trailFindings } from "./trail-checks.js";
import { grantKey, type GrantIndex, type KnownGrant } from "./grant-index.js";
import { person, readTimeline, type AppIdentity } from "./read-timeline.js";

/** How long a read that does not show the app's own last record is taken for a lagging copy. */
const STALE_READ_MS = 60_000;

/** GitHub answered from a copy that does not yet show the app's last write; the reconcile is retried. */
export class StaleReadError extends Error {
  constructor(request: string) {
    super(`GitHub's answer for ${request} does not show the app's last record yet; trying again shortly`);
    this.name = "StaleReadError";
  }
}

export interface ReconcileDeps {
  github(installationId: number): Promise<GitHubClient>;
  identity(): Promise<AppIdentity>;
  policies: PolicyLoader;
  grants: GrantIndex;
  /** The masker for an installation's writes and logs: built-ins plus its policies' settings.masking. */
  masker(installationId: number): Masker;
  signingKey: string;
  /** The request label from the configuration; a policy's `settings.request_label` replaces it for its repository. */
  requestLabel: string;
  /** Told of every policy load (org-wide masking, request and approval labels). */
  onPolicies?: (load: PolicyLoad, installationId: number, repo: string) => void;
  now(): number;
  log: Logger;
  /** The last record this process wrote on each request, and when: a read without it is stale, not the truth. */
  lastWritten?: Map<string, { commentId: number; at: number }>;
  /** How many trusted records this process has seen on each request, and when it last wrote one (a drop means deletions). */
  recordCounts?: Map<string, { count: number; at: number }>;
  /** What each request looked like when last read (see `issueFingerprint`). */
  seen?: Map<string, string>;
  /** The write-once copy of every record (AUDIT_LOG_FILE), when configured. */
  auditSink?: AuditSink | undefined;
  /** Takes best-effort writes off the reconcile (they are queued last); the app awaits them when it waits for quiet. */
  later?: (write: Promise<void>) => void;
  /** Label changes (and closes) queued but not yet written, per request: a decision reads the labels as they will be. */
  labelsInFlight?: Map<string, Effect[]>;
  /** A timer on the app's clock (see ApplyContext.after). */
  after?: (ms: number, fn: () => void) => { cancel(): void };
  /** Asks for a reconcile of the request at a time (the removal of a grant, the moment its membership exists). */
  wake?: (ref: IssueRef, at: number) => void;
  /** Told of every record written (metrics), with the records before it and the input it was decided on. */
  onRecorded?: (input: DecisionInput, data: RecordData, before: readonly RecordData[]) => void;
  /** Told of every decision once applied (metrics). */
  onSettled?: (request: string, input: DecisionInput, applied: Decision) => void;
}

/**
 * What a label webhook can change of an issue: when a webhook's issue shows
 * exactly what the last reconcile read, that reconcile already saw the change.
 *
 * @example
 * issueFingerprint("2026-11-02T09:00:00Z", ["access-request"]); // "2026-11-02T09:00:00Z|access-request"
 */
export function issueFingerprint(updatedAt: string, labels: readonly string[]): string {
  return `${updatedAt}|${[...labels].sort().join(",")}`;
}

interface Loaded {
  ref: IssueRef;
  input: DecisionInput;
  chain: ChainResult;
  github: GitHubClient;
  identity: AppIdentity;
  key: string;
  /** The name the request's records go by: the issue it was opened as (see trailName). */
  name: string;
  log: Logger;
  /** The removal observation this read acted on (see KnownGrant.removed), so that one noted later is kept. */
  removalRead?: KnownGrant["removed"];
  /** The issue as a batched write names it (see ApplyContext.handle). */
  handle?: IssueHandle;
}

/**
 * Brings one request to the state its history calls for: reads the issue,
 * its timeline and the policies, asks the core what should be true, and
 * applies the difference. Safe to run any number of times, in any order.
 * Returns undefined when the issue is not an access request.
 *
 * @example
 * const decision = await reconcile({ installationId, owner: "acme", repo: "access", number: 7 }, deps);
 * decision?.wakeAt; // when to look again
 */
export async function reconcile(ref: IssueRef, deps: ReconcileDeps): Promise<Decision | undefined> {
  let loaded: Loaded | undefined;
  try {
    loaded = await load(ref, deps);
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 410) return deleted(ref, deps);
    throw error;
  }
  if (!loaded) return undefined;
  const first = decide(loaded.input);
  const subject = needsOtherGrants(first) ?? liveGrantWriting(loaded, first);
  if (!subject) return settle(loaded, first, deps);
  // Membership changes for one team and person are decided one at a time, each seeing the others.
  // A grant belongs to the request's author, known by their numeric id: a renamed account is the same person.
  const requester = loaded.input.request.author;
  const lockKey = grantKey(ref.owner, subject.team, requester);
  return deps.grants.withLock(lockKey, async (waited) => {
    // Another decision for this team and person ran meanwhile: read again.
    const fresh = waited ? await load(ref, deps) : loaded;
    if (!fresh) return undefined;
    const history = foldHistory(fresh.chain.records);
    // Only a grant about to be made needs the person's membership now (standing or not).
    const granting = !history.granted && !history.approved;
    if (granting) {
      fresh.input.membership = await fresh.github.teamMembership(ref.owner, subject.team, fresh.input.request.author.login);
    }
    // A person who is not a member holds no membership through another grant: no need to look for one.
    const known = deps.grants.others(lockKey, fresh.key, fresh.input.now);
    fresh.input.otherGrants = granting && fresh.input.membership !== "active" ? known : await otherGrants(fresh, subject.team, deps, history.granted !== undefined);
    return settle(fresh, decide(fresh.input), deps);
  });
}

/**
 * The request's issue is gone (deleted by an admin), and with it the trail.
 * A grant this process knew of from its verified records still ends on time:
 * the membership is removed at expiry, and the log says so. (Known only to
 * this process: after a restart nothing is left to read.)
 */
async function deleted(ref: IssueRef, deps: ReconcileDeps): Promise<Decision | undefined> {
  const key = `${ref.owner}/${ref.repo}#${ref.number}`;
  const known = deps.grants.byRequest(key);
  const log = maskChild(deps.log.child({ request: key }), deps.masker(ref.installationId));
  if (!known) {
    log.warn("the request's issue is gone; nothing is known of a grant on it");
    return undefined;
  }
  const now = deps.now();
  if (now < known.grant.expiresAt) return { state: "granted", effects: [], wakeAt: known.grant.expiresAt };
  const [org, team] = known.key.split("/") as [string, string];
  const others = deps.grants.others(known.key, key, now);
  if (!known.grant.standing && others.length === 0) {
    const github = await deps.github(ref.installationId);
    const outcome = await github.removeTeamMember(org, team, known.grant.login);
    log.warn({ team, user: known.grant.login, outcome }, "the request's issue was deleted; its grant expired and the membership was removed");
  }
  deps.grants.set(known.key, key, undefined);
  return { state: "expired", effects: [] };
}

/** Applies a decision; turns GitHub's refusals into decisions of their own. */
async function settle(loaded: Loaded, decision: Decision, deps: ReconcileDeps): Promise<Decision> {
  const { input, github, log } = loaded;
  log.info({ state: decision.state, effects: decision.effects.map((e) => e.kind) }, "reconciled");
  const undoAllowed = (input.otherGrants ?? []).every((g) => g.expiresAt <= input.now);
  const context: ApplyContext = { github, ref: loaded.ref, issue: loaded.name, masker: deps.masker(loaded.ref.installationId), signingKey: deps.signingKey, now: deps.now, lastHash: loaded.chain.lastHash, trail: loaded.chain.records, auditSink: deps.auditSink, log, undoAllowed };
  if (deps.after) context.after = deps.after;
  if (loaded.handle) context.handle = { ...loaded.handle, labels: [...loaded.handle.labels] };
  const live = liveGrantOf(loaded, decision);
  if (live) context.liveGrant = live;
  if (deps.later) {
    const later = deps.later;
    const key = `${loaded.ref.installationId}:${loaded.key}`;
    context.later = (write, effect) => {
      // Until it is written, the next read of the issue does not show it: the next decision sees it anyway.
      const queued = deps.labelsInFlight?.get(key) ?? [];
      deps.labelsInFlight?.set(key, [...queued, effect]);
      later(write.finally(() => {
        const left = (deps.labelsInFlight?.get(key) ?? []).filter((e) => e !== effect);
        if (left.length > 0) deps.labelsInFlight?.set(key, left);
        else deps.labelsInFlight?.delete(key);
      }));
    };
  }
  // Before this run is remembered, the grant may not be in the index yet (the run that grants it): kept here too.
  let removedAtExpiry: number | undefined;
  context.onRemovedAtExpiry = (at) => {
    removedAtExpiry = at;
    deps.grants.noteRemovedAtExpiry(loaded.key, at);
  };
  if (deps.wake) {
    const wake = deps.wake;
    context.onAccess = (expiresAt) => wake(loaded.ref, expiresAt);
  }
  const onRecorded = deps.onRecorded;
  if (onRecorded) context.onRecorded = (data, before) => onRecorded(input, data, before);
  let applied = decision;
  try {
    try {
      applied = { ...decision, effects: await applyEffects(decision.effects, context) };
    } finally {
      if (context.lastCommentId !== undefined) {
        deps.lastWritten?.set(`${loaded.ref.installationId}:${loaded.key}`, { commentId: context.lastCommentId, at: deps.now() });
      }
    }
  } catch (error) {
    const cause = error instanceof EffectError ? error.cause : error;
    if (cause instanceof MembershipRefusedError && input.grantRefused === undefined) {
      log.warn({ reason: cause.reason }, "GitHub refused the membership");
      const again = await load(loaded.ref, deps);
      if (!again) throw error;
      again.input.grantRefused = cause.reason;
      again.input.otherGrants = input.otherGrants ?? [];
      return settle(again, decide(again.input), deps);
    }
    if (error instanceof EffectError && error.effect.kind === "remove-member" && input.removalFailed === undefined) {
      // Nothing before the removal was applied, so the same input stands.
      const reason = cause instanceof Error ? cause.message : String(cause);
      log.error({ err: cause }, "removing the membership failed; will retry");
      const failed = { ...input, removalFailed: reason };
      return settle({ ...loaded, input: failed }, decide(failed), deps);
    }
    throw cause;
  }
  remember(loaded, applied, deps, removedAtExpiry);
  deps.onSettled?.(`${loaded.ref.installationId}:${loaded.key}`, input, applied);
  const written = applied.effects.filter((e) => e.kind === "record").length;
  const countKey = `${loaded.ref.installationId}:${loaded.key}`;
  const before = deps.recordCounts?.get(countKey);
  const count = Math.max(before?.count ?? 0, loaded.chain.records.length + written);
  deps.recordCounts?.set(countKey, { count, at: written > 0 ? deps.now() : (before?.at ?? deps.now()) });
  return applied;
}

async function load(ref: IssueRef, deps: ReconcileDeps): Promise<Loaded | undefined> {
  const key = `${ref.owner}/${ref.repo}#${ref.number}`;
  const log = maskChild(deps.log.child({ request: key }), deps.masker(ref.installationId));
  const github = await deps.github(ref.installationId);
  const [{ issue, entries }, identity] = await Promise.all([github.readRequest(ref), deps.identity()]);
  const { timeline, comments } = readTimeline(entries, identity);
  const name = trailName(comments, key, deps.signingKey);
  const chain = verifyChain(comments, name, deps.signingKey);
  const written = deps.lastWritten?.get(`${ref.installationId}:${key}`);
  if (written && !comments.some((c) => c.id === written.commentId) && deps.now() - written.at < STALE_READ_MS) {
    // GitHub can answer a read from a copy that lags behind its writes: deciding on it would fork the chain.
    throw new StaleReadError(key);
  }
  // A drift issue (its first trusted record is the drift guard's) is no request, whatever its labels;
  // nor is any issue the app opened itself (a drift issue whose records were deleted included).
  if (isDriftIssue(chain.records[0]?.data)) return undefined;
  if (issue.author.type === "Bot" && issue.author.login === `${identity.slug}[bot]`) return undefined;
  const tracked = chain.records.length > 0 || chain.findings.length > 0;

  const policy = await deps.policies.load(github, ref.installationId, ref.owner, ref.repo);
  const settings = policy.kind === "ok" ? policy.policies.settings : undefined;
  deps.onPolicies?.(policy, ref.installationId, `${ref.owner}/${ref.repo}`);
  const requestLabel = settings?.requestLabel ?? deps.requestLabel;
  if (!tracked && !issue.labels.includes(requestLabel) && !issue.labels.some((l) => l.startsWith(STATUS_LABEL_PREFIX))) return undefined;
  // Known from here on whatever its labels (see app.ts): only issues that are requests.
  deps.seen?.set(`${ref.installationId}:${key}`, issueFingerprint(issue.updatedAt, issue.labels));
  const history = foldHistory(chain.records);
  const queued = deps.labelsInFlight?.get(`${ref.installationId}:${key}`);
  const labels = withQueued(issue.labels, queued);
  // A close or lock still queued is as good as done: deciding on the issue as it read would plan it again.
  const state = queued?.some((e) => e.kind === "close") ? "closed" : issue.state;
  const locked = queued?.some((e) => e.kind === "lock") ? true : issue.locked;
  const request: DecisionInput["request"] = { ref: key, author: person(issue.author), body: issue.body, state, labels, locked, bodyEdits: issue.bodyEdits };
  const parsed = parseRequestBody(issue.body);
  const team = history.granted?.data.team ?? history.approved?.data.team ?? (parsed.ok ? parsed.fields.team : undefined);
  const teamPolicy = policy.kind === "ok" && team !== undefined ? policy.policies.teams.get(team) : undefined;

  const lookups = planLookups({ request, timeline }, teamPolicy, history.granted !== undefined || history.terminal !== undefined);
  const directory: Directory = { org: {}, teams: {} };
  // Approvers (and break-glass requesters) listed by name who acted: is the account holding the login older than the policy's commit?
  const committedAt = deps.policies.committedAt(ref.installationId, ref.owner, ref.repo);
  const named = new Set([...(teamPolicy?.approvers.users ?? []), ...(teamPolicy?.breakGlass?.requesters.users ?? [])].map((u) => u.toLowerCase()));
  const accounts = committedAt === undefined ? [] : lookups.org.filter((login) => named.has(login));
  if (committedAt !== undefined) directory.policyCommittedAt = committedAt;
  await Promise.all([
    ...accounts.map(async (login) => {
      const created = await github.accountCreatedAt(login);
      if (created !== undefined) (directory.accounts ??= {})[login] = created;
    }),
    ...lookups.org.map(async (login) => {
      directory.org[login] = await github.isOrgMember(ref.owner, login);
    }),
    ...lookups.teams.map(async ({ team: slug, login }) => {
      const state = await github.teamMembership(ref.owner, slug, login);
      (directory.teams[slug] ??= {})[login] = state === "active";
    }),
  ]);
  const input: DecisionInput = {
    now: deps.now(),
    request,
    timeline,
    records: chain.records,
    findings: [...chain.findings, ...trailFindings(chain.records, issue.labels, timeline, deps.recordCounts?.get(`${ref.installationId}:${key}`), deps.now(), `${identity.slug}[bot]`)],
    policy,
    directory,
    // Looked up only when a grant is about to be made (see reconcile).
    membership: "none",
    requestLabel,
    appLogin: `${identity.slug}[bot]`,
  };
  // The app removed the membership at this very expiry from a run that was still writing: not again.
  const removedAtExpiry = deps.grants.byRequest(key)?.grant.removedAtExpiry;
  if (removedAtExpiry !== undefined && history.granted && !history.terminal && removedAtExpiry === history.expiresAt) input.removedAtExpiry = removedAtExpiry;
  // Someone else was seen removing this live grant's membership: GitHub says whether it is gone now.
  const removalRead = deps.grants.byRequest(key)?.grant.removed;
  if (removalRead && history.granted && !history.terminal) {
    const state = await github.teamMembership(ref.owner, history.granted.data.team, issue.author.login);
    if (state === "none") input.membershipRemoved = removalRead;
  }
  // With label changes of an earlier run still queued, labels keep going through the queue, in order:
  // a batch sent ahead of them would be undone when they land.
  const handle = issue.nodeId !== undefined && queued === undefined ? { handle: { nodeId: issue.nodeId, isPullRequest: issue.isPullRequest, labels: [...labels], labelIds: issue.labelIds ?? {} } } : {};
  return { ref, input, chain, github, identity, key, name, log, ...handle, ...(removalRead ? { removalRead } : {}) };
}

async function otherGrants(loaded: Loaded, team: string, deps: ReconcileDeps, forEnd: boolean): Promise<OtherGrant[]> {
  const requester = loaded.input.request.author;
  const known = deps.grants.others(grantKey(loaded.ref.owner, team, requester), loaded.key, loaded.input.now);
  const found = await findOtherGrants(loaded.github, loaded.ref, team, requester, loaded.identity, deps.signingKey, loaded.input.now, forEnd);
  const byRef = new Map([...found, ...known].map((g) => [g.ref, g]));
  return [...byRef.values()];
}

/**
 * A live grant whose run writes records (they can wait behind a burst of
 * other requests' writes) is decided under the grant's lock, with the other
 * grants looked up, so that its removal can be armed for the run (see
 * liveGrantOf).
 */
function liveGrantWriting(loaded: Loaded, decision: Decision): { team: string; login: string } | undefined {
  const grant = foldHistory(loaded.chain.records).granted?.data;
  if (decision.state !== "granted" || !grant || grant.standing || !decision.effects.some((e) => e.kind === "record")) return undefined;
  return { team: grant.team, login: grant.requester };
}

/**
 * The live grant a run keeps (neither adds nor ends), with the expiry it
 * will have once the run's records are written, when its membership is
 * this grant's alone: only then may the run remove it at that expiry.
 */
function liveGrantOf(loaded: Loaded, decision: Decision): ApplyContext["liveGrant"] {
  const { input } = loaded;
  if (decision.state !== "granted" || input.otherGrants === undefined || decision.effects.some((e) => e.kind === "add-member" || e.kind === "remove-member")) return undefined;
  const history = foldHistory(loaded.chain.records);
  const grant = history.granted?.data;
  if (!grant || grant.standing || history.expiresAt === undefined) return undefined;
  if (input.otherGrants.some((g) => g.expiresAt > input.now)) return undefined;
  let expiresAt = history.expiresAt;
  for (const effect of decision.effects) {
    if (effect.kind === "record" && effect.data.event === "extended") expiresAt = effect.data.expiresAt;
  }
  return { team: grant.team, login: input.request.author.login, expiresAt };
}

/** Keeps the in-process index of live grants in step with what was just decided. */
function remember(loaded: Loaded, decision: Decision, deps: ReconcileDeps, removedInRun?: number): void {
  const history = foldHistory(loaded.chain.records);
  let grant: { team: string; requester: string; standing: boolean } | undefined = history.granted?.data;
  let expiresAt = history.expiresAt;
  for (const effect of decision.effects) {
    if (effect.kind !== "record") continue;
    if (effect.data.event === "granted") {
      grant = effect.data;
      expiresAt = effect.data.expiresAt;
    } else if (effect.data.event === "extended") {
      expiresAt = effect.data.expiresAt;
    }
  }
  if (!grant || expiresAt === undefined) return;
  const live = decision.state === "granted" || decision.state === "revoke-failed";
  const requester = loaded.input.request.author;
  const key = grantKey(loaded.ref.owner, grant.team, requester);
  // A removal noted while this reconcile ran was not read by it: it stays for the next one.
  const known = deps.grants.byRequest(loaded.key)?.grant;
  const noted = known?.removed;
  const removed = noted && noted !== loaded.removalRead ? { removed: noted } : {};
  // A removal at this expiry made by this run (or an earlier one) stays noted until the end is recorded.
  const removedAtExpiry = (removedInRun ?? known?.removedAtExpiry) === expiresAt ? { removedAtExpiry: expiresAt } : {};
  deps.grants.set(key, loaded.key, live ? { ref: loaded.key, expiresAt, standing: grant.standing, login: requester.login, ...removed, ...removedAtExpiry } : undefined);
}


/** The labels as they will be once the queued label changes are written. */
function withQueued(labels: readonly string[], queued: readonly Effect[] | undefined): string[] {
  let now = [...labels];
  for (const effect of queued ?? []) {
    if (effect.kind === "add-label" && !now.includes(effect.label)) now.push(effect.label);
    else if (effect.kind === "remove-label") now = now.filter((l) => l !== effect.label);
    else if (effect.kind === "set-labels") now = [...effect.labels];
    else if (effect.kind === "close" && effect.labels) now = [...effect.labels];
  }
  return now;
}
