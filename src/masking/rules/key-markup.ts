import { startsWithIgnoringCase } from "../chars.js";
import { asciiSet, DIGITS, isIn, LETTER, LOWER, runEnd, UPPER, WORD } from "../runs.js";
import { afterQuote, afterQuoteMarkers, BLANKS, COLON, escapedLineBreakAt, QUOTES, skipLineBreak } from "./keyword-value.js";

/*
 * The markup people write around a secret-naming key: markdown's bold
 * (`**password**:`), a form field's brackets (`user[password]=`), an XML
 * attribute that names the element's value (`<entry key="password">…`),
 * and where on its line the key stands (a YAML key, whose value may stand
 * on the next line). A table's cells and the markup around a value are
 * markdown-value.ts's. Apart from the keyword rule (keyword-secrets.ts),
 * which reads key, operator and value.
 */

const STAR = 42;
const BACKTICK = 96;
const LESS = 60;
const GREATER = 62;
const BACKSLASH = 92;
/** How far back from the key its tag's `<` is looked for. */
const MAX_TAG = 160;
/** Attributes read past before a tag's `>`, and the longest word each may hold. */
const MAX_ATTRIBUTES = 4;
const MAX_WORD_VALUE = 24;
const MAX_CAPITALS = 3;
const MAX_NUMBER = 6;
const ATTRIBUTE_NAME = asciiSet("A-Za-z0-9:_-");
/** HTML's void elements: they have no body, and what follows one is no attribute's value (`<input name="password">`). */
const VOID_ELEMENTS = ["area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"];

/**
 * The character that closes markup opened right before the key at
 * `keyStart`, besides quotes: `*` for markdown's bold (`**password**:`,
 * also around a backtick), `]` for a form field's brackets after a name
 * (`user[password]=`; not a line's `[password]:`, a reference link); -1
 * for none.
 *
 * @example
 * closerAround(new CodeUnits().of("**password**: x"), 2, 0); // 42
 */
export function closerAround(units: Uint16Array, keyStart: number, floor: number): number {
  let k = keyStart;
  if (k > floor && units[k - 1] === BACKTICK) k--;
  if (k > floor && units[k - 1] === STAR) return STAR;
  return k === keyStart && k - 1 > floor && units[k - 1] === 91 /* [ */ && isIn(WORD, units[k - 2]) ? 93 /* ] */ : -1;
}

/**
 * How deep the value at `from` stands on its line: the blanks, quote
 * markers and opening quotes before it, back to a line break (real or
 * JSON-escaped).
 *
 * @example
 * columnOf(new CodeUnits().of("password:\n    abc"), 14); // 4
 */
export function columnOf(units: Uint16Array, from: number): number {
  let k = from;
  while (k > 0 && from - k < 64 && (isIn(BLANKS, units[k - 1]) || units[k - 1] === GREATER || units[k - 1] === 34 || units[k - 1] === 39)) k--;
  return from - k;
}

/**
 * Where the body of an element starts when the key at `keyStart`, ending
 * at `keyEnd`, is the value of its tag's `name` or `key` attribute
 * (`<entry key="password">`, `<string name="google_api_key"
 * translatable="false">`, quotes also JSON-escaped): past the `>` that
 * closes the tag; -1 otherwise, and for a tag that closes itself, an HTML
 * void element (`<input name="password">`), which has no body, or other
 * attributes after the key's that hold more than a word (see pastTag).
 *
 * @example
 * attributeBody(new CodeUnits().of('<entry key="password">x</entry>'), 12, 20, 31); // 22
 */
export function attributeBody(units: Uint16Array, keyStart: number, keyEnd: number, ceiling: number): number {
  const quote = units[keyStart - 1];
  if (quote !== 34 && quote !== 39) return -1;
  let q = keyStart - 2;
  while (q > 0 && units[q] === BACKSLASH && keyStart - q < 8) q--;
  if (units[q] !== 61 /* = */) return -1;
  const nameEnd = q;
  const nameStart = units[nameEnd - 4] !== undefined && startsWithIgnoringCase(units, nameEnd, nameEnd - 4, "name") ? nameEnd - 4 : startsWithIgnoringCase(units, nameEnd, nameEnd - 3, "key") ? nameEnd - 3 : -1;
  if (nameStart < 1 || !isIn(BLANKS, units[nameStart - 1])) return -1;
  // The tag's name, after its `<`: other attributes may stand between.
  let lt = nameStart - 1;
  while (lt > 0 && nameStart - lt < MAX_TAG && units[lt] !== LESS && units[lt] !== GREATER && units[lt] !== 10) lt--;
  if (units[lt] !== LESS) return -1;
  let tagNameEnd = lt + 1;
  while (isIn(LETTER, units[tagNameEnd])) tagNameEnd++;
  for (const name of VOID_ELEMENTS) if (tagNameEnd - lt - 1 === name.length && startsWithIgnoringCase(units, tagNameEnd, lt + 1, name)) return -1;
  // The key's closing quote, then the rest of the tag up to its `>`.
  const k = afterAttributeValue(units, keyEnd, quote);
  return k < 0 ? -1 : pastTag(units, k, ceiling);
}

/**
 * Past the `>` that closes a tag at `at`, over attributes whose values are
 * one word or a number (`translatable="false"`, `serializeAs="String"`, see
 * {@link plainWordEnd}), or -1: the match starts at the body, and what it
 * passes over is read by no other rule, so nothing that may hold an address
 * or a token is passed over.
 */
function pastTag(units: Uint16Array, at: number, ceiling: number): number {
  let k = at;
  for (let n = 0; n <= MAX_ATTRIBUTES && k < ceiling; n++) {
    const name = runEnd(units, k, BLANKS, Math.min(ceiling, k + 8));
    if (units[name] === GREATER) return name + 1;
    if (name === k || !isIn(ATTRIBUTE_NAME, units[name])) return -1;
    const equals = runEnd(units, name, ATTRIBUTE_NAME, Math.min(ceiling, name + 32));
    if (units[equals] !== 61 /* = */) return -1;
    let open = equals + 1;
    while (units[open] === BACKSLASH && open - equals < 8) open++;
    const quote = units[open];
    if (quote !== 34 && quote !== 39) return -1;
    const valueEnd = plainWordEnd(units, open + 1, ceiling);
    k = afterAttributeValue(units, valueEnd, quote);
    if (k < 0) return -1;
  }
  return -1;
}

/**
 * The end of a value at `at` that is one word or a number and can hold no
 * address or secret: words in letters only, each a capital at most then
 * two small letters or more, three capitals in all at most (`false`,
 * `SecureString`, `UnusedResources`; not `ZqPwLmXr`), joined by `_` or `-`
 * (`secret_text`), or a number of six characters at most (`-1`, `1.5`);
 * `at` for anything else.
 *
 * @example
 * plainWordEnd(new CodeUnits().of('"SecureString"'), 1, 14); // 13
 */
export function plainWordEnd(units: Uint16Array, at: number, ceiling: number): number {
  const limit = Math.min(ceiling, at + MAX_WORD_VALUE);
  let k = at;
  if (units[k] === 45 || isIn(DIGITS, units[k])) {
    if (units[k] === 45) k++;
    // A short number (`1`, `-1`, `1.5`): a long one may be a PIN or a key, which a keyword's rule masks.
    let end = runEnd(units, k, DIGITS, limit);
    if (units[end] === 46 && isIn(DIGITS, units[end + 1])) end = runEnd(units, end + 1, DIGITS, limit);
    return end === k || end - at > MAX_NUMBER ? at : end;
  }
  for (let capitals = 0; k < limit; ) {
    // One word: a capital at most, then two small letters or more; three capitals in all at most.
    if (isIn(UPPER, units[k]) && ++capitals <= MAX_CAPITALS) k++;
    const small = runEnd(units, k, LOWER, limit);
    if (small - k < 2) return at;
    k = small;
    if ((units[k] === 95 || units[k] === 45) && isIn(LETTER, units[k + 1])) k++;
    else if (!isIn(UPPER, units[k])) return k;
  }
  return at;
}

/** Past the closing `quote` (escaped or not) at `at`, or -1 (see afterQuote). */
function afterAttributeValue(units: Uint16Array, at: number, quote: number): number {
  const k = afterQuote(units, at, quote);
  return k === at ? -1 : k;
}

/**
 * The column the key at `keyStart` starts in when only blanks, list or
 * quote markers (`-`, `*`, `>`) and an opening quote stand before it on its
 * line (after a line break, real or JSON-escaped, the text's start, or a
 * JSON string's opening after a key's colon: `{"msg":"key==…"}`); -1 when
 * something else does (`if token:`, `Invalid token:`).
 *
 * @example
 * keyColumn(new CodeUnits().of("  - name: x"), 4); // 4
 */
export function keyColumn(units: Uint16Array, keyStart: number): number {
  let k = keyStart;
  if (units[k - 1] === 34 || units[k - 1] === BACKTICK) {
    k--;
    // A JSON string's opening quote, escaped at any depth (`{\"m\":\"password:`).
    while (k > 0 && keyStart - k < 9 && units[k - 1] === BACKSLASH) k--;
  }
  while (k > 0 && keyStart - k < 12 && (isIn(BLANKS, units[k - 1]) || units[k - 1] === 45 || units[k - 1] === STAR || units[k - 1] === GREATER)) k--;
  const starts = k === 0 || units[k - 1] === 10 || units[k - 1] === 13 || (units[k - 1] === 110 && units[k - 2] === BACKSLASH) || units[k - 1] === 58;
  return starts ? keyStart - k : -1;
}

/** The most of a line read to tell whether it starts with a key. */
const MAX_KEY_WORD = 256;

/**
 * Where a YAML plain scalar starts on the line after the key's, when the
 * value after `key:` is not on the key's line (`at`, past the blanks, is a
 * line break, real or JSON-escaped): indented as deep as the key
 * (`keyColumn`; quote markers counted as on the key's line) or deeper, as
 * gitleaks reads white space after the operator, and not a key itself
 * (`secretKeyRef:`, a sibling's `user:`); past an opening quote. -1
 * otherwise: a line less indented belongs to a key further out.
 *
 * @example
 * valueBelow(new CodeUnits().of("password:\n  abc"), 9, 0, 0, 15); // 12
 */
export function valueBelow(units: Uint16Array, at: number, keyAt: number, keyColumn: number, ceiling: number): number {
  const next = skipLineBreak(units, at, ceiling);
  if (next === at) return -1;
  let v = afterQuoteMarkers(units, next, keyAt, ceiling);
  if (v === next) v = runEnd(units, next, BLANKS, Math.min(ceiling, next + 24));
  if (v - next < keyColumn || startsKey(units, v, ceiling)) return -1;
  for (let n = 0; n < 4 && isIn(QUOTES, units[v]) && !escapedLineBreakAt(units, v); n++) v++;
  return v;
}

/** True when the line at `at` starts with a YAML key (`secretKeyRef:`, `"name":`, also JSON-escaped): a word that ends with `:` before a blank or the line's end. */
function startsKey(units: Uint16Array, at: number, ceiling: number): boolean {
  let k = at;
  const limit = Math.min(ceiling, at + MAX_KEY_WORD);
  while (k < limit && units[k] !== 32 && units[k] !== 9 && units[k] !== 10 && units[k] !== 13 && !(units[k] === 92 && (units[k + 1] === 110 || units[k + 1] === 114 || units[k + 1] === 116))) k++;
  return k > at && units[k - 1] === COLON;
}
