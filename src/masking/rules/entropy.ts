/*
 * The tests that keep words and placeholders out of the secret rules:
 * Shannon entropy as gitleaks computes it (bits per character over the
 * value's own character frequencies), and the placeholder shapes people
 * write instead of a secret.
 */

const counts = new Int32Array(129);
/** The longest stretch whose terms are kept (see termsFor). */
const KEPT_LENGTH = 64;
/** By length, `p * log2(p)` for each count `n` (`p = n / length`), made when a stretch of that length is first measured. */
const TERMS: (Float64Array | undefined)[] = [];

/**
 * The entropy terms of a stretch of `length`, computed as the loop below
 * would compute each (so that the sum is the same to the last bit): a
 * logarithm costs more than the rest of a character's share of the sum.
 */
function termsFor(length: number): Float64Array {
  let terms = TERMS[length];
  if (terms === undefined) {
    terms = new Float64Array(length + 1);
    for (let n = 1; n <= length; n++) {
      const p = n / length;
      terms[n] = p * Math.log2(p);
    }
    TERMS[length] = terms;
  }
  return terms;
}

/**
 * Shannon entropy of the code units in `[from, to)`, in bits per character.
 * Characters outside ASCII count as one symbol.
 *
 * @example
 * entropy(new CodeUnits().of("aaaa"), 0, 4); // 0
 */
export function entropy(units: Uint16Array, from: number, to: number): number {
  const length = to - from;
  if (length <= 0) return 0;
  for (let i = from; i < to; i++) counts[Math.min(units[i]!, 128)]!++;
  let bits = 0;
  if (length <= KEPT_LENGTH) {
    const terms = termsFor(length);
    for (let i = from; i < to; i++) {
      const c = Math.min(units[i]!, 128);
      const n = counts[c]!;
      if (n === 0) continue;
      bits -= terms[n]!;
      counts[c] = 0;
    }
    return bits;
  }
  for (let i = from; i < to; i++) {
    const c = Math.min(units[i]!, 128);
    const n = counts[c]!;
    if (n === 0) continue;
    const p = n / length;
    bits -= p * Math.log2(p);
    counts[c] = 0;
  }
  return bits;
}

const X_RUN = 6;

/**
 * True when `[from, to)` is a stand-in for a secret rather than one: a single
 * character repeated (`xxxx`, `0000`, `****`), a run of six or more `x`, `X`,
 * `*` or `.`, at most two distinct characters, or the word `EXAMPLE` in
 * capitals (`AKIAIOSFODNN7EXAMPLE`, the documentation's own key; lower case
 * is left to the keyword rule, since `example.com` may stand inside real
 * credentials). With `fewDistinct` false, only the runs and `EXAMPLE` count:
 * for a format whose every body is a key, repeated characters included.
 *
 * @example
 * isPlaceholder(new CodeUnits().of("ghp_xxxxxxxx"), 4, 12); // true
 */
export function isPlaceholder(units: Uint16Array, from: number, to: number, fewDistinct = true): boolean {
  if (to <= from) return true;
  const first = units[from]!;
  let second = -1;
  let run = 0;
  for (let i = from; i < to; i++) {
    const c = units[i]!;
    if (c !== first) {
      if (second === -1) second = c;
      else if (c !== second) second = -2;
    }
    run = c === 120 || c === 88 || c === 42 || c === 46 ? run + 1 : 0;
    if (run >= X_RUN) return true;
    // `EXAMPLE`, compared where its `E` stands: a loop that indexes a string reads it through every representation a string may have.
    if (c === 69 && i + 7 <= to && units[i + 1] === 88 && units[i + 2] === 65 && units[i + 3] === 77 && units[i + 4] === 80 && units[i + 5] === 76 && units[i + 6] === 69) return true;
  }
  return fewDistinct && second !== -2;
}
