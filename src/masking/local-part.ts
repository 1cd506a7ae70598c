import { backslashesEndingAt, classOf, classOfCodePoint, hex4At, LOCAL, SURROGATE } from "./chars.js";
import { asciiSet } from "./runs.js";

const QUOTE = 34;
const BACKSLASH = 92;
const MAX_QUOTED = 130;
const CLOSE_BRACKET = 93;
const ASTERISK = 42;

/**
 * Finds where the local part ending right before the `@` at `at` starts,
 * looking no further back than `floor`; -1 when there is none. Handles quoted
 * local parts (`"john doe"@…`), their JSON-escaped form (`\"john doe\"@…`),
 * JSON `\uXXXX` escapes, and the punctuation that surrounds addresses in
 * prose and key=value text.
 *
 * @example
 * localPartStart("email=jane@example.com", 10, 0); // 6
 */
export function localPartStart(text: string, at: number, floor: number): number {
  return startOfLocalPart(text, at, floor, true);
}

/**
 * {@link localPartStart} without the shortcut for plain local parts (see
 * `unquotedStart`). For the test that compares the two.
 *
 * @example
 * localPartStartChecked("email=jane@example.com", 10, 0); // 6
 */
export function localPartStartChecked(text: string, at: number, floor: number): number {
  return startOfLocalPart(text, at, floor, false);
}

function startOfLocalPart(text: string, at: number, floor: number, shortcut: boolean): number {
  if (at <= floor) return -1;
  if (text.charCodeAt(at - 1) !== QUOTE) {
    const start = unquotedStart(text, at, floor, shortcut);
    return start < at ? start : -1;
  }
  const open = quotedStart(text, at, floor);
  // Words glued before the quotes (`test"text"@…`, obsolete syntax) belong to
  // the local part; leaving them would let a second masking pass read them as
  // a new local part.
  if (open <= floor) return open;
  const before = text.charCodeAt(open - 1);
  return (classOf(before) & LOCAL) !== 0 && SEPARATORS[before] !== 1 ? unquotedStart(text, open, floor, shortcut) : open;
}

/**
 * Where the local part's own text begins: after its opening quote (`"`, or
 * `\"` inside a JSON string), if it starts with one.
 *
 * @example
 * localPartContentStart('"jo"@x.io', 0); // 1
 */
export function localPartContentStart(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === QUOTE) return start + 1;
  return c === BACKSLASH && text.charCodeAt(start + 1) === QUOTE ? start + 2 : start;
}

// Characters that end a local part in practice although RFC 5322 allows them:
// `email=jane@…`, `/users/jane@…`, `a|jane@…`. Used only when text remains after them.
const SEPARATORS = asciiSet("=/|?#&{}`!$^~");

/**
 * Whether the character `code` ends a local part that more text follows
 * (`email=jane@…`: the `=`), as {@link localPartStart} reads them.
 *
 * @example
 * separatesLocalPart("=".charCodeAt(0)); // true
 */
export function separatesLocalPart(code: number): boolean {
  return code < 128 && SEPARATORS[code] === 1;
}
// Punctuation that wraps an address in prose and markdown: `'jane@…'`, `**jane@…**`, `_jane@…_`.
const LEADING_PUNCTUATION = asciiSet(".'*_~+-");

/**
 * Whether the character `code` is punctuation that wraps an address in prose
 * and markdown (`'`, `*`, `_`, `~`, `.`, `+`, `-`): trimmed from a local
 * part's start, it holds no text of one.
 *
 * @example
 * wrapsLocalPart("*".charCodeAt(0)); // true
 */
export function wrapsLocalPart(code: number): boolean {
  return code < 128 && LEADING_PUNCTUATION[code] === 1;
}

// Local-part characters that are no separator, no escape and no mask (`***`): most local parts are made of them.
const PLAIN_LOCAL = asciiSet("A-Za-z0-9._+-");

/**
 * With `shortcut`, a local part of {@link PLAIN_LOCAL} characters that
 * follows the floor or an ASCII character that cannot be in one (a quote, a
 * blank, `<`, `:`; not a backslash) is taken at once: the walk below would
 * stop at the same place, find no separator and no `***`, and trim the
 * same leading punctuation.
 */
function unquotedStart(text: string, at: number, floor: number, shortcut: boolean): number {
  if (shortcut) {
    let p = at;
    while (p > floor && PLAIN_LOCAL[text.charCodeAt(p - 1)] === 1) p--;
    if (p < at && (p === floor || isPlainStop(text.charCodeAt(p - 1)))) {
      let trimmed = p;
      while (trimmed < at && LEADING_PUNCTUATION[text.charCodeAt(trimmed)] === 1) trimmed++;
      return trimmed < at ? trimmed : p;
    }
  }
  let i = at;
  // GitHub's bot addresses: 41898282+github-actions[bot]@users.noreply.github.com
  if (at - 5 >= floor && text.charCodeAt(at - 1) === CLOSE_BRACKET && text.startsWith("[bot]", at - 5)) i = at - 5;
  i = runStart(text, i, floor);
  let start = i;
  for (let k = at - 1; k >= i; k--) {
    if (SEPARATORS[text.charCodeAt(k)] === 1) {
      if (k + 1 < at) start = k + 1;
      break;
    }
  }
  // Never trim into the mask of an address masked before (`-***@…`), so that
  // masking again finds the same start.
  const limit = text.charCodeAt(at - 1) === ASTERISK && at - 3 >= start && text.startsWith("***", at - 3) ? at - 3 : at;
  let trimmed = start;
  while (trimmed < limit && LEADING_PUNCTUATION[text.charCodeAt(trimmed)] === 1) trimmed++;
  return trimmed < at ? trimmed : start;
}

/**
 * Walks back over local-part characters. A backslash run just before them
 * (a JSON escape, at whatever depth of serialisation) decides where the part
 * starts: `\u00e9` (é) belongs to it, while `\n`, `\\n` or `\u003c` (<)
 * separate it from what came before. The part never starts inside an escape,
 * so replacing it keeps every level of serialisation valid.
 */
function runStart(text: string, from: number, floor: number): number {
  let i = from;
  for (;;) {
    while (i > floor) {
      const flags = classOf(text.charCodeAt(i - 1));
      if ((flags & LOCAL) !== 0) {
        i--;
      } else if ((flags & SURROGATE) !== 0 && i - 2 >= floor && (classOfCodePoint(text.codePointAt(i - 2) ?? 0) & LOCAL) !== 0) {
        i -= 2;
      } else {
        break;
      }
    }
    if (i <= floor || text.charCodeAt(i - 1) !== BACKSLASH) return i;
    const c = text.charCodeAt(i);
    const escaped = c === 117 /* u */ ? hex4At(text, i + 1) : -1;
    if (escaped >= 0) {
      if ((classOf(escaped) & LOCAL) === 0) return i + 5;
      i -= backslashesEndingAt(text, i - 1, floor);
      continue;
    }
    return ESCAPED_LETTERS[c] === 1 ? i + 1 : i;
  }
}

/** An ASCII character that no local part holds, other than the backslash of an escape. */
function isPlainStop(c: number): boolean {
  return c < 128 && c !== BACKSLASH && (classOf(c) & LOCAL) === 0;
}

// Local-part characters that, after a backslash, are a JSON escape.
const ESCAPED_LETTERS = asciiSet("bfnrt/");

// A real quoted local part does not carry the `:`, `,` or brackets that
// always separate JSON tokens: between two quotes they mean JSON structure.
const STRUCTURE = asciiSet(":,{}[]");

/**
 * `"john doe"@…` as written, or `\"john doe\"@…` inside a JSON string (at
 * any depth of serialisation). Two quotes with JSON structure between them
 * are the end of one string token and the start of the next, never an
 * address, so those are refused.
 */
function quotedStart(text: string, at: number, floor: number): number {
  const close = at - 1;
  const escapes = close - 1 >= floor ? backslashesEndingAt(text, close - 1, floor) : 0;
  const limit = Math.max(floor, close - MAX_QUOTED);
  if (escapes % 2 === 1) {
    // Inside a JSON string a quote is written \" and a backslash \\: of an odd
    // run before a quote, the last backslash is JSON's, and the rest are the
    // text's own, which escape the quote in the text itself when they are odd.
    if (((escapes - 1) / 2) % 2 === 1) return -1;
    for (let j = close - 2; j >= limit; j--) {
      const c = text.charCodeAt(j);
      if (STRUCTURE[c] === 1) return -1;
      if (c !== QUOTE) continue;
      const before = backslashesEndingAt(text, j - 1, floor);
      // A bare quote: the JSON string ended before any opening quote.
      if (before % 2 === 0) return -1;
      if (((before - 1) / 2) % 2 === 0) return j - 1 >= limit ? j - 1 : -1;
      j -= before;
    }
    return -1;
  }
  for (let j = close - 1; j >= limit; j--) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      const before = backslashesEndingAt(text, j - 1, floor);
      if (before % 2 === 0) return j;
      j -= before;
    } else if (STRUCTURE[c] === 1) {
      return -1;
    } else if ((c === 10 || c === 13) && backslashesEndingAt(text, j - 1, floor) % 2 === 0) {
      return -1;
    }
  }
  return -1;
}
