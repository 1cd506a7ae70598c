import type { DriftSubject } from "../core/drift-records.js";
import type { RequestTrail } from "./load-trail.js";

/** One drift as its signed records tell it. */
export interface DriftRow {
  issue: string;
  team: string;
  subject: string;
  action: "report" | "revert";
  addedBy?: string;
  foundBy: "webhook" | "sweep";
  foundAt: string;
  reverted: boolean;
}

/**
 * The drift recorded on drift issues: only records the app wrote whose
 * signature verifies count, so an issue forged by a user lists nothing.
 *
 * @example
 * driftRows(trails); // [{ issue: "acme/access#9", team: "ops", subject: "@mallory", action: "revert", reverted: true, … }]
 */
export function driftRows(trails: readonly RequestTrail[]): DriftRow[] {
  const rows: DriftRow[] = [];
  for (const trail of trails) {
    const verified = trail.records.filter((r) => r.status === "verified" && r.record !== undefined).map((r) => r.record!);
    const found = verified.find((r) => r.event === "drift-found");
    if (!found || found.event !== "drift-found") continue;
    const row: DriftRow = {
      issue: trail.request,
      team: found.team,
      subject: subjectName(found.subject),
      action: found.action,
      foundBy: found.foundBy,
      foundAt: found.at,
      reverted: verified.some((r) => r.event === "drift-reverted" && r.removed),
    };
    if (found.addedBy !== undefined) row.addedBy = found.addedBy;
    rows.push(row);
  }
  return rows;
}

/**
 * Drift as lines of text, one per drift, for `jit-access drift` and `report`.
 *
 * @example
 * renderDrift(rows); // ["- team `ops`: @mallory added by @owner, found by webhook at …; reverted (acme/access#9)"]
 */
export function renderDrift(rows: readonly DriftRow[]): string[] {
  if (rows.length === 0) return ["No drift recorded: every member of every managed team is standing or backed by a grant."];
  return rows.map((r) => `- team \`${r.team}\`: ${r.subject}${r.addedBy ? ` added by @${r.addedBy}` : ""}, found by ${r.foundBy} at ${r.foundAt}; ${r.reverted ? "reverted" : r.action === "revert" ? "revert pending" : "reported, still in place"} (${r.issue})`);
}

function subjectName(subject: DriftSubject): string {
  return subject.kind === "member" ? `@${subject.login}` : `child team \`${subject.slug}\``;
}
