import { domainEnd, escapedDomainEnd, isDomainEscape, percentEncodedDomainEnd } from "./domain.js";
import type { EmailRenderer } from "./email-render.js";
import { localPartStart, separatesLocalPart, wrapsLocalPart } from "./local-part.js";
import { asciiSet } from "./runs.js";
import { isBareMailDomainIn } from "./tlds.js";
import { secretPlaceholder, type Span } from "./scan.js";

/**
 * The forms an `@` takes: the sign itself, percent-encoded in URLs
 * (`jane%40example.com`) and JSON-escaped (`\u0040`).
 */
const BACKSLASH = 92;

export const AT_MARKS: readonly string[] = ["@", "%40", "\\u0040"];

// What may end a local part right before `@`: atext, a quote, `]` of `[bot]`, the backslash of Markdown's `\@`.
const LOCAL_END = asciiSet("A-Za-z0-9!#$%&'*+/=?^_`{|}~.\"]\\-");
// What may start a domain: a label, a comment, a literal, a percent escape.
const DOMAIN_START = asciiSet("A-Za-z0-9([%-");
const LABEL = asciiSet("A-Za-z0-9-");
const MAX_BARE_LABEL = 6;

/**
 * A first look at an `@` (of `length` code units, at `at`) from its
 * neighbours only, read from the text's code units (`textLength` of them,
 * then zeros): false when no address can stand there — a mention
 * (` @alice`), or a one-character word after it (`a@a@a@…`). Addresses are
 * never refused.
 *
 * @example
 * const units = new CodeUnits().of("cc @alice");
 * mayBeAddress(units, 9, 3, 1); // false
 */
export function mayBeAddress(units: Uint16Array, textLength: number, at: number, length: number): boolean {
  if (at > 0) {
    const before = units[at - 1]!;
    if (before < 128 && LOCAL_END[before] !== 1) return false;
  }
  const from = at + length;
  if (from >= textLength) return false;
  const first = units[from]!;
  if (first >= 128) return true;
  // A non-ASCII letter written as a JSON escape (`@\u00e9…`, `@m\u00fcller.de`): escapedDomainEnd reads it.
  if (first === BACKSLASH) return units[from + 1] === 117;
  if (DOMAIN_START[first] !== 1) return false;
  if (LABEL[first] !== 1) return true;
  // A label without a dot after it is a whole domain only if it is a top-level domain.
  let end = from + 1;
  let next = units[end]!;
  while (next < 128 && LABEL[next] === 1 && end - from <= MAX_BARE_LABEL) next = units[++end]!;
  if (next === 46 /* . */ || next >= 128 || end - from > MAX_BARE_LABEL || (next === BACKSLASH && units[end + 1] === 117)) return true;
  if (next === 37 /* % */ && isDomainEscape(units[end + 1]!, units[end + 2]!)) return true;
  return end - from >= 2 && isBareMailDomainIn(units, from, end);
}

const NONE: Span[] = [];

/** The form of `@` that starts at `index`, or null. */
function atForm(text: string, index: number): string | null {
  const c = text.charCodeAt(index);
  if (c === 64) return "@";
  if (c === 37) return text.startsWith("%40", index) ? "%40" : null;
  return text.startsWith("\\u0040", index) ? "\\u0040" : null;
}

/**
 * Finds the e-mail addresses whose `@` may start at the given positions (in
 * order; one of {@link AT_MARKS}), outside `protectedSpans`. For each, the domain
 * is checked first (cheap, and it rules out mentions, versions and npm
 * scopes); the local part is then read backwards from the `@`. A protected
 * span glued inside a local part (`jane.doe-glpat-…@example.com`: a token
 * found in a word) is taken into the address, whose span then covers it
 * (`mergeSpans` drops the covered span): masking the token alone would leave
 * the text before it in the local part. A span that starts the local part
 * (`ghp_…@github.com`, `user:[password]@host`) stays as it is.
 *
 * @example
 * findEmails("mail jane@example.com", [9], 1, [], emailRenderer("full"));
 */
export function findEmails(
  text: string,
  marks: ArrayLike<number>,
  markCount: number,
  protectedSpans: readonly Span[],
  render: EmailRenderer,
): Span[] {
  // Most texts hold no address: they share one empty list, which no caller changes.
  let found = NONE;
  let floor = 0;
  // Where the last address ended: a floor no protected span set.
  let emailEnd = 0;
  let guard = 0;
  for (let m = 0; m < markCount; m++) {
    const index = marks[m]!;
    if (index < floor) continue;
    const at = atForm(text, index);
    if (at === null) continue;
    while (guard < protectedSpans.length && protectedSpans[guard]!.end <= index) {
      floor = Math.max(floor, protectedSpans[guard]!.end);
      guard++;
    }
    const shield = protectedSpans[guard];
    if (shield !== undefined && shield.start <= index) continue;
    const ceiling = shield === undefined ? text.length : shield.start;
    let end = at === "%40" ? percentEncodedDomainEnd(text, index + 3, ceiling) : domainEnd(text, index + at.length, ceiling);
    // A domain cut short by, or starting with, a JSON escape of a non-ASCII letter (`m\u00fcller.de`): read it decoded.
    if (at !== "%40" && (end < 0 || text.charCodeAt(end) === BACKSLASH)) {
      const escaped = escapedDomainEnd(text, index + at.length, ceiling);
      if (escaped > end) end = escaped;
    }
    if (end < 0) continue;
    let start = localPartStart(text, index, floor);
    if (start < 0 && at === "@") start = beforeEscapedAt(text, index, floor);
    let password = false;
    // The local part reads up to a protected span's end (or is empty, the span ending at the `@`): it may go on through it.
    // Not where another `@` follows the domain (`jane-glpat-…@lue.io@x.dev`): the text after it is then read as before.
    if (guard > 0 && floor > emailEnd && floor === protectedSpans[guard - 1]!.end && (start < 0 ? floor === index : start === floor) && atForm(text, end) === null) {
      const through = throughGlued(text, protectedSpans, guard - 1, emailEnd, start);
      const kind = through === start ? "address" : gluedKind(text, through);
      if (kind !== "none") start = through;
      password = kind === "password";
    }
    if (start < 0) continue;
    if (found === NONE) found = [];
    // A URL's password that holds a token (`https://user:pass-glpat-…@host`) is masked as the password it is.
    found.push(password ? { start, end: index, replacement: URL_PASSWORD } : render(text, start, index, at, end));
    floor = password ? index : end;
    emailEnd = floor;
  }
  return found;
}

/**
 * Where a local part starts when it goes on through the protected spans
 * glued to it, from the one at `last` back: the local part's text before
 * each span is read back from the span's start (the span's own text,
 * whatever it holds, is the address's), and where that reading stops at the
 * end of the span before, it goes on through that one. `start` (the reading
 * with the spans as floors) where no text of a local part stands before the
 * spans: nothing glued, a separator such as `=`, a quote (which the reading
 * would pair with an unrelated one before it), or only the punctuation that
 * wraps a token (`'ghp_…@`). `emailEnd` is a floor still: the end of the
 * address before.
 */
function throughGlued(text: string, spans: readonly Span[], last: number, emailEnd: number, start: number): number {
  let best = start;
  for (let k = last; k >= 0; k--) {
    const floor = Math.max(emailEnd, k > 0 ? spans[k - 1]!.end : 0);
    const spanStart = spans[k]!.start;
    const glue = spanStart > 0 ? text.charCodeAt(spanStart - 1) : -1;
    // A separator right before the span ends the local part there, as the span's text follows it (`token=glpat-…@`);
    // a quote would be paired with one before it (`"ok" then "glpat-…@`), and no quoted local part runs into a token.
    if (glue < 0 || separatesLocalPart(glue) || glue === QUOTE) break;
    const before = localPartStart(text, spanStart, floor);
    if (before < 0) break;
    // The reading stopped at the end of the span before: read on through that one (`a-ghp_…-glpat-…@`).
    if (before === floor && k > 0 && floor !== emailEnd) {
      if (holdsWordText(text, before, spanStart)) best = before;
      continue;
    }
    // Only punctuation before the span (`'ghp_…@`, `**ghp_…@`) wraps the token; it holds no text of a local part.
    return holdsWordText(text, before, spanStart) ? before : best;
  }
  return best;
}

/**
 * Where the local part starts when a backslash escapes the `@` as Markdown
 * writes it (`jane.doe\@example.com`, shown as `jane.doe@example.com`), or
 * as JSON holds that, at any depth of serialisation up to three (`\\@`,
 * `\\\\@`, …): the local part ends before the backslashes, and the
 * address's span covers them. -1 otherwise.
 *
 * @example
 * beforeEscapedAt("mail jane\\@example.com", 10, 0); // 5
 */
function beforeEscapedAt(text: string, index: number, floor: number): number {
  let b = 0;
  while (b < 9 && index - b - 1 >= floor && text.charCodeAt(index - b - 1) === BACKSLASH) b++;
  // One backslash, doubled at each level of JSON it was serialised into: 1, 2, 4, 8.
  if (b !== 1 && b !== 2 && b !== 4 && b !== 8) return -1;
  const start = localPartStart(text, index - b, floor);
  return start >= 0 && start < index - b ? start : -1;
}

const QUOTE = 34;
const COLON = 58;
const URL_PASSWORD = secretPlaceholder("password");
// What a URL's user name may hold (RFC 3986's userinfo, less `:`), read back from its `:`.
const USERINFO = asciiSet("A-Za-z0-9._~!$&'()*+,;=%-");
const MAX_USER = 256;

/** True when `text[from, to)` holds a character other than the punctuation that wraps a local part. */
function holdsWordText(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!wrapsLocalPart(text.charCodeAt(i))) return true;
  return false;
}

/**
 * What the local part that starts at `start`, read through a token, is by
 * what stands before it: a URL's password (`scheme://user:` before it), an
 * address (after `mailto:`, or no `:`), or neither (after another `:`, as
 * `curl -u admin:…`, or after `Basic `): there the credential rules read the
 * value, and taking it for an address would make masking again read it
 * otherwise.
 */
function gluedKind(text: string, start: number): "address" | "password" | "none" {
  const c = text.charCodeAt(start - 1);
  if (c === COLON) {
    let k = start - 2;
    const low = Math.max(0, start - 2 - MAX_USER);
    while (k >= low && text.charCodeAt(k) < 128 && USERINFO[text.charCodeAt(k)] === 1) k--;
    if (k >= 1 && text.charCodeAt(k) === 47 && text.charCodeAt(k - 1) === 47) return "password";
    return /mailto$/i.test(text.slice(Math.max(0, start - 7), start - 1)) ? "address" : "none";
  }
  return /(?:^|[^A-Za-z0-9])basic\s+$/i.test(text.slice(Math.max(0, start - 16), start)) ? "none" : "address";
}
