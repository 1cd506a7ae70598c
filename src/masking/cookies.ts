import { boundaryBefore } from "./chars.js";
import type { FollowedRule } from "./anchor-layout.js";
import { asciiSet, hasAny, isIn, runEnd } from "./runs.js";
import { secretLike } from "./rules/secret-like.js";
import { secretPlaceholder, type Rule, type Span } from "./scan.js";

/*
 * Cookies in an HTTP header (`Cookie: session=…; theme=dark`,
 * `Set-Cookie: sessionid=…; Path=/; HttpOnly`, `"cookie":"…"` in a logged
 * request, curl's `-H "Cookie: …"` and `--cookie "…"`): a session cookie is a
 * bearer credential, whatever its name. Each value that looks like a secret
 * (the keyword rule's test: long enough, random, no word, template or
 * placeholder) is replaced; names, attributes and plain values stay
 * readable (`theme=dark`, `Path=/`).
 */

const BLANKS = asciiSet(" \t");
// Between `cookie` and the pairs: closing and opening quotes (also JSON-escaped), blanks, `:`, or `=` after curl's `--cookie`.
const SEPARATOR = asciiSet("\"'\\ \t:=");
// RFC 6265's cookie-name (a token): no separators, no blanks.
const NAME = asciiSet("A-Za-z0-9!#$%&'*+.^_`|~-");
// RFC 6265's cookie-octet, less `[` and `]`, which start and end the masker's placeholders.
const VALUE = asciiSet("!#$%&'()*+./0-9:<=>?@A-Z^_`a-z{|}~-");
// How many pairs one header is read for.
const MAX_PAIRS = 64;
const MAX_VALUE = 4096;
const PLACEHOLDER = secretPlaceholder("cookie");
// The span copies the names and plain values between masked values, where no other rule looks: a value that holds
// what another rule might mask (an address, `jane%40example.com`, an entity) is masked with them, and a name that
// holds it ends the pairs.
const ESCAPING = asciiSet("@%&");
const COLONS = asciiSet(":");
const EQUALS = 61;
const SEMICOLON = 59;

/**
 * The span from the first masked value to the last, its replacement keeping
 * the names and plain values between them (see ESCAPING); null when no
 * value is a secret.
 * Pairs start at `at` and run while `name=value` pairs follow one another,
 * separated by `;` and blanks.
 */
function pairsSpan(units: Uint16Array, text: string, at: number, ceiling: number, walk: Walk): Span | null {
  let start = -1;
  let end = -1;
  let replacement = "";
  let i = at;
  for (let pair = 0; pair < MAX_PAIRS && i < ceiling; pair++) {
    const nameEnd = runEnd(units, i, NAME, ceiling);
    if (nameEnd === i || hasAny(units, i, nameEnd, ESCAPING)) break;
    // An attribute without a value (`HttpOnly`, `Secure`) between pairs.
    if (units[nameEnd] === EQUALS) {
      // A value may be quoted (`name="value"`).
      const quoted = units[nameEnd + 1] === 34 ? 1 : 0;
      const from = nameEnd + 1 + quoted;
      const to = runEnd(units, from, VALUE, Math.min(ceiling, from + MAX_VALUE));
      if (to > from && (secretLike(units, from, to) || hasAny(units, from, to, ESCAPING))) {
        replacement += start < 0 ? PLACEHOLDER : text.slice(end, from) + PLACEHOLDER;
        if (start < 0) start = from;
        end = to;
      }
      i = to + (quoted === 1 && units[to] === 34 ? 1 : 0);
    } else {
      i = nameEnd;
    }
    if (units[i] !== SEMICOLON) break;
    i = runEnd(units, i + 1, BLANKS, Math.min(ceiling, i + 5));
  }
  walk.readTo = i;
  return start < 0 ? null : { start, end, replacement };
}

/** How far the pairs of this pass have been read: a `cookie` inside them (`a=:cookie:…`) is not read again, so each pass stays linear. */
interface Walk {
  readTo: number;
}

/** `Cookie:`, `Set-Cookie:`, `"cookie":"…"` and curl's `--cookie`, in the case `needle` is written. */
function cookieHeader(needle: string, walk: Walk): FollowedRule {
  return {
    needle,
    anchor: 3, // the "k"
    followedBy: SEPARATOR,
    reset() {
      walk.readTo = -1;
    },
    match(text, at, floor, ceiling, units) {
      if (at < walk.readTo || !boundaryBefore(text, at)) return null;
      const keyEnd = at + needle.length;
      const pairsAt = runEnd(units, keyEnd, SEPARATOR, Math.min(ceiling, keyEnd + 8));
      // A header's colon (`Cookie:`, `"cookie": "`), or curl's `--cookie` and its value.
      const header = hasAny(units, keyEnd, pairsAt, COLONS);
      const curl = at >= floor + 2 && units[at - 1] === 45 && units[at - 2] === 45 && pairsAt > keyEnd;
      if (!header && !curl) return null;
      return isIn(NAME, units[pairsAt]) ? pairsSpan(units, text, pairsAt, ceiling, walk) : null;
    },
  };
}

/**
 * The cookie rules, one per case of `cookie`, sharing where this pass has
 * read to (each masker its own).
 *
 * @example
 * anchoredScanner(cookieRules(), []);
 */
export function cookieRules(): Rule[] {
  const walk: Walk = { readTo: -1 };
  return ["Cookie", "cookie", "COOKIE"].map((needle) => cookieHeader(needle, walk));
}
