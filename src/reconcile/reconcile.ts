import type { Decision } from "../core/decide.js";
import { nextStep, type Lookups, type Need, type Observations } from "../core/next-step.js";
import type { OtherGrant } from "../core/input.js";
import { sameTeam } from "../core/team-ids.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import { statusOf } from "../github/errors.js";
import { restRequestSource } from "../github/rest-request-source.js";
import { reconcileDeleted } from "./deleted-request.js";
import { findOtherGrants, withoutEnded } from "./find-other-grants.js";
import { grantKey } from "./grant-index.js";
import { endOverdueGrant } from "./overdue-grant.js";
import { readSnapshot, type Loaded } from "./read-snapshot.js";
import type { ReconcileDeps } from "./reconcile-deps.js";
import { cachedSource } from "./request-source.js";
import { settle } from "./settle.js";

export { issueFingerprint, StaleReadError } from "./read-snapshot.js";
export type { ReconcileDeps } from "./reconcile-deps.js";

/** More passes than any request needs (look-ups, then a refusal and a failed removal observed): a loop, failed closed. */
const MAX_PASSES = 8;

/** One read of the request, the look-ups answered for it, and GitHub's answers to earlier effects. */
interface Pass {
  loaded: Loaded;
  lookups: Lookups;
  observations: Observations;
}

/**
 * Brings one request to the state its history calls for: reads the issue,
 * its timeline and the policies through the request source, asks the core
 * what it still needs or what it decided, fetches the needs and asks again,
 * then applies the decision. Safe to run any number of times, in any order.
 * Returns undefined when the issue is not an access request.
 *
 * @example
 * const decision = await reconcile({ installationId, owner: "acme", repo: "access", number: 7 }, deps);
 * decision?.wakeAt; // when to look again
 */
export async function reconcile(ref: IssueRef, deps: ReconcileDeps): Promise<Decision | undefined> {
  try {
    return await reconcileRequest(ref, deps);
  } catch (error) {
    // Failures that go on past a known grant's expiry do not keep its membership (see endOverdueGrant).
    await endOverdueGrant(ref, deps);
    throw error;
  }
}

async function reconcileRequest(ref: IssueRef, deps: ReconcileDeps): Promise<Decision | undefined> {
  const github = await deps.github(ref.installationId);
  const base = deps.source ? await deps.source(ref.installationId) : restRequestSource(github);
  let loaded: Loaded | undefined;
  try {
    loaded = await readSnapshot(ref, deps, github, cachedSource(base));
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 410) return reconcileDeleted(ref, deps);
    throw error;
  }
  if (!loaded) return undefined;
  const first = nextStep({ input: loaded.input, lookups: {}, observations: {} });
  if (first.kind === "decided") return run({ loaded, lookups: {}, observations: {} }, deps, github);
  // Membership changes for one team and person are decided one at a time, each seeing the others.
  // A grant belongs to the request's author, known by their numeric id: a renamed account is the same person.
  const lockKey = grantKey(ref.owner, first.subject.team, loaded.input.request.author);
  const before = loaded;
  return deps.grants.withLock(lockKey, async (waited) => {
    // Under the lock, memberships and other grants are read afresh; after a wait (another decision
    // for this team and person ran meanwhile) the request too.
    const source = cachedSource(base);
    const fresh = waited ? await readSnapshot(ref, deps, github, source) : { ...before, source };
    if (!fresh) return undefined;
    return run({ loaded: fresh, lookups: { subject: first.subject }, observations: {} }, deps, github);
  });
}

/** Asks the core, fetches what it needs, applies what it decides; GitHub's answers to effects come back as observations. */
async function run(start: Pass, deps: ReconcileDeps, github: GitHubClient): Promise<Decision | undefined> {
  let pass = start;
  for (let turn = 0; turn < MAX_PASSES; turn++) {
    const step = nextStep({ input: pass.loaded.input, lookups: pass.lookups, observations: pass.observations });
    if (step.kind === "needs") {
      pass = { ...pass, lookups: { ...pass.lookups, subject: step.subject, ...(await lookUp(step.need, pass.loaded, deps)) } };
      continue;
    }
    const outcome = await settle(pass.loaded, step, pass.observations, deps);
    if (outcome.kind === "settled") return outcome.decision;
    if (!outcome.reread) {
      pass = { ...pass, observations: outcome.observations };
      continue;
    }
    // The run wrote before GitHub refused: the next pass decides on the request as it is now, and on the
    // membership as it is after the refusal (an earlier run's PUT may have been carried out; see nextStep).
    pass.loaded.source.refresh();
    const again = await readSnapshot(pass.loaded.ref, deps, github, pass.loaded.source);
    if (!again) throw new Error(`${pass.loaded.key} is no longer an access request after GitHub refused its membership`);
    const { membership: _before, ...lookups } = pass.lookups;
    pass = { loaded: again, lookups, observations: outcome.observations };
  }
  throw new Error(`${pass.loaded.key}: no decision after ${MAX_PASSES} passes`);
}

/** Fetches one need through the request source (and this process's grant index). */
async function lookUp(need: Need, loaded: Loaded, deps: ReconcileDeps): Promise<Lookups> {
  const { ref, input, source } = loaded;
  const requester = input.request.author;
  if (need.kind === "membership") return { membership: await source.teamMembership(ref.owner, need.team, need.login) };
  // A new grant counts the grants whose end is not reconciled yet, expired or not: their membership is
  // not standing. Ending a grant counts only the live ones: an expired grant keeps nothing.
  const notEnded = !need.forEnd;
  const key = grantKey(ref.owner, need.team, requester);
  const known = deps.grants.others(key, loaded.key, input.now, notEnded);
  // A grant remembered here that its own trail says has ended (another replica ended it) counts for nothing.
  const confirm = async (grants: OtherGrant[]) =>
    deps.grants.shared ? withoutEnded(source, ref.installationId, grants, loaded.identity, deps.signingKey, (other) => deps.grants.set(key, other, undefined)) : grants;
  if (need.knownOnly) return { otherGrants: await ofTeamNamed(loaded, need, await confirm(known)) };
  // A new grant also counts a request approved and not yet granted: its approval is recorded before its PUT, which
  // GitHub may have carried out though its answer was an error; a membership found then is that grant's, not standing.
  const found = await findOtherGrants(source, ref, need.team, requester, loaded.identity, deps.signingKey, input.now, need.forEnd, { notEnded, approvedCounts: !need.forEnd });
  const foundRefs = new Set(found.map((g) => g.ref));
  const remembered = await confirm(known.filter((g) => !foundRefs.has(g.ref)));
  // Where both know a grant, this process's view (its latest extension) wins, as before.
  const byRef = new Map<string, OtherGrant>([...found, ...known.filter((g) => foundRefs.has(g.ref)), ...remembered].map((g) => [g.ref, g]));
  return { otherGrants: await ofTeamNamed(loaded, need, [...byRef.values()]) };
}

/**
 * Before a grant (a new one, or an approval whose grant did not follow), the
 * other grants of the team the slug names now: a grant of a renamed team
 * recorded under its old slug holds no membership of a new team that took
 * the slug, so it neither makes a membership there look added by a grant (not
 * standing) nor keeps one the approval may have added. Read only when some
 * grant knows its team's ids; where the slug names no team, all are kept.
 * Ending a grant compares ids itself (the grant knows its own).
 */
async function ofTeamNamed(loaded: Loaded, need: Extract<Need, { kind: "other-grants" }>, grants: OtherGrant[]): Promise<OtherGrant[]> {
  if (need.forEnd || !grants.some((g) => g.teamIds !== undefined)) return grants;
  const named = await loaded.github.teamIdsNamed(loaded.ref.owner, need.team);
  return named === undefined ? grants : grants.filter((g) => sameTeam(g, { teamIds: named }));
}
