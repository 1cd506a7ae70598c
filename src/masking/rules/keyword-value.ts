import { asciiSet, hasAny, isIn, runEnd } from "../runs.js";
import { secretPlaceholder, type Span } from "../scan.js";
import { knownTokenAt } from "../token-shapes.js";
import { bareEnd, namespacedName } from "./bare-value.js";
import { blockEnd, isBlockIndicator, opensBlock } from "./block-scalar.js";
import { MIN_VALUE, secretLike } from "./secret-like.js";
import { tableTokenAt, vendorPrefixLength } from "./table-token-at.js";
import { templateLiteralCut } from "./templates.js";

/*
 * What follows a secret-naming key and its operator (assignment-operators.ts):
 * where the value starts and ends in the many syntaxes people paste (quoted,
 * unquoted, JSON-escaped at any depth, a YAML block scalar, XML), and the
 * span it becomes. Apart from the rule (keyword-secrets.ts) so that each
 * syntax reads on its own.
 */

/** What a keyword names, and so the placeholder its value becomes (`[secret:password]`). */
export type KeywordKind = "password" | "token" | "secret" | "api-key" | "credentials";

export const BLANKS = asciiSet(" \t");
// Quotes around a key or value, also JSON-escaped (`\"`).
export const QUOTES = asciiSet("\"'`\\");
// The same without the punctuation that also separates fields.
const NARROW_VALUE = asciiSet("A-Za-z0-9_.=+/~@!$%^*?#:|-");
// Inside quotes a value runs to the closing quote over more punctuation (gitleaks' database-password takes `:;<@=},!$?^`); not over `[`, which starts one of our placeholders.
const QUOTED_VALUE = asciiSet("A-Za-z0-9_.=+/~@!$%^*?#:|;<>{}(),&-");
/** The longest value read after a key (tests that count reads shorten it, so that short texts show the bound long ones meet). */
export const VALUE_LIMIT = { max: 1000 };
export const COLON = 58;
export const EQUALS = 61;
const GREATER = 62;
const COMMA = 44;
const LESS = 60;

/** Skips a line break: real (`\n`, `\r\n`) or JSON-escaped at any depth (`\n`, `\\n`, `\r\n`). Returns `at` if there is none. */
export function skipLineBreak(units: Uint16Array, at: number, ceiling: number): number {
  let i = at;
  for (let step = 0; step < 2 && i < ceiling; step++) {
    const c = units[i]!;
    if (c === 10) return i + 1;
    if (c === 13) {
      i++;
      continue;
    }
    let j = i;
    while (j < ceiling && units[j] === 92) j++;
    if (j === i || j >= ceiling) return at;
    if (units[j] === 110) return j + 1;
    if (units[j] !== 114) return at;
    i = j + 1;
  }
  return at;
}

/** The most `>` of nested markdown quotes read at a line's start (`> > > value`). */
const MAX_QUOTE_DEPTH = 8;
/** How far back the start of the key's line is looked for. */
const MAX_KEY_LINE = 512;

/**
 * Past the markers of a markdown block quote at `at`, a line's start after
 * its indentation (`> `, `>> `, `> > `), when the key's line before it (the
 * one that holds `key`) starts with as many: a reply that quotes a config
 * puts them before every line. Returns `at` otherwise.
 */
export function afterQuoteMarkers(units: Uint16Array, at: number, key: number, ceiling: number): number {
  let v = at;
  let depth = 0;
  for (; depth < MAX_QUOTE_DEPTH && v < ceiling && units[v] === GREATER; depth++) v = runEnd(units, v + 1, BLANKS, Math.min(ceiling, v + 6));
  return depth > 0 && quoteDepthOfLine(units, key) === depth ? v : at;
}

/** How many block-quote markers start the line that holds `at` (a real or JSON-escaped line break before it); -1 when its start is too far back. */
function quoteDepthOfLine(units: Uint16Array, at: number): number {
  let k = at;
  const low = Math.max(0, at - MAX_KEY_LINE);
  while (k > low && units[k - 1] !== 10 && !(units[k - 1] === 110 && units[k - 2] === 92)) k--;
  if (k === low && low > 0) return -1;
  let v = runEnd(units, k, BLANKS, at);
  let depth = 0;
  for (; depth <= MAX_QUOTE_DEPTH && v < at && units[v] === GREATER; depth++) v = runEnd(units, v + 1, BLANKS, at);
  return depth;
}

/**
 * Where the value after the operator (last character `operator`) ending at
 * `at` starts: past blanks, a YAML block indicator and its line break, and an
 * opening quote; `ceiling` when a block indicator has no value after it.
 *
 * @example
 * valueStart(new CodeUnits().of("token: |\n  abc"), 6, 58, 14); // 11
 */
export function valueStart(units: Uint16Array, at: number, operator: number, ceiling: number): number {
  let v = runEnd(units, at, BLANKS, Math.min(ceiling, at + 5));
  if (operator !== GREATER && (units[v] === 124 || units[v] === GREATER)) {
    // A YAML block scalar: `|` or `>`, a chomping and an indentation indicator in either order (`|-`, `>2`, `|+1`),
    // then the value on the next line.
    v++;
    for (let n = 0; n < 2 && isBlockIndicator(units[v]); n++) v++;
    v = runEnd(units, v, BLANKS, Math.min(ceiling, v + 5));
    const next = skipLineBreak(units, v, ceiling);
    if (next === v) return ceiling;
    v = afterQuoteMarkers(units, runEnd(units, next, BLANKS, Math.min(ceiling, next + 20)), at, ceiling);
  } else if (operator === GREATER) {
    const next = skipLineBreak(units, v, ceiling);
    const broken = next !== v;
    v = runEnd(units, next, BLANKS, Math.min(ceiling, v + 24));
    if (broken) v = afterQuoteMarkers(units, v, at, ceiling);
  }
  // Opening quotes, escaped or not; not the backslash of an escaped line break (`=\n` in a JSON string: no value).
  for (let n = 0; n < 4 && isIn(QUOTES, units[v]) && !escapedLineBreakAt(units, v); n++) v++;
  // A typographic quote, as word processors and chat write one (`password = “…”`): the value ends at its closer.
  return isOpeningTypographicQuote(units[v]!) ? v + 1 : v;
}

/** `“`, `„`, `‘`, `‚` or `«`. */
function isOpeningTypographicQuote(c: number): boolean {
  return c === 0x201c || c === 0x201e || c === 0x2018 || c === 0x201a || c === 0xab;
}

/** True when a JSON-escaped line break (`\n`, `\r`) starts at `at`. */
export function escapedLineBreakAt(units: Uint16Array, at: number): boolean {
  return units[at] === 92 && (units[at + 1] === 110 || units[at + 1] === 114);
}

/**
 * Past the `quote` at `at`, escaped or not (`\\"`, `\\\\\\"`: up to eight
 * backslashes before it); `at` when none stands there.
 *
 * @example
 * afterQuote(new CodeUnits().of('\\"x'), 0); // 2
 */
export function afterQuote(units: Uint16Array, at: number, quote = 34): number {
  let i = at;
  while (units[i] === 92 && i - at < 8) i++;
  return units[i] === quote ? i + 1 : at;
}

/** Where a value opened by a quote ends, when it runs to the same quote (also JSON-escaped at any depth, `\\"`, `\\\\\\"`); -1 otherwise. */
function quotedEnd(units: Uint16Array, from: number, ceiling: number): number {
  const quote = units[from - 1]!;
  if (quote !== 34 && quote !== 39 && quote !== 96) return -1;
  const end = runEnd(units, from, QUOTED_VALUE, Math.min(ceiling, from + VALUE_LIMIT.max));
  return afterQuote(units, end, quote) > end ? end : -1;
}

/** `to`, or where a closing tag (`</`) starts before it: `<token>value</token>`. */
function closingTag(units: Uint16Array, from: number, to: number): number {
  for (let i = from; i < to - 1; i++) if (units[i] === LESS && units[i + 1] === 47) return i;
  return to;
}

/**
 * The span of the value starting at `from`, if it is a secret: a known
 * token under the placeholder that names it, otherwise the value as
 * `[secret:<kind>]`; null for a value that is no secret. `element`: the
 * value is an XML element's body, which runs to its closing tag. `below`:
 * the value is a YAML plain scalar on the line after its key's
 * (key-markup.ts, `valueBelow`), read as a value on the key's line is;
 * `continues`: deeper than its key, it goes on over the following lines.
 *
 * @example
 * valueSpan(text, units, valueStart, floor, text.length, "password");
 */
export function valueSpan(text: string, units: Uint16Array, from: number, floor: number, ceiling: number, kind: KeywordKind, element = false, below = false, continues = false): Span | null {
  // A line break, JSON-escaped, right after the operator: the key has no value (`GITHUB_API_KEY=\nDYNATRACE_API_KEY=` in a JSON string).
  if (escapedLineBreakAt(units, from)) return null;
  // A token of a known shape gets the placeholder that names it.
  const token = knownTokenAt(text, units, from, floor, ceiling) ?? tableTokenAt(text, units, from, floor, ceiling);
  if (token !== null) return token;
  // A stand-in of words in brackets (`"<SUMOLOGIC ACCESS KEY>"`, gitleaks' sumologic.go false positive) would be cut at its first blank.
  if (wordsInBrackets(units, from, ceiling)) return null;
  // A value that starts like a vendor's token and is none is judged by what follows the prefix:
  // `xoxb-MyRealPassw0rd` is a secret, `sk-ant-oat01-tooShort` a stand-in (gitleaks' false positive).
  const prefix = vendorPrefixLength(units, from);
  const password = kind === "password";
  const judge = (end: number) => secretLike(units, end - (from + prefix) >= MIN_VALUE ? from + prefix : from, end, password);
  const quoted = quotedEnd(units, from, ceiling);
  // After a comma, a quoted word a colon follows is the next field's key (`{"a":"my-token","k8s_node_pool":…}`: `,`
  // is an operator after a key, as in `("token", "…")`), and its own key rule masks its value.
  if (quoted >= 0 && afterComma(units, from) && units[runEnd(units, afterQuote(units, quoted, units[from - 1]!), BLANKS, Math.min(ceiling, quoted + 8))] === COLON) return null;
  // A value on a line of its own (a YAML block scalar, an element's body) is the line: `;` and brackets are part of it.
  const limit = Math.min(ceiling, from + VALUE_LIMIT.max);
  // A plain scalar below its key is read as a value on the key's line would be, and over its following lines.
  const ownLine = quoted < 0 && !below && onItsOwnLine(units, from);
  const reach = (semicolons: boolean, upTo: number): number => {
    // An element's body (`<passwordToken>;lBxK$…;</passwordToken>`) runs to its closing tag over `;` and brackets, as a quoted value does.
    const to = quoted >= 0 ? quoted : closingTag(units, from, ownLine || element ? runEnd(units, from, QUOTED_VALUE, upTo) : bareEnd(units, from, upTo, semicolons));
    // A line's value that runs into a bracket (`Zq8…;[x]`) is read as any unquoted value is instead.
    return ownLine && units[to] === 91 /* [ */ ? closingTag(units, from, bareEnd(units, from, upTo, semicolons)) : to;
  };
  const end = (semicolons: boolean): number => {
    const to = reach(semicolons, limit);
    // A value glued to one of our placeholders was cut by another rule's match: deciding on the
    // remnant would decide differently when the text is masked again.
    return units[to] === 91 /* [ */ ? -1 : trimmed(units, from, to);
  };
  // A secret is judged on its first thousand characters and masked whole: a longer one (a service account's key in
  // base64) is read on to its end, so that no tail is left after the placeholder.
  const secret = (to: number, semicolons: boolean): Span => {
    const whole = Math.max(to, limit < ceiling ? trimmed(units, from, reach(semicolons, ceiling)) : to);
    // A block scalar's secret, or a plain scalar's below its key, runs on over the block's lines (`client_secret: |`
    // and a key wrapped at 76 characters).
    const block = (continues && quoted < 0) || (ownLine && !element && opensBlock(units, from));
    return { start: from, end: block ? blockEnd(units, from, whole, ceiling) : whole, replacement: secretPlaceholder(kind) };
  };
  let to = end(password);
  // The literal part of a template (`key: v1-deps-{{ checksum "package-lock.json" }}`, a cache key) is no secret; what
  // stands before a separator in it is judged alone (`password=Zq8…,image.tag=build-${SHA}`, `admin:Zq8…@mongo-${ENV}`).
  const literal = to >= 0 ? templateLiteralCut(units, from, to) : -1;
  if (literal >= 0) {
    const cut = trimmed(units, from, literal);
    return cut > from && judge(cut) ? { start: from, end: cut, replacement: secretPlaceholder(kind) } : null;
  }
  // A namespaced function's name before its call (`keyring::key_get(…)`, `oauth2.0_token(…)`): code that fetches the secret.
  if (quoted < 0 && to >= 0 && units[to] === 40 /* ( */ && namespacedName(units, from, to)) return null;
  if (to >= 0 && judge(to)) return secret(to, password);
  if (quoted >= 0) return null;
  // A password read on over `;` that is no secret so (it ran into a placeholder, a URL, a stand-in) is read up to its first `;`.
  if (password) {
    const whole = to;
    to = end(false);
    // The same value again (no `;` in it) was judged already.
    if (to >= 0 && to !== whole && judge(to)) return secret(to, false);
  }
  if (to < 0) return null;
  // Unquoted, the value may have run on into the next field (`secret=…,callback=https://…`): judge it up to `,`, `<`, `>` or `}` too.
  const narrow = trimmed(units, from, runEnd(units, from, NARROW_VALUE, to));
  return narrow < to && judge(narrow) ? { start: from, end: narrow, replacement: secretPlaceholder(kind) } : null;
}

/**
 * True when the quote that opens the value at `from` (escaped or not)
 * follows a comma that closes a quoted value (`"my-token",`): the keyword
 * ended a field's value. After a bare word (`invalid token, "…": unauthorized`,
 * an error message) the quoted text is the keyword's value.
 */
function afterComma(units: Uint16Array, from: number): boolean {
  let k = from - 2;
  while (k >= 0 && from - k < 10 && units[k] === 92 /* \ */) k--;
  while (k >= 0 && from - k < 18 && isIn(BLANKS, units[k])) k--;
  return units[k] === COMMA && (units[k - 1] === 34 || units[k - 1] === 39);
}

const STAND_IN_WORDS = asciiSet("A-Za-z0-9 _.-");
const CLOSERS: Readonly<Record<number, number>> = { 60: 62, 123: 125, 40: 41 };

/**
 * True when the value is words in brackets with blanks between them
 * (`<SUMOLOGIC ACCESS KEY>`, `{your api key}`, `(not set)`): the bracket
 * closes, within a line, after letters, digits, blanks, `_`, `.` and `-`
 * only. Read whole, the value is wrapped in brackets, which the value test
 * already leaves as a stand-in; read up to its first blank it would not be.
 */
function wordsInBrackets(units: Uint16Array, from: number, ceiling: number): boolean {
  const closer = CLOSERS[units[from]!];
  if (closer === undefined) return false;
  const end = runEnd(units, from + 1, STAND_IN_WORDS, Math.min(ceiling, from + 100));
  // Words with a blank between them, and the bracket ends the value: `<v1>AbC9dEf8…` is a value that starts with a tag.
  return units[end] === closer && end > from + 1 && hasAny(units, from + 1, end, BLANKS) && (end + 1 >= ceiling || isIn(VALUE_ENDS, units[end + 1]));
}
// What may follow a stand-in's closing bracket: the end of the value.
const VALUE_ENDS = asciiSet(" \t\r\n\"'`,;<\\");

/** True when only blanks (and a block quote's `>`) stand between `from` and a line break before it, real or JSON-escaped (`\n`). */
function onItsOwnLine(units: Uint16Array, from: number): boolean {
  let k = from;
  // Blanks, and the markers of a markdown block quote among them (`\n>   value`).
  for (let markers = 0; k > 0; k--) {
    if (units[k - 1] === GREATER && markers < MAX_QUOTE_DEPTH) markers++;
    else if (!isIn(BLANKS, units[k - 1])) break;
  }
  return units[k - 1] === 10 || (units[k - 1] === 110 && units[k - 2] === 92);
}

/** `to`, less the sentence and list punctuation after the value (not part of it). */
function trimmed(units: Uint16Array, from: number, to: number): number {
  while (to > from && (units[to - 1] === 46 || units[to - 1] === COLON || units[to - 1] === COMMA)) to--;
  return to;
}
