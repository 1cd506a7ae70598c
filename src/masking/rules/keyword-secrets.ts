import { asciiSet, DIGITS, hasAny, runEnd } from "../runs.js";
import { secretPlaceholder, type Rule, type Span } from "../scan.js";
import { knownTokenAt } from "../token-shapes.js";
import { entropy, isPlaceholder } from "./entropy.js";
import { anchorOf, tableTokenAt, vendorPrefixLength } from "./table-rules.js";

/*
 * Secrets named by their key rather than by their shape, after gitleaks'
 * generic-api-key rule and the vendor rules built like it
 * (cmd/generate/config/utils/generate.go: an identifier holding a keyword,
 * an assignment operator, the value): `password=…`, `api_key: …`,
 * `"client_secret": "…"`, `X-Api-Key: …`, `export GITHUB_TOKEN=…`,
 * `<authToken>…</authToken>`, `secret_key => '…'`, YAML block scalars
 * (`token: |` and the value on the next line), Makefile operators
 * (`:=`, `::=`, `?=`, `+=`), PHP's `.=` and CSV (`token,value`).
 *
 * The rule is found through a rare letter of the keyword (the `k` of
 * `token`, the `w` of `password`), never through the operators, which occur
 * in every JSON field. The keyword must end the key (`adafruitToken`,
 * `DB_PASSWORD`, `x-api-key`, also `credentials`, `SECRET_KEY_BASE`); the
 * operator follows it.
 * The value must look like a secret: at least 8 characters, not a template
 * (`${VAR}`, `$VAR`, `%VAR%`, `{{ var }}`), not a placeholder (`xxxx`,
 * `changeme`, `<token>`, `EXAMPLE`), not a word or a dotted name (letters
 * only, unless long and random), not a path or URL, not a short number, and
 * with the entropy of random text.
 */

type Kind = "password" | "token" | "secret" | "api-key" | "credentials";

interface Keyword {
  readonly word: string;
  readonly kind: Kind;
  /** Where the lower-case word is found (a letter other rules anchor on, or a rare one); -1: only after `_`. */
  readonly anchor: number;
  /** Also found capitalised (`accessToken`, `clientSecret`); upper case is always found. */
  readonly capital: boolean;
  /** The keyword must start a word of the key (`dbPwd`, `x-auth`, not `oauth`). */
  readonly wordStart: boolean;
}

const KEYWORDS: readonly Keyword[] = [
  { word: "token", kind: "token", anchor: 2, capital: true, wordStart: false },
  { word: "key", kind: "api-key", anchor: 0, capital: true, wordStart: false },
  { word: "secret", kind: "secret", anchor: -1, capital: true, wordStart: false },
  { word: "password", kind: "password", anchor: 4, capital: true, wordStart: false },
  { word: "passwd", kind: "password", anchor: 4, capital: true, wordStart: false },
  { word: "pwd", kind: "password", anchor: 1, capital: true, wordStart: true },
  { word: "auth", kind: "token", anchor: -1, capital: false, wordStart: true },
  { word: "credential", kind: "credentials", anchor: -1, capital: false, wordStart: false },
  { word: "creds", kind: "credentials", anchor: -1, capital: false, wordStart: false },
];

/** Keys that end with a keyword but name no secret (gitleaks' generic allowlist and common cursors), letters only, lower case. */
const NOT_SECRETS = new Set([
  "csrftoken",
  "xsrftoken",
  "pagetoken",
  "nextpagetoken",
  "nexttoken",
  "continuationtoken",
  "synctoken",
  "publictoken",
  "publickey",
  "pubkey",
  "primarykey",
  "foreignkey",
  "sortkey",
  "partitionkey",
  "cachekey",
  "idempotencykey",
  "dedupkey",
  "dedupekey",
  "hotkey",
  "monkey",
  "donkey",
  "turkey",
  "bucketkey",
  "sequencekey",
  "naturalkey",
  "schemakey",
  "iojsonwebtoken",
  "keyvaulttostoresecrets",
]);

/** True when the key's letters up to the keyword end with an allowlisted key (`X509_pubkey`, `csrf_token`). */
function namesNoSecret(letters: string): boolean {
  for (const key of NOT_SECRETS) if (letters.endsWith(key)) return true;
  return false;
}

/**
 * Words after the keyword that make the key name something about the secret
 * rather than the secret (`token_url`, `key_id`, `secretName`, `keyPressed`,
 * `tokenExpiresAt`), after gitleaks' generic-api-key allowlist; lower case.
 */
const NOT_SECRET_WORDS = new Set([
  "id", "ids", "name", "names", "version", "length", "len", "size", "url", "uri", "endpoint", "file", "path", "alias",
  "board", "code", "frame", "pair", "press", "pressed", "ring", "selector", "signature", "signatures", "stone", "storetype",
  "word", "up", "down", "left", "right", "hash", "type", "count", "format", "prefix", "ttl", "expiry", "expires",
  "expiration", "timeout", "header", "field", "param", "env", "store", "vault", "ref", "kind", "mode", "index", "idx",
  "event", "arn", "label", "hint", "policy", "rotation", "mesh", "meshing", "location", "provider", "at", "created",
  "updated", "date", "time", "timestamp", "since", "until", "issued", "used", "last", "limit", "usage", "status", "scope",
  "scopes", "audience", "issuer", "algorithm", "method", "source", "owner", "holder", "user", "username",
]);

/** Values that look random but are published constants (gitleaks' generic-api-key stop words). */
const PUBLIC_VALUES = new Set(["6fe4476ee5a1832882e326b506d14126"]);

const LATER_KEYWORDS = new Set(["token", "tokens", "key", "keys", "secret", "secrets", "password", "passwd", "pwd", "auth", "credential", "credentials", "creds"]);

// How many characters of key may follow the keyword (gitleaks allows twenty).
const MAX_TAIL = 20;


const KEY = asciiSet("A-Za-z0-9_.-");
const LETTERS_ONLY = asciiSet("A-Za-z_.-");
const LETTER = asciiSet("A-Za-z");
const UPPER = asciiSet("A-Z");
const LOWER = asciiSet("a-z");
const BLANKS = asciiSet(" \t");
// Quotes around a key or value, also JSON-escaped (`\"`).
const QUOTES = asciiSet("\"'`\\");
// A value: no white space, quotes, backslashes (escapes end it), `;`, `[` or `]`; as gitleaks' rules, it may hold `<`, `>`, `}` and `,` (a trailing comma is cut).
const VALUE = asciiSet("A-Za-z0-9_.=+/~@!$%^*?#:|<>},-");
// The same without the punctuation that also separates fields.
const NARROW_VALUE = asciiSet("A-Za-z0-9_.=+/~@!$%^*?#:|-");
const SYMBOLS = asciiSet("=+/~@!$%^*?#:|");
const BASE64_ONLY = asciiSet("+=");
// Inside quotes a value runs to the closing quote over more punctuation (gitleaks' database-password takes `:;<@=},!$?^`); not over `[`, which starts one of our placeholders.
const QUOTED_VALUE = asciiSet("A-Za-z0-9_.=+/~@!$%^*?#:|;<>{}(),&-");
const MAX_KEY = 80;
const MAX_VALUE = 1000;
const MIN_VALUE = 8;
// `***` is also what a partially masked address leaves (`j***@example.com`): a value holding it was masked already.
const PLACEHOLDER_WORDS = ["***", "changeme", "change_me", "example", "placeholder", "redacted", "dummy", "your_", "your-", "yourtoken", "yourkey", "123456", "abcdef", "qwerty"];

// A timestamp (`2026-04-01T10:00:00Z`) after `tokenCreatedAt` and kin is no secret.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}|$)/;
const COLON = 58;
const EQUALS = 61;
const GREATER = 62;
const COMMA = 44;
const LESS = 60;

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

function isIn(set: Uint8Array, c: number | undefined): boolean {
  return c !== undefined && c < 128 && set[c] === 1;
}

/** The key's letters in lower case, for the allowlist (only read once a keyword matched). */
function keyLetters(units: Uint16Array, from: number, to: number): string {
  let out = "";
  for (let i = Math.max(from, to - 24); i < to; i++) if (isIn(LETTER, units[i])) out += String.fromCharCode(lower(units[i]!));
  return out;
}

/** Skips a line break: real (`\n`, `\r\n`) or JSON-escaped at any depth (`\n`, `\\n`, `\r\n`). Returns `at` if there is none. */
function skipLineBreak(units: Uint16Array, at: number, ceiling: number): number {
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

/**
 * True when `[from, to)` looks like a secret and not like a word, template,
 * placeholder, path or number.
 *
 * @example
 * secretLike(new CodeUnits().of("s3cr3t-Value-42"), 0, 15); // true
 */
export function secretLike(units: Uint16Array, from: number, to: number): boolean {
  const length = to - from;
  if (length < MIN_VALUE) return false;
  const first = units[from]!;
  // Templates and stand-ins: `$VAR`, `${VAR}`, `%VAR%`, `<your-key>`, `{{ var }}`, `(none)`.
  if (first === 36 || first === 37 || first === 126 || bracketed(units, from, to)) return false;
  // Paths (`/etc/…`, `./x`); base64 may start with `/` too, and then holds `+` or `=`, which paths do not.
  if ((first === 47 && !hasAny(units, from, to, BASE64_ONLY)) || (first === 46 && units[from + 1] === 47)) return false;
  if (isPlaceholder(units, from, to)) return false;
  const digits = hasAny(units, from, to, DIGITS);
  const symbols = hasAny(units, from, to, SYMBOLS);
  if (!digits && !symbols && runEnd(units, from, LETTERS_ONLY, to) === to && !randomCase(units, from, to)) return false;
  const allDigits = digits && runEnd(units, from, DIGITS, to) === to;
  if (allDigits && length < 15) return false;
  // Ten symbols give random digits less entropy than random letters: a long run of them (`asana` client ids) is measured on its own scale.
  if (entropy(units, from, to) < (allDigits ? 2 : length < 12 ? 2.3 : 2.5)) return false;
  // Last, as it allocates: URLs, placeholder words, dates and published constants.
  const value = String.fromCharCode(...units.subarray(from, Math.min(to, from + 200))).toLowerCase();
  return !value.includes("://") && !PLACEHOLDER_WORDS.some((w) => value.includes(w)) && !ISO_DATE.test(value) && !PUBLIC_VALUES.has(value);
}

/** True when the value is wrapped in `<…>`, `{…}` or `(…)`: a stand-in (`<password>`, `{{ var }}`, `(none)`). */
function bracketed(units: Uint16Array, from: number, to: number): boolean {
  const first = units[from]!;
  const last = units[to - 1]!;
  return (first === LESS && last === GREATER) || (first === 123 && last === 125) || (first === 40 && last === 41);
}

/**
 * True when letters alone read as random rather than as words: upper and
 * lower case a quarter each at least, switching from lower to upper case
 * twice or more (a camel-case name switches once per word and is mostly
 * lower case), with the entropy of random text. `XMLHttpRequest`,
 * `getAccessToken` and `PASSWORD` are words; `suWFFChFzcxVXf` (a Sumo Logic
 * access id) is not.
 */
function randomCase(units: Uint16Array, from: number, to: number): boolean {
  const length = to - from;
  if (length < 10) return false;
  let upper = 0;
  let switches = 0;
  for (let i = from; i < to; i++) {
    if (!isIn(UPPER, units[i])) continue;
    upper++;
    if (i > from && isIn(LOWER, units[i - 1])) switches++;
  }
  return switches >= 2 && upper * 4 >= length && (length - upper) * 4 >= length && entropy(units, from, to) >= 3.2;
}

/** True when one of the app's configured secrets starts at `at` (its own rule then names it `[secret]`). */
export type ConfiguredAt = (text: string, at: number) => boolean;

/**
 * Where the key ends after the keyword ending at `at`: at once, after a
 * plural `s`, or after more words (`api_token_123`, `mySecretString`,
 * `SECRET_KEY_BASE`) that start after a separator or at a capital, none of
 * which says the key names something else ({@link NOT_SECRET_WORDS}). -1 if
 * the keyword is glued to lower-case letters (`tokenizer`) or the key names
 * something else.
 */
function keyEndAfter(units: Uint16Array, at: number): number {
  if (!isIn(KEY, units[at])) return at;
  if ((units[at]! | 32) === 115 && !isIn(KEY, units[at + 1])) return at + 1;
  const c = units[at]!;
  if (c !== 95 && c !== 45 && c !== 46 && !isIn(UPPER, c)) return -1;
  let end = at;
  while (end - at < MAX_TAIL && isIn(KEY, units[end])) end++;
  if (isIn(KEY, units[end])) return -1;
  let wordStart = at;
  for (let i = at; i <= end; i++) {
    const ch = units[i]!;
    const separator = i < end && (ch === 95 || ch === 45 || ch === 46);
    const capital = i < end && i > wordStart && isIn(UPPER, ch) && isIn(LOWER, units[i - 1]);
    if (i === end || separator || capital) {
      // A later keyword names the key (`aws_secret_access_key` is a key): its own rule reads it.
      const word = i > wordStart ? keyLetters(units, wordStart, i) : "";
      if (NOT_SECRET_WORDS.has(word) || LATER_KEYWORDS.has(word)) return -1;
      wordStart = separator ? i + 1 : i;
    }
  }
  return end;
}

/** True when `[keyStart, …)` is an attribute named `key` inside a markup tag (`<add key="Name" value="…"/>`): it names an entry. */
function keyAttribute(units: Uint16Array, keyStart: number, keyEnd: number, floor: number): boolean {
  if (keyEnd - keyStart !== 3 || units[keyStart - 1] !== 32) return false;
  for (let i = keyStart - 1; i >= floor && keyStart - i < 200; i--) {
    if (units[i] === LESS) return true;
    if (units[i] === GREATER || units[i] === 10) return false;
  }
  return false;
}

/** The end of the assignment operator at `at` (`=`, `:`, `:=`, `::=`, `?=`, `+=`, `.=`, `=>`, `,`), or -1. */
function operatorEnd(units: Uint16Array, at: number): number {
  const c = units[at]!;
  if (c === EQUALS) return units[at + 1] === EQUALS ? -1 : units[at + 1] === GREATER ? at + 2 : at + 1;
  if (c === COLON) {
    let end = at + 1;
    while (units[end] === COLON && end - at < 3) end++;
    if (units[end] === EQUALS) return end + 1;
    return units[end] === 47 && units[end + 1] === 47 ? -1 : end; // not a URL's scheme
  }
  if ((c === 63 || c === 43 || c === 46) && units[at + 1] === EQUALS) return at + 2; // ?= += .=
  return c === COMMA ? at + 1 : -1;
}

/**
 * The end of `= ` after a type name at `at` (`string = `, `String = `, `str = `):
 * one word of 2 to 10 letters, blanks, and a lone `=`; or of an XML `value=`
 * attribute after the key's own. -1 otherwise, so that
 * prose (`the token is = …` aside) keeps its words.
 */
function typedAssignmentEnd(units: Uint16Array, at: number, ceiling: number): number {
  const word = runEnd(units, at, LETTER, Math.min(ceiling, at + 11));
  if (word - at < 2 || word - at > 10) return -1;
  const op = runEnd(units, word, BLANKS, Math.min(ceiling, word + 5));
  // `value=` after a key attribute that names a password (NuGet's `<add key="ClearTextPassword" value="…" />`).
  const attribute = word - at === 5 && units[at] === 118 && units[at + 1] === 97 && units[at + 2] === 108; // val(ue)
  return (op > word || attribute) && units[op] === EQUALS && units[op + 1] !== EQUALS && units[op + 1] !== GREATER ? op + 1 : -1;
}

function keywordRule(keyword: Keyword, needle: string, configuredAt: ConfiguredAt): Rule {
  // Lower-case words made only of common letters are found after an underscore (`client_secret`).
  const skip = needle.startsWith("_") ? 1 : 0;
  // Capitals and upper case through their best anchor (`TOKEN` at its `K`, `Password` at its `w`).
  const anchor = skip === 1 ? 0 : needle === keyword.word ? keyword.anchor : Math.max(0, anchorOf(needle));
  return {
    needle,
    anchor,
    match(text, needleAt, floor, ceiling, units) {
      const at = needleAt + skip;
      if (keyword.wordStart && at > floor) {
        const before = units[at - 1]!;
        // A word starts after a non-letter, or at a capital after a small letter (`dbPwd`).
        if (isIn(LETTER, before) && !(isIn(UPPER, units[at]) && isIn(LOWER, before))) return null;
      }
      const keyEnd = keyEndAfter(units, at + keyword.word.length);
      if (keyEnd < 0) return null;
      let keyStart = at;
      while (keyStart > floor && at - keyStart < MAX_KEY && isIn(KEY, units[keyStart - 1])) keyStart--;
      let i = keyEnd;
      let opEnd: number;
      if (units[i] === GREATER && units[keyStart - 1] === LESS) {
        opEnd = i + 1; // XML: `<nameToken>value`
      } else {
        for (let n = 0; n < 4 && isIn(QUOTES, units[i]); n++) i++;
        const blanks = i;
        i = runEnd(units, i, BLANKS, Math.min(ceiling, i + 5));
        opEnd = operatorEnd(units, i);
        // A declared type between the name and `=` (Go's `var fooToken string = "…"`).
        if (opEnd < 0 && i > blanks) opEnd = typedAssignmentEnd(units, i, ceiling);
        // Without an operator only a vendor's token may follow (`-vaultToken hvs.…`, `token glpat-…`).
        if (opEnd < 0) return i > blanks && i < ceiling ? tableTokenAt(text, units, i, floor, ceiling) : null;
      }
      const wordEnd = at + keyword.word.length;
      if (namesNoSecret(keyLetters(units, keyStart, wordEnd)) || NOT_SECRETS.has(keyLetters(units, keyStart, keyEnd)) || keyAttribute(units, keyStart, keyEnd, floor)) return null;
      // After a comma and a blank only a quoted value counts (`("api_token", "…")`); `a_Key, b_Key` is a list.
      if (units[opEnd - 1] === COMMA && isIn(BLANKS, units[opEnd]) && !isIn(QUOTES, units[runEnd(units, opEnd, BLANKS, Math.min(ceiling, opEnd + 5))])) return null;
      const from = valueStart(units, opEnd, units[opEnd - 1]!, ceiling);
      return from < ceiling && !configuredAt(text, from) ? valueSpan(text, units, from, floor, ceiling, keyword.kind) : null;
    },
  };
}

/** Where the value after the operator (last character `operator`) ending at `at` starts: past blanks, a YAML block indicator and its line break, and an opening quote. */
function valueStart(units: Uint16Array, at: number, operator: number, ceiling: number): number {
  let v = runEnd(units, at, BLANKS, Math.min(ceiling, at + 5));
  if (operator !== GREATER && (units[v] === 124 || units[v] === GREATER)) {
    // A YAML block scalar: `|` or `>`, a chomping indicator, then the value on the next line.
    v++;
    if (units[v] === 45 || units[v] === 43) v++;
    v = runEnd(units, v, BLANKS, Math.min(ceiling, v + 5));
    const next = skipLineBreak(units, v, ceiling);
    if (next === v) return ceiling;
    v = runEnd(units, next, BLANKS, Math.min(ceiling, next + 20));
  } else if (operator === GREATER) {
    v = runEnd(units, skipLineBreak(units, v, ceiling), BLANKS, Math.min(ceiling, v + 24));
  }
  for (let n = 0; n < 4 && isIn(QUOTES, units[v]); n++) v++;
  return v;
}

/** Where a value opened by a quote ends, when it runs to the same quote (also JSON-escaped at any depth, `\\"`, `\\\\\\"`); -1 otherwise. */
function quotedEnd(units: Uint16Array, from: number, ceiling: number): number {
  const quote = units[from - 1];
  if (quote !== 34 && quote !== 39 && quote !== 96) return -1;
  const end = runEnd(units, from, QUOTED_VALUE, Math.min(ceiling, from + MAX_VALUE));
  let close = end;
  while (units[close] === 92 && close - end < 8) close++;
  return units[close] === quote ? end : -1;
}

/** `to`, or where a closing tag (`</`) starts before it: `<token>value</token>`. */
function closingTag(units: Uint16Array, from: number, to: number): number {
  for (let i = from; i < to - 1; i++) if (units[i] === LESS && units[i + 1] === 47) return i;
  return to;
}

function valueSpan(text: string, units: Uint16Array, from: number, floor: number, ceiling: number, kind: Kind): Span | null {
  // A token of a known shape gets the placeholder that names it.
  const token = knownTokenAt(text, units, from, floor, ceiling) ?? tableTokenAt(text, units, from, floor, ceiling);
  if (token !== null) return token;
  // A value that starts like a vendor's token and is none is judged by what follows the prefix:
  // `xoxb-MyRealPassw0rd` is a secret, `sk-ant-oat01-tooShort` a stand-in (gitleaks' false positive).
  const prefix = vendorPrefixLength(units, from);
  const judge = (end: number) => secretLike(units, end - (from + prefix) >= MIN_VALUE ? from + prefix : from, end);
  const quoted = quotedEnd(units, from, ceiling);
  let to = quoted >= 0 ? quoted : closingTag(units, from, runEnd(units, from, VALUE, Math.min(ceiling, from + MAX_VALUE)));
  // A value glued to one of our placeholders was cut by another rule's match: deciding on the
  // remnant would decide differently when the text is masked again.
  if (units[to] === 91 /* [ */) return null;
  to = trimmed(units, from, to);
  if (judge(to)) return { start: from, end: to, replacement: secretPlaceholder(kind) };
  if (quoted >= 0) return null;
  // Unquoted, the value may have run on into the next field (`secret=…,callback=https://…`): judge it up to `,`, `<`, `>` or `}` too.
  const narrow = trimmed(units, from, runEnd(units, from, NARROW_VALUE, to));
  return narrow < to && judge(narrow) ? { start: from, end: narrow, replacement: secretPlaceholder(kind) } : null;
}

/** `to`, less the sentence and list punctuation after the value (not part of it). */
function trimmed(units: Uint16Array, from: number, to: number): number {
  while (to > from && (units[to - 1] === 46 || units[to - 1] === COLON || units[to - 1] === COMMA)) to--;
  return to;
}

/**
 * The keyword rules: one per keyword and case (`token`, `Token`, `TOKEN`). A value
 * that is one of the configured secrets is left to that secret's rule.
 *
 * @example
 * anchoredScanner(keywordRules(() => false), []);
 */
export function keywordRules(configuredAt: ConfiguredAt): Rule[] {
  const rules: Rule[] = [];
  for (const keyword of KEYWORDS) {
    const { word } = keyword;
    const needles = [keyword.anchor < 0 ? `_${word}` : word, word.toUpperCase()];
    // Capitalised words made only of letters common in capitals too (`Auth`, `Creds`) are not worth a stop.
    if (keyword.capital) needles.push(word[0]!.toUpperCase() + word.slice(1));
    for (const needle of needles) rules.push(keywordRule(keyword, needle, configuredAt));
  }
  return rules;
}
