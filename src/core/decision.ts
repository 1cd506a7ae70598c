import type { DecisionInput, Person, TimelineItem } from "./input.js";
import { STATUS_LABEL_PREFIX, statusLabel, type RecordData, type RequestState } from "./records.js";

/** One change the shell must make, in order. */
export type Effect =
  | { kind: "record"; data: RecordData }
  | { kind: "add-member"; team: string; login: string }
  | { kind: "remove-member"; team: string; login: string }
  | { kind: "add-label"; label: string }
  | { kind: "remove-label"; label: string }
  | { kind: "close"; reason: "completed" | "not_planned" }
  | { kind: "lock" };

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
  const wanted = statusLabel(state);
  const present = input.request.labels.filter((l) => l.startsWith(STATUS_LABEL_PREFIX));
  if (!present.includes(wanted)) effects.push({ kind: "add-label", label: wanted });
  for (const label of present) if (label !== wanted) effects.push({ kind: "remove-label", label });
  return wakeAt === undefined ? { state, effects } : { state, effects, wakeAt };
}

/**
 * A final state: labelled, then closed (if open) and locked so the trail
 * cannot grow afterwards.
 *
 * @example
 * finish(input, "denied", effects, "not_planned");
 */
export function finish(input: DecisionInput, state: RequestState, effects: Effect[], reason: "completed" | "not_planned"): Decision {
  const decision = labelled(input, state, effects);
  if (input.request.state === "open") decision.effects.push({ kind: "close", reason });
  if (!input.request.locked) decision.effects.push({ kind: "lock" });
  return decision;
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
