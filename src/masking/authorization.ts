import { boundaryBefore } from "./chars.js";
import { asciiSet, DIGITS, hasAny, runEnd, TOKEN68 } from "./runs.js";
import type { Rule, Span } from "./scan.js";
import { KNOWN_TOKEN_PREFIX } from "./token-shapes.js";

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

/** The credentials after `at`: a run of token68 characters, without sentence-ending dots. */
function credentials(text: string, from: number, ceiling: number): number {
  let end = runEnd(text, from, TOKEN68, ceiling);
  while (end > from && text.charCodeAt(end - 1) === 46) end--;
  return end;
}

/** Looks like a secret rather than a word: long, or with a digit. */
function tokenLike(text: string, from: number, to: number): boolean {
  return to - from >= 20 || (to - from >= 8 && hasAny(text, from, to, DIGITS));
}

/** True when `authorization` followed by `:`/`=` (and quotes) ends right before `index`. */
function afterAuthorizationKey(text: string, index: number, floor: number): boolean {
  let i = index;
  let sawColon = false;
  while (i > floor && index - i < 8) {
    const c = text.charCodeAt(i - 1);
    if (c >= 128 || SEPARATOR[c] === 0) break;
    if (c === 58 || c === 61) sawColon = true;
    i--;
  }
  return sawColon && i - 13 >= floor && text.slice(i - 13, i).toLowerCase() === "authorization";
}

function credentialSpan(text: string, from: number, to: number, kind: string): Span | null {
  if (to <= from || KNOWN_TOKEN_PREFIX.test(text.slice(from, from + 11))) return null;
  return { start: from, end: to, replacement: `[secret:${kind}]` };
}

/** `Bearer <token>`; standalone it must look like a token, after `Authorization:` anything goes. */
function bearer(needle: string): Rule {
  return {
    needle,
    match(text, at, floor, ceiling) {
      if (!boundaryBefore(text, at)) return null;
      const from = runEnd(text, at + 6, BLANKS, Math.min(ceiling, at + 10));
      if (from === at + 6) return null;
      const to = credentials(text, from, ceiling);
      if (!afterAuthorizationKey(text, at, floor) && !tokenLike(text, from, to)) return null;
      return credentialSpan(text, from, to, "bearer");
    },
  };
}

/** `Authorization: <scheme> <credentials>` or `authorization=<credentials>`. */
function authorizationHeader(needle: string): Rule {
  return {
    needle,
    anchor: 7, // the "z"
    match(text, at, floor, ceiling) {
      const valueStart = runEnd(text, at + 13, SEPARATOR, Math.min(ceiling, at + 21));
      if (!afterAuthorizationKey(text, valueStart, floor)) return null;
      const schemeEnd = runEnd(text, valueStart, LETTERS, ceiling);
      const kind = SCHEME_KINDS[text.slice(valueStart, schemeEnd).toLowerCase()];
      const blanksEnd = runEnd(text, schemeEnd, BLANKS, Math.min(ceiling, schemeEnd + 4));
      if (kind !== undefined && blanksEnd > schemeEnd) return credentialSpan(text, blanksEnd, credentials(text, blanksEnd, ceiling), kind);
      const to = credentials(text, valueStart, ceiling);
      return tokenLike(text, valueStart, to) ? credentialSpan(text, valueStart, to, "authorization") : null;
    },
  };
}

// A lowercase `bearer` stands after an `authorization` key in practice, which
// the header rule reads; leaving it out spares a look-up at every "b".
export const AUTHORIZATION_RULES: readonly Rule[] = [
  ...["Authorization", "authorization", "AUTHORIZATION"].map(authorizationHeader),
  ...["Bearer", "BEARER"].map(bearer),
];
