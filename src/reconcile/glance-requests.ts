import { trailName } from "../audit/check-chain.js";
import { verifyChain } from "../audit/verify-chain.js";
import { decide } from "../core/decide.js";
import { isDriftIssue } from "../core/drift-records.js";
import { foldHistory } from "../core/history.js";
import type { DecisionInput } from "../core/input.js";
import type { PolicyLoad } from "../core/policy.js";
import { breakGlassOf, labelKey } from "../core/records.js";
import { teamIdsOf } from "../core/team-ids.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import type { GlancedIssue } from "../github/glance-query.js";
import { restUser } from "../github/request-query.js";
import { grantKey, type KnownGrant } from "./grant-index.js";
import { person, readTimeline, type AppIdentity } from "./read-timeline.js";
import { memoryKey, ofIssue } from "./process-memory.js";
import { issueFingerprint, type ReconcileDeps } from "./reconcile.js";
import { trailFindings } from "./trail-checks.js";

/** An open request the sweep's listing showed, not yet known to this process, that may hold a live grant. */
export interface GlanceCandidate {
  ref: IssueRef;
  /** GitHub's global id, from the listing. */
  nodeId: string;
  /** The labels and update time the listing showed. */
  labels: string[];
  updatedAt: string;
}

/** What a glance allows: arm a live grant's removal, or read the request in full. */
export type GlanceVerdict =
  | { kind: "live"; expiresAt: number; grantKey: string; grant: KnownGrant; records: number }
  /** `urgent`: the grant is past its end; its removal must wait behind nothing. */
  | { kind: "full"; reason: string; urgent?: true };

export interface GlanceContext {
  identity: AppIdentity;
  signingKey: string;
  policy: PolicyLoad;
  /** The request label in force for the repository. */
  requestLabel: string;
  /** How many trusted records this process saw on the request before (deletions show as fewer). */
  seenRecords?: { count: number; at: number };
  now: number;
}

/**
 * Whether what one glance read of a request is enough to know it holds a
 * live grant that needs nothing before its expiry. The request's whole
 * comment thread must have been read, its every record of the app verified
 * (signature, chain, no edit of the app's comments, nothing forged), and the
 * core, deciding on exactly that, must want no effect and wake at the
 * grant's expiry. Anything else — a forged or edited record, a grant due,
 * an extension or break-glass review waiting, a command to answer, labels
 * out of step, a pull request, a trail longer than one page — is read in
 * full. A live verdict never extends anything: it arms the removal at the
 * expiry the verified records give.
 *
 * @example
 * judgeGlance(glanced, candidate, { identity, signingKey, policy, requestLabel: "access-request", now }).kind; // "live" | "full"
 */
export function judgeGlance(glanced: GlancedIssue | undefined, candidate: GlanceCandidate, context: GlanceContext): GlanceVerdict {
  const full = (reason: string): GlanceVerdict => ({ kind: "full", reason });
  if (!glanced) return full("GitHub showed no issue for its node id (a pull request, or moved or gone since the listing)");
  if (!glanced.complete) return full("more comments than one glance reads");
  // A close reopened since still ends the request (see closedBy): the full read has the timeline that says when.
  if (glanced.closedOnce) return full("it was closed at some time (reopened since)");
  const appLogin = `${context.identity.slug}[bot]`;
  const author = restUser(glanced.author);
  if (author.login === appLogin) return full("an issue the app opened");
  const { owner, repo, number } = candidate.ref;
  const key = `${owner}/${repo}#${number}`;
  const { timeline, comments } = readTimeline(glanced.comments, context.identity);
  const trail = trailName(comments, key, context.signingKey);
  const chain = verifyChain(comments, trail, context.signingKey);
  const findings = [...chain.findings, ...trailFindings(chain.records, candidate.labels, timeline, context.seenRecords, context.now, appLogin)];
  if (findings.length > 0) return full("its trail has findings: tampering is judged on the full read");
  if (chain.records.length === 0 || isDriftIssue(chain.records[0]?.data)) return full("no request records");
  const history = foldHistory(chain.records);
  const granted = history.granted;
  if (!granted || history.terminal) return full("no live grant in its records");
  if (history.extension) return full("an extension waits for approval");
  if (breakGlassOf(chain.records.map((r) => r.data))) return full("a break-glass grant: its review has a clock of its own");
  const expiresAt = history.expiresAt ?? granted.data.expiresAt;
  if (expiresAt <= context.now) return { kind: "full", reason: "the grant is due", urgent: true };
  const requester = person(author);
  if (granted.data.requesterId !== undefined && requester.id !== undefined && granted.data.requesterId !== requester.id) return full("the grant names another account than the issue's author");
  const input: DecisionInput = {
    now: context.now,
    request: { ref: key, author: requester, body: glanced.body, state: glanced.state, labels: candidate.labels, locked: glanced.locked },
    timeline,
    records: chain.records,
    findings: [],
    policy: context.policy,
    // No look-ups: a decision that would need one (a `/revoke` by an approver) has effects, and is read in full.
    directory: { org: {}, teams: {} },
    membership: "none",
    requestLabel: context.requestLabel,
    appLogin,
  };
  const decision = decide(input);
  if (decision.state !== "granted" || decision.effects.length > 0 || decision.wakeAt !== expiresAt) {
    return full(`deciding on the glance gives ${decision.state} with ${decision.effects.length} effects`);
  }
  return {
    kind: "live",
    expiresAt,
    grantKey: grantKey(owner, granted.data.team, requester),
    // The last record's hash and the trail's name: should the issue be deleted, the end's record chains to it.
    grant: { ref: key, expiresAt, standing: granted.data.standing, login: requester.login, ...teamIdsOf(granted.data), trail, ...(chain.lastHash === null ? {} : { lastHash: chain.lastHash }), nodeId: candidate.nodeId },
    records: chain.records.length,
  };
}

/** The requests a glance could not vouch for, to reconcile in full: behind webhooks, or at once when past their end. */
export interface GlanceOutcome {
  full: IssueRef[];
  urgent: IssueRef[];
}

/** What a glance needs of the app: the reconcile's own pieces, and a way to arm a request's timer. */
export type GlanceDeps = Pick<ReconcileDeps, "identity" | "policies" | "grants" | "signingKey" | "requestLabel" | "now" | "log" | "memory" | "onPolicies"> & {
  /** Arms the request's reconcile at a time (the scheduler's remindAt). */
  wake(ref: IssueRef, at: number): void;
};

/**
 * Reads up to 100 open requests of one repository in one GraphQL query and,
 * for each whose glance shows a live grant needing nothing before its end
 * (judgeGlance), does what its reconcile would: arms its removal at the
 * expiry and notes the grant. Returns the requests that must be reconciled
 * in full: `urgent` those the glance could not vouch for (each is labelled as
 * a live grant), `full` those a reconcile of this process read and that
 * changed since. A request a reconcile of this process has read is left to that
 * reconcile's decision while the listing shows it as that reconcile read
 * it, and reconciled again when not: an older read must never replace what
 * a reconcile found.
 *
 * @example
 * const { full, urgent } = await glanceRequests(github, 1, "acme", "access", candidates, deps);
 * full.forEach((ref) => scheduler.backlog(ref));
 * urgent.forEach((ref) => scheduler.enqueue(ref));
 */
export async function glanceRequests(github: GitHubClient, installationId: number, owner: string, repo: string, candidates: readonly GlanceCandidate[], deps: GlanceDeps): Promise<GlanceOutcome> {
  const policy = await deps.policies.load(github, installationId, owner, repo);
  deps.onPolicies?.(policy, installationId, `${owner}/${repo}`);
  const requestLabel = labelKey((policy.kind === "ok" ? policy.policies.settings?.requestLabel : undefined) ?? deps.requestLabel);
  const identity = await deps.identity();
  const glanced = await github.glanceRequests(candidates.map((c) => c.nodeId));
  const full: IssueRef[] = [];
  const urgent: IssueRef[] = [];
  for (const candidate of candidates) {
    const key = memoryKey(installationId, `${owner}/${repo}#${candidate.ref.number}`);
    // Read by a reconcile of this process (before or during this glance): an older read must never
    // replace what it found. As the listing shows it, its decision stands; changed since, it is read again.
    const read = deps.memory.seen.get(key);
    if (read !== undefined) {
      if (read !== issueFingerprint(candidate.updatedAt, candidate.labels)) full.push(candidate.ref);
      continue;
    }
    const seenRecords = ofIssue(deps.memory.recordCounts.get(key), candidate.nodeId);
    const verdict = judgeGlance(glanced.get(candidate.nodeId), candidate, { identity, signingKey: deps.signingKey, policy, requestLabel, now: deps.now(), ...(seenRecords ? { seenRecords } : {}) });
    if (verdict.kind === "full") {
      deps.log.debug({ request: candidate.ref.number, reason: verdict.reason }, "read in full after a glance");
      // Every candidate is labelled as a live grant: one the glance cannot vouch for (past its end, a
      // finding, an extension, more comments than a page) is read at once, never behind the backlog,
      // where a stream of webhooks could keep it waiting past its end.
      urgent.push(candidate.ref);
      continue;
    }
    deps.memory.seen.set(key, issueFingerprint(candidate.updatedAt, candidate.labels));
    deps.grants.set(verdict.grantKey, verdict.grant.ref, verdict.grant);
    deps.memory.recordCounts.set(key, { count: Math.max(seenRecords?.count ?? 0, verdict.records), at: seenRecords?.at ?? deps.now(), nodeId: candidate.nodeId });
    deps.wake(candidate.ref, verdict.expiresAt);
  }
  return { full, urgent };
}
