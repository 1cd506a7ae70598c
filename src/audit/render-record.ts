import { BREAK_GLASS_STORIES } from "./break-glass-stories.js";
import { GRANT_STORIES } from "./grant-stories.js";
import { renderFacts, type FactsLine } from "./render-facts.js";
import { REQUEST_STORIES } from "./request-stories.js";
import { DRIFT_STORIES } from "./drift-stories.js";
import type { RenderableRecord, Stories, Story } from "./story.js";

export type { RenderableRecord } from "./story.js";

const STORIES: Stories<RenderableRecord["event"]> = { ...REQUEST_STORIES, ...GRANT_STORIES, ...BREAK_GLASS_STORIES, ...DRIFT_STORIES };

/**
 * The readable part of an audit comment, rendered from the signed record
 * alone, so what an auditor reads is exactly what was decided and signed: a
 * heading, what happened in a sentence or two, then the facts — who, which
 * team, for how long and until when, why, who acted, under which policy.
 *
 * @example
 * renderRecord({ event: "withdrawn", requester: "jane", by: "jane" });
 * // "### ↩️ Request withdrawn\n\n@jane closed the request before it was granted.\n\n- **Requester:** @jane\n- **Why:** …"
 */
export function renderRecord(record: RenderableRecord): string {
  const { heading, text, why } = (STORIES[record.event] as (r: RenderableRecord) => Story)(record);
  const line: FactsLine = { why, facts: record };
  if (record.at !== undefined) line.at = record.at;
  return [heading, "", ...text, "", renderFacts(line)].join("\n");
}
