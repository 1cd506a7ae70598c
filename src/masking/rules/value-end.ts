import { backslashesEndingAt, placeholderLengthAt } from "../chars.js";
import { asciiSet, isIn, runEnd } from "../runs.js";
import { bareEnd } from "./bare-value.js";
import { VALUE_LIMIT } from "./keyword-value.js";

/*
 * Where a keyword's value judged a secret ends, past what ended its reading
 * (keyword-value.ts): a password may hold brackets, quotes, backslashes,
 * and a quoted one runs to its closing quote. Masked to there, no part of it
 * is left after the placeholder.
 */

/** What a password may hold that ends an unquoted reading: brackets. */
const GLUE = asciiSet("[](){}");
const ALNUM = asciiSet("A-Za-z0-9");

/**
 * Where a value judged a secret ends, past what ended its reading (`to`):
 * a quoted one at its closing quote on the same line, within the limit (the
 * quote escaped as the opening one is, `\\"` in a JSON string, the quote
 * with any other count of backslashes being the value's own); an unquoted one
 * over a bracket that a letter or digit follows (`Zq8vR2(mX9…`), not over
 * one that ends it (`(password=Zq8…)`, `Zq8…[0]`), unless it is a line's
 * value (`inline` false: a line's value that runs into a bracket was read as
 * one on the key's line, docs/masking.md). `to` when nothing follows but the
 * value's end.
 *
 * @example
 * wholeEnd(text, units, 9, 15, text.length); // text `password=Zq8vR2(mX9kLp7w x`: 24, before the blank
 */
export function wholeEnd(text: string, units: Uint16Array, from: number, to: number, ceiling: number, inline = true): number {
  const close = closingQuote(text, units, from, to, ceiling);
  if (close >= 0) return close;
  let end = to;
  while (inline && end + 1 < ceiling && isIn(GLUE, units[end]) && placeholderLengthAt(text, end) === 0) {
    const next = bareEnd(units, end + 1, ceiling, false);
    // Over a bracket only where a stretch of the value follows (`(mX9k…`), not a short index or call (`[0]`, `(a)`).
    if (next - (end + 1) < GLUED_STRETCH || runEnd(units, end + 1, ALNUM, next) === end + 1) break;
    end = next;
  }
  return end;
}

/** The shortest stretch of a value after a bracket that reads as more of it. */
const GLUED_STRETCH = 4;

/**
 * Where the quote that opened the value at `from` closes, searched from `at` on the same line within the limit
 * (escaped as the opening one is: `\\"` in a JSON string; with any other count of backslashes it is the value's own);
 * -1 when it does not, or the value opened with no quote.
 *
 * @example
 * closingQuote(text, units, 10, 10, text.length); // text `password="Zq8[mX9"`: 17
 */
export function closingQuote(text: string, units: Uint16Array, from: number, at: number, ceiling: number): number {
  const open = units[from - 1]!;
  if (open !== 34 && open !== 39 && open !== 96) return -1;
  const escapes = backslashesEndingAt(text, from - 2, 0);
  const limit = Math.min(ceiling, from + VALUE_LIMIT.max);
  for (let i = at; i < limit && units[i] !== 10 && units[i] !== 13; i++) {
    if (units[i] !== open && units[i] !== 34) continue;
    const before = backslashesEndingAt(text, i - 1, from);
    if (units[i] === open && before === escapes) return i - escapes;
    // A double quote escaped less than the opening quote, or any after another quote, ends the string that holds the
    // value (`{"msg":"token=\"…","next":…}`): the value does not run past it.
    if (units[i] === 34 && (open !== 34 || before < escapes)) return -1;
  }
  return -1;
}

const BRACKETED_WORD = asciiSet("A-Za-z _-");

/**
 * True when one of the masker's placeholders starts at `at`, or a word in
 * brackets that reads as one (three letters or more: `[Redacted]`,
 * `[hidden]`; not an index, `[0]`): a value glued to it is a stand-in or was
 * cut by another rule's match.
 *
 * @example
 * placeholderLikeAt(text, units, 18); // text `fn::secret: ops_eyJ..[Redacted]`: true
 */
export function placeholderLikeAt(text: string, units: Uint16Array, at: number): boolean {
  if (units[at] !== 91) return false;
  if (placeholderLengthAt(text, at) > 0) return true;
  let i = at + 1;
  while (i < at + 24 && isIn(BRACKETED_WORD, units[i])) i++;
  return i > at + 3 && units[i] === 93;
}

/**
 * True when one of the masker's placeholders starts in `[from, to)`.
 *
 * @example
 * holdsPlaceholder(text, units, 0, text.length); // text `a[secret:password]b`: true
 */
export function holdsPlaceholder(text: string, units: Uint16Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (units[i] === 91 && placeholderLengthAt(text, i) > 0) return true;
  return false;
}
