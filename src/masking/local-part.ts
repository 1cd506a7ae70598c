import { backslashesEndingAt, classOf, classOfCodePoint, jsonEscapeLength, LOCAL, SURROGATE } from "./chars.js";
import { asciiSet } from "./runs.js";

const QUOTE = 34;
const BACKSLASH = 92;
const MAX_QUOTED = 130;

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
  if (at <= floor) return -1;
  if (text.charCodeAt(at - 1) === QUOTE) return quotedStart(text, at, floor);
  const start = unquotedStart(text, at, floor);
  return start < at ? start : -1;
}

/**
 * The local part without its quotes: `[contentStart, contentEnd)`.
 *
 * @example
 * localPartContent('"jo"@x.io', 0, 4); // [1, 3]
 */
export function localPartContent(text: string, start: number, at: number): [number, number] {
  if (text.charCodeAt(at - 1) !== QUOTE) return [start, at];
  return text.charCodeAt(start) === BACKSLASH ? [start + 2, at - 2] : [start + 1, at - 1];
}

// Characters that end a local part in practice although RFC 5322 allows them:
// `email=jane@…`, `/users/jane@…`, `a|jane@…`. Used only when text remains after them.
const SEPARATORS = asciiSet("=/|?#&{}`!$^~");
// Punctuation that wraps an address in prose and markdown: `'jane@…'`, `**jane@…**`, `_jane@…_`.
const LEADING_PUNCTUATION = asciiSet(".'*_~+-");

function unquotedStart(text: string, at: number, floor: number): number {
  let i = at;
  // GitHub's bot addresses: 41898282+github-actions[bot]@users.noreply.github.com
  if (at - 5 >= floor && text.startsWith("[bot]", at - 5)) i = at - 5;
  i = runStart(text, i, floor);
  let start = i;
  for (let k = at - 1; k >= i; k--) {
    if (SEPARATORS[text.charCodeAt(k)] === 1) {
      if (k + 1 < at) start = k + 1;
      break;
    }
  }
  let trimmed = start;
  while (trimmed < at && LEADING_PUNCTUATION[text.charCodeAt(trimmed)] === 1) trimmed++;
  return trimmed < at ? trimmed : start;
}

/**
 * Walks back over local-part characters. A JSON escape just before the run
 * decides where it starts: `\u00e9` (é) belongs to it, while `\n` or `\u003c`
 * (<) separate it from what came before.
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
    if (i <= floor || text.charCodeAt(i - 1) !== BACKSLASH || backslashesEndingAt(text, i - 1, floor) % 2 === 0) return i;
    const length = jsonEscapeLength(text, i - 1);
    if (length === 2) return i + 1;
    if (length !== 6) return i;
    const decoded = parseInt(text.slice(i + 1, i + 5), 16);
    if ((classOf(decoded) & LOCAL) === 0) return i + 5;
    i -= 1;
  }
}

/**
 * `"john doe"@…` as written, or `\"john doe\"@…` inside a JSON string. In
 * JSON text a bare quote before `@` is the end of a string token, never part
 * of an address: a real quoted local part does not carry the `:`, `,` or
 * brackets that always separate JSON tokens, so those are refused.
 */
function quotedStart(text: string, at: number, floor: number): number {
  const close = at - 1;
  const escapes = close - 1 >= floor ? backslashesEndingAt(text, close - 1, floor) : 0;
  const limit = Math.max(floor, close - MAX_QUOTED);
  if (escapes === 1) {
    for (let j = close - 2; j >= limit; j--) {
      if (text.charCodeAt(j) !== QUOTE) continue;
      // One backslash opens the quoted part; an even run means a bare quote: the JSON string ended.
      const before = backslashesEndingAt(text, j - 1, floor);
      if (before % 2 === 0) return -1;
      if (before === 1) return j - 1 >= limit ? j - 1 : -1;
      j -= before;
    }
    return -1;
  }
  if (escapes % 2 === 1) return -1;
  for (let j = close - 1; j >= limit; j--) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      const before = backslashesEndingAt(text, j - 1, floor);
      if (before % 2 === 0) return j;
      j -= before;
    } else if (c === 58 || c === 44 || c === 123 || c === 125 || c === 91 || c === 93) {
      return -1;
    } else if ((c === 10 || c === 13) && backslashesEndingAt(text, j - 1, floor) % 2 === 0) {
      return -1;
    }
  }
  return -1;
}
