import { domainEnd, isDomainEscape, percentEncodedDomainEnd } from "./domain.js";
import type { EmailRenderer } from "./email-render.js";
import { localPartStart, separatesLocalPart } from "./local-part.js";
import { asciiSet } from "./runs.js";
import { isBareMailDomainIn } from "./tlds.js";
import type { Span } from "./scan.js";

/**
 * The forms an `@` takes: the sign itself, percent-encoded in URLs
 * (`jane%40example.com`) and JSON-escaped (`\u0040`).
 */
export const AT_MARKS: readonly string[] = ["@", "%40", "\\u0040"];

// What may end a local part right before `@`: atext, a quote, `]` of `[bot]`.
const LOCAL_END = asciiSet("A-Za-z0-9!#$%&'*+/=?^_`{|}~.\"]-");
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
  if (DOMAIN_START[first] !== 1) return false;
  if (LABEL[first] !== 1) return true;
  // A label without a dot after it is a whole domain only if it is a top-level domain.
  let end = from + 1;
  let next = units[end]!;
  while (next < 128 && LABEL[next] === 1 && end - from <= MAX_BARE_LABEL) next = units[++end]!;
  if (next === 46 /* . */ || next >= 128 || end - from > MAX_BARE_LABEL) return true;
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
    const end = at === "%40" ? percentEncodedDomainEnd(text, index + 3, ceiling) : domainEnd(text, index + at.length, ceiling);
    if (end < 0) continue;
    let start = localPartStart(text, index, floor);
    // The local part reads up to a protected span's end (or is empty, the span ending at the `@`): it may go on through it.
    if (guard > 0 && floor > emailEnd && floor === protectedSpans[guard - 1]!.end && (start < 0 ? floor === index : start === floor)) {
      start = throughGlued(text, protectedSpans, guard - 1, emailEnd, start);
    }
    if (start < 0) continue;
    if (found === NONE) found = [];
    found.push(render(text, start, index, at, end));
    floor = end;
    emailEnd = end;
  }
  return found;
}

/**
 * Where a local part starts when it goes on through the
 * protected spans glued to it, from the one at `last` back: the local part's
 * text before each span is read back from the span's start (the span's own
 * text, whatever it holds, is the address's), and the reading goes on through
 * the span before only where it stopped at that span's end. `start` (the
 * reading with the spans as floors) where no text of the local part stands
 * before the span at `last` (nothing glued, or a separator such as `=`). `emailEnd` is a floor still: the end of the
 * address before.
 */
function throughGlued(text: string, spans: readonly Span[], last: number, emailEnd: number, start: number): number {
  let best = start;
  for (let k = last; k >= 0; k--) {
    const floor = Math.max(emailEnd, k > 0 ? spans[k - 1]!.end : 0);
    const spanStart = spans[k]!.start;
    // A separator right before the span ends the local part there, as the span's text follows it (`token=glpat-…@`).
    if (spanStart > 0 && separatesLocalPart(text.charCodeAt(spanStart - 1))) break;
    const before = localPartStart(text, spanStart, floor);
    if (before < 0) break;
    best = before;
    if (k === 0 || before !== floor || floor === emailEnd) break;
  }
  return best;
}
