import { ALNUM, asciiSet, DIGITS, runEnd, TOKEN68 } from "./runs.js";

/*
 * Reading and judging the credentials of HTTP authentication
 * (authorization.ts): where a value after `Bearer` or an `Authorization`
 * key ends, and whether one that starts with a symbol is a token.
 */

// After an `Authorization:` key the value runs to white space, a quote or an
// escape: it may hold `@`, `:`, `&` and other characters token68 lacks, and none
// of it may leak (a value cut at an `@` would leave its tail to the address scan;
// one cut at `&` an Azure SAS's `&sig=`).
const HEADER_VALUE = asciiSet("A-Za-z0-9._~+/=@:!#$%&*?^|-");

/**
 * By code unit, 1 for a token68 character, 3 for a digit (one too): the read
 * below takes both from one look-up. Made here from the imported sets, whose
 * every read inside a loop would go through the module's binding again.
 */
const CREDENTIAL = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) table[c] = TOKEN68[c] === 1 ? (DIGITS[c] === 1 ? 3 : 1) : 0;
  return table;
})();

/**
 * Where the credentials after `from` (a run of token68 characters and
 * PHP's `\/`, without sentence-ending dots) end if they look like a token (see {@link tokenLike}),
 * or -1, in one read: token68 holds no `%`, so every digit of the run is the
 * value's own, and the dots taken off its end hold none.
 *
 * @example
 * tokenLikeCredentials(new CodeUnits().of("Bearer abc123def"), 7, 16); // 16
 */
export function tokenLikeCredentials(units: Uint16Array, from: number, ceiling: number): number {
  let end = from;
  // The classes seen, ORed: 3 once a digit stood in the run.
  let seen = 0;
  // Backslashes of `\/`, which the value's length does not count.
  let escapes = 0;
  for (; end < ceiling; end++) {
    const c = units[end]!;
    const value = c < 128 ? CREDENTIAL[c]! : 0;
    if (value === 0) {
      // `/` JSON-escaped, as PHP writes it (`\/`): part of the value.
      if (c === 92 && units[end + 1] === 47 && end + 1 < ceiling) {
        end++;
        escapes++;
        continue;
      }
      break;
    }
    seen |= value;
  }
  while (end > from && units[end - 1] === 46) end--;
  const length = end - from - escapes;
  return length >= 20 || (length >= 8 && seen === 3) ? end : -1;
}

/** The value after an `Authorization:` key, `/` JSON-escaped included (`\/`, as PHP writes it), without sentence-ending dots. */
export function headerCredentials(units: Uint16Array, from: number, ceiling: number): number {
  let end = from;
  for (;;) {
    end = runEnd(units, end, HEADER_VALUE, ceiling);
    if (end + 1 >= ceiling || units[end] !== 92 || units[end + 1] !== 47) break;
    end += 2;
  }
  while (end > from && units[end - 1] === 46) end--;
  return end;
}

/**
 * True when credentials at `from` may start there: with a letter, a digit
 * or `_` (Cloudflare's `Bearer _FXN…`); or with the `+`, `/` or `-` that
 * base64 and base64url put first in one random token in twenty (two of
 * them in one in a thousand; `/` JSON-escaped as `\/` by PHP), when the value
 * looks like a random token: 16 characters or more that read as random
 * (see randomCased; not an address the masker wrote). `Authorization:://…`,
 * `Bearer --help`, `Bearer /etc`, `Bearer ${TOKEN}`, paths
 * (`/oauth2/v1/authorize`, `/api/Users/GetProfile`) and flags
 * (`-Xmx2048m`, `-ErrorActionPreference`) hold none.
 */
export function mayStartCredentials(units: Uint16Array, from: number, to: number): boolean {
  const first = units[from]!;
  if (ALNUM[first] === 1 || first === 95) return true;
  // Judged whole, or up to a query string's next field (`?authorization=-Zq8…&v=1.2`); masked to the value's end.
  if (!symbolLed(units, from)) return false;
  const judged = fieldEnd(units, from, to);
  return (to - from >= 16 && randomCased(units, from, to)) || (judged < to && judged - from >= 16 && randomCased(units, from, judged));
}

/** Where a query string's next field (`&name=`) starts in `[from, to)`, or `to`. */
function fieldEnd(units: Uint16Array, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (units[i] !== 38 /* & */) continue;
    let k = i + 1;
    while (k < to && k - i < 64 && FIELD_NAME[units[k]!] === 1) k++;
    if (k > i + 1 && units[k] === 61 /* = */) return i;
  }
  return to;
}
/** A query string's field name. */
const FIELD_NAME = asciiSet("A-Za-z0-9._~-");

/** True when one or two of `+`, `/` (also `\/`) and `-` stand at `from` and a letter, a digit or `_` after them; `//` and `--` (a URL's, an option's) are none. */
export function symbolLed(units: Uint16Array, from: number): boolean {
  const one = symbolLength(units, from);
  if (one === 0) return false;
  let k = from + one;
  const two = symbolLength(units, k);
  if (two > 0 && !(units[k + two - 1] === units[from + one - 1] && units[k] !== 43)) k += two;
  const next = units[k]!;
  return ALNUM[next] === 1 || next === 95;
}

/** The length of the symbol a base64 token may start with at `at`: 1 for `+`, `/` or `-`, 2 for `\/`, 0 for none. */
function symbolLength(units: Uint16Array, at: number): number {
  const c = units[at];
  if (c === 92) return units[at + 1] === 47 ? 2 : 0;
  return c === 43 || c === 47 || c === 45 ? 1 : 0;
}

/**
 * True when `[from, to)` reads as random rather than as words: an upper-
 * and a lower-case letter, neither `.` nor `***`, and the class of character
 * (upper case, lower case, digit) changing at three in ten of its letters
 * and digits at least. Random base64 changes at about two in three (one
 * token of 16 characters in forty changes less, one of 20 in a hundred, one
 * of 32 in a thousand); paths and options written in words
 * (`/connect/AuthorizeCallback`, `-ErrorActionPreference`) at one in four
 * or fewer.
 */
function randomCased(units: Uint16Array, from: number, to: number): boolean {
  let cases = 0;
  let classes = 0;
  let changes = 0;
  let previous = 0;
  for (let i = from; i < to; i++) {
    const c = units[i]!;
    if (c === 46 || (c === 42 && units[i + 1] === 42 && units[i + 2] === 42)) return false;
    const kind = c >= 65 && c <= 90 ? 1 : c >= 97 && c <= 122 ? 2 : c >= 48 && c <= 57 ? 4 : 0;
    if (kind !== 0) {
      classes++;
      if (previous !== 0 && kind !== previous) changes++;
    }
    cases |= kind;
    previous = kind;
  }
  return (cases & 3) === 3 && changes * 10 >= classes * 3;
}
