import { jsonEscapeLength } from "./chars.js";

const BACKSLASH = 92;
const QUOTE = 34;

/** A stretch of the input and what replaces it. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
  /**
   * When set, the replacement stands for `[start, keep)` only and the original
   * `[keep, end)` follows it unchanged (a partially masked address keeps its
   * domain). The whole span stays protected from other rules.
   */
  readonly keep?: number;
}

const PLACEHOLDERS = new Map<string, string>();

/**
 * `[secret:<kind>]`, made once per kind: rules build many spans.
 *
 * @example
 * secretPlaceholder("jwt"); // "[secret:jwt]"
 */
export function secretPlaceholder(kind: string): string {
  let placeholder = PLACEHOLDERS.get(kind);
  if (placeholder === undefined) {
    placeholder = `[secret:${kind}]`;
    PLACEHOLDERS.set(kind, placeholder);
  }
  return placeholder;
}

/**
 * A rule is found through a literal trigger (`needle`), then checked by hand
 * around it. Matching never backtracks: each rule looks at a bounded
 * neighbourhood or at a run it then leaves behind, which keeps the whole scan
 * linear.
 */
export interface Rule {
  readonly needle: string;
  /**
   * Which character of `needle` the anchored scanner looks for (default 0):
   * pick a rare one, so that common text costs a table look-up per character
   * and little more (`J` of `eyJ` rather than `e`).
   */
  readonly anchor?: number;
  /**
   * For a rule whose needle is one character: the code units that may stand
   * right before (`before`) or right after (`after`) the anchor for `match`
   * to find anything there, by code unit, index 128 standing for every code
   * unit from 128 on. Where neither does, `match` is not called: it must
   * return null there and change nothing. Without it, `match` is called at
   * every anchor (a longer needle is checked by its own neighbours).
   */
  readonly around?: { readonly before: Uint8Array; readonly after: Uint8Array };
  /**
   * Tried after every other rule at its anchor has failed, from a call site
   * of its own: a rule called at most anchors (the walks back over token
   * runs) stays a cheap, inlined call there instead of one more kind of
   * function at the shared one.
   */
  readonly fallback?: boolean;
  /**
   * Instead of an anchor: the scanner calls `match` at the end of each run of
   * at least this many characters of `[0-9a-f]` (`at` is where the run ends;
   * a run a few characters shorter may be handed over too), so that a token
   * whose body is lower-case hex is found without making digits or a–f
   * stops. `needle` is not read. One such rule per scanner.
   */
  readonly hexRun?: number;
  /**
   * For the rule that takes hex runs: called in a run of `[0-9a-f]` too
   * short for `match` (a group of four with a letter a–f among them, at
   * least; `at` is in the run, which holds no stop before it), so that a key
   * with no anchor of its own finds a value that holds no stop
   * (`"secret": "<24 hex>"`, a UUID after a vendor's name).
   */
  readonly shortHexRun?: (text: string, units: Uint16Array, at: number, floor: number, ceiling: number) => Span | null;
  /** Called before each pass, for a rule that remembers where it looked (to stay linear). */
  readonly reset?: () => void;
  /**
   * A literal the text must hold somewhere for the rule to find anything
   * (`://` for URL passwords). Only a shortcut: `match` must check for itself,
   * since the scanner searches the text for it only once a pass has asked
   * often enough to make the search pay.
   */
  readonly requires?: string;
  /**
   * The text is searched for {@link requires} before each pass instead of
   * late: for a rule at a common character (`g`) that needs a rare literal
   * (`gl`), so that where the text lacks it the character is no stop at all
   * (the late search would never be asked: `gl` stands nowhere to be asked at).
   */
  readonly searchFirst?: boolean;
  /**
   * Checks the trigger at `at`. A match must lie within `[floor, ceiling)`:
   * `floor` is where the previous replacement ended, `ceiling` where the next
   * protected stretch begins. `units` holds the text's code units (see
   * `CodeUnits`): runs are read there, faster than through `charCodeAt`.
   */
  match(text: string, at: number, floor: number, ceiling: number, units: Uint16Array): Span | null;
}

/**
 * Moves the ends of a span off escape sequences, so that replacing it keeps
 * serialised text valid however many times it was JSON-encoded: a `\uXXXX`
 * is never cut, and neither is a run of backslashes (at the next depth of
 * encoding, `\\t` is one escape). The start widens to take such a unit whole;
 * the end widens too, unless the backslash run it stops in precedes a quote
 * (the quote would lose its escape), in which case the span stops before the
 * run. Returns null if nothing is left. No rule's match bypasses this.
 *
 * @example
 * escapeSafe("x\\tkey", 0, { start: 3, end: 6, replacement: "[x]" }); // start 1
 */
export function escapeSafe(text: string, floor: number, span: Span): Span | null {
  let start = span.start;
  let end = span.end;
  const unitStart = unicodeEscapeAround(text, start);
  if (unitStart >= floor) start = unitStart;
  while (start > floor && text.charCodeAt(start - 1) === BACKSLASH) start--;
  const unitEnd = unicodeEscapeAround(text, end);
  if (unitEnd >= 0) end = unitEnd + 6;
  if (end > start && text.charCodeAt(end - 1) === BACKSLASH) {
    let runStart = end - 1;
    while (runStart > start && text.charCodeAt(runStart - 1) === BACKSLASH) runStart--;
    let runEnd = end;
    while (text.charCodeAt(runEnd) === BACKSLASH) runEnd++;
    end = text.charCodeAt(runEnd) === QUOTE ? runStart : runEnd;
  }
  if (end <= start) return null;
  return start === span.start && end === span.end ? span : { ...span, start, end, ...(span.keep === undefined ? {} : { keep: Math.max(span.keep, start) }) };
}

/** The backslash of a `\uXXXX` that `index` falls strictly inside, or -1. */
function unicodeEscapeAround(text: string, index: number): number {
  for (let k = index - 1; k >= 0 && k > index - 6; k--) {
    if (text.charCodeAt(k) === BACKSLASH) return jsonEscapeLength(text, k) === 6 ? k : -1;
  }
  return -1;
}

/**
 * Merges two sorted lists of non-overlapping spans into one sorted list; a
 * span that lies inside one of the other list is dropped, covered by it.
 *
 * @example
 * mergeSpans([{ start: 0, end: 1, replacement: "" }], []);
 */
export function mergeSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  if (b.length === 0) return a as Span[];
  if (a.length === 0) return b as Span[];
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]!.start < b[j]!.start) ? a[i++]! : b[j++]!;
    const before = out[out.length - 1];
    // A span inside the one before is covered by it (an address that holds a token: see findEmails).
    if (before !== undefined && next.start < before.end && next.end <= (before.keep ?? before.end)) continue;
    out.push(next);
  }
  return out;
}

/**
 * Replaces the spans (sorted, non-overlapping) in `text`.
 *
 * @example
 * applySpans("a secret b", [{ start: 2, end: 8, replacement: "[secret]" }]); // "a [secret] b"
 */
export function applySpans(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  let out = "";
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + span.replacement;
    at = span.keep ?? span.end;
  }
  return out + text.slice(at);
}

/**
 * What one pass of the anchored scanner finds: the rules' matches, and where
 * each mark starts outside them (`marks[0, markCount)`; the buffer is reused
 * by the next pass).
 */
export interface AnchoredScan {
  readonly spans: Span[];
  readonly marks: Int32Array;
  readonly markCount: number;
}

/**
 * Decides, from its neighbours, whether the mark of `length` code units at
 * `at` is worth noting. `units` holds the text's code units (`textLength` of
 * them), then zeros.
 */
export type MarkFilter = (units: Uint16Array, textLength: number, at: number, length: number) => boolean;
