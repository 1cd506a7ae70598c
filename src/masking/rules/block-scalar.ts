import { asciiSet, isIn, runEnd, runStart } from "../runs.js";

/*
 * A YAML block scalar's secret over several lines (`client_secret: |` and a
 * key in base64 wrapped at 76 characters): the keyword rule reads the
 * value's first line, and a secret is masked over the lines that follow it
 * in the block, so that no line of it is left.
 */

const BLANKS = asciiSet(" \t");
const GREATER = 62;

/**
 * True when `c` may follow a block scalar's `|` or `>`: a chomping
 * indicator (`-`, `+`) or an indentation indicator (`1`–`9`).
 *
 * @example
 * isBlockIndicator(45); // true: `-`
 */
export function isBlockIndicator(c: number | undefined): boolean {
  return c === 45 || c === 43 || (c !== undefined && c >= 49 && c <= 57);
}

/** Where the line break at `at` ends: `\n`, `\r\n`, or escaped in a JSON string (`\\n`, `\\r\\n`); -1 when none stands there. */
function lineBreakEnd(units: Uint16Array, at: number): number {
  if (units[at] === 10) return at + 1;
  if (units[at] === 13 && units[at + 1] === 10) return at + 2;
  if (units[at] === 92 && units[at + 1] === 110) return at + 2;
  if (units[at] === 92 && units[at + 1] === 114 && units[at + 2] === 92 && units[at + 3] === 110) return at + 4;
  return -1;
}

/** Where the line before the one that starts at `lineStart` ends (its line break's first character); -1 when no line break stands before. */
function lineBreakBefore(units: Uint16Array, lineStart: number): number {
  let b: number;
  if (units[lineStart - 1] === 10) b = units[lineStart - 2] === 13 ? lineStart - 2 : lineStart - 1;
  else if (units[lineStart - 1] === 110 && units[lineStart - 2] === 92) b = lineStart - 2;
  else return -1;
  return units[b - 1] === 114 && units[b - 2] === 92 ? b - 2 : b;
}

/** Where the line that holds `from` starts, past no character but blanks and a markdown quote's `>`. */
function lineStartOf(units: Uint16Array, from: number): number {
  let k = from;
  while (k > 0 && (isIn(BLANKS, units[k - 1]) || units[k - 1] === GREATER)) k--;
  return k;
}

/**
 * True when the value at `from`, on a line of its own, is a YAML block
 * scalar's: the line before ends in `|` or `>` after the key's `:` or a
 * blank (not `=>`), with an indentation or chomping indicator (`|-`, `>+`,
 * `|2`) and blanks after it, and the value's line is indented deeper than
 * the key's.
 *
 * @example
 * opensBlock(new CodeUnits().of("token: |-\n  abc"), 12); // true
 */
export function opensBlock(units: Uint16Array, from: number): boolean {
  const lineStart = lineStartOf(units, from);
  const b = lineBreakBefore(units, lineStart);
  if (b < 0) return false;
  let j = runStart(units, b, BLANKS, 0);
  for (let n = 0; n < 2 && isBlockIndicator(units[j - 1]); n++) j--;
  // The indicator follows the key's `:` and a blank (`token: |`), not another operator (`password =>`).
  if ((units[j - 1] !== 124 && units[j - 1] !== GREATER) || !(isIn(BLANKS, units[j - 2]) || units[j - 2] === 58)) return false;
  // The block's lines are indented deeper than its key's.
  return from - lineStart > indentationOf(units, b);
}

/** How many characters of blanks and quote markers start the line that ends at `lineEnd`. */
function indentationOf(units: Uint16Array, lineEnd: number): number {
  let k = lineEnd;
  while (k > 0 && units[k - 1] !== 10 && !(units[k - 1] === 110 && units[k - 2] === 92)) k--;
  let i = k;
  while (i < lineEnd && (isIn(BLANKS, units[i]) || units[i] === GREATER)) i++;
  return i - k;
}

/**
 * Where a block scalar's secret ends: past each following line that starts
 * as the value's line does (the same indentation and quote markers, then
 * more indentation) and is one run of characters, as a key wrapped at 76
 * characters is. A line that starts otherwise (a key less indented), a
 * blank line, a line with a blank inside (a script after a first line read
 * as a secret), or what ends the text or the JSON string that holds it ends
 * the block.
 * `to` is the end of the value's first line.
 *
 * @example
 * blockEnd(units, 11, 14, text.length); // text `token: |\n  abc\n  def\nnext: 1`: 20, after `def`
 */
export function blockEnd(units: Uint16Array, from: number, to: number, ceiling: number): number {
  const lineStart = lineStartOf(units, from);
  const prefix = from - lineStart;
  let end = to;
  for (;;) {
    const next = lineBreakEnd(units, runEnd(units, end, BLANKS, ceiling));
    if (next < 0 || next + prefix >= ceiling) return end;
    for (let p = 0; p < prefix; p++) if (units[next + p] !== units[lineStart + p]) return end;
    const content = runEnd(units, next + prefix, BLANKS, ceiling);
    // A line of the secret is one run (a key wrapped at 76 characters): a line with a blank inside, or cut by a
    // quote or an escape other than a line break, is no part of it (a script after a first line read as one).
    let lineEnd = content;
    while (lineEnd < ceiling && units[lineEnd]! > 32 && units[lineEnd] !== 34 && units[lineEnd] !== 92) lineEnd++;
    if (lineEnd === content) return end;
    // The run ends the line: blanks, then a line break or the text's end; or the quote that ends the JSON string.
    const after = runEnd(units, lineEnd, BLANKS, ceiling);
    if (after < ceiling && lineBreakEnd(units, after) < 0 && !(after === lineEnd && units[lineEnd] === 34)) return end;
    end = lineEnd;
  }
}
