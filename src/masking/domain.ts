import { classOf, classOfCodePoint, DIGIT, hex4At, LABEL, SURROGATE } from "./chars.js";
import { ASCII_LABEL, isAsciiLetters, isDottedQuad, isMailDomain, isPlainFirst } from "./mail-domain.js";
import { asciiSet, HEX } from "./runs.js";

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const BACKSLASH = 92;
const QUOTE = 34;
const DOT = 46;
const HYPHEN = 45;
const MAX_COMMENT = 64;
const MAX_LITERAL = 256;

/**
 * Reads the domain of an address starting right after its `@` (at `from`),
 * stopping before `ceiling`. Returns where the domain ends, or -1 when what
 * follows is not a mail domain. Works on indices only: the scan runs for
 * every `@` in the text, so it allocates nothing.
 *
 * @example
 * domainEnd("a@example.com.", 2, 14); // 13
 * domainEnd("lodash@4.17.21", 7, 14); // -1: a version
 */
export function domainEnd(text: string, from: number, ceiling: number): number {
  const first = text.charCodeAt(from);
  return first === OPEN_PAREN || first === OPEN_BRACKET ? bracketedDomainEnd(text, from, ceiling, true) : dottedDomainEnd(text, from, ceiling, true);
}

/**
 * {@link domainEnd} without the shortcut for plain domains (see
 * `dottedDomainEnd`): every domain is checked by `isMailDomain`. For the
 * test that compares the two.
 *
 * @example
 * domainEndChecked("a@example.com.", 2, 14); // 13
 */
export function domainEndChecked(text: string, from: number, ceiling: number): number {
  const first = text.charCodeAt(from);
  return first === OPEN_PAREN || first === OPEN_BRACKET ? bracketedDomainEnd(text, from, ceiling, false) : dottedDomainEnd(text, from, ceiling, false);
}

const PERCENT_DOMAIN = asciiSet("A-Za-z0-9.%-");

/**
 * The same as {@link domainEnd} for a domain that follows a percent-encoded
 * `@` (`%40`) in a URL, where non-ASCII letters and the brackets of an
 * address literal are percent-encoded too (`%CE%B5…`, `%5B192.0.2.1%5D`):
 * the encoded stretch is decoded and checked as a domain.
 *
 * @example
 * percentEncodedDomainEnd("a%40%5B192.0.2.1%5D&x", 4, 20); // 19
 */
export function percentEncodedDomainEnd(text: string, from: number, ceiling: number): number {
  let end = from;
  let escaped = false;
  while (end < ceiling) {
    const c = text.charCodeAt(end);
    if (c >= 128 || PERCENT_DOMAIN[c] === 0) break;
    if (c === 37 /* % */) {
      if (!isDomainEscape(text.charCodeAt(end + 1), text.charCodeAt(end + 2))) break;
      escaped = true;
      end += 3;
    } else {
      end++;
    }
  }
  if (!escaped) return domainEnd(text, from, ceiling);
  return decodedDomainEnd(text, from, end, decodeURIComponent);
}

/**
 * Where an encoded domain `[from, end)` ends once the dots and hyphens after
 * it are left out, when what `decode` makes of it is a domain; -1 otherwise.
 */
function decodedDomainEnd(text: string, from: number, end: number, decode: (encoded: string) => string): number {
  while (end > from && (text.charCodeAt(end - 1) === DOT || text.charCodeAt(end - 1) === HYPHEN)) end--;
  let decoded: string;
  try {
    decoded = decode(text.slice(from, end));
  } catch {
    return -1;
  }
  return decoded.length > 0 && domainEnd(decoded, 0, decoded.length) === decoded.length ? end : -1;
}

/** A JSON string's body, its `\uXXXX` escapes decoded. */
const decodeJsonEscapes = (encoded: string): string => JSON.parse(`"${encoded}"`) as string;


const ESCAPED_DOMAIN = asciiSet("A-Za-z0-9.-");
const MAX_DOMAIN = 253;

/**
 * The same as {@link domainEnd} for a domain whose non-ASCII letters are
 * written as JSON escapes (`m\u00fcller.de`: Python's `json.dumps` and any
 * encoder that keeps its output ASCII write them so): the escaped stretch is
 * decoded and checked as a domain. Only escapes of non-ASCII characters
 * count (`\u002e` is no label's); -1 where there is none or the decoded
 * text is no domain.
 *
 * @example
 * escapedDomainEnd("hans@m\\u00fcller.de\"", 5, 21); // 20
 */
export function escapedDomainEnd(text: string, from: number, ceiling: number): number {
  let end = from;
  let length = 0;
  let escaped = false;
  // A domain is at most 253 characters: a longer stretch is none, and is read no further.
  while (end < ceiling && length <= MAX_DOMAIN) {
    const c = text.charCodeAt(end);
    if (c === BACKSLASH && text.charCodeAt(end + 1) === 117 /* u */) {
      const code = hex4At(text, end + 2);
      if (code < 128 || end + 6 > ceiling) break;
      escaped = true;
      end += 6;
    } else if (c < 128 && ESCAPED_DOMAIN[c] === 1) {
      end++;
    } else break;
    length++;
  }
  if (!escaped || length > MAX_DOMAIN) return -1;
  return decodedDomainEnd(text, from, end, decodeJsonEscapes);
}

/**
 * What a domain may hold percent-encoded: UTF-8 bytes of non-ASCII letters
 * (`%80`–`%FF`), the brackets and colons of an address literal (`%5B`, `%5D`,
 * `%3A`), dots and hyphens (`%2E`, `%2D`). Any other escape (`%40`, `%20`,
 * `%26`…) ends it.
 *
 * @example
 * isDomainEscape("C".charCodeAt(0), "3".charCodeAt(0)); // true: %C3, a UTF-8 lead byte
 */
export function isDomainEscape(high: number, low: number): boolean {
  if (HEX[low] !== 1) return false;
  const h = high | 32;
  const l = low | 32;
  if (h === 56 || h === 57 || (h >= 97 && h <= 102)) return true; // 8-9, a-f
  return (h === 53 && (l === 98 || l === 100)) || (h === 51 && l === 97) || (h === 50 && (l === 100 || l === 101));
}

/**
 * Where the domain text begins: after the `@`, or after an RFC 5322 comment
 * written right after it (`test@(comment)example.com`).
 *
 * @example
 * domainStart("a@(x)example.com", 2); // 5
 */
export function domainStart(text: string, from: number): number {
  if (text.charCodeAt(from) !== OPEN_PAREN) return from;
  const after = skipComment(text, from, text.length);
  return after < 0 ? from : after;
}

/** The rare forms, kept apart so the common path stays small: `@(comment)domain` and `@[literal]`. */
function bracketedDomainEnd(text: string, from: number, ceiling: number, shortcut: boolean): number {
  let start = from;
  if (text.charCodeAt(start) === OPEN_PAREN) {
    start = skipComment(text, start, ceiling);
    if (start < 0) return -1;
  }
  return text.charCodeAt(start) === OPEN_BRACKET ? domainLiteralEnd(text, start, ceiling) : dottedDomainEnd(text, start, ceiling, shortcut);
}

/** `(comment)` directly after the `@` (RFC 5322 CFWS): returns the index after `)`, or -1. */
function skipComment(text: string, open: number, ceiling: number): number {
  const limit = Math.min(ceiling, open + MAX_COMMENT);
  for (let i = open + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === CLOSE_PAREN) return i + 1;
    if (c === OPEN_PAREN || c === QUOTE || c === BACKSLASH || c < 32) return -1;
  }
  return -1;
}

const PLACEHOLDER_BODY = /^(?:masked|email|secret)(?::|$)/;

/**
 * An address literal such as `[192.0.2.1]` or `[IPv6:2001:db8::1]`. To keep
 * markdown like `user@[docs](…)` and bot names like `[bot]` out, the content
 * must carry a digit or a colon, and our own placeholders are never one.
 * Content of digits and dots alone must be an IPv4 address, as a host
 * without brackets must (`[255.255.255.256]`, `[1.2.3]`: no mail system
 * takes them, and validator.js rejects them).
 */
function domainLiteralEnd(text: string, open: number, ceiling: number): number {
  const limit = Math.min(ceiling, open + MAX_LITERAL);
  let meaningful = false;
  let numeric = true;
  for (let i = open + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACKET) {
      if (numeric) return isDottedQuad(text, open + 1, i) ? i + 1 : -1;
      const body = text.slice(open + 1, i);
      return meaningful && !PLACEHOLDER_BODY.test(body) ? i + 1 : -1;
    }
    if (c !== DOT && (classOf(c) & DIGIT) === 0) numeric = false;
    if (c === BACKSLASH) {
      // An RFC 5322 quoted pair: the next character is taken as is.
      const escaped = text.charCodeAt(i + 1);
      if (i + 1 >= limit || escaped === 10 || escaped === 13) return -1;
      i++;
      continue;
    }
    // No `@`: text that holds an address is not a literal that ends one (and would stay visible).
    if (c === OPEN_BRACKET || c === QUOTE || c === 64 || c < 32 || c === 127) return -1;
    if (c === 58 /* : */ || (classOf(c) & DIGIT) !== 0) meaningful = true;
  }
  return -1;
}

/** Steps over one code point of a domain label at `i`, returning the next index or -1. */
function labelCharEnd(text: string, i: number): number {
  const flags = classOf(text.charCodeAt(i));
  if ((flags & LABEL) !== 0) return i + 1;
  if ((flags & SURROGATE) !== 0) {
    const cp = text.codePointAt(i) ?? 0;
    if (cp > 0xffff && (classOfCodePoint(cp) & LABEL) !== 0) return i + 2;
  }
  return -1;
}

/**
 * Reads dot-separated labels from `start`. With `shortcut`, a domain that
 * starts with a letter other than `v` and ends, after a dot, in a label of
 * ASCII letters (`example.com`, most addresses) is taken at once: it can be
 * no dotted quad, version or image scale, and such a last label is a
 * top-level one, so `isMailDomain` would say yes.
 */
function dottedDomainEnd(text: string, start: number, ceiling: number, shortcut: boolean): number {
  let i = start;
  let labelStart = start;
  let firstDot = -1;
  while (i < ceiling) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (ASCII_LABEL[c] === 1) {
        i++;
        continue;
      }
      // An empty label (`..`, or a leading dot) ends the domain, as does any other character.
      if (c !== DOT || i === labelStart) break;
      if (firstDot < 0) firstDot = i;
      labelStart = ++i;
      continue;
    }
    const next = labelCharEnd(text, i);
    if (next < 0 || next > ceiling) break;
    i = next;
  }
  if (shortcut && firstDot >= 0 && labelStart < i && isPlainFirst(text.charCodeAt(start)) && isAsciiLetters(text, labelStart, i)) return i;
  // A sentence may end right after the address: drop trailing dots and hyphens.
  let end = i;
  while (end > start && (text.charCodeAt(end - 1) === DOT || text.charCodeAt(end - 1) === HYPHEN)) end--;
  if (end - start < 2) return -1;
  return isMailDomain(text, start, end, firstDot < end ? firstDot : -1) ? end : -1;
}
