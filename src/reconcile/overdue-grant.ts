import type { Logger } from "pino";
import { sameTeam, teamIdsOf } from "../core/team-ids.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import { restRequestSource } from "../github/rest-request-source.js";
import { maskChild } from "../masking/logger.js";
import type { Person } from "../core/input.js";
import { findOtherGrants, trailHistory, type OtherGrantReads } from "./find-other-grants.js";
import { grantKey, grantPerson, type KnownGrant } from "./grant-index.js";
import type { ReconcileDeps } from "./reconcile-deps.js";
import type { RequestSource } from "./request-source.js";

/**
 * How long past a grant's expiry its reconciles must keep failing before the
 * membership is removed from the grant index: five retries (1, 2, 4, 8 and
 * 16 s), so that a failure that passes (a lagging read, one 5xx) ends the
 * grant the usual way, with no extra calls.
 */
export const OVERDUE_AFTER_MS = 30_000;

/**
 * A grant's end when its request's reconcile keeps failing past its expiry
 * ({@link OVERDUE_AFTER_MS}): the membership is removed from what this
 * process's grant index holds (the expiry of the grant's signed record, the
 * person's numeric id), so that no failure of the reconcile's reads or
 * decisions (GitHub's GraphQL API down, a policy that cannot be read, a fault
 * nobody foresaw) keeps access past its time. The end's record is not
 * written here: the issue's trail gets it from the first reconcile that
 * succeeds, which finds the removal noted (`removedAtExpiry`) and does not
 * send the `DELETE` again. Nothing is removed for a grant whose membership
 * was standing, whose removal at this expiry is noted already, or while
 * another live grant of the same team and person is known here; with
 * replicas, also not while the trail or the person's other requests, read
 * through REST, show the grant extended or ended or another live grant (see
 * stillOwed). True when the membership is gone (removed now, or found gone);
 * never throws: a removal that fails is logged and tried again with the
 * reconcile's retry.
 *
 * @example
 * try { return await reconcileRequest(ref, deps); } catch (error) { await endOverdueGrant(ref, deps); throw error; }
 */
export async function endOverdueGrant(ref: IssueRef, deps: ReconcileDeps): Promise<boolean> {
  const key = `${ref.owner}/${ref.repo}#${ref.number}`;
  const log = maskChild(deps.log.child({ request: key }), deps.masker(ref.installationId));
  try {
    const indexed = deps.grants.byRequest(key);
    if (indexed && !overdue(indexed.grant, deps.now())) return false;
    const github = await deps.github(ref.installationId);
    const reads = { github, source: deps.source ? await deps.source(ref.installationId) : restRequestSource(github) };
    const known = indexed ?? (await learntFromTrail(ref, key, deps, reads.source));
    if (!known || !overdue(known.grant, deps.now())) return false;
    // A grant learnt here: this process knows nothing else of the person's grants either, so REST is asked.
    const confirm = deps.grants.shared || indexed === undefined;
    return await deps.grants.withLock(known.key, () => removeOverdue(ref, key, deps, log, confirm, reads));
  } catch (error) {
    log.warn({ err: error }, "removing an overdue grant's membership failed; tried again with the reconcile's retry");
    return false;
  }
}

/**
 * A live grant this process's index does not know, from the request's
 * trail read through REST (its verified records), remembered in the index:
 * a process that started while the request could not be read in full
 * (GitHub's GraphQL API down across a restart) learns its grants here.
 */
async function learntFromTrail(ref: IssueRef, key: string, deps: ReconcileDeps, source: OtherGrantReads): Promise<{ key: string; grant: KnownGrant } | undefined> {
  const { history } = trailHistory(await source.listTimeline(ref), key, await deps.identity(), deps.signingKey);
  const granted = history.granted?.data;
  if (granted === undefined || history.terminal) return undefined;
  const person: Person = { login: granted.requester, bot: false, ...(granted.requesterId === undefined ? {} : { id: granted.requesterId }) };
  const learnt = { key: grantKey(ref.owner, granted.team, person), grant: { ref: key, expiresAt: history.expiresAt ?? granted.expiresAt, standing: granted.standing, login: granted.requester, ...teamIdsOf(granted) } };
  deps.grants.set(learnt.key, key, learnt.grant);
  return learnt;
}

/** What the removal reads and writes through: the installation's client, and the request source (REST unless one is given). */
interface OverdueReads {
  github: GitHubClient;
  source: RequestSource;
}

async function removeOverdue(ref: IssueRef, key: string, deps: ReconcileDeps, log: Logger, confirm: boolean, { github, source }: OverdueReads): Promise<boolean> {
  // Under the lock, as another run may have ended or extended the grant meanwhile.
  const now = deps.now();
  const again = deps.grants.byRequest(key);
  if (!again || !overdue(again.grant, now) || deps.grants.others(again.key, key, now).some((other) => sameTeam(other, again.grant))) return false;
  const { grant } = again;
  const [org, team] = again.key.split("/") as [string, string];
  // The login may have been renamed since the grant, and the freed one taken by someone else: the person is their numeric id.
  const person = grantPerson(again.key, grant.login);
  if (confirm && !(await stillOwed(ref, key, team, { ...person, bot: false }, deps, source, now))) return false;
  const login = person.id === undefined ? grant.login : await source.teamMemberLogin(org, team, person.id, grant.teamIds);
  const outcome = login === undefined ? "absent" : await github.removeTeamMember(org, team, login, grant.teamIds);
  deps.grants.noteRemovedAtExpiry(key, grant.expiresAt);
  log.error(
    { team, user: login ?? grant.login, expiresAt: new Date(grant.expiresAt).toISOString(), removed: outcome === "removed" },
    "the request's reconcile failed after its grant expired; the membership was removed from this process's grant index, and the end is recorded on the issue once a reconcile succeeds",
  );
  return true;
}

/**
 * With replicas, this index may not know what another replica wrote: an
 * extension of this grant, its end, or another live grant of the same team
 * and person. Before removing, the request's own trail and the person's
 * other requests are read through REST (the timeline, the issue lists),
 * which may answer while what made the reconcile fail does not; anything
 * that keeps the membership, or a read that fails, leaves it to the
 * reconcile's retries. Only the trail's verified records count: a forged or
 * deleted record keeps nothing (the reconcile that reads it revokes the
 * grant as tampered), or a requester could keep an overdue membership with
 * a comment that imitates a record.
 */
async function stillOwed(ref: IssueRef, key: string, team: string, person: Person, deps: ReconcileDeps, source: OtherGrantReads, now: number): Promise<boolean> {
  const identity = await deps.identity();
  const { history } = trailHistory(await source.listTimeline(ref), key, identity, deps.signingKey);
  // Ended by another replica, or extended by one past now: not this removal's to make.
  if (history.terminal || (history.granted !== undefined && (history.expiresAt ?? history.granted.data.expiresAt) > now)) return false;
  const others = await findOtherGrants(source, ref, team, person, identity, deps.signingKey, now, true);
  return others.length === 0;
}

/** A grant whose time has been up for {@link OVERDUE_AFTER_MS}, whose membership was not standing, and whose removal at this expiry is not noted yet. */
function overdue(grant: { expiresAt: number; standing: boolean; removedAtExpiry?: number }, now: number): boolean {
  return !grant.standing && grant.expiresAt + OVERDUE_AFTER_MS <= now && grant.removedAtExpiry !== grant.expiresAt;
}
