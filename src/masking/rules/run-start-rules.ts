import { colourCodeEndsAt } from "../chars.js";
import { asciiSet, ESCAPE_LETTERS } from "../runs.js";
import type { Rule, Span } from "../scan.js";
import type { KeyBefore } from "./keyword-secrets.js";
import type { Shape } from "./shape.js";
import { CANDIDATES, SECOND_TIER_ANCHORS, tryCandidate, type Candidate } from "./table-candidates.js";
import { tableTokenAt } from "./table-token-at.js";

/*
 * The table's prefixes that have no anchor worth a stop (`glpat-`, `hvs.`),
 * found from inside their body instead. Apart from table-rules.ts because
 * it is a second way in, with its own per-pass state (see {@link Rule.reset}).
 */

const BACKSLASH = 92;
/** Characters a token and its prefix are made of: where a run of them starts, a prefix may. */
const TOKEN_RUN = asciiSet("A-Za-z0-9_.~-");
/** First characters of the prefixes that have no anchor of their own. */
const RUN_STARTS = (() => {
  const starts = new Uint8Array(129);
  for (const c of CANDIDATES) if (c.offset < 0 && c.compiled.lead === null) starts[Math.min(c.first, 128)] = 1;
  return starts;
})();
/**
 * By a run's first two code units (`first * 129 + second`, 128 for any
 * second from 128 on), 1 where a prefix without a lead starts so, or a
 * one-character one starts with the first: the table's look-up at a run's
 * start (tableTokenAt) compares every such prefix and can find nothing
 * elsewhere, so most starts cost one look-up here instead of a call.
 */
const RUN_PAIRS = (() => {
  const pairs = new Uint8Array(128 * 129);
  for (const c of CANDIDATES) {
    if (c.compiled.lead !== null || c.first >= 128) continue;
    if (c.codes.length === 1) pairs.fill(1, c.first * 129, c.first * 129 + 129);
    else pairs[c.first * 129 + Math.min(c.codes[1]!, 128)] = 1;
  }
  return pairs;
})();
/** Anchorless prefixes behind a lead (Terraform's `<14 characters>.atlasv1.`): few, tried at every run start. */
const LED = CANDIDATES.filter((c) => c.offset < 0 && c.compiled.lead !== null);
/** Their leads' lengths and their prefixes' first characters, read without going through the candidates. */
const LED_SKIPS = Int32Array.from(LED, (c) => c.compiled.leadLength);
const LED_FIRSTS = Int32Array.from(LED, (c) => c.first);
/** Characters a token's body may hold that end a run of token characters (Django's `django-insecure-…`). */
const BODY_SYMBOLS = asciiSet("!@#$%^&*()+=");
/**
 * Anchorless prefixes whose body's classes hold such a character (Django's
 * `django-insecure-`, Frame.io's `fio-u-`, Terraform's `….atlasv1.` behind its
 * lead, whose samples hold `=`): a run that starts right after one may be the
 * middle of their body, and the prefix lies further back.
 */
export const SYMBOL_BODIED: readonly Candidate[] = CANDIDATES.filter((c) => c.offset < 0 && classesHoldSymbol(c.compiled.shape));
/** The first characters of those prefixes: most characters read back start none, and cost one look-up. */
const SYMBOL_BODIED_FIRSTS = (() => {
  const firsts = new Uint8Array(128);
  for (const c of SYMBOL_BODIED) if (c.first < 128) firsts[c.first] = 1;
  return firsts;
})();
/** Token characters and body symbols, in one set: what the look back for those prefixes reads over. */
const BODY_CHARACTERS = (() => {
  const set = new Uint8Array(128);
  for (let c = 0; c < 128; c++) set[c] = TOKEN_RUN[c]! | BODY_SYMBOLS[c]!;
  return set;
})();
/** How far back from such a run its prefix is sought: longer than their lead, prefix and body (16 + 50, 6 + 64, 14 + 9 + 70). */
export const SYMBOL_LOOKBACK = 128;

/**
 * Rules for the prefixes made only of common characters (`glpat-`, `hvs.`,
 * `dp.pt.`), found through their body instead: a character the other
 * `rules` already stop at (`_`, most capitals, `k`, `x`, …), standing inside
 * a run of token characters, leads back to where the run starts, and a
 * prefix is sought there. Only characters that are stops already are used,
 * so these rules add no stop to the scan; a random body of twenty
 * characters holds one all but always. Each run is walked
 * back over once per pass: a later anchor in the same run stops where the
 * previous one stood, so the pass stays linear. Bodies of lower-case hex
 * (`dapi`, `pul-`, `glptt-`, `v1.0-`) hold no such anchor: they are found
 * through their run of hex (hex-run-tokens.ts). At the run's start the
 * rules also look for a key with no anchor of its own (`keyBefore`: a bare
 * `secret:`).
 *
 * @example
 * anchoredScanner([...rules, ...runStartRules(rules)], []);
 */
export function runStartRules(rules: readonly Rule[], keyBefore: KeyBefore = () => null): Rule[] {
  // Per pass: the anchor the last walk began at; a walk that reaches it met a run already looked at.
  let lastAt = -1;
  // Per pass: `[runFrom, runTo)` is known to be all token characters (read forward once, never again).
  let runFrom = 0;
  let runTo = 0;
  // Per pass: where the last look back for a symbol-bodied prefix began; it reads no further back than this.
  let symbolsFrom = 0;
  const reset = () => {
    lastAt = -1;
    runFrom = 0;
    runTo = 0;
    symbolsFrom = 0;
  };
  const symbolBodiedBefore = (text: string, units: Uint16Array, start: number, floor: number, ceiling: number): Span | null => {
    // Once per pass: the next look back stops where this one began.
    const low = Math.max(floor, symbolsFrom, start - SYMBOL_LOOKBACK);
    symbolsFrom = start;
    return symbolBodiedTokenBefore(text, units, start, low, floor, ceiling);
  };
  const match: Rule["match"] = (text, at, floor, ceiling, units) => {
    const previous = lastAt;
    lastAt = at;
    // The walk back would reach the previous anchor through token characters only: a run already looked at.
    // Its characters were read once, forward; a thick run of anchors (`ghp_github_pat_…`) costs no walk at each.
    if (previous >= floor && previous >= runFrom && at < runTo) return null;
    // Compared, not Math.max: read from the closure, the two are not known to be small integers, and Math.max goes through doubles.
    const stop = floor > previous ? floor : previous;
    let start = at;
    while (start > stop && isRun(units[start - 1]!)) start--;
    if (start !== previous) {
      const span = spanAtRunStart(text, units, start, floor, ceiling, keyBefore);
      if (span !== null || start <= floor || !isBodySymbol(units[start - 1]!)) return span;
      return symbolBodiedBefore(text, units, start, floor, ceiling);
    }
    // A second anchor in one run: the rest of the run is read forward once, so that the anchors after
    // this one return at once. Most runs hold one anchor, and pay for no read past it.
    if (at >= runTo) {
      // Read into a local and stored once: a variable the closure shares is written to memory at every step.
      const length = text.length;
      let to = at + 1;
      while (to < length && isRun(units[to]!)) to++;
      runFrom = previous;
      runTo = to;
    }
    return null;
  };
  // One function for every anchor: the scanner's call to it sees one target, which the engine may inline.
  const rule = (needle: string): Rule => ({ needle, reset, fallback: true, match });
  // The table's second-tier anchor (`g`) is a stop for its own prefixes only: a walk back at each would cost more than it finds.
  const stops = new Set(rules.map((r) => r.needle.charCodeAt(r.anchor ?? 0)).filter((c) => isRun(c) && !SECOND_TIER_ANCHORS.has(c)));
  return [...stops].map((c) => rule(String.fromCharCode(c)));
}

/**
 * What is sought where a run of token characters starts at `start`: a
 * token of an anchorless prefix, or a value after a key with no anchor of
 * its own (`keyBefore`: a bare `secret:`).
 *
 * @example
 * spanAtRunStart(text, units, runStart, floor, text.length, () => null);
 */
export function spanAtRunStart(text: string, units: Uint16Array, start: number, floor: number, ceiling: number, keyBefore: KeyBefore): Span | null {
  const token = tokenFrom(text, units, start, floor, ceiling);
  if (token !== null) return token;
  // A JSON escape before the token (`\tglpat-…` in a serialised line) glues its letter to the run;
  // the letter may also be the token's own (`C:\dir\fio-u-…`), which was tried first.
  if (start > floor && units[start - 1] === BACKSLASH && ESCAPE_LETTERS[units[start]!] === 1) {
    start++;
    const escaped = tokenFrom(text, units, start, floor, ceiling);
    if (escaped !== null) return escaped;
  }
  // A colour code's last parameter and its `m` glue to the token (`\x1b[32mdp.pt.…`): the token starts after them.
  const coloured = afterColourCode(text, units, start, floor);
  if (coloured > start) {
    const token = tokenFrom(text, units, coloured, floor, ceiling);
    if (token !== null) return token;
  }
  // Markdown's emphasis or strikethrough before the token (`_dapi…_`, `~~dp.pt.…~~`), an HTML comment's dashes
  // (`<!--hvs.…-->`), dots: a run of `_`, `~`, `-` or `.` that starts the run (see leadingMarks).
  const marked = leadingMarks(units, start);
  if (marked > start) {
    const token = tokenFrom(text, units, marked, floor, ceiling);
    if (token !== null) return token;
  }
  return keyBefore(text, units, start, floor, ceiling);
}

/** The token that starts at `at`, where a prefix may: most runs start with a character no anchorless prefix starts with, and no lead's prefix stands after (no call). */
function tokenFrom(text: string, units: Uint16Array, at: number, floor: number, ceiling: number): Span | null {
  return mayStartToken(units, at) ? tokenAtRunStart(text, units, at, floor, ceiling) : null;
}

/** Token characters that mark text up rather than belong to it where they start a run: markdown's `_` and `~`, `-` and `.`. */
const MARKS = asciiSet("_~.-");

/** Where a run that starts with {@link MARKS} goes on after them, or `start`. */
function leadingMarks(units: Uint16Array, start: number): number {
  let k = start;
  while (units[k]! < 128 && MARKS[units[k]!] === 1) k++;
  return k;
}

/** Where a run that starts with a colour code's last parameter and `m` (see colourCodeEndsAt) goes on after them, or `start`. */
function afterColourCode(text: string, units: Uint16Array, start: number, floor: number): number {
  const before = start > floor ? units[start - 1] : undefined;
  if (before !== 91 /* [ */ && before !== 59 /* ; */) return start;
  let k = start;
  while (k < start + 4 && units[k]! >= 48 && units[k]! <= 57) k++;
  return units[k] === 109 /* m */ && colourCodeEndsAt(text, k + 1) ? k + 1 : start;
}

/**
 * The token of an anchorless prefix (or one behind a lead) that starts at
 * `start`, the start of a run of token characters, if one does.
 *
 * @example
 * tokenAtRunStart(text, units, runStart, floor, text.length);
 */
export function tokenAtRunStart(text: string, units: Uint16Array, start: number, floor: number, ceiling: number): Span | null {
  for (let k = 0; k < LED.length; k++) {
    const c = LED[k]!;
    if (units[start + c.compiled.leadLength] !== c.first) continue;
    const span = tryCandidate(text, units, c, start + c.compiled.leadLength, floor, ceiling);
    if (span !== null) return span;
  }
  return RUN_STARTS[Math.min(units[start]!, 128)] === 1 ? tableTokenAt(text, units, start, floor, ceiling) : null;
}

/**
 * False where {@link tokenAtRunStart} would find nothing for want of its
 * first characters: no anchorless prefix starts with the character at
 * `start`, no table prefix with the two there (what the table's look-up
 * compares), and no prefix behind a lead starts where it would after one.
 *
 * @example
 * const token = mayStartToken(units, runStart) ? tokenAtRunStart(text, units, runStart, floor, text.length) : null;
 */
export function mayStartToken(units: Uint16Array, start: number): boolean {
  const first = units[start]!;
  if (RUN_STARTS[Math.min(first, 128)] === 1) {
    if (first >= 128) return true;
    const second = start + 1 < units.length ? units[start + 1]! : 0;
    if (RUN_PAIRS[first * 129 + Math.min(second, 128)] === 1) return true;
  }
  for (let k = 0; k < LED_SKIPS.length; k++) if (units[start + LED_SKIPS[k]!] === LED_FIRSTS[k]) return true;
  return false;
}

/**
 * True when `c` is a token character, of which the runs above are made.
 *
 * @example
 * isRun(95); // true: `_`
 */
export function isRun(c: number): boolean {
  return c < 128 && TOKEN_RUN[c] === 1;
}

/**
 * A token of a symbol-bodied prefix (Django's, Frame.io's) whose body holds
 * the run of token characters that starts at `start`, right after one of its
 * symbols: the characters before, down to `low`, are read back over token
 * characters and symbols, and the prefix is tried wherever it may start.
 *
 * @example
 * symbolBodiedTokenBefore(text, units, runStart, Math.max(floor, runStart - 128), floor, text.length);
 */
export function symbolBodiedTokenBefore(text: string, units: Uint16Array, start: number, low: number, floor: number, ceiling: number): Span | null {
  let from = start - 1;
  while (from > low && isBodyCharacter(units[from - 1]!)) from--;
  for (let p = from; p < start; p++) {
    const u = units[p]!;
    if (u >= 128 || SYMBOL_BODIED_FIRSTS[u] === 0) continue;
    for (let k = 0; k < SYMBOL_BODIED.length; k++) {
      const c = SYMBOL_BODIED[k]!;
      if (units[p] !== c.first) continue;
      const span = tryCandidate(text, units, c, p, floor, ceiling);
      if (span !== null) return span;
    }
  }
  return null;
}

/**
 * True when `c` may stand in a token's body but ends a run of token
 * characters (see BODY_SYMBOLS).
 *
 * @example
 * isBodySymbol(61); // true: `=`
 */
export function isBodySymbol(c: number): boolean {
  return c < 128 && BODY_SYMBOLS[c] === 1;
}

function isBodyCharacter(c: number): boolean {
  return c < 128 && BODY_CHARACTERS[c] === 1;
}

/** True when a character class of a compiled shape holds one of BODY_SYMBOLS. */
function classesHoldSymbol(shape: Shape): boolean {
  return shape.segments.some((segment) => "set" in segment && segment.set.some((member, c) => member === 1 && isBodySymbol(c)));
}
