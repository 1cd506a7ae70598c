import { boundaryBefore, placeholderLengthAt, startsWithIgnoringCase } from "./chars.js";
import { ALNUM, asciiSet, DIGITS, HEX, runEnd } from "./runs.js";
import { headerCredentials, mayStartCredentials, symbolLed, tokenLikeCredentials } from "./credentials.js";
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
  // A value that starts with a symbol is read whole here to tell whether it is a token; the read serves below too.
  const whole = alnum ? -1 : readValue(units, valueStart, ceiling);
  if (!alnum && !mayStartCredentials(units, valueStart, whole)) return null;
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
  const to = whole >= 0 ? whole : readValue(units, valueStart, ceiling);
  // A scheme word before its credentials, masked already, is no credentials (`SharedAccessSignature [secret:authorization]`).
  if (to === schemeEnd && blanksEnd > schemeEnd && units[blanksEnd] === 91 /* [ */ && placeholderLengthAt(text, blanksEnd) > 0) return null;
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
