import { formatDuration } from "../core/duration.js";
import type { RecordStatus } from "./check-chain.js";
import type { RequestTrail } from "./load-trail.js";
import { factsAlong } from "./record-facts.js";

/** One record of the export: where it is, whether it verifies, and what it says. */
export interface ExportRow {
  request: string;
  comment: number;
  author: string;
  /** When GitHub says the comment was made. */
  posted: string;
  status: RecordStatus;
  detail: string;
  /** The fields below come from the signed record; they are empty when the signature does not verify. */
  event: string;
  at: string;
  actor: string;
  requester: string;
  team: string;
  duration: string;
  durationMs: number | null;
  expiresAt: string;
  policyRef: string;
  requestHash: string;
  prev: string;
  hash: string;
  /** The whole signed record (JSON lines only). */
  record: object | null;
}

export type ExportFormat = "jsonl" | "csv";

const COLUMNS = ["request", "comment", "author", "posted", "status", "detail", "event", "at", "actor", "requester", "team", "duration", "durationMs", "expiresAt", "policyRef", "requestHash", "prev", "hash"] as const;

/**
 * Every record-bearing comment of every request as export rows, oldest
 * request first, in timeline order. Content that does not verify is never
 * exported as if it did: a forged or edited record gets its status and why,
 * and no fields.
 *
 * @example
 * exportRows(trails, Date.parse("2026-11-01")).filter((r) => r.status !== "verified");
 */
export function exportRows(trails: readonly RequestTrail[], since?: number): ExportRow[] {
  const rows: ExportRow[] = [];
  for (const trail of trails) {
    const facts = factsAlong(trail.records.map((r) => (r.status === "other-request" || r.status === "duplicate" ? undefined : r.record)));
    for (const [i, checked] of trail.records.entries()) {
      const record = checked.record;
      const known = facts[i] ?? record;
      const at = record ? Date.parse(record.at) : checked.postedAt;
      if (since !== undefined && at < since) continue;
      rows.push({
        request: trail.request,
        comment: checked.commentId,
        author: checked.author,
        posted: iso(checked.postedAt),
        status: checked.status,
        detail: checked.detail ?? "",
        event: record?.event ?? "",
        at: record?.at ?? "",
        actor: known?.actor ?? "",
        requester: known?.requester ?? "",
        team: known?.team ?? "",
        duration: known?.durationMs === undefined ? "" : formatDuration(known.durationMs),
        durationMs: known?.durationMs ?? null,
        expiresAt: known?.expiresAt === undefined ? "" : iso(known.expiresAt),
        policyRef: known?.policyRef ?? "",
        requestHash: known?.requestHash ?? "",
        prev: record?.prev ?? "",
        hash: checked.hash ?? "",
        record: record ?? null,
      });
    }
  }
  return rows;
}

/**
 * The rows as lines of text: JSON lines (one object per line, the whole
 * record included), or CSV with a header line.
 *
 * @example
 * formatRows(rows, "csv")[0]; // "request,comment,author,posted,status,…"
 */
export function formatRows(rows: readonly ExportRow[], format: ExportFormat): string[] {
  if (format === "jsonl") return rows.map((row) => JSON.stringify(row));
  return [COLUMNS.join(","), ...rows.map((row) => COLUMNS.map((column) => csvCell(row[column])).join(","))];
}

/**
 * One CSV cell (RFC 4180). A text that a spreadsheet would run as a formula
 * (starting with = + - @, tab or carriage return) gets a leading apostrophe,
 * so opening the export cannot execute anything written into a request.
 */
function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
