import type { Span } from "../scan.js";
import { BUCKETS, CANDIDATES, holdsPrefix, tryCandidate, type Candidate } from "./table-candidates.js";

/*
 * Table tokens looked up where a value starts rather than through the
 * scan's anchors: after a key or header (`api_key=…`, `Bearer …`) a vendor's
 * token keeps the placeholder that names it, and a value that only starts
 * like one is judged by what follows its prefix.
 */

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
    if (codes.length >= 5 && codes.length > longest && holdsPrefix(units, at, codes)) longest = codes.length;
  }
  return longest;
}
