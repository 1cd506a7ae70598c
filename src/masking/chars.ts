/**
 * Character classes by UTF-16 code unit, as bit flags. ASCII is filled in up
 * front; other code units are classified on first sight, so start-up costs
 * nothing and the hot loops stay a single table read.
 */

/** May appear in an unquoted local part: RFC 5322 atext, the dot, RFC 6531 letters. */
export const LOCAL = 1;
/** May appear in a domain label: letters, digits, hyphen, RFC 6531 letters. */
export const LABEL = 2;
/** A letter, or a combining mark that belongs to one (a top-level domain is made of these). */
export const LETTER = 4;
/** An ASCII digit. */
export const DIGIT = 8;
/** `[A-Za-z0-9_]`: a word character for `\b`-style boundaries. */
export const WORD = 16;
/** Safe to show as the first character of a partially masked local part. */
export const PLAIN = 32;
/** Half of a surrogate pair: classify the whole code point with {@link classOfCodePoint}. */
export const SURROGATE = 64;
const UNKNOWN = 128;

const table = new Uint8Array(65536).fill(UNKNOWN);

function initAscii(): void {
  for (let c = 0; c < 128; c++) table[c] = 0;
  const set = (chars: string, flags: number) => {
    for (const ch of chars) table[ch.charCodeAt(0)] = (table[ch.charCodeAt(0)] ?? 0) | flags;
  };
  const upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const lower = upper.toLowerCase();
  const digits = "0123456789";
  set(upper + lower, LOCAL | LABEL | LETTER | WORD | PLAIN);
  set(digits, LOCAL | LABEL | DIGIT | WORD | PLAIN);
  set("!#$%&'*+-/=?^_`{|}~.", LOCAL);
  set("-", LABEL);
  set("_", WORD);
  for (let c = 0xd800; c < 0xe000; c++) table[c] = SURROGATE;
}
initAscii();

const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const LETTER_ONLY = /^\p{L}$/u;
const NUMBER = /^\p{N}$/u;

function classify(ch: string): number {
  if (LETTER_OR_MARK.test(ch)) return LOCAL | LABEL | LETTER | (LETTER_ONLY.test(ch) ? PLAIN : 0);
  if (NUMBER.test(ch)) return LOCAL | LABEL | PLAIN;
  return 0;
}

/**
 * The class flags of one code unit.
 *
 * @example
 * (classOf("a".charCodeAt(0)) & LETTER) !== 0; // true
 */
export function classOf(code: number): number {
  const flags = table[code] ?? 0;
  if (flags !== UNKNOWN) return flags;
  const computed = classify(String.fromCharCode(code));
  table[code] = computed;
  return computed;
}

/**
 * The class flags of a code point outside the Basic Multilingual Plane.
 *
 * @example
 * classOfCodePoint(0x20000) & LETTER; // a CJK extension B ideograph is a letter
 */
export function classOfCodePoint(codePoint: number): number {
  return codePoint < 0x10000 ? classOf(codePoint) : classify(String.fromCodePoint(codePoint));
}

/**
 * How many backslashes end at `index` (inclusive), not looking before `floor`.
 * An odd count means the character after them is escaped.
 *
 * @example
 * backslashesEndingAt("a\\\\n", 2, 0); // 2
 */
export function backslashesEndingAt(text: string, index: number, floor: number): number {
  let i = index;
  while (i >= floor && text.charCodeAt(i) === 92) i--;
  return index - i;
}

/**
 * The value of the four hexadecimal digits at `at` (as in `\uXXXX`), or -1
 * when there are not four there. Reads in place: it runs for escapes inside
 * addresses, so it allocates nothing.
 *
 * @example
 * hex4At("\\u0040", 2); // 64
 */
export function hex4At(text: string, at: number): number {
  if (at < 0 || at + 4 > text.length) return -1;
  let value = 0;
  for (let k = at; k < at + 4; k++) {
    const c = text.charCodeAt(k);
    const lower = c | 32;
    const digit = c >= 48 && c <= 57 ? c - 48 : lower >= 97 && lower <= 102 ? lower - 87 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * True when `word` (lower-case ASCII) stands at `at`, in any case, in a
 * text's code units (see `CodeUnits`; `length` of them).
 *
 * @example
 * startsWithIgnoringCase(new CodeUnits().of("x-Authorization"), 15, 2, "authorization"); // true
 */
export function startsWithIgnoringCase(units: Uint16Array, length: number, at: number, word: string): boolean {
  if (at < 0 || at + word.length > length) return false;
  for (let k = 0; k < word.length; k++) if (lowerAscii(units[at + k]!) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * The code unit `c` with an ASCII capital made small; any other unchanged.
 *
 * @example
 * lowerAscii(65); // 97: `A` to `a`
 */
export function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/**
 * The length of the JSON escape sequence starting at `index` (a backslash),
 * or 0 when there is none: 6 for `\uXXXX`, 2 for the one-letter escapes.
 *
 * @example
 * jsonEscapeLength("\\u0040", 0); // 6
 */
export function jsonEscapeLength(text: string, index: number): number {
  if (text.charCodeAt(index) !== 92) return 0;
  const next = text.charCodeAt(index + 1);
  if (next === 117 /* u */) return hex4At(text, index + 2) >= 0 ? 6 : 0;
  // " \ / b f n r t
  return next === 34 || next === 92 || next === 47 || next === 98 || next === 102 || next === 110 || next === 114 || next === 116
    ? 2
    : 0;
}

// The masker's placeholders: `[masked]`, `[email]`, `[email:<8 hex>]`, `[secret]`, `[secret:<kind>]`.
const PLACEHOLDER = String.raw`\[(?:masked|email(?::[0-9a-f]{8})?|secret(?::[a-z0-9-]+)?)\]`;
const PLACEHOLDER_END = new RegExp(`${PLACEHOLDER}$`);
const PLACEHOLDER_START = new RegExp(`^${PLACEHOLDER}`);
/** The longest placeholder the masker writes, and more. */
const MAX_PLACEHOLDER = 40;

/**
 * The length of the masker's placeholder (`[masked]`, `[email:…]`,
 * `[secret:<kind>]`) that starts at `at`, or 0 where none does.
 *
 * @example
 * placeholderLengthAt("x [secret:token] y", 2); // 14
 */
export function placeholderLengthAt(text: string, at: number): number {
  if (text.charCodeAt(at) !== 91 /* [ */) return 0;
  const found = PLACEHOLDER_START.exec(text.slice(at, at + MAX_PLACEHOLDER));
  return found === null ? 0 : found[0].length;
}

/**
 * Where one of the masker's placeholders that ends right before `end`
 * starts, not before `floor`; -1 where none does. Reads back no further than
 * the longest placeholder: an unbounded search at each `]` would be quadratic.
 *
 * @example
 * placeholderEndingAt("https://[secret:github-token]:x@h", 29, 0); // 8
 */
export function placeholderEndingAt(text: string, end: number, floor: number): number {
  if (text.charCodeAt(end - 1) !== 93 /* ] */) return -1;
  for (let open = end - 2; open >= floor && end - open <= MAX_PLACEHOLDER; open--) {
    if (text.charCodeAt(open) === 91 /* [ */) return placeholderLengthAt(text, open) === end - open ? open : -1;
  }
  return -1;
}

/** True when no word ends right before `index` (> 0): no word character stands there, and none of the masker's placeholders ends there. */
function noWordEndsAt(text: string, index: number): boolean {
  const before = text.charCodeAt(index - 1);
  if (before === 93 /* ] */) return !PLACEHOLDER_END.test(text.slice(Math.max(0, index - MAX_PLACEHOLDER), index));
  return (classOf(before) & WORD) === 0;
}

/**
 * True when a token may start at `index`: the character before it is not a
 * word character, or it is the letter of a JSON escape such as the `n` of
 * `\n` (serialised log lines put tokens right after those). One of our
 * placeholders counts as a word: it may stand where a word stood, and masking
 * again must decide as the first pass did.
 *
 * @example
 * boundaryBefore("x\\nAKIA", 3); // true
 */
export function boundaryBefore(text: string, index: number): boolean {
  if (index === 0 || noWordEndsAt(text, index)) return true;
  const before = text.charCodeAt(index - 1);
  if (before === 109 /* m */ && colourCodeEndsAt(text, index)) return true;
  if (before === UNDERSCORE) return underscoresOpenAt(text, index - 1);
  // Any run of backslashes: a line break escaped twice (`\\n`, JSON inside a JSON string) is one too.
  return index >= 2 && jsonEscapeLength(text, index - 2) === 2;
}

const UNDERSCORE = 95;

/**
 * True when the run of `_` that ends at `last` (inclusive) starts a word:
 * markdown's emphasis (`_ghp_…_`, `__…__`) opens there, and the word after
 * it may be a token. An `_` inside a word (`my_xoxb`) is no boundary.
 *
 * @example
 * underscoresOpenAt("see _ghp_", 4); // true
 */
export function underscoresOpenAt(text: string, last: number): boolean {
  let k = last;
  while (k > 0 && text.charCodeAt(k - 1) === UNDERSCORE) k--;
  // One of our placeholders counts as a word (see boundaryBefore): masking again decides as the first pass did.
  return k === 0 || noWordEndsAt(text, k);
}

/** The longest run of parameters (`1;38;5;208`) a colour code is read back over: bounded, so a boundary check stays cheap. */
const MAX_COLOUR_PARAMETERS = 16;

/**
 * True when an ANSI colour code (SGR: `ESC [ <digits and ;> m`) ends right
 * before `index`, its ESC written raw or as JSON's `\u001b`. Coloured CLI
 * and CI output puts a value right after one (`\x1b[32mglpat-…`); its `m`
 * is a letter, but no word goes on through it.
 *
 * @example
 * colourCodeEndsAt("\x1b[1;32mglpat-", 7); // true
 */
export function colourCodeEndsAt(text: string, index: number): boolean {
  let k = index - 2;
  const low = Math.max(0, index - 2 - MAX_COLOUR_PARAMETERS);
  while (k >= low) {
    const c = text.charCodeAt(k);
    if (!((c >= 48 && c <= 57) || c === 59)) break;
    k--;
  }
  if (k < 1 || text.charCodeAt(k) !== 91 /* [ */) return false;
  if (text.charCodeAt(k - 1) === 27) return true;
  const escape = k - 6;
  return escape >= 0 && text.charCodeAt(escape) === 92 && /^u001b$/i.test(text.slice(escape + 1, k)) && backslashesEndingAt(text, escape, 0) % 2 === 1;
}

/**
 * True when no word character follows `index`.
 *
 * @example
 * boundaryAt("AKIA…,", 4); // true
 */
export function boundaryAt(text: string, index: number): boolean {
  if (index >= text.length) return true;
  const c = text.charCodeAt(index);
  if ((classOf(c) & WORD) === 0) return true;
  if (c !== UNDERSCORE) return false;
  // Markdown's emphasis closing after the token (`_ghp_…_`): a run of `_` that no word goes on after.
  let k = index + 1;
  while (text.charCodeAt(k) === UNDERSCORE) k++;
  return k >= text.length || (classOf(text.charCodeAt(k)) & WORD) === 0;
}
