import { classOf, classOfCodePoint, DIGIT, LETTER, SURROGATE } from "./chars.js";
import { asciiSet } from "./runs.js";
import { isBareMailDomain } from "./tlds.js";

/*
 * Whether a domain read after an `@` (domain.ts reads it) names a mail
 * domain: the checks that keep versions, image scales and bare hosts out.
 */

const DOT = 46;
const HYPHEN = 45;
/** The ASCII characters of a domain label. */
export const ASCII_LABEL = asciiSet("A-Za-z0-9-");

/**
 * An ASCII letter other than `v` (which may start a version, `v4.1.1`):
 * a domain that starts with one is no dotted quad, version or image scale.
 *
 * @example
 * isPlainFirst("e".charCodeAt(0)); // true
 */
export function isPlainFirst(c: number): boolean {
  const lower = c | 32;
  return lower >= 97 && lower <= 122 && lower !== 118;
}

/**
 * True when `text[from, to)` is ASCII letters only: as a last label, a top-level one.
 *
 * @example
 * isAsciiLetters("a.com", 2, 5); // true
 */
export function isAsciiLetters(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const lower = text.charCodeAt(i) | 32;
    if (lower < 97 || lower > 122) return false;
  }
  return true;
}

/**
 * Decides whether `text[start, end)` names a mail domain rather than a
 * version (`lodash@4.17.21`, `checkout@v4.1.1`, `node@20.x`), an image scale
 * suffix (`icon@2x.png`) or a bare host (`user@localhost`). `firstDot`: where
 * its first dot stands, or -1.
 *
 * @example
 * isMailDomain("example.com", 0, 11, 7); // true
 * isMailDomain("4.17.21", 0, 7, 1); // false
 */
export function isMailDomain(text: string, start: number, end: number, firstDot: number): boolean {
  if (firstDot < 0) return isBareMailDomain(text, start, end);
  let lastDot = end - 1;
  while (text.charCodeAt(lastDot) !== DOT) lastDot--;
  if (isDottedQuad(text, start, end)) return true;
  if (isVersion(text, start, end)) return false;
  if (lastDot === firstDot && isImageScale(text, start, firstDot)) return false;
  if (isDigits(text, lastDot + 1, end)) return true;
  return isPunycode(text, lastDot + 1, end) || isTopLevelLabel(text, lastDot + 1, end);
}

function isDigits(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) if ((classOf(text.charCodeAt(i)) & DIGIT) === 0) return false;
  return true;
}

/**
 * A version rather than a domain: numbers only (`4.17.21`, `v4.1.1`, `3.12`),
 * a wildcard last (`20.x`), or three numbers and a pre-release (`2.0.0-rc.1`).
 */
function isVersion(text: string, start: number, end: number): boolean {
  let i = (text.charCodeAt(start) | 32) === 118 /* v */ ? start + 1 : start;
  for (let numbers = 0; ; numbers++) {
    const from = i;
    while (i < end && (classOf(text.charCodeAt(i)) & DIGIT) !== 0) i++;
    if (i === from) return numbers > 0 && (text.charCodeAt(i) | 32) === 120 /* x */ && i + 1 === end;
    if (i === end) return numbers > 0;
    if (text.charCodeAt(i) !== DOT) return numbers >= 2 && text.charCodeAt(i) === HYPHEN;
    i++;
  }
}

/** `2x`: the retina suffix of image names (`icon@2x.png`). */
function isImageScale(text: string, from: number, to: number): boolean {
  return to - from >= 2 && text.charCodeAt(to - 1) === 120 /* x */ && isDigits(text, from, to - 1);
}

/** Four labels of one to three digits, each at most 255: `user@192.0.2.1`. */
export function isDottedQuad(text: string, start: number, end: number): boolean {
  if ((classOf(text.charCodeAt(start)) & DIGIT) === 0 || end - start > 15) return false;
  let labels = 0;
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== DOT) continue;
    if (i - from < 1 || i - from > 3 || !isDigits(text, from, i) || digitsValue(text, from, i) > 255) return false;
    labels++;
    from = i + 1;
  }
  return labels === 4;
}

/** The value of the digits `text[from, to)` (checked by the caller), read in place. */
function digitsValue(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/** `xn--` in either case at `from`, compared in place: it is looked for after every top-level label of five or more. */
function isPunycode(text: string, from: number, to: number): boolean {
  if (to - from < 5 || (text.charCodeAt(from) | 32) !== 120 || (text.charCodeAt(from + 1) | 32) !== 110 || text.charCodeAt(from + 2) !== HYPHEN || text.charCodeAt(from + 3) !== HYPHEN) return false;
  for (let i = from + 4; i < to; i++) if (ASCII_LABEL[text.charCodeAt(i)] !== 1) return false;
  return true;
}

/**
 * A top-level label: a letter (any script) first, then letters with their
 * combining marks, digits and hyphens: `com`, `co-uk`, `广告`. Digits are
 * allowed after the first letter so that an address glued to following text
 * (`jane@example.com2`) is still masked.
 */
function isTopLevelLabel(text: string, from: number, to: number): boolean {
  if ((classOf(text.charCodeAt(from)) & (LETTER | SURROGATE)) === 0) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === HYPHEN || (classOf(c) & DIGIT) !== 0) continue;
    const flags = classOf(c);
    if ((flags & LETTER) !== 0) continue;
    if ((flags & SURROGATE) !== 0) {
      const cp = text.codePointAt(i) ?? 0;
      if (cp > 0xffff && (classOfCodePoint(cp) & LETTER) !== 0) {
        i++;
        continue;
      }
    }
    return false;
  }
  return true;
}
