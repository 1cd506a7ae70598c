import type { Logger } from "pino";
import type { AuditSink } from "../audit/file-sink.js";
import { sealRecord, type SignedRecord } from "../audit/record-codec.js";
import { FINAL_EVENTS, recordFacts } from "../audit/record-facts.js";
import { renderRecord } from "../audit/render-record.js";
import type { Effect } from "../core/decide.js";
import type { RecordData, TrustedRecord } from "../core/records.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import type { Masker } from "../masking/index.js";

export interface ApplyContext {
  github: GitHubClient;
  ref: IssueRef;
  masker: Masker;
  signingKey: string;
  now: () => number;
  /** Hash of the last trusted record, chained into the next. */
  lastHash: string | null;
  /** The trusted records so far, whose facts (team, duration, policy, …) each new record repeats. */
  trail?: readonly TrustedRecord[];
  /** The write-once copy (AUDIT_LOG_FILE), when configured. */
  auditSink?: AuditSink | undefined;
  log: Logger;
}

/**
 * Applies a decision's effects in order. Membership changes and records must
 * happen: a failure stops the run and the reconcile is retried, and because
 * the core orders a grant's record before its membership change (and a
 * revocation's after), a retry always finds a consistent trail. Labels,
 * closing and locking are best effort and logged. A request that ends is
 * closed and its conversation locked, so its trail cannot grow later.
 *
 * @example
 * await applyEffects(decision.effects, context);
 */
export async function applyEffects(effects: readonly Effect[], context: ApplyContext): Promise<void> {
  const { github, ref } = context;
  const org = ref.owner;
  const earlier = (context.trail ?? []).map((r) => r.data);
  let finished = false;
  for (const effect of effects) {
    switch (effect.kind) {
      case "record":
        await writeRecord(effect.data, earlier, context);
        finished ||= FINAL_EVENTS.has(effect.data.event);
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
      case "add-label":
        await bestEffort("add-label", context, () => github.addLabel(ref, effect.label));
        break;
      case "remove-label":
        await bestEffort("remove-label", context, () => github.removeLabel(ref, effect.label));
        break;
      case "close":
        await bestEffort("close", context, () => github.close(ref, effect.reason));
        finished = true;
        break;
    }
  }
  if (finished) await bestEffort("lock", context, () => github.lock(ref), "the request stays unlocked; lock it by hand");
}

/** Seals, posts and copies one record; `earlier` gains it, so the next record carries its facts. */
async function writeRecord(data: RecordData, earlier: RecordData[], context: ApplyContext): Promise<void> {
  const { masker } = context;
  const request = `${context.ref.owner}/${context.ref.repo}#${context.ref.number}`;
  const record = maskStrings({
    v: 1,
    issue: request,
    at: new Date(context.now()).toISOString(),
    prev: context.lastHash,
    ...recordFacts(data, earlier),
    ...data,
  } as SignedRecord, masker);
  const sealed = sealRecord(masker.mask(renderRecord(record)), record, context.signingKey);
  const { id } = await context.github.createComment(context.ref, sealed.body, { sealed: true });
  context.lastHash = sealed.hash;
  earlier.push(data);
  context.log.info({ event: data.event }, "record written");
  await context.auditSink?.append({ request, commentId: id, hash: sealed.hash, body: sealed.body });
}

async function bestEffort(what: string, context: ApplyContext, change: () => Promise<void>, otherwise = "the next reconcile tries again"): Promise<void> {
  try {
    await change();
  } catch (error) {
    context.log.warn({ err: error, effect: what }, `best-effort change failed; ${otherwise}`);
  }
}

/** Masks every string in a record, at any depth, before it is signed. */
function maskStrings<T>(value: T, masker: Masker): T {
  if (typeof value === "string") return masker.mask(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskStrings(v, masker)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v, masker)])) as T;
  }
  return value;
}
