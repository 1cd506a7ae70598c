import { boundaryBefore } from "../chars.js";
import { asciiSet, DIGITS, hasAny } from "../runs.js";
import { secretPlaceholder, type Rule, type Span } from "../scan.js";
import { crc32Base62Holds } from "./checksum.js";
import { entropy, isPlaceholder } from "./entropy.js";
import { compileShape, matchShape, type Shape } from "./shape.js";
import { TOKEN_TABLE, type TokenRow } from "./token-table.js";

/*
 * The token table compiled into anchored rules. Each prefix is found
 * through its rarest character (by how often characters occur in the app's
 * JSON logs: capitals and `_` rather than lower-case letters); one rule per
 * anchor character then picks the few prefixes worth comparing by the
 * character next to the anchor, so a common anchor costs one table look-up
 * and no per-prefix comparisons. The scan never runs one pattern per rule
 * over the line.
 */

/**
 * Characters a prefix may be found through, best first: those other rules
 * anchor on already (`_`, `k`, `x`, `A`, `J`, `z`, `S`, `K`, `w`: one more rule there
 * costs a bucket, not a stop), then capitals and rare symbols; lower-case
 * letters, digits, `-` and `.` occur every few characters of a JSON log line
 * (measured on the bench corpus). Each anchor character costs the scan a stop wherever it occurs,
 * and one that occurs every hundred characters costs a sixth of its speed;
 * a prefix made only of common letters, digits, `-` and `.` (`glpat-`,
 * `hvs.`, `dapi`) is therefore found only where a key or a header names the
 * value (see {@link tableTokenAt}), not in free text.
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
}

interface Candidate {
  readonly compiled: CompiledRow;
  readonly prefix: string;
  /** Where the anchor stands in the prefix; -1 when the prefix is found only after a key or header. */
  readonly offset: number;
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
  return { row, shape, lead, leadLength, placeholder: secretPlaceholder(row.family), maxBody, allow };
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

const BUCKETS = 129;

/** True when the prefix whose code units are `codes` stands at `at`. */
function holds(units: Uint16Array, at: number, codes: Uint16Array): boolean {
  for (let k = 0; k < codes.length; k++) if (units[at + k] !== codes[k]) return false;
  return true;
}

/**
 * Checks the candidate whose prefix starts at `start`: the lead before it,
 * the boundary, the shape after it and the row's checks. Returns the span
 * of the whole token, or null.
 */
function tryCandidate(text: string, units: Uint16Array, c: Candidate, prefixStart: number, floor: number, ceiling: number): Span | null {
  const { compiled, prefix } = c;
  const row = compiled.row;
  if (prefixStart < floor || prefixStart + prefix.length > ceiling || !holds(units, prefixStart, c.codes)) return null;
  const start = prefixStart - compiled.leadLength;
  if (start < floor || (compiled.lead !== null && matchShape(compiled.lead, units, start, prefixStart) !== prefixStart)) return null;
  if (row.glued !== true && !boundaryBefore(text, start)) return null;
  const bodyStart = prefixStart + prefix.length;
  let end = matchShape(compiled.shape, units, bodyStart, ceiling);
  if (end < 0) return null;
  // A dot after the token ends a sentence.
  while (end > bodyStart && units[end - 1] === 46) end--;
  if (end - bodyStart > compiled.maxBody) return null;
  if (row.digit === true && !hasAny(units, bodyStart, end, DIGITS)) return null;
  // Only read on a match: published example keys the source rule allowlists.
  if (compiled.allow !== null && compiled.allow.has(text.slice(start, end))) return null;
  const checksummed = row.checksum === "crc32-base62" && crc32Base62Holds(units, bodyStart, end);
  if (!checksummed) {
    if (row.entropy !== undefined && entropy(units, start, end) < row.entropy) return null;
    if (end > bodyStart && isPlaceholder(units, bodyStart, end)) return null;
  }
  return { start, end, replacement: compiled.placeholder };
}

/** The code units (128: any from 128 on) a lead may end with, or null for no lead: anything may then stand before the prefix. */
function leadEnds(lead: Shape | null): Uint8Array | null {
  const last = lead?.segments[lead.segments.length - 1];
  if (last === undefined) return null;
  const ends = new Uint8Array(BUCKETS);
  if ("literal" in last) ends[Math.min(last.literal.charCodeAt(last.literal.length - 1), 128)] = 1;
  else ends.set(last.set);
  return ends;
}

/** Candidates for one anchor character, bucketed by the character before the anchor (or after it, at offset 0). */
class AnchorEntry {
  readonly before: Candidate[][] = Array.from({ length: BUCKETS }, () => []);
  readonly after: Candidate[][] = Array.from({ length: BUCKETS }, () => []);
  /** One-character prefixes (Facebook's `|` after its digits): no neighbour to bucket them by. */
  readonly alone: Candidate[] = [];

  add(candidate: Candidate): void {
    const { prefix, offset } = candidate;
    if (offset > 0) this.before[Math.min(prefix.charCodeAt(offset - 1), 128)]!.push(candidate);
    else if (prefix.length === 1) this.alone.push(candidate);
    else this.after[Math.min(prefix.charCodeAt(1), 128)]!.push(candidate);
  }

  rule(code: number): Rule {
    const { before, after, alone } = this;
    // The neighbours whose bucket holds a candidate, and those a one-character prefix's lead may
    // end with (Facebook's digits before `|`): elsewhere the scanner need not call `match`.
    const ends = alone.map((c) => leadEnds(c.compiled.lead));
    const around = ends.some((e) => e === null)
      ? undefined
      : { before: Uint8Array.from(before, (b, code) => (b.length > 0 || ends.some((e) => e![code] === 1) ? 1 : 0)), after: Uint8Array.from(after, (b) => (b.length > 0 ? 1 : 0)) };
    return {
      needle: String.fromCharCode(code),
      ...(around === undefined ? {} : { around }),
      match(text, at, floor, ceiling, units) {
        if (at > 0) {
          const bucket = before[Math.min(units[at - 1]!, 128)]!;
          for (let k = 0; k < bucket.length; k++) {
            const c = bucket[k]!;
            // The prefix's first character, compared before anything else is read.
            if (units[at - c.offset] !== c.first) continue;
            const span = tryCandidate(text, units, c, at - c.offset, floor, ceiling);
            if (span !== null) return span;
          }
        }
        const bucket = after[Math.min(units[at + 1]!, 128)]!;
        for (let k = 0; k < bucket.length; k++) {
          const span = tryCandidate(text, units, bucket[k]!, at, floor, ceiling);
          if (span !== null) return span;
        }
        for (let k = 0; k < alone.length; k++) {
          const span = tryCandidate(text, units, alone[k]!, at, floor, ceiling);
          if (span !== null) return span;
        }
        return null;
      },
    };
  }
}

function candidatesOf(rows: readonly TokenRow[]): Candidate[] {
  const out: Candidate[] = [];
  for (const row of rows) {
    const compiled = compileRow(row);
    for (const prefix of row.prefixes) out.push({ compiled, prefix, offset: anchorOf(prefix), first: prefix.charCodeAt(0), codes: Uint16Array.from({ length: prefix.length }, (_, k) => prefix.charCodeAt(k)) });
  }
  // Longer prefixes first, so `sk-ant-` is not read as a shorter vendor's; rows keep their order otherwise.
  return out.sort((a, b) => b.prefix.length - a.prefix.length);
}

const CANDIDATES = candidatesOf(TOKEN_TABLE);

/**
 * The table's rules, one per anchor character.
 *
 * @example
 * anchoredScanner([...tableRules(TOKEN_TABLE)], []);
 */
export function tableRules(rows: readonly TokenRow[] = TOKEN_TABLE): Rule[] {
  const entries = new Map<number, AnchorEntry>();
  for (const candidate of rows === TOKEN_TABLE ? CANDIDATES : candidatesOf(rows)) {
    if (candidate.offset < 0) continue;
    const code = candidate.prefix.charCodeAt(candidate.offset);
    let entry = entries.get(code);
    if (entry === undefined) entries.set(code, (entry = new AnchorEntry()));
    entry.add(candidate);
  }
  return [...entries].map(([code, entry]) => entry.rule(code));
}

/** Candidates by the first character of the whole token (its lead's, if it has one). */
const BY_FIRST = (() => {
  const byFirst: Candidate[][] = Array.from({ length: BUCKETS }, () => []);
  for (const c of CANDIDATES) if (c.compiled.lead === null) byFirst[Math.min(c.prefix.charCodeAt(0), 128)]!.push(c);
  return byFirst;
})();

/**
 * The table token that starts at `at`, if one does: lets a rule that found
 * a value by its key (`api_key=…`, `Bearer …`) leave a vendor's token to the
 * placeholder that names it.
 *
 * @example
 * tableTokenAt(text, units, valueStart, floor, text.length);
 */
export function tableTokenAt(text: string, units: Uint16Array, at: number, floor: number, ceiling: number): Span | null {
  const bucket = BY_FIRST[Math.min(units[at]!, 128)]!;
  for (let k = 0; k < bucket.length; k++) {
    const span = tryCandidate(text, units, bucket[k]!, at, floor, ceiling);
    if (span !== null) return span;
  }
  return null;
}

/**
 * The length of a vendor prefix of five or more characters (`sk-ant-oat01-`,
 * `glpat-`) that starts at `at`, whether or not a token of its shape
 * follows, or 0. Shorter prefixes (`pat`, `SK`) start ordinary random
 * values too.
 *
 * @example
 * vendorPrefixLength(units, valueStart); // 13 before "sk-ant-oat01-tooShort"
 */
export function vendorPrefixLength(units: Uint16Array, at: number): number {
  const bucket = BY_FIRST[Math.min(units[at]!, 128)]!;
  let longest = 0;
  for (let k = 0; k < bucket.length; k++) {
    const codes = bucket[k]!.codes;
    if (codes.length >= 5 && codes.length > longest && holds(units, at, codes)) longest = codes.length;
  }
  return longest;
}

/** Characters a token and its prefix are made of: where a run of them starts, a prefix may. */
const TOKEN_RUN = asciiSet("A-Za-z0-9_.~-");
/** First characters of the prefixes that have no anchor of their own. */
const RUN_STARTS = (() => {
  const starts = new Uint8Array(129);
  for (const c of CANDIDATES) if (c.offset < 0 && c.compiled.lead === null) starts[Math.min(c.first, 128)] = 1;
  return starts;
})();
/** Anchorless prefixes behind a lead (Terraform's `<14 characters>.atlasv1.`): few, tried at every run start. */
const LED = CANDIDATES.filter((c) => c.offset < 0 && c.compiled.lead !== null);

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
 * (`dapi`, `pul-`, `glptt-`, `v1.0-`) hold no such anchor and are still
 * found only after a key or header.
 *
 * @example
 * anchoredScanner([...rules, ...runStartRules(rules)], []);
 */
export function runStartRules(rules: readonly Rule[]): Rule[] {
  // Per pass: the anchor the last walk began at; a walk that reaches it met a run already looked at.
  let lastAt = -1;
  const reset = () => {
    lastAt = -1;
  };
  const rule = (needle: string): Rule => ({
    needle,
    reset,
    fallback: true,
    match(text, at, floor, ceiling, units) {
      const stop = Math.max(floor, lastAt);
      const previous = lastAt;
      lastAt = at;
      let start = at;
      while (start > stop && isRun(units[start - 1]!)) start--;
      if (start === previous) return null;
      for (let k = 0; k < LED.length; k++) {
        const c = LED[k]!;
        if (units[start + c.compiled.leadLength] !== c.first) continue;
        const span = tryCandidate(text, units, c, start + c.compiled.leadLength, floor, ceiling);
        if (span !== null) return span;
      }
      return RUN_STARTS[Math.min(units[start]!, 128)] === 1 ? tableTokenAt(text, units, start, floor, ceiling) : null;
    },
  });
  const stops = new Set(rules.map((r) => r.needle.charCodeAt(r.anchor ?? 0)).filter((c) => isRun(c)));
  return [...stops].map((c) => rule(String.fromCharCode(c)));
}

function isRun(c: number): boolean {
  return c < 128 && TOKEN_RUN[c] === 1;
}
