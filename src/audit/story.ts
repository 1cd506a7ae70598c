import type { RecordData } from "../core/records.js";
import type { RecordFacts } from "./record-facts.js";

/** What the renderer reads: the decision, the facts it carries, when it was written and on which request. */
export type RenderableRecord = RecordData & RecordFacts & { at?: string; issue?: string };

/** The readable part of one record, before the facts list. */
export interface Story {
  heading: string;
  text: string[];
  /** The reason, for the facts list. */
  why: string;
}

/** A story for each event of a group; the renderer joins the groups and the compiler checks none is missing. */
export type Stories<E extends RecordData["event"]> = { [K in E]: (record: Extract<RenderableRecord, { event: K }>) => Story };

/**
 * How an ending left the membership, in words.
 *
 * @example
 * ending({ requester: "jane", team: "ops", removed: true }); // "@jane was removed from team `ops`."
 */
export function ending(data: { requester: string; team: string; removed: boolean; keptFor?: string }): string {
  if (data.removed) return `@${data.requester} was removed from team \`${data.team}\`.`;
  if (data.keptFor) return `The membership of \`${data.team}\` stays: ${data.keptFor} still grants it to @${data.requester}.`;
  return `No membership was removed: @${data.requester}'s membership of \`${data.team}\` was standing (or was never added).`;
}
