import type { Logger } from "pino";
import type { Decision } from "../core/decide.js";
import { teamIdsOf } from "../core/team-ids.js";
import type { Masker } from "../masking/index.js";
import { decideDeleted } from "../core/decide-deleted.js";
import type { IssueRef } from "../github/client.js";
import { maskChild } from "../masking/logger.js";
import { restRequestSource } from "../github/rest-request-source.js";
import { applyEffects } from "./apply-effects.js";
import { withoutEnded } from "./find-other-grants.js";
import { grantPerson } from "./grant-index.js";
import type { ReconcileDeps } from "./reconcile-deps.js";

/**
 * The request's issue is gone (deleted by an admin), and with it the trail.
 * A grant this process knew of from its verified records still ends on time:
 * at expiry the effect executor removes the membership and seals the end's
 * record, which goes to the audit file (AUDIT_LOG_FILE) chained to the last
 * record this process saw, and to the log. (Known only to this process:
 * after a restart nothing is left to read.)
 *
 * @example
 * await reconcileDeleted({ installationId: 1, owner: "acme", repo: "access", number: 7 }, deps);
 */
export async function reconcileDeleted(ref: IssueRef, deps: ReconcileDeps): Promise<Decision | undefined> {
  const key = `${ref.owner}/${ref.repo}#${ref.number}`;
  const known = deps.grants.byRequest(key);
  const masker = deps.masker(ref.installationId);
  const log = maskChild(deps.log.child({ request: key }), masker);
  if (!known) {
    log.warn("the request's issue is gone; nothing is known of a grant on it");
    return undefined;
  }
  // Before its expiry: nothing but a wake-up at the expiry.
  const [, team] = known.key.split("/") as [string, string];
  const early = decideDeleted({ team, ...teamIdsOf(known.grant), login: known.grant.login, standing: known.grant.standing, expiresAt: known.grant.expiresAt }, [], deps.now());
  if (early.effects.length === 0) return early;
  // The end is decided under the team-and-person lock, like any membership change, each seeing the
  // others: a grant of the same team and person decided meanwhile keeps the membership.
  return deps.grants.withLock(known.key, () => endDeleted(ref, key, deps, log, masker));
}

/** The grant's end, under its lock: read from the grant index again, as another run may have changed it. */
async function endDeleted(ref: IssueRef, key: string, deps: ReconcileDeps, log: Logger, masker: Masker): Promise<Decision | undefined> {
  const known = deps.grants.byRequest(key);
  if (!known) return undefined;
  const now = deps.now();
  const [, team] = known.key.split("/") as [string, string];
  const { grant } = known;
  const github = await deps.github(ref.installationId);
  const source = deps.source ? await deps.source(ref.installationId) : restRequestSource(github);
  // Another grant of the team and person remembered here keeps the membership, unless its own trail says it ended.
  const remembered = deps.grants.others(known.key, key, now);
  const others = remembered.length === 0 || !deps.grants.shared ? remembered : await withoutEnded(source, ref.installationId, remembered, await deps.identity(), deps.signingKey, (other) => deps.grants.set(known.key, other, undefined));
  let decision = decideDeleted({ team, ...teamIdsOf(grant), login: grant.login, standing: grant.standing, expiresAt: grant.expiresAt }, others, now);
  if (decision.effects.length === 0) return decision;
  // The login was last seen on the issue, which is gone: the person may have renamed their account
  // since (and someone else may hold the freed login). The membership goes by the numeric id.
  const { id } = grantPerson(known.key, grant.login);
  if (id !== undefined && decision.effects.some((e) => e.kind === "remove-member")) {
    const login = await source.teamMemberLogin(ref.owner, team, id, grant.teamIds);
    decision = decideDeleted({ team, ...teamIdsOf(grant), login: login ?? grant.login, standing: grant.standing, expiresAt: grant.expiresAt, ...(login === undefined ? { gone: true } : {}) }, others, now);
  }
  const effects = await applyEffects(decision.effects, { github, ref, issue: grant.trail ?? key, masker, signingKey: deps.signingKey, now: deps.now, lastHash: grant.lastHash ?? null, auditSink: deps.auditSink, log, noIssue: true });
  const removed = effects.some((e) => e.kind === "remove-member");
  const where = deps.auditSink ? "the audit file and this log" : "this log only (no AUDIT_LOG_FILE is set)";
  log.warn({ team, user: grant.login, removed }, `the request's issue was deleted; its grant expired and its end was recorded in ${where}`);
  deps.grants.set(known.key, key, undefined);
  return { ...decision, effects };
}
