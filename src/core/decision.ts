import type { DecisionInput, Person, TimelineItem } from "./input.js";
import { BREAK_GLASS_LABEL, breakGlassOf, STATUS_LABEL_PREFIX, statusLabel, type RecordData, type RequestState } from "./records.js";
import { appLabelledBreakGlass } from "./status-labels.js";
import type { TeamIds } from "./team-ids.js";

/** One change the shell must make, in order. */
export type Effect =
  | { kind: "record"; data: RecordData }
  /**
   * Adds the membership. The grant's clock starts when GitHub adds it: the
   * `granted` record that follows is dated from then, `durationMs` long.
   */
  | { kind: "add-member"; team: string; login: string; durationMs: number }
  /** `teamIds`: the grant's team as GitHub numbers it; the removal goes by them, whatever the slug names now. */
  | { kind: "remove-member"; team: string; login: string; teamIds?: TeamIds }
  | { kind: "add-label"; label: string }
  | { kind: "remove-label"; label: string }
  /** Replaces all labels at once (one call instead of one per label). */
  | { kind: "set-labels"; labels: string[] }
  /** Closes the request, setting its labels in the same call when given. */
  | { kind: "close"; reason: "completed" | "not_planned"; labels?: string[] }
  | { kind: "lock" }
  /** Unlocks a conversation someone locked before the request finished, so its trail can be written. */
  | { kind: "unlock" };

export interface Decision {
  state: RequestState;
  effects: Effect[];
  /** When the request must be looked at again even if nothing happens on GitHub. */
  wakeAt?: number;
}

/**
 * Wraps records as effects.
 *
 * @example
 * records([{ event: "withdrawn", requester: "jane", by: "jane" }]);
 */
export function records(data: readonly RecordData[]): Effect[] {
  return data.map((d) => ({ kind: "record", data: d }));
}

/**
 * Adds the label changes that leave exactly one status label, the state's.
 *
 * @example
 * labelled(input, "pending", []).effects; // [{ kind: "add-label", label: "access:pending" }]
 */
export function labelled(input: DecisionInput, state: RequestState, effects: Effect[], wakeAt?: number): Decision {
  const labels = statusLabels(input, state, effects);
  if (labels?.kind === "add") effects.push({ kind: "add-label", label: labels.label });
  else if (labels?.kind === "set") effects.push({ kind: "set-labels", labels: labels.labels });
  return wakeAt === undefined ? { state, effects } : { state, effects, wakeAt };
}

/**
 * The label change that leaves exactly one status label, the state's, and
 * the request label: adding one when that is all, else the whole new set
 * (without labels other effects remove), or nothing when the labels are
 * right.
 */
function statusLabels(input: DecisionInput, state: RequestState, effects: readonly Effect[]): { kind: "add"; label: string } | { kind: "set"; labels: string[] } | undefined {
  const wanted = [statusLabel(state)];
  // Only the app's signed records (or the one this decision writes) make a request break-glass, or on a trail tampered with
  // the app's own label event (see appLabelledBreakGlass); the label added by hand is taken off.
  const written = effects.flatMap((e) => (e.kind === "record" ? [e.data] : []));
  const grantedByGlass = input.records.some((r) => r.data.event === "granted" && r.data.breakGlass !== undefined);
  if (breakGlassOf([...input.records.map((r) => r.data), ...written]) || grantedByGlass || appLabelledBreakGlass(input)) wanted.push(BREAK_GLASS_LABEL);
  const current = input.request.labels;
  const stale = current.filter((l) => l.startsWith(STATUS_LABEL_PREFIX) && !wanted.includes(l));
  const missing = [...wanted, input.requestLabel].filter((l): l is string => l !== undefined && !current.includes(l));
  if (stale.length === 0 && missing.length <= 1) return missing[0] === undefined ? undefined : { kind: "add", label: missing[0] };
  const removed = new Set(effects.flatMap((e) => (e.kind === "remove-label" ? [e.label] : [])));
  const labels = current.filter((l) => !stale.includes(l) && !removed.has(l));
  return { kind: "set", labels: [...labels, ...missing] };
}

/**
 * A final state: labelled, then closed (if open) and locked so the trail
 * cannot grow afterwards.
 *
 * @example
 * finish(input, "denied", effects, "not_planned");
 */
export function finish(input: DecisionInput, state: RequestState, effects: Effect[], reason: "completed" | "not_planned"): Decision {
  if (input.request.state === "open") {
    // Closing and labelling in one call.
    const labels = statusLabels(input, state, effects);
    const close: Effect = { kind: "close", reason };
    if (labels) close.labels = labels.kind === "set" ? labels.labels : [...input.request.labels, labels.label];
    effects.push(close);
  } else {
    labelled(input, state, effects);
  }
  if (!input.request.locked) effects.push({ kind: "lock" });
  return { state, effects };
}

/**
 * Whether the request was closed by someone, and by whom, as a close that
 * ends it: not one by the app itself. The app closes a request only in the
 * same request as its final record (batched, GitHub runs the record first);
 * a close of its own with no final record is such a write whose record GitHub
 * refused while the close went through, and ends nothing: the decision the
 * write was for is made again.
 *
 * A request open again counts as closed when someone closed it after its
 * first record: a request that is not finished has never had a close read
 * (the app's answer to one is a final record, and it locks the request), so
 * a close reopened before the app looked (within a webhook's delay, or
 * while the app was down) still ends it.
 *
 * @example
 * closedBy(input); // { by: "jane" }; undefined: open and never closed since its first record, or closed by the app's own unfinished write; { by: undefined }: closed, closer unknown
 */
export function closedBy(input: DecisionInput): { by: string | undefined } | undefined {
  const app = input.appLogin?.toLowerCase();
  const byApp = (who: Person | undefined) => who?.bot === true && app !== undefined && who.login.toLowerCase() === app;
  if (input.request.state !== "closed") {
    const first = input.records[0]?.seq;
    if (first === undefined) return undefined;
    const close = input.timeline.find((item) => item.kind === "closed" && item.seq > first && !byApp(item.actor));
    return close === undefined || close.kind !== "closed" ? undefined : { by: close.actor.login };
  }
  const by = closer(input.timeline);
  if (byApp(by)) return undefined;
  return { by: by?.login };
}

/**
 * Who closed the request last.
 *
 * @example
 * closer(timeline)?.login; // "jane"
 */
export function closer(timeline: readonly TimelineItem[]): Person | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const item = timeline[i];
    if (item?.kind === "closed") return item.actor;
  }
  return undefined;
}
