import { textOf } from "../code-units.js";
import { passes } from "../refused.js";
import { ALNUM, asciiSet, DIGITS, hasAny, isIn, LOWER, runEnd, UPPER, VOWELS } from "../runs.js";
import { secretPlaceholder, type Span } from "../scan.js";
import { hasOperator } from "./assignment-operators.js";
import { entropy, isPlaceholder } from "./entropy.js";
import { standInLetters } from "./secret-like.js";
import { matchShape } from "./shape.js";
import { VENDOR_NAMED, type Row } from "./vendor-named-table.js";

/*
 * A vendor's secret after a key that names the vendor and no secret
 * (`ALGOLIA=…`, `"asana": "…"`, `--airtable=…`, `'confluence' => '…'`,
 * `ADOBE_CLIENT_ID=…`). gitleaks' keyword rules (generateSemiGenericRegex)
 * take any key that holds the vendor's keyword, then an operator, then a
 * value of the rule's exact shape; keys that end in a word naming a secret
 * (`…_TOKEN`, `…Secret`) are the keyword rules' (keyword-secrets.ts), which
 * judge the value by how random it looks whatever its shape. Here the key
 * ends with the vendor's name, or names one of its ids (`…_CLIENT_ID`), and
 * the value must have one of the vendor's shapes exactly, stand alone, hold
 * a digit, and look random. A shape that a key and a run of digits alone make
 * (`"asana": "<16 digits>"`) is not here: a value of digits holds no stop
 * of the scan, and an id of digits is the commonest of values.
 */

/** The last word of a key that names one of a vendor's ids (`ADOBE_CLIENT_ID`, `SENDBIRD_ACCESS_ID`). */
const ID = "id";
/** How many words after the vendor's name a key ending in {@link ID} may hold, `id` among them (`USER_API_ID`). */
const WORDS_AFTER = 3;
/** The longest key read: gitleaks reads up to 50 characters before the keyword and 20 after. */
const MAX_KEY = 70;

/** By a name, its rows. */
const BY_NAME = new Map<string, Row[]>();
for (const r of VENDOR_NAMED) for (const name of r.names) BY_NAME.set(name, [...(BY_NAME.get(name) ?? []), r]);
/** By a name, its rows whose rule names an id (`adobe-client-id`, `sendbird-access-id`). */
const ID_ROWS = new Map<string, Row[]>();
for (const [name, rows] of BY_NAME) if (rows.some((r) => r.id.endsWith("-id"))) ID_ROWS.set(name, rows.filter((r) => r.id.endsWith("-id")));
/** The words that may stand between a vendor's name and `id`: those of gitleaks' id rules (`client`, `access`, `user_api`). */
const ID_WORDS = new Set(["client", "access", "user", "api"]);
/** By the last two letters of a word (`128 * second-to-last + last`, lower case), 1 where a name of {@link ID_ROWS} or one of {@link ID_WORDS} ends so. */
const ID_WORD_ENDS = new Uint8Array(128 * 128);
for (const word of [...ID_ROWS.keys(), ...ID_WORDS]) ID_WORD_ENDS[128 * word.charCodeAt(word.length - 2) + word.charCodeAt(word.length - 1)] = 1;
/** The most words a name is written in (`new_york_times`): as many as its letters, at most. */
const NAME_WORDS = 3;
/** The names (and {@link ID}) by how they end: each list's names end in the same two letters. */
const NAME_LISTS: string[][] = [[]];
/** By a key's last two letters in lower case (`128 * second-to-last + last`), the index of the names that end so in {@link NAME_LISTS}, 0 for none. */
export const KEY_ENDS = new Uint8Array(128 * 128);
/** A bit of {@link BEFORE_END} for what is no small letter: a separator (`NEW_RELIC`, `CLIENT_ID`), a quote, the key's start. */
export const NO_LETTER = 1 << 26;
/**
 * By the same index, the characters that may stand before those two letters
 * (lower case): bit `c - 97` for a letter `c`, {@link NO_LETTER} for any
 * other. So a key is told apart by its last three letters before a name is
 * compared (`BEGIN` ends in `in` as `linkedin` does, but after a `g`).
 */
export const BEFORE_END = new Int32Array(128 * 128);
/** The same for the letter before those three, where the third-last is a letter (`event` ends as `confluent`, after a `v`). */
export const FOURTH_BEFORE_END = new Int32Array(128 * 128);
for (const name of [...BY_NAME.keys(), ID]) {
  const at = 128 * name.charCodeAt(name.length - 2) + name.charCodeAt(name.length - 1);
  if (KEY_ENDS[at] === 0) KEY_ENDS[at] = NAME_LISTS.push([]) - 1;
  NAME_LISTS[KEY_ENDS[at]!]!.push(name);
  // A separator may part a name's words anywhere (`linked-in`); `id` may follow any word (`clientId`).
  BEFORE_END[at]! |= name === ID ? -1 : NO_LETTER | beforeEndBit(name.charCodeAt(name.length - 3));
  FOURTH_BEFORE_END[at]! |= name === ID || name.length < 4 ? -1 : NO_LETTER | beforeEndBit(name.charCodeAt(name.length - 4));
}

/**
 * The bit of {@link BEFORE_END} for the code unit `c` before a key's last
 * two letters.
 *
 * @example
 * beforeEndBit(0x47); // `G`: the bit of `g`
 */
export function beforeEndBit(c: number): number {
  const lower = c | 32;
  return lower >= 97 && lower <= 122 ? 1 << (lower - 97) : NO_LETTER;
}
/** The lengths some row's value may have. */
const LENGTHS = new Uint8Array(Math.max(...VENDOR_NAMED.map((r) => r.max)) + 2);
for (const r of VENDOR_NAMED) LENGTHS.fill(1, r.min, r.max + 1);

/** What a value of the rows is made of: a longer run of these is no value of the length read. */
const VALUE_RUN = asciiSet("A-Za-z0-9_=+/.%-");
const KEY_CHARACTERS = asciiSet("A-Za-z0-9_.-");
const SEPARATORS = asciiSet("_.-");

/**
 * False when the key that ends at `keyEnd`, whose last two letters are `a`
 * and `b` (lower case, ASCII), ends with no vendor's name and no `…_id`:
 * then {@link vendorNamedValueAt} can find nothing, and need not be asked.
 * Most keys are told by their last two letters; the few that end like a
 * name are compared with it from the end (`agent` is no `confluent`).
 *
 * @example
 * mayEndVendorName(new CodeUnits().of("ALGOLIA"), 7, 0, 105, 97); // true
 */
export function mayEndVendorName(units: Uint16Array, keyEnd: number, floor: number, a: number, b: number): boolean {
  const list = KEY_ENDS[128 * a + b]!;
  if (list === 0) return false;
  for (const name of NAME_LISTS[list]!) {
    if (name === ID ? endsWithId(units, keyEnd, floor) : endsWithName(units, keyEnd, floor, name)) return true;
  }
  return false;
}

/** True when the key ends with `name` in any case, its words joined by `_`, `-` or `.` or none, from a word's start. */
function endsWithName(units: Uint16Array, keyEnd: number, floor: number, name: string): boolean {
  let i = keyEnd;
  for (let j = name.length - 1; j >= 0; j--) {
    // A separator between two of the name's letters (`NEW_RELIC`, `linked-in`).
    if (j < name.length - 1 && i - 1 > floor && isIn(SEPARATORS, units[i - 1])) i--;
    if (i <= floor || (units[--i]! | 32) !== name.charCodeAt(j)) return false;
  }
  return startsWord(units, i, floor);
}

/**
 * True when the key ends with `id` as a word of its own (`CLIENT_ID`, `client-id`, `clientId`), after a word that may
 * end the name of a vendor with an id rule or be one of {@link ID_WORDS}: `node_id` and `repository_id`, the
 * commonest of keys, are told by the last two letters of their word before `id`, which must be those of the name or
 * the word {@link rowsNamedBy} would find there. A key that splits `iD` into two words (`pla__iD`, read as `plaid`,
 * the name) and a word of one letter are left to it.
 */
function endsWithId(units: Uint16Array, keyEnd: number, floor: number): boolean {
  if (!(keyEnd - 2 > floor && (isIn(SEPARATORS, units[keyEnd - 3]) || (units[keyEnd - 2] === 73 /* I */ && isIn(LOWER, units[keyEnd - 3]))))) return false;
  // `iD`: keyWords reads `d` and `i` as words, so no word `id` ends the key and a name may (`pla__iD`).
  if (units[keyEnd - 2] === 105 /* i */ && units[keyEnd - 1] === 68 /* D */) return true;
  let end = keyEnd - 2;
  while (end > floor && isIn(SEPARATORS, units[end - 1])) end--;
  if (end - 2 <= Math.max(floor, keyEnd - MAX_KEY)) return true;
  const last = units[end - 1]!;
  const before = units[end - 2]!;
  // No word before `id`: the key is `id` alone.
  if (!isIn(ALNUM, last)) return false;
  if (!isIn(ALNUM, before) || (isIn(UPPER, last) && isIn(LOWER, before))) return true;
  return ID_WORD_ENDS[128 * (before | 32) + (last | 32)] === 1;
}

/** True when a word of the key starts at `i`: after no letter or digit, or a capital after a small letter. */
function startsWord(units: Uint16Array, i: number, floor: number): boolean {
  return i <= floor || !isIn(ALNUM, units[i - 1]) || (isIn(UPPER, units[i]) && isIn(LOWER, units[i - 1]));
}

/**
 * The value of one of {@link VENDOR_NAMED} that starts at `start` (where a
 * run of token characters starts), after a key that ends at `keyEnd` and
 * an operator (as vendor-keyed.ts' rows read it), where
 * {@link mayEndVendorName} said the key may name a vendor (vendor-keyed.ts'
 * vendorValueAt asks both). Null unless the key's last
 * word names the vendor, or the key names one of its ids, and the value has
 * the vendor's shape exactly and reads as random.
 *
 * @example
 * vendorNamedValueAt(new CodeUnits().of("ALGOLIA=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4"), 8, 7, 0, 40); // the value
 */
export function vendorNamedValueAt(units: Uint16Array, start: number, keyEnd: number, floor: number, ceiling: number): Span | null {
  const keyStart = keyStartBefore(units, keyEnd, floor);
  // The `>` that closes an element assigns only where the key names the element (`<algolia>…`; in `<a
  // class="linkedin">…` the key is an attribute's value, and the element's text no value of it).
  if (!hasOperator(units, keyEnd, start, units[keyStart - 1] === 60 /* < */)) return null;
  // The value's run, read once a pass however many starts lie in it (`a_id=a_id=…`), trailing dots left out
  // (a full stop); a longer run than every row's is none.
  if (runPass !== passes.current || start < runFrom || start >= runTo) {
    runPass = passes.current;
    runFrom = start;
    runTo = runEnd(units, start, VALUE_RUN, units.length);
  }
  let end = Math.min(runTo, ceiling);
  while (end > start && units[end - 1] === 46) end--;
  // Before a placeholder (`….[secret:github-token]`, another token masked) the dots are no full stop: left on both passes.
  if (end < runTo && units[runTo] === 91 /* [ */) return null;
  if (end - start >= LENGTHS.length || LENGTHS[end - start] === 0) return null;
  const rows = rowsNamedBy(keyWords(units, keyEnd, keyStart));
  if (rows === null) return null;
  const found = rows.find((r) => end - start >= r.min && end - start <= r.max && matchShape(r.shape, units, start, end) === end && (!r.digits || hasAny(units, start, end, DIGITS)));
  if (found === undefined || isPlaceholder(units, start, end) || entropy(units, start, end) < 3 || readsAsName(units, start, end)) return null;
  return { start, end, replacement: secretPlaceholder(found.family) };
}

/** Per pass: the last value's run read, `[runFrom, runTo)`, all of {@link VALUE_RUN}, ending where the run does. */
let runPass = -1;
let runFrom = 0;
let runTo = 0;

/** Where the key that ends at `keyEnd` starts: back over key characters, at most {@link MAX_KEY}, not before `floor`. */
export function keyStartBefore(units: Uint16Array, keyEnd: number, floor: number): number {
  let i = keyEnd;
  const low = Math.max(floor, keyEnd - MAX_KEY);
  while (i > low && isIn(KEY_CHARACTERS, units[i - 1])) i--;
  return i;
}

/** True when `[from, to)` holds no capital or no small letter. */
function oneCase(units: Uint16Array, from: number, to: number): boolean {
  return !hasAny(units, from, to, UPPER) || !hasAny(units, from, to, LOWER);
}

/**
 * True when the value reads as a name rather than a key: words in one case
 * and then digits alone (`mikewazowski12`, a handle: a third of its letters
 * vowels at least), capitalised words for most of it
 * (`Payment3ds2ChallengeFlowRedirect`, see {@link readsAsWords}), or an
 * alphabet or a stand-in word (`ABCDEFGHIJ1234567890abcd`).
 */
function readsAsName(units: Uint16Array, start: number, end: number): boolean {
  let letters = start;
  while (letters < end && (isIn(LOWER, units[letters]) || isIn(UPPER, units[letters]))) letters++;
  let digits = letters;
  while (digits < end && isIn(DIGITS, units[digits])) digits++;
  if (letters > start && letters < end && digits === end && oneCase(units, start, letters)) {
    let vowels = 0;
    for (let i = start; i < letters; i++) if (isIn(VOWELS, units[i])) vowels++;
    if (3 * vowels >= letters - start) return true;
  }
  if (readsAsWords(units, start, end)) return true;
  return standInLetters(textOf(units, start, end).toLowerCase());
}

/**
 * True when two capitalised words of three letters or more
 * (`[A-Z][a-z]{2,}`) or more make two thirds of `[from, to)` or more, a
 * third of their letters vowels: a name in camel case, digits among its words or not
 * (`Payment3ds2ChallengeFlowRedirect`, `ShouldRejectExpiredSessionsNow1234`).
 * Random letters and digits of both cases hold about a quarter of such
 * runs, and a vowel in five of their letters.
 *
 * @example
 * readsAsWords(new CodeUnits().of("Payment3ds2ChallengeFlowRedirect"), 0, 32); // true
 */
export function readsAsWords(units: Uint16Array, from: number, to: number): boolean {
  let words = 0;
  let inWords = 0;
  let vowels = 0;
  let i = from;
  while (i < to) {
    if (!isIn(UPPER, units[i])) {
      i++;
      continue;
    }
    const end = runEnd(units, i + 1, LOWER, to);
    if (end - i >= 3) {
      words++;
      inWords += end - i;
      for (let k = i; k < end; k++) if (isIn(VOWELS, units[k])) vowels++;
    }
    i = end;
  }
  return words >= 2 && 3 * inWords >= 2 * (to - from) && 3 * vowels >= inWords;
}

/** The words of the key `[keyStart, keyEnd)`, in lower case, last first: split at separators and where a capital follows a small letter. */
function keyWords(units: Uint16Array, keyEnd: number, keyStart: number): string[] {
  const words: string[] = [];
  let word = "";
  const low = keyStart;
  let i = keyEnd;
  while (i > low && isIn(KEY_CHARACTERS, units[i - 1]) && words.length <= WORDS_AFTER + NAME_WORDS) {
    const c = units[--i]!;
    const letter = isIn(LOWER, c) || isIn(UPPER, c) || isIn(DIGITS, c);
    if (letter) word = String.fromCharCode(isIn(UPPER, c) ? c | 32 : c) + word;
    const startsWord = !letter || (isIn(UPPER, c) && isIn(LOWER, units[i - 1])) || !isIn(KEY_CHARACTERS, units[i - 1]) || i === low;
    if (startsWord && word !== "") {
      words.push(word);
      word = "";
    }
  }
  return words;
}

/**
 * The rows of the vendor the key's last words name (`algolia`; `new`,
 * `relic`), or, for a key that ends in `id`, the rows of the vendor's ids
 * (`ADOBE_CLIENT_ID`, `SENDBIRD_ACCESS_ID`: rows whose rule names an id),
 * with nothing but {@link ID_WORDS} between the name and `id`: an
 * `AIRTABLE_BASE_ID`, a `MATTERMOST_CHANNEL_ID` or a `zendesk_commit_id`
 * names no credential.
 */
function rowsNamedBy(words: readonly string[]): readonly Row[] | null {
  if (words[0] !== ID) return rowsOfName(words, 0, BY_NAME);
  for (let from = 1; from < words.length && from <= WORDS_AFTER; from++) {
    const rows = rowsOfName(words, from, ID_ROWS);
    if (rows !== null) return rows;
    if (!ID_WORDS.has(words[from]!)) return null;
  }
  return null;
}

/** The rows `byName` holds for the name the words from `from` on make, one to {@link NAME_WORDS} of them joined. */
function rowsOfName(words: readonly string[], from: number, byName: ReadonlyMap<string, Row[]>): readonly Row[] | null {
  let name = "";
  for (let n = 0; n < NAME_WORDS && from + n < words.length; n++) {
    name = words[from + n] + name;
    const rows = byName.get(name);
    if (rows !== undefined) return rows;
  }
  return null;
}
