import { placeholderLengthAt } from "../chars.js";
import { asciiSet, isIn, LETTER, LOWER, runEnd, UPPER } from "../runs.js";
import type { Rule, Span } from "../scan.js";
import { userOfURL } from "../url-credentials.js";
import { keyEndAfter, keyStartBefore, namesNoSecretKey, namesPassword } from "./keyword-key.js";
import { operatorEnd, typedAssignmentEnd } from "./assignment-operators.js";
import { BLANKS, COLON, EQUALS, QUOTES, VALUE_LIMIT, valueSpan, valueStart, type KeywordKind } from "./keyword-value.js";
import { attributeBody, closerAround, columnOf, keyColumn, valueBelow } from "./key-markup.js";
import { cellContentEnd, cellEnd, markupClose, pastMarkup } from "./markdown-value.js";
import { namesField, valueFieldAfter } from "./name-value-pair.js";
import { isValueAttribute, passwordAttributeSpan } from "./password-attribute.js";
import { anchorOf } from "./table-candidates.js";
import { tableTokenAt } from "./table-token-at.js";
import { isGenericType, typeAnnotationEnd } from "./type-annotation.js";
import { vendorValueAt } from "./vendor-keyed.js";
import { vendorLettersSpan } from "./vendor-letters.js";

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
 *
 * The key is read in keyword-key.ts, the operator and value in
 * keyword-value.ts, and whether the value is a secret in secret-like.ts;
 * this file holds the keywords and the rule that puts the three together.
 */

interface Keyword {
  readonly word: string;
  readonly kind: KeywordKind;
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

const [COMMA, GREATER, STAR, LESS] = [44, 62, 42, 60];
const STARS = asciiSet("*");
/** What a value glued to `==` is measured over: token characters and `=`. */
const GLUED_VALUE = asciiSet("A-Za-z0-9_=-");

/** True when one of the app's configured secrets starts at `at` (its own rule then names it `[secret]`). */
export type ConfiguredAt = (text: string, at: number) => boolean;

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
      const keyStart = keyStartBefore(units, at, floor);
      let i = keyEnd;
      let opEnd: number;
      // NuGet's `key="ClearTextPassword" value="…"`: the markup says the value is a password.
      let attribute = false;
      // An element whose name starts with `$` too: gitleaks' database.go writes `<$DB_PASSWORD>…</$DB_PASSWORD>`; or one
      // whose `name` or `key` attribute names its value (`<entry key="password">…`).
      const tagged = units[i] === GREATER && (units[keyStart - 1] === LESS || (units[keyStart - 1] === 36 && units[keyStart - 2] === LESS));
      const body = tagged ? i + 1 : attributeBody(units, keyStart, keyEnd, ceiling);
      const element = body >= 0;
      // What markup closes around the key besides quotes: markdown's bold (`**password**:`), a form field's brackets (`user[password]=`).
      const closer = closerAround(units, keyStart, floor);
      // A markdown table's value ends with its cell.
      let valueCeiling = ceiling;
      if (element) {
        opEnd = body; // XML: `<nameToken>value`, `<entry key="password">value`
      } else {
        for (let n = 0; n < 4 && (isIn(QUOTES, units[i]) || units[i] === closer); n++) i++;
        const blanks = i;
        i = runEnd(units, i, BLANKS, Math.min(ceiling, i + 5));
        opEnd = operatorEnd(units, i);
        // A markdown table's cells: the key's cell, then the value's (`| API_KEY | Zq8… |`).
        const cell = opEnd < 0 ? cellEnd(units, keyStart, i, floor, ceiling) : -1;
        if (cell >= 0) {
          opEnd = i + 1;
          valueCeiling = cell;
        }
        // The value of a `name` field, and a `value` field after it (`- name: DB_PASSWORD` and `value: …`, `{"name":"API_TOKEN","value":"…"}`).
        if ((opEnd < 0 || units[opEnd - 1] === COMMA) && namesField(units, keyStart, floor)) {
          const paired = valueFieldAfter(units, keyEnd, ceiling);
          if (paired >= 0) opEnd = paired;
        }
        // `==` glued to a value assigns where the key starts a line (an INI line, `intercomToken==iikk…`, also as a
        // JSON string or a markdown list item) or the value is as long as a token, `=` counted (`…504==r0836…`, as
        // gitleaks' alphabets for such tokens hold it); in code (`if (token==authToken2)`) it compares.
        if (opEnd === i + 2 && units[i] === EQUALS && units[i + 1] === EQUALS && keyColumn(units, keyStart) < 0 && runEnd(units, opEnd, GLUED_VALUE, opEnd + 32) - opEnd < 32) return null;
        // A declared type between the name and `=` (Go's `var fooToken string = "…"`).
        if (opEnd < 0 && i > blanks) {
          opEnd = typedAssignmentEnd(units, i, ceiling);
          attribute = opEnd >= 0 && keyword.kind === "password" && isValueAttribute(units, i, keyStart);
        }
        // A command line's long option takes its value after a blank (`--password Zq8…`, `--api-key …`).
        if (opEnd < 0 && i > blanks && blanks === keyEnd && longOption(units, keyStart, floor)) opEnd = blanks;
        // Without an operator only a vendor's token may follow (`-vaultToken hvs.…`, `token glpat-…`).
        if (opEnd < 0) return i > blanks && i < ceiling ? tableTokenAt(text, units, i, floor, ceiling) : null;
      }
      const wordEnd = at + keyword.word.length;
      if (namesNoSecretKey(units, keyStart, wordEnd, keyEnd, floor)) return null;
      // A URL's user (`https://x-access-token:…@github.com/…`): its password is the URL rule's, which ends it at the `@`.
      if (units[opEnd - 1] === COLON && userOfURL(units, keyStart, opEnd, floor)) return null;
      // After a comma and a blank only a quoted value counts (`("api_token", "…")`); `a_Key, b_Key` is a list.
      if (units[opEnd - 1] === COMMA && isIn(BLANKS, units[opEnd]) && !isIn(QUOTES, units[runEnd(units, opEnd, BLANKS, Math.min(ceiling, opEnd + 5))])) return null;
      // Bold that closes after the operator (`**API_KEY:** Zq8…`).
      let from = valueStart(units, closer === STAR ? runEnd(units, opEnd, STARS, Math.min(ceiling, opEnd + 2)) : opEnd, units[opEnd - 1]!, valueCeiling);
      // A YAML key's value on the next line (`password:` and `  Zq8…`, as gitleaks reads white space after the operator);
      // `if token:` and `Invalid token:` start no YAML key. Only a line deeper than the key's goes on over the next lines.
      let below = false;
      let continues = false;
      if (!element && units[opEnd - 1] === COLON) {
        const column = keyColumn(units, keyStart);
        const next = column < 0 ? -1 : valueBelow(units, from, keyStart, column, valueCeiling);
        below = next >= 0;
        continues = below && columnOf(units, next) > column;
        if (below) from = next;
      }
      // Markup reached through markup is stepped over (`| token | **Zq8…** |`), or is no value (`:white_check_mark:`).
      const marked = from;
      if (valueCeiling < ceiling || closer === STAR || (element && !tagged)) from = pastMarkup(units, from, valueCeiling);
      if (from > marked) valueCeiling = markupClose(units, marked, from, valueCeiling);
      // One of the configured secrets is left to its own rule.
      if (from < 0 || from >= valueCeiling || configuredAt(text, from)) return null;
      const kind = keyword.kind !== "password" && namesPassword(units, keyStart, at) ? "password" : keyword.kind;
      const typed = !element && units[opEnd - 1] === COLON;
      // A generic type (`Record<string, string> = {}`) would read as a value of symbols: the declaration comes first.
      if (typed && !opensQuoted(units, from) && isGenericType(units, from, ceiling)) return typedValue(text, units, opEnd, floor, ceiling, kind, configuredAt);
      // An attribute's element is read as a value after `=` is (only a tag's own name runs to its closing tag).
      const span = valueSpan(text, units, from, floor, valueCeiling, kind, tagged, below, continues) ?? vendorLettersSpan(units, keyStart, keyEnd, from, valueCeiling, kind);
      if (attribute) return passwordAttributeSpan(text, units, from, ceiling, span);
      // A secret in a table's cell is masked up to the cell's end (`| password | Zq8 Pw2 |`).
      if (span !== null && valueCeiling < ceiling && span.keep === undefined) return { ...span, end: Math.max(span.end, cellContentEnd(units, from, valueCeiling)) };
      // A word after `:` that is no secret may be the value's declared type (`apiToken: string = "…"`).
      return span === null && typed ? typedValue(text, units, opEnd, floor, ceiling, kind, configuredAt) : span;
    },
  };
}

/** True when the key at `keyStart` is a command line's long option: `--` and a letter, at the text's start or after a blank or quote. */
function longOption(units: Uint16Array, keyStart: number, floor: number): boolean {
  if (units[keyStart] !== 45 || units[keyStart + 1] !== 45 || !isIn(LETTER, units[keyStart + 2])) return false;
  return keyStart === floor || isIn(BLANKS, units[keyStart - 1]) || isIn(QUOTES, units[keyStart - 1]);
}

/** True when a quote (an ASCII or a typographic one) stands right before the value starting at `from`. */
function opensQuoted(units: Uint16Array, from: number): boolean {
  const before = units[from - 1]!;
  return isIn(QUOTES, before) || before >= 128;
}

/** The value after a type annotation that starts past the blanks at `at` (`: string = "…"`), if it is a secret. */
function typedValue(text: string, units: Uint16Array, at: number, floor: number, ceiling: number, kind: KeywordKind, configuredAt: ConfiguredAt): Span | null {
  const typeAt = runEnd(units, at, BLANKS, Math.min(ceiling, at + 5));
  const typeEnd = typeAnnotationEnd(units, typeAt, ceiling);
  if (typeEnd < 0 || configuredAt(text, typeAt)) return null;
  const from = valueStart(units, typeEnd, EQUALS, ceiling);
  return from < ceiling && !configuredAt(text, from) ? valueSpan(text, units, from, floor, ceiling, kind) : null;
}

/** Lower-case keys made only of common letters, standing alone (`secret: …`, `creds = …`, `"credentials" : "…"`), and the keyword each is read as. */
const BARE_KEYS: readonly { readonly key: string; readonly keyword: Keyword }[] = [
  { key: "secret", keyword: KEYWORDS.find((k) => k.word === "secret")! },
  { key: "credentials", keyword: KEYWORDS.find((k) => k.word === "credential")! },
  { key: "credential", keyword: KEYWORDS.find((k) => k.word === "credential")! },
  { key: "creds", keyword: KEYWORDS.find((k) => k.word === "creds")! },
];
/** The bare keys' last two letters, at `128 * second-to-last + last`. */
const BARE_KEY_ENDS = (() => {
  const ends = new Uint8Array(128 * 128);
  for (const { key } of BARE_KEYS) ends[128 * key.charCodeAt(key.length - 2) + key.charCodeAt(key.length - 1)] = 1;
  return ends;
})();

/**
 * False when the two code units before `end` (`end` ≥ 2) end none of the
 * bare keys: then none ends there, and none need be compared.
 *
 * @example
 * endsLikeBareKey(new CodeUnits().of("secret"), 6); // true
 */
export function endsLikeBareKey(units: Uint16Array, end: number): boolean {
  const a = units[end - 2]!;
  const b = units[end - 1]!;
  return a < 128 && b < 128 && BARE_KEY_ENDS[128 * a + b] === 1;
}
/** What may stand between a key and its value's first token character: blanks, quotes, escapes, operators. */
export const BETWEEN = asciiSet(" \t\"'`\\=:>,?+.");

/** Finds a secret-naming key that ends right before a value at `start` (none unless one of {@link BETWEEN} is before it). */
export type KeyBefore = (text: string, units: Uint16Array, start: number, floor: number, ceiling: number) => Span | null;

/**
 * The bare lower-case keys `secret`, `credentials` and `creds` (`secret: …`,
 * `{"secret":"…"}`, `creds = …`, `"credentials" : "…"`, gitleaks'
 * generic.go true positives), made only of common letters and so no
 * anchor: read back from where a value starts (the run-start rules reach it
 * through a stop inside the value, the hex-run rule through its run of
 * hex), then judged by the same rule as `client_secret`, with the same
 * entropy and placeholder tests.
 *
 * @example
 * runStartRules(rules, bareSecretBefore(() => false));
 */
export function bareSecretBefore(configuredAt: ConfiguredAt): KeyBefore {
  const bare = BARE_KEYS.map(({ key, keyword }) => ({ key, rule: keywordRule(keyword, keyword.word, configuredAt) }));
  return (text, units, start, floor, ceiling) => {
    let k = start;
    while (k > floor && start - k < 10 && isIn(BETWEEN, units[k - 1])) k--;
    if (k === start || k < 2) return null;
    // A vendor's value after a key that names the vendor (`SUMO_ACCESS_ID = "su…"`, `ALGOLIA=…`).
    const vendor = vendorValueAt(units, start, k, floor, ceiling);
    if (vendor !== null) return vendor;
    // Most values follow a key that ends in two letters none of the bare keys ends in: one look-up, no comparisons.
    if (!endsLikeBareKey(units, k)) return null;
    for (const { key, rule } of bare) {
      if (k - key.length < floor || !endsWith(units, k, key)) continue;
      // One of the masker's own placeholders (`[secret:1password]`): masking again must change nothing.
      if (placeholderLengthAt(text, k - key.length - 1) > 0) return null;
      const span = rule.match(text, k - key.length, floor, ceiling, units);
      // `secret: DB_PASSWORD = …`: what follows the word is a key, and its own rule masks its value. A value read on
      // past the limit (keyword-value.ts) is no key's name, and is masked whatever follows it.
      return span === null || (span.end - span.start <= VALUE_LIMIT.max && isKeyAt(units, span.end)) ? null : span;
    }
    return null;
  };
}

/** True when `word` ends right before `end`. */
function endsWith(units: Uint16Array, end: number, word: string): boolean {
  for (let j = 0; j < word.length; j++) if (units[end - word.length + j] !== word.charCodeAt(j)) return false;
  return true;
}

/** Whether the text from `end` on reads as the operator after a key (`=`, `:=`, `: `, a colon at the end), after a closing quote (escaped or not) and blanks. */
function isKeyAt(units: Uint16Array, end: number): boolean {
  let k = end;
  while (k < end + 2 && isIn(QUOTES, units[k])) k++;
  while (isIn(BLANKS, units[k])) k++;
  if (units[k] === EQUALS) return true;
  return units[k] === COLON && (units[k + 1] === 0 || units[k + 1] === EQUALS || isIn(BLANKS, units[k + 1]) || units[k + 1] === 10 || units[k + 1] === 13);
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
