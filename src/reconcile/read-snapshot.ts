import type { Logger } from "pino";
import { trailName } from "../audit/check-chain.js";
import { verifyChain, type ChainResult } from "../audit/verify-chain.js";
import { planLookups, type Effect } from "../core/decide.js";
import { samePerson } from "../core/drift.js";
import { isDriftIssue } from "../core/drift-records.js";
import { foldHistory } from "../core/history.js";
import type { DecisionInput, Directory } from "../core/input.js";
import { labelKey, STATUS_LABEL_PREFIX } from "../core/records.js";
import { parseRequestBody } from "../core/request-form.js";
import { teamIdsOf } from "../core/team-ids.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import { maskChild } from "../masking/logger.js";
import type { IssueHandle } from "./batch-writes.js";
import { grantPerson, grantTeam, type KnownGrant } from "./grant-index.js";
import { person, readTimeline, type AppIdentity } from "./read-timeline.js";
import { memoryKey, ofIssue } from "./process-memory.js";
import type { ReconcileDeps } from "./reconcile-deps.js";
import type { CachedRequestSource } from "./request-source.js";
import { trailFindings } from "./trail-checks.js";

/** How long a read that does not show the app's own last record is taken for a lagging copy. */
const STALE_READ_MS = 60_000;

/** GitHub answered from a copy that does not yet show the app's last write; the reconcile is retried. */
export class StaleReadError extends Error {
  constructor(request: string) {
    super(`GitHub's answer for ${request} does not show the app's last record yet; trying again shortly`);
    this.name = "StaleReadError";
  }
}

/** One read of a request, with what the core decides on and what the shell needs to apply it. */
export interface Loaded {
  ref: IssueRef;
  input: DecisionInput;
  chain: ChainResult;
  /** Writes and policies go through the client; reads through the source. */
  github: GitHubClient;
  source: CachedRequestSource;
  identity: AppIdentity;
  key: string;
  /** The name the request's records go by: the issue it was opened as (see trailName). */
  name: string;
  log: Logger;
  /** The removal observation this read acted on (see KnownGrant.removed), so that one noted later is kept. */
  removalRead?: KnownGrant["removed"];
  /** The issue as a batched write names it (see ApplyContext.handle). */
  handle?: IssueHandle;
  /** The issue's node id as read, kept with what the process remembers of it (see RecordCount.nodeId). */
  nodeId?: string;
}

/**
 * What a label webhook can change of an issue: when a webhook's issue shows
 * exactly what the last reconcile read, that reconcile already saw the change.
 *
 * @example
 * issueFingerprint("2026-11-02T09:00:00Z", ["access-request"]); // "2026-11-02T09:00:00Z|access-request"
 */
export function issueFingerprint(updatedAt: string, labels: readonly string[]): string {
  return `${updatedAt}|${labels.map(labelKey).sort().join(",")}`;
}

/**
 * Reads a request through the source and builds the core's input: the
 * timeline, the verified chain, the policies, and the membership look-ups
 * the policy calls for. Undefined when the issue is not an access request.
 * Throws StaleReadError when the read does not show the app's last record.
 *
 * @example
 * const loaded = await readSnapshot(ref, deps, github, cachedSource(restRequestSource(github)));
 */
export async function readSnapshot(ref: IssueRef, deps: ReconcileDeps, github: GitHubClient, source: CachedRequestSource): Promise<Loaded | undefined> {
  const key = `${ref.owner}/${ref.repo}#${ref.number}`;
  const memory = memoryKey(ref.installationId, key);
  const log = maskChild(deps.log.child({ request: key }), deps.masker(ref.installationId));
  const [{ issue, entries }, identity] = await Promise.all([source.readRequest(ref), deps.identity()]);
  const { timeline, comments } = readTimeline(entries, identity);
  const name = trailName(comments, key, deps.signingKey);
  const chain = verifyChain(comments, name, deps.signingKey);
  const written = ofIssue(deps.memory.lastWritten.get(memory), issue.nodeId);
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
  const requestLabel = labelKey(settings?.requestLabel ?? deps.requestLabel);
  if (!tracked && !issue.labels.includes(requestLabel) && !issue.labels.some((l) => l.startsWith(STATUS_LABEL_PREFIX))) return undefined;
  // Known from here on whatever its labels (see app.ts): only issues that are requests.
  deps.memory.seen.set(memory, issueFingerprint(issue.updatedAt, issue.labels));
  const history = foldHistory(chain.records);
  const queued = deps.memory.labelsInFlight.get(memory);
  const labels = withQueued(issue.labels, queued);
  // A close or lock still queued is as good as done: deciding on the issue as it read would plan it again.
  const state = queued?.some((e) => e.kind === "close") ? "closed" : issue.state;
  const locked = queued?.some((e) => e.kind === "lock") ? true : issue.locked;
  const request: DecisionInput["request"] = { ref: key, author: person(issue.author), body: issue.body, state, labels, locked, bodyEdits: issue.bodyEdits };
  const parsed = parseRequestBody(issue.body);
  const team = history.granted?.data.team ?? history.approved?.data.team ?? (parsed.ok ? parsed.fields.team : undefined);
  const teamPolicy = policy.kind === "ok" && team !== undefined ? policy.policies.teams.get(team) : undefined;

  const lookups = planLookups({ request, timeline }, teamPolicy, history.granted !== undefined || history.terminal !== undefined, history.terminal !== undefined, history.extension !== undefined);
  const directory: Directory = { org: {}, teams: {} };
  // Approvers (and break-glass requesters) listed by name who acted: is the account holding the login older than the policy's commit?
  // And a login the policy pins to an account: is that account the one holding it?
  const committedAt = deps.policies.committedAt(ref.installationId, ref.owner, ref.repo);
  const named = new Set([...(teamPolicy?.approvers.users ?? []), ...(teamPolicy?.breakGlass?.requesters.users ?? [])].map((u) => u.toLowerCase()));
  const pinned = new Set([teamPolicy?.approvers, teamPolicy?.breakGlass?.requesters, teamPolicy?.requesters].flatMap((who) => Object.keys(who?.ids ?? {})));
  const accounts = lookups.org.filter((login) => pinned.has(login) || (committedAt !== undefined && named.has(login)));
  if (committedAt !== undefined) directory.policyCommittedAt = committedAt;
  await Promise.all([
    ...accounts.map(async (login) => {
      const account = await source.account(login);
      if (account?.createdAt !== undefined && named.has(login)) (directory.accounts ??= {})[login] = account.createdAt;
      if (account !== undefined && pinned.has(login)) (directory.accountIds ??= {})[login] = account.id;
    }),
    ...lookups.org.map(async (login) => {
      directory.org[login] = await source.isOrgMember(ref.owner, login);
    }),
    ...lookups.teams.map(async ({ team: slug, login }) => {
      const state = await source.teamMembership(ref.owner, slug, login);
      (directory.teams[slug] ??= {})[login] = state === "active";
    }),
  ]);
  // A team someone is a member of: is it the team the policy pins, or older than its commit? (core/team-age.ts)
  const pinnedTeams = new Set([teamPolicy?.approvers, teamPolicy?.breakGlass?.requesters, teamPolicy?.requesters].flatMap((who) => Object.keys(who?.teamIds ?? {})));
  const joined = Object.keys(directory.teams).filter((slug) => (committedAt !== undefined || pinnedTeams.has(slug)) && Object.values(directory.teams[slug]!).includes(true));
  await Promise.all(joined.map(async (slug) => {
    const now = await source.teamNow(ref.owner, slug);
    if (now !== undefined) (directory.teamsNow ??= {})[slug] = now;
  }));
  const input: DecisionInput = {
    now: deps.now(),
    request,
    timeline,
    records: chain.records,
    findings: [...chain.findings, ...trailFindings(chain.records, issue.labels, timeline, ofIssue(deps.memory.recordCounts.get(memory), issue.nodeId), deps.now(), `${identity.slug}[bot]`)],
    policy,
    directory,
    // Looked up only when a grant is about to be made (see nextStep).
    membership: "none",
    requestLabel,
    appLogin: `${identity.slug}[bot]`,
  };
  // The grant this process holds for the request: what a trail whose records were deleted no longer shows.
  const held = deps.grants.byRequest(key);
  // Only a grant to this issue's author, of this very issue (another issue under the name is not the one granted).
  if (held !== undefined && samePerson(grantPerson(held.key, held.grant.login), request.author) && ofIssue(held.grant, issue.nodeId) !== undefined) {
    input.heldGrant = { team: grantTeam(held.key), standing: held.grant.standing, ...teamIdsOf(held.grant) };
  }
  // The app removed the membership at this very expiry from a run that was still writing: not again.
  const removedAtExpiry = held?.grant.removedAtExpiry;
  if (removedAtExpiry !== undefined && history.granted && !history.terminal && removedAtExpiry === history.expiresAt) input.removedAtExpiry = removedAtExpiry;
  // Someone else was seen removing this live grant's membership: GitHub says whether it is gone now.
  const removalRead = held?.grant.removed;
  if (removalRead && history.granted && !history.terminal) {
    const membership = await source.teamMembership(ref.owner, history.granted.data.team, issue.author.login, history.granted.data.teamIds);
    if (membership === "none") input.membershipRemoved = removalRead;
  }
  // With label changes of an earlier run still queued, labels keep going through the queue, in order:
  // a batch sent ahead of them would be undone when they land.
  const handle = issue.nodeId !== undefined && queued === undefined ? { handle: { nodeId: issue.nodeId, isPullRequest: issue.isPullRequest, labels: [...labels], labelIds: issue.labelIds ?? {} } } : {};
  return { ref, input, chain, github, source, identity, key, name, log, ...handle, ...(removalRead ? { removalRead } : {}), ...(issue.nodeId === undefined ? {} : { nodeId: issue.nodeId }) };
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
