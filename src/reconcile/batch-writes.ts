import type { Effect } from "../core/decide.js";
import type { IssueWrite } from "../github/issue-write.js";

/** Effects that change only the issue: best effort, and able to ride in the same request as a record. */
export type Rider = Extract<Effect, { kind: "add-label" | "remove-label" | "set-labels" | "close" | "lock" }>;

/** A record and the riders that follow it in the plan, written as one request. */
export interface Batch {
  record: Extract<Effect, { kind: "record" }>;
  riders: Rider[];
}

/** What the issue looks like to a batched write: its node id, its labels, the label ids known. */
export interface IssueHandle {
  nodeId: string;
  isPullRequest: boolean;
  /** The labels as the decision saw them (queued changes included), kept up to date as writes land. */
  labels: string[];
  /** Label node ids by lower-case name. */
  labelIds: Readonly<Record<string, string>>;
}

/**
 * Whether an effect only changes the issue (labels, close, lock).
 *
 * @example
 * isRider({ kind: "lock" }); // true
 */
export function isRider(effect: Effect): effect is Rider {
  return effect.kind === "add-label" || effect.kind === "remove-label" || effect.kind === "set-labels" || effect.kind === "close" || effect.kind === "lock";
}

/**
 * Groups a plan for writing: each record takes the riders that follow it,
 * up to the next record or membership change, into one request; everything
 * else stays as it is, in order. One record per request, never two: GitHub
 * runs every field of a document even after one fails, so a second record
 * could land chained to a first that never did.
 *
 * @example
 * batches([record, { kind: "add-member", … }, record2, { kind: "set-labels", labels }]);
 * // [{ record, riders: [] }, { kind: "add-member", … }, { record: record2, riders: [set-labels] }]
 */
export function batches(effects: readonly Effect[]): (Effect | Batch)[] {
  const out: (Effect | Batch)[] = [];
  let open: Batch | undefined;
  for (const effect of effects) {
    if (effect.kind === "record") {
      open = { record: effect, riders: [] };
      out.push(open);
    } else if (open && isRider(effect)) open.riders.push(effect);
    else {
      open = undefined;
      out.push(effect);
    }
  }
  return out;
}

/**
 * The one request that writes a batch: the record, then the label changes
 * (against the labels the issue has), then close and lock. Undefined when a
 * label to add has no known id (GraphQL adds labels by id and creates none;
 * the first use of a label in a repository goes through REST, which creates
 * it).
 *
 * @example
 * issueWriteOf(batch, handle, sealedBody); // { subjectId, comment: sealedBody, removeLabelIds: [...], addLabelIds: [...] }
 */
export function issueWriteOf(batch: Batch, issue: IssueHandle, comment: string): { write: IssueWrite; labels: string[] } | undefined {
  let wanted = [...issue.labels];
  const write: IssueWrite = { subjectId: issue.nodeId, isPullRequest: issue.isPullRequest, comment };
  for (const rider of batch.riders) {
    if (rider.kind === "add-label" && !has(wanted, rider.label)) wanted.push(rider.label);
    else if (rider.kind === "remove-label") wanted = wanted.filter((l) => !same(l, rider.label));
    else if (rider.kind === "set-labels") wanted = [...rider.labels];
    else if (rider.kind === "close") {
      write.close = rider.reason;
      if (rider.labels) wanted = [...rider.labels];
    } else if (rider.kind === "lock") write.lock = true;
  }
  const removed = issue.labels.filter((l) => !has(wanted, l));
  const added = wanted.filter((l) => !has(issue.labels, l));
  const ids = (names: string[]) => names.map((n) => issue.labelIds[n.toLowerCase()]);
  const removeIds = ids(removed);
  const addIds = ids(added);
  if ([...removeIds, ...addIds].some((id) => id === undefined)) return undefined;
  if (removeIds.length > 0) write.removeLabelIds = removeIds as string[];
  if (addIds.length > 0) write.addLabelIds = addIds as string[];
  return { write, labels: wanted };
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function has(labels: readonly string[], label: string): boolean {
  return labels.some((l) => same(l, label));
}
