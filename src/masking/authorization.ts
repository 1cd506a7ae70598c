import { boundaryBefore, startsWithIgnoringCase } from "./chars.js";
import { asciiSet, DIGITS, hasAny, runEnd, TOKEN68 } from "./runs.js";
import { secretPlaceholder, type Rule, type Span } from "./scan.js";
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
const SCHEME_KINDS: Readonly<Record<string, string>> = {
  bearer: "bearer",
  token: "bearer",
  basic: "basic-auth",
  digest: "authorization",
  negotiate: "authorization",
  ntlm: "authorization",
  apikey: "authorization",
};

const SCHEMES = Object.keys(SCHEME_KINDS);

/** The kind of credentials the scheme word `text[from, to)` announces, if it is one. */
function schemeKind(units: Uint16Array, from: number, to: number): string | undefined {
  for (let k = 0; k < SCHEMES.length; k++) {
    const scheme = SCHEMES[k]!;
    if (scheme.length === to - from && startsWithIgnoringCase(units, to, from, scheme)) return SCHEME_KINDS[scheme];
  }
  return undefined;
}

/** The credentials after `at`: a run of token68 characters, without sentence-ending dots. */
function credentials(units: Uint16Array, from: number, ceiling: number): number {
  let end = runEnd(units, from, TOKEN68, ceiling);
  while (end > from && units[end - 1] === 46) end--;
  return end;
}

/** Looks like a secret rather than a word: long, or with a digit. */
function tokenLike(units: Uint16Array, from: number, to: number): boolean {
  return to - from >= 20 || (to - from >= 8 && hasAny(units, from, to, DIGITS));
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

function credentialSpan(text: string, from: number, to: number, kind: string): Span | null {
  if (to <= from || startsKnownToken(text, from)) return null;
  return { start: from, end: to, replacement: secretPlaceholder(kind) };
}

/** `Bearer <token>`; standalone it must look like a token, after `Authorization:` anything goes. */
function bearer(needle: string): Rule {
  return {
    needle,
    match(text, at, floor, ceiling, units) {
      if (!boundaryBefore(text, at)) return null;
      const from = runEnd(units, at + 6, BLANKS, Math.min(ceiling, at + 10));
      if (from === at + 6) return null;
      const to = credentials(units, from, ceiling);
      if (!afterAuthorizationKey(units, at, floor) && !tokenLike(units, from, to)) return null;
      return credentialSpan(text, from, to, "bearer");
    },
  };
}

/** `Authorization: <scheme> <credentials>` or `authorization=<credentials>`. */
function authorizationHeader(needle: string): Rule {
  return {
    needle,
    anchor: 7, // the "z"
    match(text, at, floor, ceiling, units) {
      const valueStart = runEnd(units, at + 13, SEPARATOR, Math.min(ceiling, at + 21));
      if (!afterAuthorizationKey(units, valueStart, floor)) return null;
      const schemeEnd = runEnd(units, valueStart, LETTERS, ceiling);
      const kind = schemeKind(units, valueStart, schemeEnd);
      const blanksEnd = runEnd(units, schemeEnd, BLANKS, Math.min(ceiling, schemeEnd + 4));
      if (kind !== undefined && blanksEnd > schemeEnd) return credentialSpan(text, blanksEnd, credentials(units, blanksEnd, ceiling), kind);
      const to = credentials(units, valueStart, ceiling);
      return tokenLike(units, valueStart, to) ? credentialSpan(text, valueStart, to, "authorization") : null;
    },
  };
}

// A lowercase `bearer` stands after an `authorization` key in practice, which
// the header rule reads; leaving it out spares a look-up at every "b".
export const AUTHORIZATION_RULES: readonly Rule[] = [
  ...["Authorization", "authorization", "AUTHORIZATION"].map(authorizationHeader),
  ...["Bearer", "BEARER"].map(bearer),
];
