import { ALNUM, asciiSet, DIGITS, hasAny, isIn, LOWER, UPPER } from "../runs.js";
import { secretPlaceholder, type Span } from "../scan.js";
import { hasOperator } from "./assignment-operators.js";
import { entropy, isPlaceholder } from "./entropy.js";
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
 * ends with the vendor's name, or with `id` after it, and the value must
 * have one of the vendor's shapes exactly, stand alone, hold a digit, and
 * look random. A shape that a key and a run of digits alone make
 * (`"asana": "<16 digits>"`) is not here: a value of digits holds no stop
 * of the scan, and an id of digits is the commonest of values.
 */

/** The word after a vendor's name that a key may end with and still name no secret (`ADOBE_CLIENT_ID`, `algolia_app_id`). */
const ID = "id";
/** How many words after the vendor's name a key ending in {@link ID} may hold (`client`, `app`, `id`). */
const WORDS_AFTER = 3;
/** The longest key read: gitleaks reads up to 50 characters before the keyword and 20 after. */
const MAX_KEY = 70;

/** By a name, its rows. */
const BY_NAME = new Map<string, Row[]>();
for (const r of VENDOR_NAMED) for (const name of r.names) BY_NAME.set(name, [...(BY_NAME.get(name) ?? []), r]);
/** The most words a name is written in (`new_york_times`): as many as its letters, at most. */
const NAME_WORDS = 3;
/** The names (and {@link ID}) by how they end: each list's names end in the same two letters. */
const NAME_LISTS: string[][] = [[]];
/** By a key's last two letters in lower case (`128 * second-to-last + last`), the index of the names that end so in {@link NAME_LISTS}, 0 for none. */
export const KEY_ENDS = new Uint8Array(128 * 128);
/** A bit of {@link BEFORE_END} for what is no small letter: a separator (`NEW_RELIC`, `CLIENT_ID`), a quote, the key's start. */
const NO_LETTER = 1 << 26;
/**
 * By the same index, the characters that may stand before those two letters
 * (lower case): bit `c - 97` for a letter `c`, {@link NO_LETTER} for any
 * other. So a key is told apart by its last three letters before a name is
 * compared (`BEGIN` ends in `in` as `linkedin` does, but after a `g`).
 */
export const BEFORE_END = new Int32Array(128 * 128);
for (const name of [...BY_NAME.keys(), ID]) {
  const at = 128 * name.charCodeAt(name.length - 2) + name.charCodeAt(name.length - 1);
  if (KEY_ENDS[at] === 0) KEY_ENDS[at] = NAME_LISTS.push([]) - 1;
  NAME_LISTS[KEY_ENDS[at]!]!.push(name);
  // A separator may part a name's words anywhere (`linked-in`); `id` may follow any word (`clientId`).
  BEFORE_END[at]! |= name === ID ? -1 : NO_LETTER | (1 << (name.charCodeAt(name.length - 3) - 97));
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

/** True when the key ends with `id` as a word of its own (`CLIENT_ID`, `client-id`, `clientId`). */
function endsWithId(units: Uint16Array, keyEnd: number, floor: number): boolean {
  return keyEnd - 2 > floor && (isIn(SEPARATORS, units[keyEnd - 3]) || (units[keyEnd - 2] === 73 /* I */ && isIn(LOWER, units[keyEnd - 3])));
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
 * word names the vendor, or is `id` after it, and the value has the
 * vendor's shape exactly and reads as random.
 *
 * @example
 * vendorNamedValueAt(new CodeUnits().of("ALGOLIA=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4"), 8, 7, 0, 40); // the value
 */
export function vendorNamedValueAt(units: Uint16Array, start: number, keyEnd: number, floor: number, ceiling: number): Span | null {
  if (!hasOperator(units, keyEnd, start)) return null;
  // The value's run read to its end (longer than every row's: none), trailing dots left out (a sentence's full stop).
  let end = start;
  const limit = Math.min(ceiling, start + LENGTHS.length);
  while (end < limit && isIn(VALUE_RUN, units[end])) end++;
  if (end === start + LENGTHS.length) return null;
  while (end > start && units[end - 1] === 46) end--;
  if (LENGTHS[end - start] === 0) return null;
  const rows = rowsNamedBy(keyWords(units, keyEnd, floor));
  if (rows === null) return null;
  const found = rows.find((r) => end - start >= r.min && end - start <= r.max && matchShape(r.shape, units, start, end) === end && (!r.digits || hasAny(units, start, end, DIGITS)));
  if (found === undefined || isPlaceholder(units, start, end) || entropy(units, start, end) < 3) return null;
  return { start, end, replacement: secretPlaceholder(found.family) };
}

/** The words of the key that ends at `keyEnd`, in lower case, last first: split at separators and where a capital follows a small letter. */
function keyWords(units: Uint16Array, keyEnd: number, floor: number): string[] {
  const words: string[] = [];
  let word = "";
  const low = Math.max(floor, keyEnd - MAX_KEY);
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

/** The rows of the vendor the key's last words name (`algolia`; `new`, `relic`), or that the words before a last `id` do. */
function rowsNamedBy(words: readonly string[]): readonly Row[] | null {
  const last = words[0] === ID ? Math.min(words.length, 1 + WORDS_AFTER) : 1;
  for (let from = words[0] === ID ? 1 : 0; from < last; from++) {
    let name = "";
    for (let n = 0; n < NAME_WORDS && from + n < words.length; n++) {
      name = words[from + n] + name;
      const rows = BY_NAME.get(name);
      if (rows !== undefined) return rows;
    }
  }
  return null;
}
