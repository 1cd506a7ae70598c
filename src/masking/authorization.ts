import { boundaryBefore, startsWithIgnoringCase } from "./chars.js";
import { ALNUM, asciiSet, DIGITS, HEX, runEnd, TOKEN68 } from "./runs.js";
import type { FollowedRule } from "./anchor-layout.js";
import { RefusedStretch } from "./refused.js";
import { secretPlaceholder, type Rule, type Span } from "./scan.js";
import { isPlaceholder } from "./rules/entropy.js";
import { tableTokenAt } from "./rules/table-token-at.js";
import { startsKnownToken } from "./token-shapes.js";

/*
 * Credentials of HTTP authentication: `Authorization: Bearer …`,
 * `"authorization":"token …"`, `Authorization: Basic …`, and a bare
 * `Bearer …` in prose or curl commands. The scheme word stays readable; the
 * credentials are replaced. Tokens of a known shape are left to their own
 * rule so the placeholder names them.
 */

const BLANKS = asciiSet(" \t");
const LETTERS = asciiSet("A-Za-z-");
// Between `authorization` and its value: quotes (also JSON-escaped), blanks, `:` or `=`.
const SEPARATOR = asciiSet("\"'\\ \t:=");
// What may follow an `authorization` key for a value to be read: a separator, or the value itself.
const AFTER_KEY = asciiSet("\"'\\ \t:=A-Za-z0-9");
const SCHEME_KINDS: Readonly<Record<string, string>> = {
  bearer: "bearer",
  token: "bearer",
  basic: "basic-auth",
  digest: "authorization",
  negotiate: "authorization",
  ntlm: "authorization",
  apikey: "authorization",
  "api-token": "authorization",
  "api-key": "authorization",
};
// After an `Authorization:` key the value runs to white space, a quote or an
// escape: it may hold `@`, `:` and other characters token68 lacks, and none of
// it may leak (a value cut at an `@` would leave its tail to the address scan).
// `&` too, unless a query string's next field starts there (see nextField).
const FIELD_VALUE = asciiSet("A-Za-z0-9._~+/=@:!#$%*?^|-");
/** A query string's field name. */
const FIELD_NAME = asciiSet("A-Za-z0-9._~-");

/** True when `&` at `at` starts a query string's next field: a name, then `=`. */
function nextField(units: Uint16Array, at: number, ceiling: number): boolean {
  const name = runEnd(units, at + 1, FIELD_NAME, Math.min(ceiling, at + 65));
  return name > at + 1 && units[name] === 61;
}

const SCHEMES = Object.keys(SCHEME_KINDS);
/** The longest scheme word read before credentials it does not list (`Bearer-Token`, `SharedKeyLite`). */
const MAX_SCHEME = 24;

/** The kind of credentials the scheme word `text[from, to)` announces, if it is one. */
function schemeKind(units: Uint16Array, from: number, to: number): string | undefined {
  for (let k = 0; k < SCHEMES.length; k++) {
    const scheme = SCHEMES[k]!;
    if (scheme.length === to - from && startsWithIgnoringCase(units, to, from, scheme)) return SCHEME_KINDS[scheme];
  }
  return undefined;
}


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
  for (; end < ceiling; end++) {
    const c = units[end]!;
    const value = c < 128 ? CREDENTIAL[c]! : 0;
    if (value === 0) {
      // `/` JSON-escaped, as PHP writes it (`\/`): part of the value.
      if (c === 92 && units[end + 1] === 47 && end + 1 < ceiling) {
        end++;
        continue;
      }
      break;
    }
    seen |= value;
  }
  while (end > from && units[end - 1] === 46) end--;
  return end - from >= 20 || (end - from >= 8 && seen === 3) ? end : -1;
}

/**
 * The value after an `Authorization:` key, `/` JSON-escaped included (`\/`,
 * as PHP writes it), up to a query string's next field (`&name=`), without
 * sentence-ending dots.
 */
function headerCredentials(units: Uint16Array, from: number, ceiling: number): number {
  let end = from;
  for (;;) {
    const run = runEnd(units, end, FIELD_VALUE, ceiling);
    if (units[run] === 38 /* & */ && !nextField(units, run, ceiling)) {
      end = run + 1;
      continue;
    }
    end = run;
    if (end + 1 >= ceiling || units[end] !== 92 || units[end + 1] !== 47) break;
    end += 2;
  }
  while (end > from && units[end - 1] === 46) end--;
  return end;
}

// Values after an Authorization key that are prose's, not credentials: a ticket or a word and a number
// (`INC-12345678`, `approval-1234567`), a whole timestamp, and an address the masker wrote (`j***@…`: masking
// again must change nothing).
const TICKET = /^[A-Za-z]{1,12}-\d{1,10}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const MASKED_ADDRESS = /^.?\*\*\*(?:@|%40)/;

/** A value after an Authorization key that looks like a token and is none of prose's own shapes. */
function secretLike(text: string, units: Uint16Array, from: number, to: number): boolean {
  if (!tokenLike(units, from, to)) return false;
  const value = text.slice(from, Math.min(to, from + 64));
  return !(to - from <= 64 && (TICKET.test(value) || TIMESTAMP.test(value))) && !MASKED_ADDRESS.test(value);
}

/** Looks like a secret rather than a word: long, or with a digit. */
function tokenLike(units: Uint16Array, from: number, to: number): boolean {
  return to - from >= 20 || (to - from >= 8 && hasOwnDigit(units, from, to));
}

/**
 * A digit of the value itself, not of a `%XX` escape: `a***%40io` is an
 * address already masked (`@` written `%40`), and reading its escape as
 * digits would mask it again as a credential (masking must be idempotent).
 */
function hasOwnDigit(units: Uint16Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (units[i] === 37 && i + 2 < to && HEX[units[i + 1]!] === 1 && HEX[units[i + 2]!] === 1) {
      i += 2;
      continue;
    }
    const c = units[i]!;
    if (c < 128 && DIGITS[c] === 1) return true;
  }
  return false;
}


/** True when `authorization` followed by `:`/`=` (and quotes) ends right before `index`. */
function afterAuthorizationKey(units: Uint16Array, index: number, floor: number): boolean {
  let i = index;
  let sawColon = false;
  while (i > floor && index - i < 8) {
    const c = units[i - 1]!;
    if (c >= 128 || SEPARATOR[c] === 0) break;
    if (c === 58 || c === 61) sawColon = true;
    i--;
  }
  return sawColon && i - 13 >= floor && startsWithIgnoringCase(units, i, i - 13, "authorization");
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
function mayStartCredentials(units: Uint16Array, from: number, to: number): boolean {
  const first = units[from]!;
  if (ALNUM[first] === 1 || first === 95) return true;
  return symbolLed(units, from) && to - from >= 16 && randomCased(units, from, to);
}

/** True when one or two of `+`, `/` (also `\/`) and `-` stand at `from` and a letter, a digit or `_` after them; `//` and `--` (a URL's, an option's) are none. */
function symbolLed(units: Uint16Array, from: number): boolean {
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
 * and digits at least. Random base64 of 20 characters changes at about two
 * in three (one such token in a hundred changes less); paths and options
 * written in words (`/connect/AuthorizeCallback`, `-ErrorActionPreference`)
 * at one in four or fewer.
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

function credentialSpan(text: string, units: Uint16Array, from: number, to: number, floor: number, kind: string): Span | null {
  if (to <= from || !mayStartCredentials(units, from, to) || startsKnownToken(text, from)) return null;
  // A vendor's token gets the placeholder that names it; a stand-in (`Bearer XXXXXXXX`) stays.
  const token = tableTokenAt(text, units, from, floor, to);
  if (token !== null) return token;
  if (isPlaceholder(units, from, to)) return null;
  return { start: from, end: to, replacement: secretPlaceholder(kind) };
}

/** How far the last value read by {@link readValue} reached: a rule that refuses what it read notes the stretch (refused.ts). */
let lastRead = 0;

/** {@link headerCredentials}, noting how far it read in {@link lastRead}. */
function readValue(units: Uint16Array, from: number, ceiling: number): number {
  const end = headerCredentials(units, from, ceiling);
  if (end > lastRead) lastRead = end;
  return end;
}

/*
 * Both rules read a value to its end, which a repeat of the key inside it
 * (`authorization=EXAMPLEauthorization=EXAMPLE…`, a stand-in refused each
 * time) would read again: each notes what it read and refused, and past the
 * budget a read from inside the last refused value is not made (refused.ts),
 * so the work stays linear.
 */

/** `Bearer <token>`; standalone it must look like a token, after `Authorization:` anything goes. */
function bearer(needle: string): FollowedRule {
  const refused = new RefusedStretch();
  return {
    needle,
    followedBy: BLANKS,
    match(text, at, floor, ceiling, units) {
      if (!boundaryBefore(text, at)) return null;
      const from = runEnd(units, at + 6, BLANKS, Math.min(ceiling, at + 10));
      if (from === at + 6) return null;
      // Standalone, the credentials end at the next blank, where the next `Bearer` stands: only a header's are read on.
      if (!afterAuthorizationKey(units, at, floor)) {
        const to = tokenLikeCredentials(units, from, ceiling);
        return to < 0 ? null : credentialSpan(text, units, from, to, floor, "bearer");
      }
      if (refused.skips(units, text.length, at)) return null;
      lastRead = at;
      const span = credentialSpan(text, units, from, readValue(units, from, ceiling), floor, "bearer");
      if (span === null) refused.note(units, at, lastRead);
      return span;
    },
  };
}

/** The credentials after an `Authorization` key whose value starts at `valueStart` (`alnum`: with a letter or a digit). */
function headerSpan(text: string, units: Uint16Array, valueStart: number, alnum: boolean, floor: number, ceiling: number): Span | null {
  // A value that starts with a symbol is read whole here to tell whether it is a token; others are not read twice.
  if (!alnum && !mayStartCredentials(units, valueStart, readValue(units, valueStart, ceiling))) return null;
  const schemeEnd = runEnd(units, valueStart, LETTERS, ceiling);
  const kind = schemeKind(units, valueStart, schemeEnd);
  const blanksEnd = runEnd(units, schemeEnd, BLANKS, Math.min(ceiling, schemeEnd + 4));
  if (kind !== undefined && blanksEnd > schemeEnd) return credentialSpan(text, units, blanksEnd, readValue(units, blanksEnd, ceiling), floor, kind);
  // Another scheme word (`SSWS`, `Bot`, `SharedKey`, `GenieKey`, `sso-key`): credentials after it that look like a
  // token, unless they are prose's own (a ticket such as `INC-12345678`, a timestamp).
  if (blanksEnd > schemeEnd && schemeEnd - valueStart <= MAX_SCHEME) {
    const end = readValue(units, blanksEnd, ceiling);
    if (secretLike(text, units, blanksEnd, end)) return credentialSpan(text, units, blanksEnd, end, floor, "authorization");
  }
  const to = readValue(units, valueStart, ceiling);
  return secretLike(text, units, valueStart, to) ? credentialSpan(text, units, valueStart, to, floor, "authorization") : null;
}

/** `Authorization: <scheme> <credentials>` or `authorization=<credentials>`. */
function authorizationHeader(needle: string): FollowedRule {
  const refused = new RefusedStretch();
  return {
    needle,
    anchor: 7, // the "z"
    followedBy: AFTER_KEY,
    match(text, at, floor, ceiling, units) {
      const valueStart = runEnd(units, at + 13, SEPARATOR, Math.min(ceiling, at + 21));
      const alnum = ALNUM[units[valueStart]!] === 1;
      if ((!alnum && !symbolLed(units, valueStart)) || !afterAuthorizationKey(units, valueStart, floor) || refused.skips(units, text.length, at)) return null;
      lastRead = at;
      const span = headerSpan(text, units, valueStart, alnum, floor, ceiling);
      if (span === null && lastRead > at) refused.note(units, at, lastRead);
      return span;
    },
  };
}

// A lowercase `bearer` stands after an `authorization` key in practice, which
// the header rule reads; leaving it out spares a look-up at every "b".
export const AUTHORIZATION_RULES: readonly Rule[] = [
  ...["Authorization", "authorization", "AUTHORIZATION"].map(authorizationHeader),
  ...["Bearer", "BEARER"].map(bearer),
];
