import { asciiSet, isIn, LETTER, runEnd, runStart } from "../runs.js";
import { BLANKS } from "./keyword-value.js";

/*
 * Markdown around a value reached through markup (key-markup.ts): a
 * table's cells (`| API_KEY | … |`), emphasis and inline tags around the
 * value (`**Zq8…**`, `<code>…</code>`), and what is markup and no value at
 * all (an emoji's code, a resource reference).
 */

const STAR = 42;
const PIPE = 124;
const BACKTICK = 96;
const LESS = 60;
const GREATER = 62;
const SLASH = 47;
const BACKSLASH = 92;
/** What a resource reference's type may be made of (`@drawable/`, `@android:color/`). */
const RESOURCE = asciiSet("A-Za-z_:+");
/** What may follow emphasis that closes. */
const AFTER_CLOSE = asciiSet(" \t\r\n|\"'`\\,.;:!?)[<");
/** How far a value marked up is read for the markup's close. */
const MAX_MARKED = 1024;
/** What an emoji's code is made of (`:white_check_mark:`, `:+1:`). */
const EMOJI = asciiSet("a-z0-9_+-");

/**
 * Where the value's cell ends when the key at `keyStart` fills a markdown
 * table's cell and the `|` at `pipe` closes it (`| API_KEY | Zq8… |`,
 * also bold or in backticks): at the next `|` or the line's end; -1 when
 * the key is no cell's.
 *
 * @example
 * cellEnd(new CodeUnits().of("| API_KEY | Zq8 |"), 2, 10, 0, 17); // 16
 */
export function cellEnd(units: Uint16Array, keyStart: number, pipe: number, floor: number, ceiling: number): number {
  // An escaped pipe (`token\|`) closes no cell, and one before the key opens none.
  if (units[pipe] !== PIPE || units[pipe + 1] === PIPE || escapedAt(units, pipe)) return -1;
  let k = keyStart;
  while (k > floor && keyStart - k < 3 && (units[k - 1] === BACKTICK || units[k - 1] === STAR)) k--;
  const marks = k;
  k = runStart(units, marks, BLANKS, Math.max(floor, marks - 8));
  if (k <= floor || units[k - 1] !== PIPE || escapedAt(units, k - 1)) return -1;
  let end = pipe + 1;
  for (; end < ceiling && units[end] !== PIPE && units[end] !== 10 && units[end] !== 13; end++) {
    if (units[end] !== BACKSLASH) continue;
    if (units[end + 1] === 110 || units[end + 1] === 114) break;
    // An escaped pipe (`\|`) is the cell's.
    if (units[end + 1] === PIPE) end++;
  }
  return end;
}

/** True when an odd number of backslashes stands before `at` (`\|`, not `\\|`). */
function escapedAt(units: Uint16Array, at: number): boolean {
  let k = at;
  while (k > 0 && at - k < 16 && units[k - 1] === BACKSLASH) k--;
  return ((at - k) & 1) === 1;
}

/**
 * Where a cell's content that starts at `from` ends, before the blanks and
 * the closing quote or backtick before the cell's end at `end`.
 *
 * @example
 * cellContentEnd(new CodeUnits().of("| `Zq8 x` |"), 3, 10); // 8
 */
export function cellContentEnd(units: Uint16Array, from: number, end: number): number {
  let k = runStart(units, end, BLANKS, from);
  if (k > from && (units[k - 1] === BACKTICK || units[k - 1] === 34 || units[k - 1] === 39)) k--;
  return k;
}

/**
 * Where the value at `from`, reached through markup (a table's cell, bold,
 * an attribute's element), starts past the markup people write around a
 * value: emphasis (`**Zq8…**`, `*Zq8…*`, `***Zq8…***`, `~~…~~`) and an inline tag
 * (`<code>`, `<kbd>`); -1 when what stands there is markup and no value: an
 * emoji's code (`:white_check_mark:`), a resource reference
 * (`?attr/colorOnSurface`, `@drawable/ic_eye`), a tag and nothing after it.
 *
 * @example
 * pastMarkup(new CodeUnits().of("| token | **Zq8** |"), 10, 19); // 12
 */
export function pastMarkup(units: Uint16Array, from: number, ceiling: number): number {
  let k = from;
  const c = units[k];
  if (c === STAR || c === 126 /* ~ */) {
    while (k < ceiling && k - from < 3 && units[k] === c) k++;
    // An address the masker wrote (`***@…`) is no emphasis.
    if (units[k] === c || units[k] === 64 || units[k] === 37) return from;
    // Code inside the emphasis (`**\`Zq8…\`**`): its backtick opens the value.
    if (units[k] === BACKTICK) k++;
  } else if (c === LESS) {
    const name = runEnd(units, k + 1, LETTER, Math.min(ceiling, k + 12));
    if (name === k + 1 || units[name] !== GREATER) return -1;
    k = name + 1;
  } else if (c === 58 /* : */) {
    const name = runEnd(units, k + 1, EMOJI, Math.min(ceiling, k + 40));
    if (name > k + 1 && units[name] === 58) return -1;
  } else if (c === 63 /* ? */ || c === 64 /* @ */) {
    const type = runEnd(units, k + 1, RESOURCE, Math.min(ceiling, k + 40));
    if (type > k + 1 && units[type] === SLASH) return -1;
  }
  return k < ceiling && units[k] !== LESS ? k : -1;
}

/**
 * Where the markup stepped over at `from` closes, the value starting at
 * `value` after it (see {@link pastMarkup}): the same emphasis again
 * (`**Zq8…**`) or a closing tag (`</code>`), on the same line, before a
 * blank, a quote, punctuation, a footnote's `[`, a tag or the end; `ceiling`
 * when nothing was stepped over or nothing closes it.
 *
 * @example
 * markupClose(new CodeUnits().of("**Zq8** |"), 0, 2, 9); // 5
 */
export function markupClose(units: Uint16Array, from: number, value: number, ceiling: number): number {
  if (value === from) return ceiling;
  const c = units[from]!;
  const limit = Math.min(ceiling, value + MAX_MARKED);
  let n = 1;
  while (c !== LESS && n < 3 && units[from + n] === c) n++;
  for (let k = value; k < limit && units[k] !== 10 && units[k] !== 13; k++) {
    if (c === LESS) {
      if (units[k] === LESS && units[k + 1] === SLASH) return k;
    } else if (units[k] === c && (n === 1 || units[k + 1] === c) && (n < 3 || units[k + 2] === c) && (k + n >= ceiling || isIn(AFTER_CLOSE, units[k + n]))) {
      // Emphasis closes before a blank, a cell's end, a quote or the line's end (`*Kp5q*Fv…` is one value).
      return k;
    }
  }
  return ceiling;
}
