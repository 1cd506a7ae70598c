import { boundaryBefore } from "../chars.js";
import { asciiSet, DIGITS, hasAny, HEX, isIn, WORD } from "../runs.js";
import { secretPlaceholder, type Span } from "../scan.js";
import { crc32Base62Holds } from "./checksum.js";
import { entropy, isPlaceholder } from "./entropy.js";
import { RefusedStretch } from "../refused.js";
import { compileShape, matchShape, type Shape } from "./shape.js";
import { TOKEN_TABLE, type TokenRow } from "./token-table.js";

/*
 * The token table's rows compiled once into candidates, one per prefix, and
 * the check of one candidate where its prefix may stand. Every way the
 * scanner reaches a table token (by the prefix's anchor in table-rules.ts,
 * by the start of a value in table-token-at.ts, by a run's start in
 * run-start-rules.ts) ends in {@link tryCandidate}, so a row means the same
 * whichever way it was found.
 */

/**
 * Characters a prefix may be found through, best first: those other rules
 * anchor on already (`_`, `k`, `x`, `A`, `J`, `z`, `S`, `K`, `w`: one more rule there
 * costs a bucket, not a stop), then capitals and rare symbols; lower-case
 * letters, digits, `-` and `.` occur every few characters of a JSON log line
 * (measured on the bench corpus). Each anchor character costs the scan a stop wherever it occurs,
 * and one that occurs every hundred characters costs a sixth of its speed;
 * a prefix made only of common letters, digits, `-` and `.` (`hvs.`,
 * `dapi`) therefore has no anchor: it is found through its body
 * (run-start-rules.ts, hex-run-tokens.ts) or after a key or header, unless
 * a second-tier anchor takes it (GitLab's `glpat-` at a `g` that only `gl`
 * wakes, see SECOND_TIER).
 */
const PREFERENCE = "_kxAJzSKwQRZVXYWFLPOHMGUBNDICET~^|!$*'+<>?&;[]%";

function rarity(code: number): number {
  const at = PREFERENCE.indexOf(String.fromCharCode(code));
  return at < 0 ? PREFERENCE.length : at;
}

interface CompiledRow {
  readonly row: TokenRow;
  readonly shape: Shape;
  readonly lead: Shape | null;
  readonly leadLength: number;
  readonly placeholder: string;
  /** The longest body an `exact` row allows; infinite otherwise. */
  readonly maxBody: number;
  readonly allow: ReadonlySet<string> | null;
  /** The code units the body's first character may be, or null when the body may start with anything (or be empty). */
  readonly bodyFirst: Uint8Array | null;
  /** What this row read and refused in this pass: past a budget, a prefix inside its last refused body (`SG.SG.SG.…`) is not read again (refused.ts). */
  readonly refused: RefusedStretch;
}

/** One prefix of a compiled row, with where the scanner finds it. */
export interface Candidate {
  readonly compiled: CompiledRow;
  readonly prefix: string;
  /** Where the anchor stands in the prefix; -1 when the prefix has none (found through its body, or after a key or header). */
  readonly offset: number;
  /** What the text must hold for the anchor to be worth a stop (see SECOND_TIER), or null. */
  readonly requires: string | null;
  /** The prefix's first code unit. */
  readonly first: number;
  /** The prefix's code units, compared without going through the string. */
  readonly codes: Uint16Array;
}

function compileRow(row: TokenRow): CompiledRow {
  const lead = row.lead === undefined ? null : compileShape(row.lead);
  let leadLength = 0;
  for (const segment of lead?.segments ?? []) {
    if ("literal" in segment) leadLength += segment.literal.length;
    else if (segment.min === segment.max) leadLength += segment.min;
    else throw new SyntaxError(`token row ${row.id}: a lead must have a fixed length`);
  }
  const shape = compileShape(row.shape);
  let maxBody = row.exact === true ? 0 : Number.POSITIVE_INFINITY;
  for (const segment of row.exact === true ? shape.segments : []) maxBody += "literal" in segment ? segment.literal.length : segment.max;
  const allow = row.allow === undefined ? null : new Set(row.allow);
  return { row, shape, lead, leadLength, placeholder: secretPlaceholder(row.family), maxBody, allow, bodyFirst: firstUnits(shape), refused: new RefusedStretch() };
}

/** What the first character after a prefix must be for `shape` to match there (see {@link CompiledRow.bodyFirst}). */
function firstUnits(shape: Shape): Uint8Array | null {
  const first = shape.segments[0];
  if (first === undefined) return null;
  if ("literal" in first) {
    const set = new Uint8Array(128);
    set[first.literal.charCodeAt(0)] = 1;
    return set;
  }
  return first.min > 0 ? first.set : null;
}

/**
 * The offset of the prefix's best anchor (ties go to the later one, which has
 * a neighbour before it), or -1 when it has none worth a stop.
 *
 * @example
 * anchorOf("npm_"); // 3
 */
export function anchorOf(prefix: string): number {
  let best = 0;
  for (let k = 1; k < prefix.length; k++) if (rarity(prefix.charCodeAt(k)) <= rarity(prefix.charCodeAt(best))) best = k;
  return rarity(prefix.charCodeAt(best)) < PREFERENCE.length ? best : -1;
}

/**
 * Anchors for the prefixes that hold none of PREFERENCE's characters, each
 * with the literal the text must hold for it to be a stop at all. A body of
 * twenty random characters may hold no stop: gitleaks' own GitLab samples
 * (`glpat-` + `[a-z0-9]{20}`) hold none of `k`, `w`, `x`, `z` about one time
 * in ten, and were left whole in free text. Every GitLab prefix starts with
 * `gl`, which hardly a log line holds, so `g` is a stop only in a pass whose
 * text holds `gl`: one search before the pass (see scan-requirements.ts). A
 * stop costs about as much as a search of the whole line; a plain stop at a
 * character as common as `q` or `.` cost more than it was worth (decisions.md),
 * so the other such prefixes (Doppler's, Square's, Vault's…) are found
 * through their body (run-start-rules.ts) or their run of hex (hex-run-tokens.ts).
 */
const SECOND_TIER: readonly { readonly char: number; readonly requires: string | null }[] = [{ char: 103 /* g */, requires: "gl" }];

/** The characters of {@link SECOND_TIER}: stops of the table only, not places to walk back from (run-start-rules.ts). */
export const SECOND_TIER_ANCHORS: ReadonlySet<number> = new Set(SECOND_TIER.map((t) => t.char));

/** The second-tier anchor of a prefix: its offset (the last of the best character) and what its rule requires; offset -1 for none. */
function secondTierAnchor(prefix: string): { offset: number; requires: string | null } {
  for (const { char, requires } of SECOND_TIER) {
    for (let offset = prefix.length - 1; offset >= 0; offset--) {
      if (prefix.charCodeAt(offset) === char && (requires === null || prefix.startsWith(requires, offset))) return { offset, requires };
    }
  }
  return { offset: -1, requires: null };
}

/** True when the body's first class holds hex digits only: such a body is found through its run of hex. */
function hexBodied(shape: Shape): boolean {
  const first = shape.segments.find((segment) => !("literal" in segment));
  return first !== undefined && "set" in first && first.set.every((on, c) => on !== 1 || isIn(HEX, c));
}

/** Where a prefix of `compiled` is found: its best anchor, or a second-tier one unless its body is hex. */
function placeOf(prefix: string, compiled: CompiledRow): { offset: number; requires: string | null } {
  const offset = anchorOf(prefix);
  return offset >= 0 || hexBodied(compiled.shape) ? { offset, requires: null } : secondTierAnchor(prefix);
}

export { BUCKETS } from "./probe.js";

/**
 * True when the prefix whose code units are `codes` stands at `at`.
 *
 * @example
 * holdsPrefix(units, valueStart, candidate.codes);
 */
export function holdsPrefix(units: Uint16Array, at: number, codes: Uint16Array): boolean {
  for (let k = 0; k < codes.length; k++) if (units[at + k] !== codes[k]) return false;
  return true;
}

/**
 * Checks the candidate whose prefix starts at `start`: the lead before it,
 * the boundary, the shape after it and the row's checks. Returns the span
 * of the whole token, or null.
 *
 * @example
 * tryCandidate(text, units, CANDIDATES[0]!, at, 0, text.length);
 */
export function tryCandidate(text: string, units: Uint16Array, c: Candidate, prefixStart: number, floor: number, ceiling: number): Span | null {
  const { compiled, prefix } = c;
  if (prefixStart < floor || prefixStart + prefix.length > ceiling || !holdsPrefix(units, prefixStart, c.codes)) return null;
  // The body's first character, before the lead and boundary are read: `xoxb-` followed by a letter is no Slack token.
  const bodyFirst = compiled.bodyFirst;
  if (bodyFirst !== null && bodyFirst[units[prefixStart + prefix.length]!] !== 1) return null;
  if (compiled.refused.skips(units, text.length, prefixStart)) return null;
  bodyRead = -1;
  const span = judgeCandidate(text, units, c, prefixStart, floor, ceiling);
  if (span === null && bodyRead > prefixStart) compiled.refused.note(units, prefixStart, bodyRead);
  return span;
}

/** Where the body {@link judgeCandidate} last read ends, once it read one; -1 before. */
let bodyRead = -1;

/** {@link tryCandidate}'s checks past the prefix and the body's first character. */
function judgeCandidate(text: string, units: Uint16Array, c: Candidate, prefixStart: number, floor: number, ceiling: number): Span | null {
  const { compiled, prefix } = c;
  const row = compiled.row;
  const start = prefixStart - compiled.leadLength;
  if (start < floor || (compiled.lead !== null && matchShape(compiled.lead, units, start, prefixStart) !== prefixStart)) return null;
  if (row.glued !== true && !boundaryBefore(text, start)) return null;
  const bodyStart = prefixStart + prefix.length;
  let end = matchShape(compiled.shape, units, bodyStart, ceiling);
  if (end < 0) return null;
  bodyRead = end;
  // A dot after the token ends a sentence.
  while (end > bodyStart && units[end - 1] === 46) end--;
  // An `_` or `~` before the token opened markdown's emphasis or strikethrough (see underscoresOpenAt), `-` an HTML
  // comment (`<!--…-->`): the same characters after it close them.
  const mark = start > 0 ? units[start - 1]! : 0;
  if (mark === 95 || mark === 126 || mark === 45) {
    let closed = end;
    while (closed > bodyStart && units[closed - 1] === mark) closed--;
    // Only where the body without them still has its shape (`_lin_api____…` has no body).
    if (closed < end && matchShape(compiled.shape, units, bodyStart, closed) === closed) end = closed;
  }
  if (end - bodyStart > compiled.maxBody) return null;
  // A word character right after an exact token continues the word (`rzp_test_authentication_flow`): gitleaks' `\b`.
  if (row.exact === true && units[end] !== mark && isIn(WORD, units[end])) return null;
  if (row.standsAlone === true && units[end] !== mark && !endsToken(units, end)) return null;
  if (row.digit === true && !hasAny(units, bodyStart, end, DIGITS)) return null;
  // Only read on a match: published example keys the source rule allowlists.
  if (compiled.allow !== null && compiled.allow.has(text.slice(start, end))) return null;
  const checksummed = row.checksum === "crc32-base62" && crc32Base62Holds(units, bodyStart, end);
  if (!checksummed) {
    if (row.entropy !== undefined && entropy(units, start, end) < row.entropy) return null;
    if (end > bodyStart && isPlaceholder(units, bodyStart, end, row.repeatsAreKeys !== true)) return null;
  }
  return { start, end, replacement: compiled.placeholder };
}

/**
 * The candidates of `rows`, longest prefix first.
 *
 * @example
 * candidatesOf(TOKEN_TABLE).length;
 */
export function candidatesOf(rows: readonly TokenRow[]): Candidate[] {
  const out: Candidate[] = [];
  for (const row of rows) {
    const compiled = compileRow(row);
    for (const prefix of row.prefixes) {
      const codes = Uint16Array.from({ length: prefix.length }, (_, k) => prefix.charCodeAt(k));
      const { offset, requires } = placeOf(prefix, compiled);
      out.push({ compiled, prefix, offset, requires, first: prefix.charCodeAt(0), codes });
    }
  }
  // Longer prefixes first, so `sk-ant-` is not read as a shorter vendor's; rows keep their order otherwise.
  return out.sort((a, b) => b.prefix.length - a.prefix.length);
}

/** The built-in table's candidates, compiled once for every masker. */
export const CANDIDATES = candidatesOf(TOKEN_TABLE);

/** After a token that stands alone, a character that makes it part of something else: a call, an address. */
const NOT_ALONE = asciiSet("(@");
/** Characters that make it part of a longer name when more of a name follows them (`s.….jGTPn`, `s.…-v2`, `s.…/x`). */
const JOINING = asciiSet("./-");

/**
 * True when a token ending at `end` stands alone: the character after it
 * is not `(` or `@` (a call, an address), nor `.`, `-` or `/` before more of
 * a name; anything else, blanks, quotes, punctuation, markup, escapes and
 * characters outside ASCII included, ends it. A refusal list, so that what
 * it does not name fails safe, masked.
 */
function endsToken(units: Uint16Array, end: number): boolean {
  const c = units[end]!;
  if (isIn(NOT_ALONE, c)) return false;
  return !(isIn(JOINING, c) && isIn(WORD, units[end + 1]));
}
