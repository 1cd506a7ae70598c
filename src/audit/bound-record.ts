import { createHash } from "node:crypto";
import type { SignedRecord } from "./record-codec.js";

/** How far a record quotes what people wrote: each text, and each list of texts. */
export interface Bound {
  /** Most characters (code points) of one string, the note on a cut one included. */
  chars: number;
  /** Most entries of one list. */
  items: number;
}

// The envelope and the hashes are the app's own and short; they are never cut,
// or the chain and the binding of approvals would break.
const KEPT = new Set(["v", "issue", "at", "prev", "id", "event", "requestHash", "policyRef"]);
// Lists of sentences, which may grow with what people do. Lists of logins
// (approvers, voided, …) are read back by the core and are bounded by policy:
// never cut, or a note would be taken for a login.
const CUT_LISTS = new Set(["problems", "findings"]);

/**
 * The record with every long text cut to `bound.chars` and every long list
 * of sentences (problems, findings) to `bound.items` entries. A cut text
 * keeps its beginning and says how long the whole was and its SHA-256 (hex,
 * of the whole text as the record would have carried it), so an auditor can
 * check it against the issue; a cut list ends with an entry saying how many
 * were left out and the SHA-256 of all of them (as JSON). Cutting a record
 * already cut to the same bound changes nothing.
 *
 * @example
 * boundRecord({ ...record, reason: "x".repeat(70_000) }, { chars: 2000, items: 50 }).reason;
 * // "xxx…xxx… [cut: 70000 characters in all, SHA-256 7f3c…]" (2000 characters)
 */
export function boundRecord(record: SignedRecord, bound: Bound): SignedRecord {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, KEPT.has(key) ? value : boundValue(value, bound, CUT_LISTS.has(key))])) as SignedRecord;
}

/**
 * Applies `change` to every string in a value, at any depth.
 *
 * @example
 * mapStrings({ a: ["x"], b: 1 }, (s) => s.toUpperCase()); // { a: ["X"], b: 1 }
 */
export function mapStrings<T>(value: T, change: (text: string) => string): T {
  if (typeof value === "string") return change(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, change)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, change)])) as T;
  }
  return value;
}

/**
 * A text cut to at most `chars` code points, with a note of its whole length and SHA-256.
 *
 * @example
 * cutText("a".repeat(5000), 200).length; // 200
 */
export function cutText(text: string, chars: number): string {
  const points = Array.from(text);
  if (points.length <= chars) return text;
  const note = `… [cut: ${points.length} characters in all, SHA-256 ${sha256(text)}]`;
  return points.slice(0, Math.max(0, chars - Array.from(note).length)).join("") + note;
}

function boundValue(value: unknown, bound: Bound, cutList: boolean): unknown {
  if (Array.isArray(value)) {
    const kept = cutList && value.length > bound.items ? shortList(value, bound.items) : value;
    return kept.map((v: unknown) => boundValue(v, bound, false));
  }
  return mapStrings(value, (text) => cutText(text, bound.chars));
}

/** The first entries of a list, and one more saying what was left out. */
function shortList(list: readonly unknown[], items: number): unknown[] {
  const keep = Math.max(0, items - 1);
  const left = list.length - keep;
  return [...list.slice(0, keep), `… ${left} more not shown [SHA-256 of all ${list.length}: ${sha256(JSON.stringify(list))}]`];
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
