import { newRecordId, type SignedRecord } from "../audit/record-codec.js";
import { recordFacts } from "../audit/record-facts.js";
import { mapStrings } from "../audit/bound-record.js";
import { sealComment } from "../audit/seal-comment.js";
import type { Effect } from "../core/decide.js";
import type { RecordData } from "../core/records.js";
import { GitHubError } from "../github/errors.js";
import type { ApplyContext } from "./apply-effects.js";
import { issueWriteOf, type Batch } from "./batch-writes.js";

/**
 * Seals, posts and copies one record; `earlier` gains it, so the next record
 * carries its facts. A post whose answer was lost (5xx, none at all) may have
 * made the comment: it is looked for, by its unique record id, before the
 * reconcile is retried, so a record is never written twice.
 *
 * @example
 * await writeRecord({ event: "granted", requester: "jane", team: "ops", expiresAt, standing: false }, earlier, context);
 */
export async function writeRecord(data: RecordData, earlier: RecordData[], context: ApplyContext): Promise<void> {
  const sealed = sealRecord(data, earlier, context);
  if (context.noIssue) {
    // No issue to comment on (it was deleted): the record goes to the write-once copy and the log only.
    await recorded(data, earlier, context, sealed, 0);
    return;
  }
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
 *
 * @example
 * await writeBatch({ record, riders: [{ kind: "set-labels", labels }] }, earlier, context, (rider) => applyEffect(rider, context, earlier));
 */
export async function writeBatch(batch: Batch, earlier: RecordData[], context: ApplyContext, applyRider: (rider: Effect) => Promise<void>): Promise<void> {
  const handle = context.handle!;
  const sealed = sealRecord(batch.record.data, earlier, context);
  const planned = issueWriteOf(batch, handle, sealed.body);
  if (!planned) {
    const { id } = await postOnce(context, sealed.body, () => context.github.createComment(context.ref, sealed.body, { sealed: true }));
    await recorded(batch.record.data, earlier, context, sealed, id);
    for (const rider of batch.riders) await applyRider(rider);
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
