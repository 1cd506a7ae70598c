/**
 * Sets of UTF-16 code units as sorted, disjoint, inclusive ranges
 * `[lo0, hi0, lo1, hi1, …]`.
 */
export type CharSet = readonly number[];

export const MAX_CODE_UNIT = 0xffff;
export const EMPTY: CharSet = [];
export const ANY: CharSet = [0, MAX_CODE_UNIT];

/**
 * @example
 * charSet([[0x61, 0x7a]]); // [a-z]
 */
export function charSet(ranges: readonly (readonly [number, number])[]): CharSet {
  const sorted = ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of sorted) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

export function single(code: number): CharSet {
  return [code, code];
}

export function union(...sets: readonly CharSet[]): CharSet {
  const ranges: [number, number][] = [];
  for (const set of sets) for (let i = 0; i < set.length; i += 2) ranges.push([set[i]!, set[i + 1]!]);
  return charSet(ranges);
}

export function negate(set: CharSet): CharSet {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    if (set[i]! > next) out.push(next, set[i]! - 1);
    next = set[i + 1]! + 1;
  }
  if (next <= MAX_CODE_UNIT) out.push(next, MAX_CODE_UNIT);
  return out;
}

export function intersects(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! < b[j]!) i += 2;
    else if (b[j + 1]! < a[i]!) j += 2;
    else return true;
  }
  return false;
}

export function intersection(a: CharSet, b: CharSet): CharSet {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

export function contains(set: CharSet, code: number): boolean {
  for (let i = 0; i < set.length; i += 2) if (code >= set[i]! && code <= set[i + 1]!) return true;
  return false;
}

/** The set with every member's other-case forms added (simple case mapping, as the `i` flag does). */
export function caseFold(set: CharSet): CharSet {
  const extra: [number, number][] = [];
  for (let i = 0; i < set.length; i += 2) {
    for (let code = set[i]!; code <= set[i + 1]!; code++) {
      const ch = String.fromCharCode(code);
      for (const other of [ch.toLowerCase(), ch.toUpperCase()]) {
        if (other.length === 1 && other !== ch) extra.push([other.charCodeAt(0), other.charCodeAt(0)]);
      }
    }
  }
  return extra.length === 0 ? set : union(set, charSet(extra));
}

const range = (from: string, to: string): [number, number] => [from.charCodeAt(0), to.charCodeAt(0)];

export const DIGIT_SET = charSet([range("0", "9")]);
export const WORD_SET = charSet([range("0", "9"), range("A", "Z"), range("_", "_"), range("a", "z")]);
/** JavaScript's `\s`: ASCII and Unicode white space and line terminators. */
export const SPACE_SET = charSet([
  [9, 13],
  [32, 32],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);
/** What `.` matches: anything but a line terminator. */
export const DOT_SET = negate(charSet([[10, 10], [13, 13], [0x2028, 0x2029]]));
