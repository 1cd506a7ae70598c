import { boundaryBefore, startsWithIgnoringCase } from "./chars.js";
import { CodeUnits } from "./code-units.js";
import { disjoint, mergeDisjoint } from "./curl-user.js";
import { AT_MARKS } from "./emails.js";
import type { FollowedRule } from "./anchor-layout.js";
import { asciiSet, hasAny, isIn, runEnd } from "./runs.js";
import { afterQuote, BLANKS } from "./rules/keyword-value.js";
import { secretLike } from "./rules/secret-like.js";
import { secretPlaceholder, type Span } from "./scan.js";

/*
 * Cookies in an HTTP header (`Cookie: session=…; theme=dark`,
 * `Set-Cookie: sessionid=…; Path=/; HttpOnly`, `"cookie":"…"` in a logged
 * request, curl's `-H "Cookie: …"` and `--cookie "…"`): a session cookie is a
 * bearer credential, whatever its name. Each value that looks like a secret
 * (the keyword rule's test: long enough, random, no word, template or
 * placeholder) is replaced; names, attributes and plain values stay
 * readable (`theme=dark`, `Path=/`).
 *
 * The secret scan only notes the values as it passes a header (at the `k` of
 * `cookie`, a stop of the keyword rules already) and finds nothing there
 * itself: every other rule still reads the whole header, its names, values
 * and whatever stands between them. The values noted are merged in after the
 * scan, each left out where another rule's match overlaps it.
 */

// Between `cookie` and the pairs: closing and opening quotes (also JSON-escaped), blanks, `:`, or `=` after curl's `--cookie`.
const SEPARATOR = asciiSet("\"'\\ \t:=");
const COLONS = asciiSet(":");
// RFC 6265's cookie-name (a token): no separators, no blanks; `'` left out, as it closes quoted code.
const NAME = asciiSet("A-Za-z0-9!#$%&*+.^_`|~-");
// RFC 6265's cookie-octet, less `[` and `]` (the masker's placeholders) and the quotes and brackets that close
// the code around a header (`{cookie:'sid=…'}`, `-H 'Cookie: …'`).
const VALUE = asciiSet("!#$%&*+./0-9:=?@A-Z^_a-z|~-");
// What else a value may hold, past the characters read as the value (see restEnd).
const REST = asciiSet("!#-&(-:<-~");
// The attributes of Set-Cookie whose values say where and how long, never what (RFC 6265, 4.1.1; RFC 6265bis).
const ATTRIBUTES = ["domain", "path", "expires", "max-age", "samesite", "priority", "comment", "version"];
const MAX_PAIRS = 64;
const MAX_VALUE = 4096;
const PLACEHOLDER = secretPlaceholder("cookie");
const SEMICOLON = 59;
const NEEDLES = ["Cookie", "cookie", "COOKIE"];

/** What a pass noted: the values to mask, and how far the pairs have been read. */
interface Walk {
  readonly found: Span[];
  readTo: number;
}

/** True when `[from, to)` holds `@` in one of the forms the address scan reads (its AT_MARKS). */
function holdsAt(units: Uint16Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    for (const form of AT_MARKS) {
      let n = 0;
      while (n < form.length && units[i + n] === form.charCodeAt(n)) n++;
      if (n === form.length) return true;
    }
  }
  return false;
}

/**
 * The end of the rest of a value that holds other characters
 * (`jane(at)example.com`, an escape: `jane\u0040example.com` reads on as
 * `j***@example.com` does once masked), up to the next `;`, a blank, a
 * quote, or a line break written as an escape (`\n`, `\r`, `%0A`, `%0D`):
 * the next line is another header.
 */
function restEnd(units: Uint16Array, from: number, limit: number): number {
  let i = from;
  for (; i < limit && isIn(REST, units[i]); i++) {
    const next = units[i + 1];
    if (units[i] === 92 && (next === 110 || next === 114)) break;
    if (units[i] === 37 && units[i + 1] === 48 && (units[i + 2] === 65 || units[i + 2] === 68 || units[i + 2] === 97 || units[i + 2] === 100)) break;
  }
  return i;
}

/** True when the name `[from, to)` is one of Set-Cookie's attributes (any case). */
function isAttribute(units: Uint16Array, from: number, to: number): boolean {
  for (const name of ATTRIBUTES) if (name.length === to - from && startsWithIgnoringCase(units, to, from, name)) return true;
  return false;
}

/**
 * Notes the values of the `name=value` pairs from `at` on, separated by `;`
 * and blanks, that look like secrets.
 */
function notePairs(units: Uint16Array, at: number, ceiling: number, walk: Walk): void {
  let i = at;
  for (let pair = 0; pair < MAX_PAIRS && i < ceiling; pair++) {
    const nameStart = i;
    const nameEnd = runEnd(units, i, NAME, ceiling);
    if (nameEnd === i) break;
    // An attribute without a value (`HttpOnly`, `Secure`) between pairs.
    i = nameEnd;
    if (units[nameEnd] === 61 /* = */) {
      // A value may be quoted (`name="value"`), also with the quotes JSON-escaped (`name=\"value\"`).
      const from = afterQuote(units, nameEnd + 1);
      const to = runEnd(units, from, VALUE, Math.min(ceiling, from + MAX_VALUE));
      const rest = restEnd(units, from > nameEnd + 1 ? afterQuote(units, to) : to, Math.min(ceiling, to + MAX_VALUE));
      // Left alone: an address (`jane%40example.com` too), which the address scan renders as addresses are; a value
      // glued to one of the masker's placeholders (`id|[secret:github-token]`), cut by another rule's match, whose
      // remnant would be judged differently once the text is masked again (in the first pass it overlapped that match,
      // and was masked up to it: see mergeDisjoint).
      if (to > from && units[to] !== 91 /* [ */ && !isAttribute(units, nameStart, nameEnd) && !holdsAt(units, from, rest) && secretLike(units, from, to)) {
        walk.found.push({ start: from, end: to, replacement: PLACEHOLDER });
      }
      // The pairs go on past what the value holds besides (up to the next `;`).
      i = rest;
    }
    i = runEnd(units, i, BLANKS, Math.min(ceiling, i + 8));
    if (units[i] !== SEMICOLON) break;
    i = runEnd(units, i + 1, BLANKS, Math.min(ceiling, i + 9));
  }
  walk.readTo = i;
}

/** Reads the header whose `cookie` starts at `at`, if one does: `Cookie:`, `Set-Cookie:`, `"cookie": "…"`, `--cookie "…"`. */
function readHeader(text: string, units: Uint16Array, at: number, floor: number, ceiling: number, walk: Walk, glued = false): void {
  // `glued`: the word stands inside another rule's match, which may have run into it (`password=Zq8…Cookie: sid=…`).
  if (at < walk.readTo || (!glued && !boundaryBefore(text, at))) return;
  const keyEnd = at + 6;
  const pairsAt = runEnd(units, keyEnd, SEPARATOR, Math.min(ceiling, keyEnd + 8));
  // A header's colon (`Cookie:`, `"cookie": "`), or curl's `--cookie` and its value.
  const header = hasAny(units, keyEnd, pairsAt, COLONS);
  const curl = at >= floor + 2 && units[at - 1] === 45 && units[at - 2] === 45 && pairsAt > keyEnd;
  if ((header || curl) && isIn(NAME, units[pairsAt])) notePairs(units, pairsAt, ceiling, walk);
}

/**
 * The cookie rules, one per case of `cookie`, which note values and match
 * nothing, and the merge of what a pass noted into its spans.
 *
 * @example
 * const cookies = cookieNotes();
 * const scan = anchoredScanner([...cookies.rules, ...secretRules([])], []);
 * const spans = cookies.merge(text, scan(text).spans);
 */
export function cookieNotes(): { readonly rules: readonly FollowedRule[]; merge(text: string, spans: readonly Span[]): readonly Span[] } {
  const walk: Walk = { found: [], readTo: -1 };
  const copy = new CodeUnits();
  const rules = NEEDLES.map(
    (needle, k): FollowedRule => ({
      needle,
      anchor: 3, // the "k"
      followedBy: SEPARATOR,
      // The three share one walk: the first resets it before each pass.
      ...(k === 0
        ? {
            reset() {
              if (walk.found.length !== 0) walk.found.length = 0;
              walk.readTo = -1;
            },
          }
        : {}),
      match(text, at, floor, ceiling, units) {
        readHeader(text, units, at, floor, ceiling, walk);
        return null;
      },
    }),
  );
  return {
    rules,
    merge(text, spans) {
      // A header whose `cookie` another rule's match covered was not passed by the scan: read from there (the text
      // copied once, each header read once).
      const scanned = walk.found.length;
      walk.readTo = -1;
      let units: Uint16Array | null = null;
      for (const span of spans) {
        const at = span.end > walk.readTo ? cookieWithin(text, Math.max(span.start, walk.readTo), span.end) : -1;
        if (at >= 0) readHeader(text, (units ??= copy.of(text)), at, 0, text.length, walk, true);
      }
      if (walk.found.length === 0) return spans;
      const found = walk.found.length === scanned ? walk.found : disjoint(walk.found);
      return mergeDisjoint(spans, found);
    },
  };
}

// How far the search for `cookie` moves on from a window whose last character is this one (Horspool's table: `e`
// ends the word, the other letters stand that far from its end), by the character's lower case.
const SHIFT = (() => {
  const shift = new Uint8Array(128).fill(6);
  for (const [letter, by] of [["c", 5], ["o", 3], ["k", 2], ["i", 1]] as const) shift[letter.charCodeAt(0)] = by;
  return shift;
})();

/**
 * Where `cookie` (any case) starts within `[from, to)`, or -1: windows of six
 * characters are compared only where the last is an `e`, and most characters
 * move the search on by six.
 */
function cookieWithin(text: string, from: number, to: number): number {
  for (let end = from + 5; end < to; ) {
    const c = text.charCodeAt(end) | 32;
    if (c === 101 /* e */ && text.slice(end - 5, end + 1).toLowerCase() === "cookie") return end - 5;
    end += c < 128 ? SHIFT[c]! : 6;
  }
  return -1;
}
