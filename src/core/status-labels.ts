import type { History } from "./history.js";
import { sourceKey } from "./history.js";
import type { DecisionInput, TimelineItem } from "./input.js";
import { BREAK_GLASS_LABEL, STATUS_LABEL_PREFIX, statusLabel, type RecordData } from "./records.js";

/**
 * Status labels added by anyone but the app. They are never trusted — the
 * state comes from the app's signed records alone — and the label effects of
 * every decision take them off; each is answered once in the trail, so the
 * person who added it learns why it went. A finished, locked request is not
 * answered (GitHub refuses the app's comments there); its labels are still
 * put right.
 *
 * @example
 * handAddedStatusLabels(input, history);
 * // [{ event: "attempt-refused", source: "label", sourceId: 31, actor: "mallory", command: "label access:granted", reason: "…" }]
 */
export function handAddedStatusLabels(input: DecisionInput, history: History): RecordData[] {
  if (!history.snapshot || input.request.locked) return [];
  const app = input.appLogin?.toLowerCase();
  const answers: RecordData[] = [];
  for (const item of input.timeline) {
    // A label renamed into a status label since was not one when added: nobody added a status label by hand.
    if (item.kind !== "labeled" || item.renamed || !item.label.startsWith(STATUS_LABEL_PREFIX)) continue;
    if (app === undefined || item.actor.login.toLowerCase() === app) continue;
    if (item.seq <= history.snapshot.seq || history.answered.has(sourceKey("label", item.id))) continue;
    answers.push({
      event: "attempt-refused",
      source: "label",
      sourceId: item.id,
      actor: item.actor.login,
      command: `label ${item.label}`,
      reason: "status labels are set by jit-access alone and never change a request's state; the label was taken off. To approve, comment `/approve`; to end a grant, comment `/revoke` or close the issue",
    });
  }
  return answers;
}

/**
 * The labels an issue carries that the app itself added last (anyone can
 * add a status label by hand; only the app's say anything of its records).
 *
 * @example
 * labelsAddedByApp(["access-request", "access:granted"], timeline, "jit-access[bot]"); // Set { "access:granted" }
 */
export function labelsAddedByApp(labels: readonly string[], timeline: readonly TimelineItem[], appLogin: string | undefined): Set<string> {
  const app = appLogin?.toLowerCase();
  const addedBy = new Map<string, string>();
  // A label renamed since the app added it may have been another (the app's `access:pending` renamed `access:granted`).
  for (const item of timeline) if (item.kind === "labeled") addedBy.set(item.label, item.renamed ? "" : item.actor.login.toLowerCase());
  return new Set(labels.filter((l) => app !== undefined && addedBy.get(l) === app));
}

/**
 * Where the app itself labelled the request `access:break-glass` for a grant
 * it made, on a trail found tampered with (now, or as a `tampered` record
 * says: the last records deleted leave no gap once that record follows the
 * ones left). GitHub writes who added or removed a label in the timeline,
 * and nobody can take those events back: with the signed `approved` record
 * deleted, they are what still says a break-glass grant was made (see
 * glassUse). The app's own label events are replayed in order, people's
 * passed over (they may land inside the app's writes): the event counts when
 * the app had `access:granted` on then, or a `granted` record stands since
 * the latest snapshot before it, or a grant follows (the app labelling
 * `access:granted`, a `granted` record) before anyone takes the break-glass
 * label off and before a new snapshot is recorded. A break-glass refused on
 * its re-check, then approved as usual, and a grant GitHub refused owe no
 * review; what the app wrote after the grant (a new snapshot, labels taken
 * off on a reading blind to the deletion) takes nothing back. An event
 * whose label was edited since counts: the edit (a colour) would otherwise
 * take the evidence away. Undefined on an intact trail, whose records alone
 * say so.
 *
 * @example
 * appLabelledBreakGlass(input)?.at; // when the grant was labelled break-glass
 */
export function appLabelledBreakGlass(input: DecisionInput): { readonly seq: number; readonly at: number } | undefined {
  const app = input.appLogin?.toLowerCase();
  if ((input.findings.length === 0 && !input.records.some((r) => r.data.event === "tampered")) || app === undefined) return undefined;
  const granted = statusLabel("granted");
  // The records that matter here, among the timeline's items by their position in it.
  const marks = input.records.flatMap((r) => (r.data.event === "received" || r.data.event === "granted" ? [{ seq: r.seq, event: r.data.event }] : []));
  const events = [...input.timeline.map((item) => ({ seq: item.seq, item })), ...marks.map((mark) => ({ seq: mark.seq, mark }))].sort((x, y) => x.seq - y.seq);
  let grantedOn = false;
  let grantSince = false;
  let waiting: { readonly seq: number; readonly at: number } | undefined;
  for (const event of events) {
    if ("mark" in event) {
      if (event.mark.event === "granted" && waiting !== undefined) return waiting;
      grantSince = event.mark.event === "granted" || (grantSince && event.mark.event !== "received");
      if (event.mark.event === "received") waiting = undefined;
      continue;
    }
    const item = event.item;
    if (item.kind !== "labeled" && item.kind !== "unlabeled") continue;
    const byApp = item.actor.login.toLowerCase() === app;
    if (item.label === BREAK_GLASS_LABEL && item.kind === "unlabeled") waiting = undefined;
    if (!byApp) continue;
    if (item.label === granted) {
      grantedOn = item.kind === "labeled";
      if (grantedOn && waiting !== undefined) return waiting;
    } else if (item.label === BREAK_GLASS_LABEL && item.kind === "labeled") {
      if (grantedOn || grantSince) return item;
      waiting ??= item;
    }
  }
  return undefined;
}
