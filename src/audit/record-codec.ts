import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { RecordData } from "../core/records.js";
import type { RecordFacts } from "./record-facts.js";

/** What every record carries besides its decision. */
export interface RecordEnvelope {
  v: 1;
  /** The request, "owner/repo#number". */
  issue: string;
  /** ISO time of the decision. */
  at: string;
  /** Hash of the previous record on this request, or null for the first. */
  prev: string | null;
  /**
   * This record's own id, random, so that a write retried after its answer
   * was lost can be found on the request, and a copy of it told from a
   * different record. Records written before ids existed have none.
   */
  id?: string;
}

/**
 * A record as signed: the envelope, the facts about the request it repeats,
 * and the decision. Facts and decision never disagree: where both name a
 * field (requester, team, …) it comes from the decision.
 */
export type SignedRecord = RecordEnvelope & RecordFacts & RecordData;

export type ParsedRecord =
  | { ok: true; record: SignedRecord; hash: string }
  | { ok: false; reason: string };

const MARKER = "<!-- jit-access:record ";
const END = " -->";

/**
 * Whether a comment body carries something that looks like a record (signed
 * or not). Used to spot forgeries in comments the app did not write.
 *
 * @example
 * hasRecordMarker("hi <!-- jit-access:record {} -->"); // true
 */
export function hasRecordMarker(body: string): boolean {
  return body.includes(MARKER.trim());
}

/**
 * Seals a record into a comment body: the readable text, then the record as
 * JSON in an HTML comment with an HMAC-SHA256 signature over both, so editing
 * either the text or the record breaks it. Both must already be masked.
 *
 * @example
 * const { body, hash } = sealRecord("Granted.", record, key);
 * openRecord(body, key).ok; // true
 */
export function sealRecord(visible: string, record: SignedRecord, key: string): { body: string; hash: string } {
  const text = normalise(visible);
  const payload = toJson(record);
  const sig = createHmac("sha256", key).update(message(text, payload)).digest("hex");
  return { body: `${text}\n\n${MARKER}${toJson({ ...record, sig })}${END}`, hash: hashOf(text, payload) };
}

/**
 * A new record id: random, so no two records share one.
 *
 * @example
 * newRecordId(); // "rec_3f0c…" (36 hex digits and dashes after the prefix)
 */
export function newRecordId(): string {
  return `rec_${randomUUID()}`;
}

/**
 * Opens a sealed comment body: checks the signature and returns the record
 * with its hash (what the next record's `prev` must be). The body must be
 * exactly what sealRecord produced, up to what GitHub itself changes (`\r\n`
 * for `\n`, blanks at the end): text added before, after or between its
 * parts, or a record re-serialised differently, fails, because any edit of
 * the app's comment is tampering even where the signature cannot see it.
 *
 * @example
 * const opened = openRecord(comment.body, key);
 * if (opened.ok) opened.record.event;
 */
export function openRecord(body: string, key: string): ParsedRecord {
  const whole = normalise(body);
  const at = whole.lastIndexOf(MARKER);
  if (at < 0 || whole.indexOf(END, at) < 0) return { ok: false, reason: "no record found in the comment" };
  if (!whole.endsWith(END)) return { ok: false, reason: "text follows the hidden record: the comment was changed after the app wrote it" };
  const json = whole.slice(at + MARKER.length, whole.length - END.length);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, reason: "the record is not valid JSON" };
  }
  if (!isObject(parsed) || typeof parsed.sig !== "string" || parsed.v !== 1 || typeof parsed.event !== "string") {
    return { ok: false, reason: "the record has no signature or an unknown version" };
  }
  const { sig, ...record } = parsed;
  const before = whole.slice(0, at);
  const text = before.slice(0, -2);
  const sealed = `${text}\n\n${MARKER}${toJson({ ...record, sig })}${END}`;
  if (!before.endsWith("\n\n") || normalise(text) !== text || sealed !== whole) {
    return { ok: false, reason: "the comment is not laid out as the app wrote it: it was changed after the app wrote it" };
  }
  const payload = toJson(record);
  const expected = createHmac("sha256", key).update(message(text, payload)).digest();
  const given = Buffer.from(sig, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "the signature does not match: the comment was changed after the app wrote it" };
  }
  return { ok: true, record: record as unknown as SignedRecord, hash: hashOf(text, payload) };
}

/**
 * The decision a record carries, without its envelope.
 *
 * @example
 * decisionOf(record).event; // "granted"
 */
export function decisionOf(record: SignedRecord): RecordData {
  const { v: _v, issue: _i, at: _a, prev: _p, id: _id, ...data } = record;
  return data;
}

function hashOf(text: string, payload: string): string {
  return createHash("sha256").update(message(text, payload)).digest("hex");
}

function message(text: string, payload: string): string {
  return `jit-access/v1\n${text}\n${payload}`;
}

/** GitHub may hand back `\r\n` and trailing blanks; neither is part of what was signed. */
function normalise(text: string): string {
  return text.replace(/\r\n?/g, "\n").trimEnd();
}

/** JSON that cannot end the HTML comment it sits in. */
function toJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
