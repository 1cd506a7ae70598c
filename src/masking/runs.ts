/**
 * Small ASCII character sets for the token scanners, written like regex
 * classes (`"A-Za-z0-9_-"`), and a run reader over them.
 */
export type AsciiSet = Uint8Array;

/**
 * @example
 * const hex = asciiSet("0-9a-f");
 */
export function asciiSet(spec: string): AsciiSet {
  const set = new Uint8Array(128);
  for (let i = 0; i < spec.length; i++) {
    const from = spec.charCodeAt(i);
    if (spec[i + 1] === "-" && i + 2 < spec.length) {
      const to = spec.charCodeAt(i + 2);
      for (let c = from; c <= to; c++) set[c] = 1;
      i += 2;
    } else {
      set[from] = 1;
    }
  }
  return set;
}

/**
 * The index where the run of `set` characters starting at `from` ends (at
 * most `ceiling`), read from a text's code units (see `CodeUnits`).
 *
 * @example
 * runEnd(new CodeUnits().of("abc!"), 0, asciiSet("a-z"), 4); // 3
 */
export function runEnd(units: Uint16Array, from: number, set: AsciiSet, ceiling: number): number {
  let i = from;
  while (i < ceiling) {
    const c = units[i]!;
    if (c >= 128 || set[c] === 0) break;
    i++;
  }
  return i;
}

/**
 * The index where the run of `set` characters ending at `to` starts (at
 * least `floor`): {@link runEnd} read backwards.
 *
 * @example
 * runStart(new CodeUnits().of("!abc"), 4, asciiSet("a-z"), 0); // 1
 */
export function runStart(units: Uint16Array, to: number, set: AsciiSet, floor: number): number {
  let i = to;
  while (i > floor) {
    const c = units[i - 1]!;
    if (c >= 128 || set[c] === 0) break;
    i--;
  }
  return i;
}

/** True when the code units hold a character of `set` in `[from, to)`. */
export function hasAny(units: Uint16Array, from: number, to: number, set: AsciiSet): boolean {
  for (let i = from; i < to; i++) {
    const c = units[i]!;
    if (c < 128 && set[c] === 1) return true;
  }
  return false;
}

/**
 * True when the code unit `c` (undefined past the text's end) is an ASCII
 * character of `set`.
 *
 * @example
 * isIn(UPPER, "Q".charCodeAt(0)); // true
 */
export function isIn(set: AsciiSet, c: number | undefined): boolean {
  return c !== undefined && c < 128 && set[c] === 1;
}

export const ALNUM = asciiSet("A-Za-z0-9");
export const LETTER = asciiSet("A-Za-z");
export const UPPER = asciiSet("A-Z");
export const LOWER = asciiSet("a-z");
export const WORD = asciiSet("A-Za-z0-9_");
export const DIGITS = asciiSet("0-9");
/** RFC 7235 token68, the credentials after an HTTP authentication scheme. */
export const TOKEN68 = asciiSet("A-Za-z0-9._~+/=-");
export const BASE64URL = asciiSet("A-Za-z0-9_-");
/** Standard base64's characters, without its padding `=`. */
export const BASE64 = asciiSet("A-Za-z0-9+/");
/** By an ASCII code unit, the six bits it stands for in standard base64; -1 for any other, the padding `=` among them. */
export const BASE64_SEXTETS = (() => {
  const sextets = new Int8Array(128).fill(-1);
  [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].forEach((c, k) => (sextets[c.charCodeAt(0)] = k));
  return sextets;
})();
/** Lower-case hexadecimal digits, the body of hex-bodied tokens (`dapi…`) and of hashes. */
export const LOWER_HEX = asciiSet("0-9a-f");
/** Hexadecimal digits in either case (percent escapes, GUIDs). */
export const HEX = asciiSet("0-9A-Fa-f");
/** The letters of JSON's escapes that are token characters too (`\b`, `\f`, `\n`, `\r`, `\t`). */
export const ESCAPE_LETTERS = asciiSet("bfnrt");
/** Vowels, `y` among them: a word's letters hold one in three or more (`rhythms` holds no other), random letters one in five. */
export const VOWELS = asciiSet("aeiouyAEIOUY");
