import type { Logger } from "pino";
import type { AuditSink } from "../audit/file-sink.js";
import type { Effect } from "../core/decide.js";
import type { RecordData, TrustedRecord } from "../core/records.js";
import { sameTeam, teamIdsOf, type TeamIds } from "../core/team-ids.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import type { Masker } from "../masking/index.js";
import { batches, type Batch, type IssueHandle } from "./batch-writes.js";
import { writeBatch, writeRecord } from "./write-record.js";

/** The writes the effect executor makes: memberships, records, labels, close and lock. */
export type EffectWriter = Pick<GitHubClient, "addTeamMember" | "removeTeamMember" | "createComment" | "writeIssue" | "findPostedComment" | "addLabel" | "removeLabel" | "setLabels" | "close" | "lock" | "unlock">;

/** A membership the run may take back or end: its team (with the team's ids when known) and person. */
type Grant = { team: string; teamIds?: TeamIds; login: string };

export interface ApplyContext {
  github: EffectWriter;
  ref: IssueRef;
  masker: Masker;
  signingKey: string;
  now: () => number;
  /**
   * The other live grants of the team and person (by slug): a membership
   * this run adds is neither taken back nor ended in the run while one of
   * them is of the same team (the ids GitHub's `PUT` answer gave, where both
   * know them; see team-ids.ts).
   */
  othersLive?: readonly { teamIds?: TeamIds }[];
  /** Hash of the last trusted record, chained into the next. */
  lastHash: string | null;
  /** The comment holding the last record written in this run. */
  lastCommentId?: number;
  /** The trusted records so far, whose facts (team, duration, policy, …) each new record repeats. */
  trail?: readonly TrustedRecord[];
  /** The write-once copy (AUDIT_LOG_FILE), when configured. */
  auditSink?: AuditSink | undefined;
  /** Takes best-effort writes (labels, close, lock) off the run, to be awaited elsewhere. */
  later?: (write: Promise<void>, effect: Effect) => void;
  /** The name the request's records go by (a transferred request keeps the one it was opened under); default: the ref's. */
  issue?: string;
  /**
   * Told the moment GitHub has added a membership, with the grant's real
   * expiry, so that its removal is scheduled before any later write of the
   * run (records can queue behind other requests' writes).
   */
  onAccess?: (expiresAt: number) => void;
  /**
   * A timer on the app's clock. With it, a grant whose records are still
   * waiting their turn when its time is up loses its membership at that
   * moment, from within the run (the next reconcile records the end).
   */
  after?: (ms: number, fn: () => void) => { cancel(): void };
  /**
   * A live grant this run neither adds nor ends (its membership not standing,
   * no other live grant needing it): with `after`, if its time is up while
   * the run still waits to write, the membership goes at that moment too.
   */
  liveGrant?: Grant & { expiresAt: number };
  /** Told when the run removed the membership at the grant's expiry `at` (GitHub answered), so the end's reconcile does not send it again. */
  onRemovedAtExpiry?: (at: number) => void;
  /**
   * The issue as a batched write names it. With it, each record and the
   * label changes, close and lock that follow it go to GitHub as one request
   * (batch-writes.ts); without it, one request each.
   */
  handle?: IssueHandle;
  /** The issue is gone (deleted): records are sealed and chained as usual but go to the write-once copy and the log only. */
  noIssue?: boolean;
  /** Told of each record once GitHub has it, even when a later effect of the run fails, with every record before it (metrics). */
  onRecorded?: (data: RecordData, before: readonly RecordData[]) => void;
  log: Logger;
}

/**
 * Applies a decision's effects in order. Membership changes and records must
 * happen: a failure stops the run and the reconcile is retried, and because
 * the core orders a grant's record before its membership change (and a
 * revocation's after), a retry always finds a consistent trail. Labels and
 * closing are best effort and logged.
 *
 * A grant's clock starts when GitHub answers the membership `PUT`: the
 * `granted` record after it says the expiry counted from then. Returns the
 * effects as applied (with those real times).
 *
 * @example
 * const applied = await applyEffects(decision.effects, context);
 */
export async function applyEffects(effects: readonly Effect[], context: ApplyContext): Promise<Effect[]> {
  const added: Grant[] = [];
  const applied: Effect[] = [];
  const earlier = (context.trail ?? []).map((r) => r.data);
  let expiresAt: number | undefined;
  let teamIds: TeamIds | undefined;
  let done = false;
  const deadlines: { cancel(): void }[] = [];
  const removeAt = (grant: Grant, at: number) => {
    if (!context.after || !mayTake(context, grant)) return;
    deadlines.push(context.after(Math.max(0, at - context.now()), () => {
      if (!done) void endInRun(grant, at, context);
    }));
  };
  if (context.liveGrant) removeAt(context.liveGrant, context.liveGrant.expiresAt);
  // The `granted` record says the expiry counted from GitHub's answer to the PUT, and the team's ids that answer gave.
  const dated = (planned: Effect): Effect =>
    planned.kind === "record" && planned.data.event === "granted" && expiresAt !== undefined ? { ...planned, data: { ...planned.data, expiresAt, ...teamIdsOf({ teamIds }) } } : planned;
  try {
    for (const step of context.handle ? batches(effects) : effects) {
      if ("riders" in step) {
        const batch = { record: dated(step.record) as Batch["record"], riders: step.riders };
        try {
          await writeBatch(batch, earlier, context, async (rider) => void (await applyEffect(rider, context, earlier)));
        } catch (error) {
          await undoAdded(added, context);
          throw new EffectError(batch.record, error);
        }
        applied.push(batch.record, ...batch.riders);
        continue;
      }
      const effect = dated(step);
      try {
        const answer = await applyEffect(effect, context, earlier);
        applied.push(effect);
        if (effect.kind === "add-member") {
          teamIds = answer?.teamIds;
          const grant = { team: effect.team, login: effect.login, ...teamIdsOf({ teamIds }) };
          added.push(grant);
          expiresAt = context.now() + effect.durationMs;
          context.onAccess?.(expiresAt);
          removeAt(grant, expiresAt);
        }
      } catch (error) {
        await undoAdded(added, context);
        throw new EffectError(effect, error);
      }
    }
  } finally {
    done = true;
    for (const deadline of deadlines) deadline.cancel();
  }
  return applied;
}

/**
 * A membership whose grant record could not be written is not left in
 * place: take it back; the retry adds it again with its record. Not when
 * another live grant needs the same membership.
 */
async function undoAdded(added: readonly Grant[], context: ApplyContext): Promise<void> {
  for (const grant of added.filter((g) => mayTake(context, g))) {
    await context.github.removeTeamMember(context.ref.owner, grant.team, grant.login, grant.teamIds).catch((undo: unknown) => {
      context.log.error({ err: undo, team: grant.team, user: grant.login }, "could not take back a membership whose record failed; the next reconcile completes the grant");
    });
  }
}

/** Whether the run may take a membership back (or end it): no other live grant of the same team needs it. */
function mayTake(context: ApplyContext, grant: Grant): boolean {
  return !(context.othersLive ?? []).some((other) => sameTeam(other, grant));
}

/** The grant's time is up while its run still waits to write: the membership goes now, and the next reconcile records the end. */
async function endInRun(grant: Grant, at: number, context: ApplyContext): Promise<void> {
  try {
    const outcome = await context.github.removeTeamMember(context.ref.owner, grant.team, grant.login, grant.teamIds);
    context.onRemovedAtExpiry?.(at);
    context.log.info({ team: grant.team, user: grant.login, outcome }, "the grant's time was up while its records were still queued: membership removed on time");
  } catch (error) {
    context.log.warn({ err: error, team: grant.team, user: grant.login }, "removing the membership at its expiry failed; the reconcile after this run removes it");
  }
}

/** Which effect failed, and why. */
export class EffectError extends Error {
  constructor(
    readonly effect: Effect,
    override readonly cause: unknown,
  ) {
    super(`${effect.kind} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "EffectError";
  }
}

/** Applies one effect; a membership added answers the team's ids GitHub gave. */
async function applyEffect(effect: Effect, context: ApplyContext, earlier: RecordData[]): Promise<{ teamIds?: TeamIds } | undefined> {
  const { github, ref } = context;
  const org = ref.owner;
  switch (effect.kind) {
    case "record":
      await writeRecord(effect.data, earlier, context);
      break;
    case "add-member": {
      const answer = await github.addTeamMember(org, effect.team, effect.login);
      context.log.info({ team: effect.team, user: effect.login }, "membership added");
      return answer;
    }
    case "remove-member": {
      const outcome = await github.removeTeamMember(org, effect.team, effect.login, effect.teamIds);
      context.log.info({ team: effect.team, user: effect.login, outcome }, "membership removed");
      break;
    }
    case "unlock":
      // Must happen: the records after it cannot be written on a locked conversation.
      await github.unlock(ref);
      context.log.info("conversation unlocked so the trail can be written");
      break;
    case "add-label":
    case "remove-label":
    case "set-labels":
    case "close":
    case "lock":
      // Labels, closing and locking wait last in the write queue, behind every record of a
      // burst: the run does not wait for them (a removal due meanwhile must not wait for this
      // run to end), unless the caller has nobody to hand them to.
      if (context.later) context.later(bestEffort(effect, context), effect);
      else await bestEffort(effect, context);
      break;
  }
}

async function bestEffort(effect: Extract<Effect, { kind: "add-label" | "remove-label" | "set-labels" | "close" | "lock" }>, context: ApplyContext): Promise<void> {
  try {
    if (effect.kind === "add-label") await context.github.addLabel(context.ref, effect.label);
    else if (effect.kind === "remove-label") await context.github.removeLabel(context.ref, effect.label);
    else if (effect.kind === "set-labels") await context.github.setLabels(context.ref, effect.labels);
    else if (effect.kind === "lock") await context.github.lock(context.ref);
    else await context.github.close(context.ref, effect.reason, effect.labels);
  } catch (error) {
    context.log.warn({ err: error, effect: effect.kind }, "best-effort change failed; the next reconcile tries again");
  }
}
