import { trailName } from "../audit/check-chain.js";
import { verifyChain } from "../audit/verify-chain.js";
import { MAX_POLICY_DURATION_MS } from "../core/policy-schema.js";
import { foldHistory, type History } from "../core/history.js";
import type { OtherGrant, Person } from "../core/input.js";
import { sameIds, teamIdsOf, type TeamIds } from "../core/team-ids.js";
import type { IssueRef, TimelineEntry } from "../github/client.js";
import { statusOf } from "../github/errors.js";
import { readTimeline, type AppIdentity } from "./read-timeline.js";
import type { RequestSource } from "./request-source.js";

/** The reads a search for other grants makes: a request source, or the GitHubClient itself. */
export type OtherGrantReads = Pick<RequestSource, "listRepositories" | "listAllIssues" | "listTimeline">;

/**
 * Live grants of a team to a person recorded on other requests of the
 * installation: every issue the person opened, in every repository, touched
 * within the longest grant a policy can give, read from its own signed
 * records — never from labels, which anyone with triage rights can strip or
 * add. A request moved from another repository keeps the name its records
 * were written under (see trailName).
 *
 * A grant whose trail has findings (a record deleted, forged or edited)
 * counts too, unless `forEnd`: its signed records still say it was made.
 *
 * `forEnd`: the answer only decides whether ending a grant removes the
 * membership, so closed requests are not read (one timeline read fewer for
 * each of the person's past requests): closing a request ends its grant, so
 * a closed request's grant is being removed by its own reconcile anyway.
 * Deciding a new grant reads them all: a membership a closed request still
 * holds must never be taken for a standing one.
 *
 * @example
 * await findOtherGrants(github, ref, "ops", { login: "jane", bot: false, id: 42 }, identity, key, Date.now(), false);
 */
export async function findOtherGrants(
  github: OtherGrantReads,
  ref: IssueRef,
  team: string,
  requester: Person,
  identity: AppIdentity,
  signingKey: string,
  now: number,
  forEnd: boolean,
  /** Count a request approved and not yet granted too (the drift guard, and a new grant): its approval record is written before the PUT. */
  options: {
    approvedCounts?: boolean;
    /**
     * Also a grant past its expiry whose end is not recorded yet: until its
     * end is reconciled it still holds the membership, which a new grant
     * must never take for a standing one.
     */
    notEnded?: boolean;
    /** Also a grant recorded under another slug whose team ids are these (the team renamed, and the policy's key with it). */
    teamIds?: TeamIds;
  } = {},
): Promise<OtherGrant[]> {
  const found: OtherGrant[] = [];
  const self = `${ref.owner}/${ref.repo}#${ref.number}`;
  const since = new Date(now - MAX_POLICY_DURATION_MS).toISOString();
  for (const { owner, repo } of await github.listRepositories()) {
    for (const issue of await github.listAllIssues(owner, repo, { creator: requester.login, state: "all", since })) {
      // A grant belongs to its request's author, known by numeric id: a renamed account's requests are still theirs.
      if (issue.user && !samePerson(issue.user, requester)) continue;
      const other = `${owner}/${repo}#${issue.number}`;
      if (other === self || (forEnd && issue.state === "closed")) continue;
      const { history, intact } = trailHistory(await github.listTimeline({ installationId: ref.installationId, owner, repo, number: issue.number }), other, identity, signingKey);
      const grant = history.granted?.data ?? (options.approvedCounts ? history.approved?.data : undefined);
      // A trail someone tampered with still holds its signed grant until its own reconcile revokes it: a new grant
      // must not take that membership for a standing one (anyone who can comment can plant a copied record there).
      // Ending a grant need not wait for it: its revocation removes the membership.
      if (!grant || history.terminal || (!intact && forEnd)) continue;
      if (grant.team !== team && !(grant.event === "granted" && sameIds(grant.teamIds, options.teamIds))) continue;
      if (grant.requesterId !== undefined && requester.id !== undefined && grant.requesterId !== requester.id) continue;
      const expiresAt = history.expiresAt ?? grant.expiresAt;
      if (expiresAt > now || options.notEnded) found.push({ ref: other, expiresAt, standing: grant.standing, ...teamIdsOf(grant.event === "granted" ? grant : {}) });
    }
  }
  return found;
}

/**
 * The grants this process remembers (its grant index) less those whose own
 * signed trail, read now, holds the record of their end. The index is this
 * process's memory: with several replicas (see GrantIndex.shared), another
 * one may have ended a grant early (`/revoke`, a closed request), and a
 * remembered grant that no longer holds the membership would keep it past
 * the end of the last grant that does. Only an end record counts: a trail
 * read too soon to show the grant's own records (a read lagging behind the
 * write) leaves it remembered, and so does an issue that answers 404
 * (reconcileDeleted ends that grant). `forget` is told of each grant found
 * ended.
 *
 * @example
 * const live = await withoutEnded(source, ref.installationId, known, identity, key, (ref) => index.set(key, ref, undefined));
 */
export async function withoutEnded(
  github: Pick<RequestSource, "listTimeline">,
  installationId: number,
  known: readonly OtherGrant[],
  identity: AppIdentity,
  signingKey: string,
  forget: (ref: string) => void,
): Promise<OtherGrant[]> {
  const live: OtherGrant[] = [];
  for (const grant of known) {
    const named = namedRequest(grant.ref);
    if (!named) {
      live.push(grant);
      continue;
    }
    let entries;
    try {
      entries = await github.listTimeline({ installationId, ...named });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      live.push(grant);
      continue;
    }
    if (trailHistory(entries, grant.ref, identity, signingKey).history.terminal !== undefined) forget(grant.ref);
    else live.push(grant);
  }
  return live;
}

/**
 * A request's history from its timeline: its verified records folded, and whether its chain had no findings.
 *
 * @example
 * const { history, intact } = trailHistory(await source.listTimeline(ref), "acme/access#7", identity, key);
 */
export function trailHistory(entries: TimelineEntry[], name: string, identity: AppIdentity, signingKey: string): { history: History; intact: boolean } {
  const { comments } = readTimeline(entries, identity);
  const chain = verifyChain(comments, trailName(comments, name, signingKey), signingKey);
  return { history: foldHistory(chain.records), intact: chain.findings.length === 0 };
}

/**
 * The owner, repository and number a request's name holds (`acme/access#7`,
 * as the grant index and the trail write it), or undefined.
 *
 * @example
 * namedRequest("acme/access#7"); // { owner: "acme", repo: "access", number: 7 }
 */
export function namedRequest(name: string): { owner: string; repo: string; number: number } | undefined {
  const match = /^([^/]+)\/([^#]+)#(\d+)$/.exec(name);
  return match ? { owner: match[1]!, repo: match[2]!, number: Number(match[3]) } : undefined;
}

/** The same account: by numeric id when both are known, else by login (case-insensitive). */
function samePerson(user: { login: string; id?: number }, person: Person): boolean {
  if (user.id !== undefined && person.id !== undefined) return user.id === person.id;
  return user.login.toLowerCase() === person.login.toLowerCase();
}
