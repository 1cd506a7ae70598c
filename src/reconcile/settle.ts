import type { Decision } from "../core/decide.js";
import type { DecisionInput } from "../core/input.js";
import { heldGrant, type HeldGrant, type Observations } from "../core/next-step.js";
import { foldHistory } from "../core/history.js";
import { sameTeam, teamIdsOf } from "../core/team-ids.js";
import { MembershipRefusedError } from "../github/errors.js";
import { applyEffects, EffectError, type ApplyContext } from "./apply-effects.js";
import { grantKey } from "./grant-index.js";
import { memoryKey, ofIssue } from "./process-memory.js";
import type { ReconcileDeps } from "./reconcile-deps.js";
import type { Loaded } from "./read-snapshot.js";

/**
 * A decision applied, or GitHub's answer to one of its effects, to be
 * decided on in the next pass: a refused membership (the request is read
 * again: its approval record is written) or a failed removal (nothing
 * before it was applied, so the same read stands). A settled decision
 * carries the grant the request holds after it (`held`, from the effects as
 * applied: a grant's expiry is dated from GitHub's answer), which the grant
 * index remembers.
 */
export type Settled = { kind: "settled"; decision: Decision; held?: HeldGrant } | { kind: "observed"; observations: Observations; reread: boolean };

/**
 * Applies one decision through the effect executor and keeps this process's
 * memories in step (the grant index, the last record written, the record
 * count). Each refusal is observed once: a second one of the same kind
 * fails the reconcile, which is retried.
 *
 * @example
 * const outcome = await settle(loaded, { decision, input }, {}, deps);
 * if (outcome.kind === "observed") snapshot = { ...snapshot, observations: outcome.observations };
 */
export async function settle(loaded: Loaded, decided: { decision: Decision; input: DecisionInput }, observations: Observations, deps: ReconcileDeps): Promise<Settled> {
  const { decision, input } = decided;
  const { log } = loaded;
  const memory = memoryKey(loaded.ref.installationId, loaded.key);
  log.info({ state: decision.state, effects: decision.effects.map((e) => e.kind) }, "reconciled");
  const context = applyContext(loaded, decided, deps);
  // Before this run is remembered, the grant may not be in the index yet (the run that grants it): kept here too.
  let removedAtExpiry: number | undefined;
  context.onRemovedAtExpiry = (at) => {
    removedAtExpiry = at;
    deps.grants.noteRemovedAtExpiry(loaded.key, at);
  };
  let applied = decision;
  try {
    try {
      applied = { ...decision, effects: await applyEffects(decision.effects, context) };
    } finally {
      if (context.lastCommentId !== undefined) deps.memory.lastWritten.set(memory, { commentId: context.lastCommentId, at: deps.now(), ...nodeIdOf(loaded) });
    }
  } catch (error) {
    const cause = error instanceof EffectError ? error.cause : error;
    if (cause instanceof MembershipRefusedError && observations.grantRefused === undefined) {
      log.warn({ reason: cause.reason }, "GitHub refused the membership");
      return { kind: "observed", observations: { ...observations, grantRefused: cause.reason }, reread: true };
    }
    if (error instanceof EffectError && error.effect.kind === "remove-member" && observations.removalFailed === undefined) {
      log.error({ err: cause }, "removing the membership failed; will retry");
      return { kind: "observed", observations: { ...observations, removalFailed: cause instanceof Error ? cause.message : String(cause) }, reread: false };
    }
    throw cause;
  }
  const held = heldGrant(loaded.chain.records, applied);
  if (held) remember(loaded, held, deps, removedAtExpiry, context.lastHash);
  deps.onSettled?.(memory, input, applied);
  const written = applied.effects.filter((e) => e.kind === "record").length;
  const before = ofIssue(deps.memory.recordCounts.get(memory), loaded.nodeId);
  const count = Math.max(before?.count ?? 0, loaded.chain.records.length + written);
  deps.memory.recordCounts.set(memory, { count, at: written > 0 ? deps.now() : (before?.at ?? deps.now()), ...nodeIdOf(loaded) });
  return { kind: "settled", decision: applied, ...(held ? { held } : {}) };
}

/** The executor's context for one run: where to write, how to mask and sign, and whom to tell. */
function applyContext(loaded: Loaded, decided: { decision: Decision; input: DecisionInput }, deps: ReconcileDeps): ApplyContext {
  const { input } = decided;
  const othersLive = (input.otherGrants ?? []).filter((g) => g.expiresAt > input.now);
  const context: ApplyContext = { github: loaded.github, ref: loaded.ref, issue: loaded.name, masker: deps.masker(loaded.ref.installationId), signingKey: deps.signingKey, now: deps.now, lastHash: loaded.chain.lastHash, trail: loaded.chain.records, auditSink: deps.auditSink, log: loaded.log, othersLive };
  if (deps.after) context.after = deps.after;
  if (loaded.handle) context.handle = { ...loaded.handle, labels: [...loaded.handle.labels] };
  const live = liveGrantOf(loaded, decided);
  if (live) context.liveGrant = live;
  if (deps.later) {
    const later = deps.later;
    const key = memoryKey(loaded.ref.installationId, loaded.key);
    context.later = (write, effect) => {
      // Until it is written, the next read of the issue does not show it: the next decision sees it anyway.
      const queued = deps.memory.labelsInFlight.get(key) ?? [];
      deps.memory.labelsInFlight.set(key, [...queued, effect]);
      later(write.finally(() => {
        const left = (deps.memory.labelsInFlight.get(key) ?? []).filter((e) => e !== effect);
        if (left.length > 0) deps.memory.labelsInFlight.set(key, left);
        else deps.memory.labelsInFlight.delete(key);
      }));
    };
  }
  if (deps.wake) {
    const wake = deps.wake;
    context.onAccess = (expiresAt) => wake(loaded.ref, expiresAt);
  }
  const onRecorded = deps.onRecorded;
  if (onRecorded) context.onRecorded = (data, before) => onRecorded(input, data, before);
  return context;
}

/**
 * The live grant a run keeps (neither adds nor ends), with the expiry it
 * will have once the run's records are written, when its membership is
 * this grant's alone: only then may the run remove it at that expiry.
 */
function liveGrantOf(loaded: Loaded, { decision, input }: { decision: Decision; input: DecisionInput }): ApplyContext["liveGrant"] {
  if (decision.state !== "granted" || input.otherGrants === undefined || decision.effects.some((e) => e.kind === "add-member" || e.kind === "remove-member")) return undefined;
  const history = foldHistory(loaded.chain.records);
  const grant = history.granted?.data;
  if (!grant || grant.standing || history.expiresAt === undefined) return undefined;
  if (input.otherGrants.some((g) => g.expiresAt > input.now && sameTeam(g, grant))) return undefined;
  let expiresAt = history.expiresAt;
  for (const effect of decision.effects) {
    if (effect.kind === "record" && effect.data.event === "extended") expiresAt = effect.data.expiresAt;
  }
  return { team: grant.team, ...teamIdsOf(grant), login: input.request.author.login, expiresAt };
}

/** Keeps the in-process index of live grants in step with what was just applied. */
function remember(loaded: Loaded, grant: HeldGrant, deps: ReconcileDeps, removedInRun: number | undefined, lastHash: string | null): void {
  const requester = loaded.input.request.author;
  const key = grantKey(loaded.ref.owner, grant.team, requester);
  // A removal noted while this reconcile ran was not read by it: it stays for the next one.
  const known = deps.grants.byRequest(loaded.key)?.grant;
  const noted = known?.removed;
  const removed = noted && noted !== loaded.removalRead ? { removed: noted } : {};
  // A removal at this expiry made by this run (or an earlier one) stays noted until the end is recorded.
  const removedAtExpiry = (removedInRun ?? known?.removedAtExpiry) === grant.expiresAt ? { removedAtExpiry: grant.expiresAt } : {};
  // The last record's hash: should the issue be deleted, the record of the grant's end chains to it in the audit file.
  const chained = lastHash === null ? { trail: loaded.name } : { lastHash, trail: loaded.name };
  deps.grants.set(key, loaded.key, grant.live ? { ref: loaded.key, expiresAt: grant.expiresAt, standing: grant.standing, login: requester.login, ...teamIdsOf(grant), ...removed, ...removedAtExpiry, ...chained, ...nodeIdOf(loaded) } : undefined);
}

/** `{ nodeId }` of the issue read, when known: kept with what the process remembers of it. */
function nodeIdOf(loaded: Loaded): { nodeId?: string } {
  return loaded.nodeId === undefined ? {} : { nodeId: loaded.nodeId };
}
