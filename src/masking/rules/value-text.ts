import { lowerAscii, startsWithIgnoringCase } from "../chars.js";
import { BASE64, BASE64_SEXTETS, runEnd } from "../runs.js";
import { wordCodes } from "./letter-words.js";

/*
 * The last tests of a value that may be a secret (secret-like.ts), read on
 * its code units: URLs, masked or stand-in words, alphabets, dates and
 * published constants, compared without case. A value of ASCII alone is
 * judged here without making a string of it; any other is lower-cased as a
 * string first (a character outside ASCII may lower-case to ASCII, the
 * Kelvin sign to `k`), and the same lists are searched there.
 */

/**
 * Words of stand-in values (`changeme123`, `your_api_key_here`, `example-token`).
 * A value holding one is a stand-in only when what is left without the word
 * is no secret on its own: `Zq8!example#Lk3$Vw` is a password with a word in it.
 */
export const PLACEHOLDER_WORDS = ["changeme", "change_me", "example", "placeholder", "redacted", "dummy", "your_", "your-", "yourtoken", "yourkey", "qwerty"];
/**
 * Marks of a value that is no secret wherever they stand in it: `***` is what
 * a partially masked address leaves (`j***@example.com`, masked already);
 * `://` makes it a URL.
 */
export const NOT_SECRET_MARKS = ["***", "://"];
/** Values that look random but are published constants (gitleaks' generic-api-key stop words). */
export const PUBLIC_VALUES = new Set(["6fe4476ee5a1832882e326b506d14126"]);
/**
 * A run of this many consecutive letters or digits (`abcdefghij`, in either
 * case, `0123456789`) makes an alphabet (`const keyStr = "ABC…xyz0123456789"`),
 * which a random secret holds about never. Shorter runs do not: gitleaks' own
 * samples of Snyk's and Sonar's tokens (`12345678-ABCD-ABCD-ABCD-1234567890AB`)
 * are secrets to it, and to the masker.
 */
const ALPHABET_RUN = 10;
// A timestamp (`2026-04-01T10:00:00Z`) after `tokenCreatedAt` and kin is no secret.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}|$)/;

/** The words and marks as code units, by first code unit: a position is compared only with those that start as it does. */
function byFirst(words: readonly string[]): readonly (readonly Uint8Array[] | undefined)[] {
  const table: Uint8Array[][] = [];
  for (const word of words) (table[word.charCodeAt(0)] ??= []).push(wordCodes(word));
  return Array.from({ length: 128 }, (_, c) => table[c]);
}
const PLACEHOLDERS_BY_FIRST = byFirst(PLACEHOLDER_WORDS);
const MARKS_BY_FIRST = byFirst(NOT_SECRET_MARKS);
const [MARK_FIRST, WORD_FIRST] = [1, 2];
/** By lower-cased code unit: whether a mark ({@link MARK_FIRST}) or a stand-in word ({@link WORD_FIRST}) starts with it; most start neither. */
const FIRSTS = (() => {
  const table = new Uint8Array(128);
  for (const m of NOT_SECRET_MARKS) table[m.charCodeAt(0)]! |= MARK_FIRST;
  for (const w of PLACEHOLDER_WORDS) table[w.charCodeAt(0)]! |= WORD_FIRST;
  return table;
})();

/**
 * True when the lower-cased `value` holds a stand-in word (`changeme`,
 * `example`, `qwerty`) or an alphabet: what a value of letters alone
 * after a vendor's key must not be (vendor-letters.ts).
 *
 * @example
 * standInLetters("abcdefghijklmnop"); // true
 */
export function standInLetters(value: string): boolean {
  return alphabet(value) || PLACEHOLDER_WORDS.some((w) => value.includes(w));
}

/**
 * What the lower-cased `value` (a value's first 200 code units) says of it:
 * -1 no secret (a URL, a mark, an alphabet, a date, a published constant),
 * 0 it holds a stand-in word, 1 neither.
 */
export function valueTextVerdict(value: string): -1 | 0 | 1 {
  if (NOT_SECRET_MARKS.some((m) => value.includes(m)) || alphabet(value) || ISO_DATE.test(value) || PUBLIC_VALUES.has(value)) return -1;
  return PLACEHOLDER_WORDS.some((w) => value.includes(w)) ? 0 : 1;
}

/** {@link valueTextVerdict} of `[from, to)`, which holds ASCII alone, read on the code units. */
export function asciiValueVerdict(units: Uint16Array, from: number, to: number): -1 | 0 | 1 {
  let placeholder = false;
  let run = 1;
  let previous = -1;
  for (let i = from; i < to; i++) {
    const c = lowerAscii(units[i]!);
    const consecutive = c === previous + 1 && ((c > 97 && c <= 122) || (c > 48 && c <= 57));
    run = consecutive ? run + 1 : 1;
    if (run >= ALPHABET_RUN) return -1;
    previous = c;
    const firsts = FIRSTS[c]!;
    if (firsts === 0) continue;
    if ((firsts & MARK_FIRST) !== 0 && holdsAt(units, i, to, MARKS_BY_FIRST[c]!)) return -1;
    if (!placeholder && (firsts & WORD_FIRST) !== 0 && holdsAt(units, i, to, PLACEHOLDERS_BY_FIRST[c]!)) placeholder = true;
  }
  if (isoDate(units, from, to) || publicValue(units, from, to)) return -1;
  return placeholder ? 0 : 1;
}

/** True when one of `words` (lower case) starts at `at`, compared without case, before `to`. */
function holdsAt(units: Uint16Array, at: number, to: number, words: readonly Uint8Array[]): boolean {
  for (const word of words) {
    if (at + word.length > to) continue;
    let k = 1;
    while (k < word.length && lowerAscii(units[at + k]!) === word[k]) k++;
    if (k === word.length) return true;
  }
  return false;
}

/** {@link ISO_DATE} on code units: `dddd-dd-dd` alone, or then `t` or a blank and `dd:dd`. */
function isoDate(units: Uint16Array, from: number, to: number): boolean {
  const digit = (k: number) => units[from + k]! >= 48 && units[from + k]! <= 57;
  if (to - from < 10 || !digit(0) || !digit(1) || !digit(2) || !digit(3) || units[from + 4] !== 45 || !digit(5) || !digit(6) || units[from + 7] !== 45 || !digit(8) || !digit(9)) return false;
  if (to - from === 10) return true;
  const t = lowerAscii(units[from + 10]!);
  return to - from >= 16 && (t === 116 || t === 32) && digit(11) && digit(12) && units[from + 13] === 58 && digit(14) && digit(15);
}

/** True when `[from, to)`, compared without case, is one of {@link PUBLIC_VALUES}. */
function publicValue(units: Uint16Array, from: number, to: number): boolean {
  for (const value of PUBLIC_VALUES) if (value.length === to - from && startsWithIgnoringCase(units, to, from, value)) return true;
  return false;
}

/** True when the lower-cased value holds a run of {@link ALPHABET_RUN} consecutive letters or digits. */
function alphabet(value: string): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const consecutive = c === value.charCodeAt(i - 1) + 1 && ((c > 97 && c <= 122) || (c > 48 && c <= 57));
    run = consecutive ? run + 1 : 1;
    if (run >= ALPHABET_RUN) return true;
  }
  return false;
}

/** True when `[from, to)` is standard base64 with its padding, whole (`^[A-Za-z0-9+/]+={0,2}$`). */
export function base64Text(units: Uint16Array, from: number, to: number): boolean {
  let i = runEnd(units, from, BASE64, to);
  if (i === from) return false;
  // `={0,2}`, then the end.
  const padding = i;
  while (i < to && units[i] === 61 && i - padding < 2) i++;
  return i === to;
}

/** What a stand-in may decode to: letters, digits, blanks and `.,_-` (secret-like.ts, DECODED_WORDS). */
const WORD_BYTES = (() => {
  const set = new Uint8Array(256);
  for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,_-") set[c.charCodeAt(0)] = 1;
  return set;
})();

/**
 * True when the base64 of `[from, to)` (see base64Text: a multiple of four
 * characters) decodes to letters, digits, blanks and `.,_-` alone: bytes
 * are decoded and tested one group at a time, so that a random value is
 * refused after its first few characters, before any string is made of it.
 */
export function decodesToWords(units: Uint16Array, from: number, to: number): boolean {
  for (let i = from; i + 4 <= to; i += 4) {
    const a = BASE64_SEXTETS[units[i]!]!;
    const b = BASE64_SEXTETS[units[i + 1]!]!;
    const c = units[i + 2] === 61 ? -2 : BASE64_SEXTETS[units[i + 2]!]!;
    const d = units[i + 3] === 61 ? -2 : BASE64_SEXTETS[units[i + 3]!]!;
    if (a < 0 || b < 0 || c === -1 || d === -1) return false;
    if (WORD_BYTES[(a << 2) | (b >> 4)] === 0) return false;
    if (c >= 0 && WORD_BYTES[((b & 15) << 4) | (c >> 2)] === 0) return false;
    if (c >= 0 && d >= 0 && WORD_BYTES[((c & 3) << 6) | d] === 0) return false;
  }
  return true;
}
