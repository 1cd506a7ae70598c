import type { Logger } from "pino";
import type { AuditSink } from "../audit/file-sink.js";
import { newRecordId, type SignedRecord } from "../audit/record-codec.js";
import { recordFacts } from "../audit/record-facts.js";
import { mapStrings } from "../audit/bound-record.js";
import { sealComment } from "../audit/seal-comment.js";
import type { Effect } from "../core/decide.js";
import type { RecordData, TrustedRecord } from "../core/records.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import { GitHubError } from "../github/errors.js";
import type { Masker } from "../masking/index.js";
import { batches, issueWriteOf, type Batch, type IssueHandle } from "./batch-writes.js";

export interface ApplyContext {
  github: GitHubClient;
  ref: IssueRef;
  masker: Masker;
  signingKey: string;
  now: () => number;
  /** False when another live grant needs the memberships this run adds. */
  undoAllowed?: boolean;
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
  liveGrant?: { team: string; login: string; expiresAt: number };
  /** Told when the run removed the membership at the grant's expiry `at` (GitHub answered), so the end's reconcile does not send it again. */
  onRemovedAtExpiry?: (at: number) => void;
  /**
   * The issue as a batched write names it. With it, each record and the
   * label changes, close and lock that follow it go to GitHub as one request
   * (batch-writes.ts); without it, one request each.
   */
  handle?: IssueHandle;
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
  const added: Extract<Effect, { kind: "add-member" }>[] = [];
  const applied: Effect[] = [];
  const earlier = (context.trail ?? []).map((r) => r.data);
  let expiresAt: number | undefined;
  let done = false;
  const deadlines: { cancel(): void }[] = [];
  const removeAt = (grant: { team: string; login: string }, at: number) => {
    if (!context.after || context.undoAllowed === false) return;
    deadlines.push(context.after(Math.max(0, at - context.now()), () => {
      if (!done) void endInRun(grant, at, context);
    }));
  };
  if (context.liveGrant) removeAt(context.liveGrant, context.liveGrant.expiresAt);
  // The `granted` record says the expiry counted from GitHub's answer to the PUT.
  const dated = (planned: Effect): Effect => (planned.kind === "record" && planned.data.event === "granted" && expiresAt !== undefined ? { ...planned, data: { ...planned.data, expiresAt } } : planned);
  try {
    for (const step of context.handle ? batches(effects) : effects) {
      if ("riders" in step) {
        const batch = { record: dated(step.record) as Batch["record"], riders: step.riders };
        try {
          await writeBatch(batch, earlier, context);
        } catch (error) {
          await undoAdded(added, context);
          throw new EffectError(batch.record, error);
        }
        applied.push(batch.record, ...batch.riders);
        continue;
      }
      const effect = dated(step);
      try {
        await applyEffect(effect, context, earlier);
        applied.push(effect);
        if (effect.kind === "add-member") {
          added.push(effect);
          expiresAt = context.now() + effect.durationMs;
          context.onAccess?.(expiresAt);
          removeAt(effect, expiresAt);
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
async function undoAdded(added: readonly { team: string; login: string }[], context: ApplyContext): Promise<void> {
  for (const grant of context.undoAllowed === false ? [] : added) {
    await context.github.removeTeamMember(context.ref.owner, grant.team, grant.login).catch((undo: unknown) => {
      context.log.error({ err: undo, team: grant.team, user: grant.login }, "could not take back a membership whose record failed; the next reconcile completes the grant");
    });
  }
}

/** The grant's time is up while its run still waits to write: the membership goes now, and the next reconcile records the end. */
async function endInRun(grant: { team: string; login: string }, at: number, context: ApplyContext): Promise<void> {
  try {
    const outcome = await context.github.removeTeamMember(context.ref.owner, grant.team, grant.login);
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

async function applyEffect(effect: Effect, context: ApplyContext, earlier: RecordData[]): Promise<void> {
  const { github, ref } = context;
  const org = ref.owner;
  switch (effect.kind) {
    case "record":
      await writeRecord(effect.data, earlier, context);
      break;
    case "add-member":
      await github.addTeamMember(org, effect.team, effect.login);
      context.log.info({ team: effect.team, user: effect.login }, "membership added");
      break;
    case "remove-member": {
      const outcome = await github.removeTeamMember(org, effect.team, effect.login);
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

/**
 * Seals, posts and copies one record; `earlier` gains it, so the next record
 * carries its facts. A post whose answer was lost (5xx, none at all) may have
 * made the comment: it is looked for, by its unique record id, before the
 * reconcile is retried, so a record is never written twice.
 */
async function writeRecord(data: RecordData, earlier: RecordData[], context: ApplyContext): Promise<void> {
  const sealed = sealRecord(data, earlier, context);
  const { id } = await postOnce(context, sealed.body, () => context.github.createComment(context.ref, sealed.body, { sealed: true }));
  await recorded(data, earlier, context, sealed, id);
}

/**
 * A record with the label changes, close and lock that follow it, in one
 * request (GitHub runs them in that order). The record must be made, or the
 * run fails and is retried; what rides with it is best effort, as when sent
 * alone: a part GitHub refused is logged and put right by the next
 * reconcile. A label the repository does not have yet cannot be added by id:
 * then the record and its riders go one request each, as without a batch.
 */
async function writeBatch(batch: Batch, earlier: RecordData[], context: ApplyContext): Promise<void> {
  const handle = context.handle!;
  const sealed = sealRecord(batch.record.data, earlier, context);
  const planned = issueWriteOf(batch, handle, sealed.body);
  if (!planned) {
    const { id } = await postOnce(context, sealed.body, () => context.github.createComment(context.ref, sealed.body, { sealed: true }));
    await recorded(batch.record.data, earlier, context, sealed, id);
    for (const rider of batch.riders) await applyEffect(rider, context, earlier);
    return;
  }
  // Until GitHub answers, what the riders did is unknown (a lost answer leaves it so; the next reconcile puts them right).
  let failed: Partial<Record<string, string>> = { riders: "unknown: GitHub's answer was lost" };
  const { id } = await postOnce(context, sealed.body, async () => {
    const result = await context.github.writeIssue(planned.write, { sealed: true });
    failed = result.failed;
    if (result.commentId === undefined) {
      // GitHub runs the fields after one it refused: status labels the app set with no record behind
      // them would read, on the next read, as the app's records deleted (tampering). Put the labels
      // back as they were before the retry; a close or lock without its record is the app's own and
      // the retry makes the same decision again.
      if ((planned.write.addLabelIds || planned.write.removeLabelIds) && !(result.failed.label && result.failed.unlabel)) {
        await context.github.setLabels(context.ref, handle.labels).catch((error: unknown) => context.log.warn({ err: error }, "could not put the labels back after GitHub refused a record; the next reconcile reads them"));
      }
      throw new Error(`GitHub did not make the record: ${result.failed.comment ?? "no comment in its answer"}`);
    }
    return { id: result.commentId };
  });
  await recorded(batch.record.data, earlier, context, sealed, id);
  handle.labels = planned.labels;
  if (batch.riders.length === 0) return;
  for (const [field, reason] of Object.entries(failed)) {
    context.log.warn({ effect: field, reason }, "best-effort change failed; the next reconcile tries again");
  }
}

/** Every string masked, at any depth, then signed and chained to the last record. */
function sealRecord(data: RecordData, earlier: readonly RecordData[], context: ApplyContext): { body: string; hash: string } {
  const { masker } = context;
  const record = mapStrings({
    v: 1,
    issue: requestName(context),
    at: new Date(context.now()).toISOString(),
    prev: context.lastHash,
    id: newRecordId(),
    ...recordFacts(data, earlier),
    ...data,
  } as SignedRecord, (text) => masker.mask(text));
  return sealComment(record, context.signingKey, (text) => masker.mask(text));
}

/** GitHub has the record: the chain moves on, the write-once copy gets it. */
async function recorded(data: RecordData, earlier: RecordData[], context: ApplyContext, sealed: { body: string; hash: string }, id: number): Promise<void> {
  context.lastHash = sealed.hash;
  context.lastCommentId = id;
  context.onRecorded?.(data, earlier);
  earlier.push(data);
  context.log.info({ event: data.event }, "record written");
  await context.auditSink?.append({ request: requestName(context), commentId: id, hash: sealed.hash, body: sealed.body });
}

function requestName(context: ApplyContext): string {
  return context.issue ?? `${context.ref.owner}/${context.ref.repo}#${context.ref.number}`;
}

/** Posts a sealed record; when the answer is lost, finds whether GitHub made it anyway. */
async function postOnce(context: ApplyContext, body: string, post: () => Promise<{ id: number }>): Promise<{ id: number }> {
  try {
    return await post();
  } catch (error) {
    // Only a 5xx or no answer leaves it unknown whether GitHub made the comment.
    if (!(error instanceof GitHubError) || (error.status !== 0 && error.status < 500)) throw error;
    const found = await context.github.findPostedComment(context.ref, body);
    if (!found) throw error;
    context.log.warn({ status: error.status, commentId: found.id }, "the answer to a record's post was lost, but GitHub had made the comment: not posted again");
    return found;
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
