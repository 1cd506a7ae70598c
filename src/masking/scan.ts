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
   * Checks the trigger at `at`. A match must lie within `[floor, ceiling)`:
   * `floor` is where the previous replacement ended, `ceiling` where the next
   * protected stretch begins.
   */
  match(text: string, at: number, floor: number, ceiling: number): Span | null;
}

/**
 * Merges two sorted lists of non-overlapping spans into one sorted list.
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
    if (j >= b.length || (i < a.length && a[i]!.start < b[j]!.start)) out.push(a[i++]!);
    else out.push(b[j++]!);
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
