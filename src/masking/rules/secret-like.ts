import { asciiSet, DIGITS, hasAny, isIn, LOWER, runEnd, UPPER } from "../runs.js";
import { startsWithIgnoringCase } from "../chars.js";
import { textOf } from "../code-units.js";
import { entropy, isPlaceholder } from "./entropy.js";
import { templateOrStandIn } from "./templates.js";
import { asciiValueVerdict, base64Text, decodesToWords, PLACEHOLDER_WORDS, valueTextVerdict } from "./value-text.js";

export { standInLetters } from "./value-text.js";

/*
 * Whether a value found after a secret-naming key is a secret at all. Kept
 * apart from the key and operator readers (keyword-key.ts, keyword-value.ts)
 * because it is the one judgement every keyword value passes through, and
 * the place its false positives are fixed: templates, placeholders, words,
 * paths, URLs, short numbers and dates are not secrets.
 */

/** The shortest value that may be a secret. */
export const MIN_VALUE = 8;
export const MIN_PASSWORD = 6; // after a key that names a password: gitleaks' database-password samples hold six (`cM9ElF`)

const LETTERS_ONLY = asciiSet("A-Za-z_.-");
// The first characters of a tag's name.
const LETTER_NAME = asciiSet("A-Za-z_");
const SYMBOLS = asciiSet("=+/~@!$%^*?#:|");
const NOT_UPPER = asciiSet("a-z0-9=+/~@!$%^*?#:|;<>,.}-"); // what stands beside a capital in a short password
const SHORT_SYMBOLS = asciiSet("!@#$%^*?~+=|"); // or beside a digit
const BASE64_ONLY = asciiSet("+=");
const LESS = 60;

/**
 * True when `[from, to)` looks like a secret and not like a word, template,
 * placeholder, path or number.
 *
 * @example
 * secretLike(new CodeUnits().of("s3cr3t-Value-42"), 0, 15); // true
 */
export function secretLike(units: Uint16Array, from: number, to: number, password = false): boolean {
  const length = to - from;
  if (length < (password ? MIN_PASSWORD : MIN_VALUE)) return false;
  // Six or seven characters: a capital and another kind (`cM9ElF`, `AX::PZ`) or a digit and a symbol (`p@ss12`); not `input1`.
  if (length < MIN_VALUE && !(hasAny(units, from, to, UPPER) ? hasAny(units, from, to, NOT_UPPER) : hasAny(units, from, to, DIGITS) && hasAny(units, from, to, SHORT_SYMBOLS))) return false;
  const first = units[from]!;
  // Templates and stand-ins (`$VAR`, `%VAR%`, `@VAR@`, `<your-key>`, `{{ var }}`).
  if (templateOrStandIn(units, from, to, first)) return false;
  // Markup, not a value: the start of a tag (`<xsd:element name=…`), a qualified name made of words (`clm12345:AgencyIdentificationCodeContentType`).
  if ((first === LESS && tagStart(units, from, to)) || qualifiedName(units, from, to)) return false;
  // Paths (`/etc/…`, `./x`); base64 may start with `/` too, and then holds `+` or `=` or a long random stretch, which paths do not.
  if ((first === 47 && !hasAny(units, from, to, BASE64_ONLY) && !randomSegment(units, from, to)) || (first === 46 && units[from + 1] === 47)) return false;
  // A path into a secret store (`secret/mysecret`, `kv/data/my-app`): the name of a secret, not the secret.
  if (wordPath(units, from, to)) return false;
  if (isPlaceholder(units, from, to)) return false;
  const digits = hasAny(units, from, to, DIGITS);
  const symbols = hasAny(units, from, to, SYMBOLS);
  if (!digits && !symbols && runEnd(units, from, LETTERS_ONLY, to) === to && !randomCase(units, from, to, password)) return false;
  const allDigits = digits && runEnd(units, from, DIGITS, to) === to;
  if (allDigits && length < 15) return false;
  // Ten symbols give random digits less entropy than random letters: a long run of them (`asana` client ids) is measured on its own scale.
  // Six or seven characters hold at most log2(6) to log2(7) bits each: a password that short is measured on that scale.
  if (entropy(units, from, to) < (allDigits || length < MIN_VALUE ? 2 : length < 12 ? 2.3 : 2.5)) return false;
  // Last: URLs, masked or placeholder words, dates and published constants, in the first 200 code units.
  const cap = Math.min(to, from + 200);
  if (asciiOnly(units, from, cap)) {
    const verdict = asciiValueVerdict(units, from, cap);
    if (verdict < 0) return false;
    if (verdict === 0) return secretBeyondWords(units, from, cap);
    return !(cap - from >= 16 && (cap - from) % 4 === 0 && base64Text(units, from, cap) && decodesToWords(units, from, cap) && encodedStandIn(textOf(units, from, cap)));
  }
  const value = textOf(units, from, cap).toLowerCase();
  const verdict = valueTextVerdict(value);
  if (verdict < 0) return false;
  if (verdict === 0) return secretBeyondWords(units, from, Math.min(to, from + value.length));
  // Not base64 (which is ASCII), so no stand-in encoded in it.
  return true;
}

/** True when `[from, to)` holds ASCII alone. */
function asciiOnly(units: Uint16Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (units[i]! >= 128) return false;
  return true;
}

const DECODED_WORDS = /^[A-Za-z0-9 .,_-]+$/;

/**
 * True when a base64 value decodes to printable text that holds a stand-in
 * word and is no secret once decoded (secretlint's aws ok fixture:
 * `ANY_KEY = ZHVtbXkgdGV4dCBkYXRhIGRhdGEgZGF0YQ==`, "dummy text data data
 * data"): the stand-in rule above, applied to what the value says. A base64
 * password (`bXkgZHVtbXkgcGFzc3dvcmQgWnE4IUxrMyRWdw==`) is judged as the
 * password it decodes to, and masked. `written` is standard base64 of 16
 * characters or more, a multiple of four (the caller checks: see base64Text).
 */
function encodedStandIn(written: string): boolean {
  const decoded = atob(written);
  for (let i = 0; i < decoded.length; i++) {
    const code = decoded.charCodeAt(i);
    if (code < 32 || code > 126) return false;
  }
  // Words only: a decoded URL, JSON or `user:password` is what a credential blob holds, and stays a secret.
  if (!DECODED_WORDS.test(decoded)) return false;
  const lower = decoded.toLowerCase();
  if (!PLACEHOLDER_WORDS.some((w) => lower.includes(w))) return false;
  // Judged without its stand-in words, so that `dummy Zq8!Lk3…` is the password it holds.
  const units = Uint16Array.from(decoded, (c) => c.charCodeAt(0));
  return !secretBeyondWords(units, 0, units.length);
}

/**
 * Whether a value holding placeholder words is still a secret without them:
 * the words are cut out (ASCII letters compared without case) and the rest is
 * judged as a value of its own (its first 200 code units, as the words are
 * looked for there). Each cut shortens it, so this ends.
 */
function secretBeyondWords(units: Uint16Array, from: number, to: number): boolean {
  const lower = new Uint16Array(to - from);
  for (let i = from; i < to; i++) {
    const unit = units[i]!;
    lower[i - from] = unit >= 65 && unit <= 90 ? unit + 32 : unit;
  }
  const cut = new Uint8Array(to - from);
  for (const word of PLACEHOLDER_WORDS) {
    for (let at = 0; at + word.length <= lower.length; at++) {
      let match = true;
      for (let k = 0; k < word.length && match; k++) match = lower[at + k] === word.charCodeAt(k);
      if (match) cut.fill(1, at, at + word.length);
    }
  }
  const rest: number[] = [];
  for (let i = 0; i < cut.length; i++) if (cut[i] === 0) rest.push(units[from + i]!);
  return rest.length < to - from && secretLike(Uint16Array.from(rest), 0, rest.length);
}

const SLASH = 47;
/** The shortest stretch between slashes that reads as base64 rather than a path segment when it mixes cases and digits. */
const RANDOM_SEGMENT = 16;

/**
 * True when a stretch between slashes is long and holds upper case, lower
 * case and digits: base64 (an AWS secret access key may start with `/`,
 * `/oFPTa9d5EnPSpN5j2juFJGrnHJW74aarZT6G/Af`), not a path segment, whose
 * names are words, lower-case hashes or versions.
 */
function randomSegment(units: Uint16Array, from: number, to: number): boolean {
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i < to && units[i] !== SLASH) continue;
    if (i - start >= RANDOM_SEGMENT && hasAny(units, start, i, UPPER) && hasAny(units, start, i, LOWER) && hasAny(units, start, i, DIGITS)) return true;
    start = i + 1;
  }
  return false;
}

const TAG_NAME = asciiSet("A-Za-z:_.-");
const ATTRIBUTE = asciiSet("A-Za-z:_-");

/**
 * True when the value is `<` and a tag's name of letters, cut at the blank
 * before the tag's first attribute (`<xsd:element name="…"`): markup. A
 * value that only starts with `<` (`<ZqvLmpwXkabc`) is judged as any.
 */
function tagStart(units: Uint16Array, from: number, to: number): boolean {
  if (!isIn(LETTER_NAME, units[from + 1]) || runEnd(units, from + 1, TAG_NAME, to) !== to || units[to] !== 32) return false;
  const name = to + 1;
  const end = runEnd(units, name, ATTRIBUTE, name + 40);
  return end > name && units[end] === EQUALS_SIGN;
}

const EQUALS_SIGN = 61;
const PREFIX = asciiSet("a-z0-9");

/**
 * True when `[from, to)` is `minWords` or more words of a capital and small
 * letters, `minLength` characters at least (`AgencyIdentificationCodeContentType`):
 * a name in camel case, which a random value is about never.
 */
export function camelCaseWords(units: Uint16Array, from: number, to: number, minWords = 5, minLength = 25): boolean {
  if (to - from < minLength) return false;
  let words = 0;
  let i = from;
  while (i < to && isIn(UPPER, units[i])) {
    const end = runEnd(units, i + 1, LOWER, to);
    if (end - i < 3) return false;
    words++;
    i = end;
  }
  return i === to && words >= minWords;
}

/**
 * True when the value is an XML qualified name whose local part is words in
 * camel case (see camelCaseWords): a short lower-case prefix and `:`
 * (`clm12345:AgencyIdentificationCodeContentType`, a type in a schema;
 * gitleaks' telegram.go false positives).
 */
function qualifiedName(units: Uint16Array, from: number, to: number): boolean {
  const colon = runEnd(units, from, PREFIX, Math.min(to, from + 17));
  return colon > from && units[colon] === 58 && camelCaseWords(units, colon + 1, to);
}

const PATH_WORD = asciiSet("a-z_.-");
/** The first segment of a path into a secret store (`secret/mysecret`, `kv/data/app`). */
const STORES = ["secret", "secrets", "kv", "vault"];

/**
 * True when the value is a path into a secret store: a store's name
 * ({@link STORES}), then one or more segments of lower-case letters (and
 * `_.-`) between slashes. `admin/secret/key` is a password.
 */
function wordPath(units: Uint16Array, from: number, to: number): boolean {
  const store = runEnd(units, from, PATH_WORD, to);
  // The run is of lower-case letters already: compared without case, a store's name is the run or not.
  if (units[store] !== SLASH || !STORES.some((name) => name.length === store - from && startsWithIgnoringCase(units, store, from, name))) return false;
  let segments = 0;
  for (let i = from; i <= to; ) {
    const end = runEnd(units, i, PATH_WORD, to);
    if (end === i) return false;
    segments++;
    if (end === to) return segments >= 2;
    if (units[end] !== SLASH) return false;
    i = end + 1;
  }
  return false;
}

/**
 * True when letters alone read as random rather than as words: upper and
 * lower case a quarter each at least, switching from lower to upper case
 * twice or more (a camel-case name switches once per word and is mostly
 * lower case), with the entropy of random text. `XMLHttpRequest`,
 * `getAccessToken` and `PASSWORD` are words; `suWFFChFzcxVXf` (a Sumo Logic
 * access id) is not. After a key that names a password, so are letters from
 * six on (`qKhVKQ`), whose entropy cannot reach that of longer text, and ten
 * or eleven need 2.9 bits a letter (`tuFDgRjRkv`, at most 3.3 from ten), not 3.2,
 * unless they are capitalised words (`UserPassDto`).
 */
function randomCase(units: Uint16Array, from: number, to: number, password: boolean): boolean {
  const length = to - from;
  if (length < (password ? MIN_PASSWORD : 10)) return false;
  let upper = 0;
  let switches = 0;
  for (let i = from; i < to; i++) {
    if (!isIn(UPPER, units[i])) continue;
    upper++;
    if (i > from && isIn(LOWER, units[i - 1])) switches++;
  }
  const least = length < 10 ? 2 : password && length < 12 ? 2.9 : 3.2;
  if (switches < 2 || upper * 4 < length || (length - upper) * 4 < length || entropy(units, from, to) < least) return false;
  // Under the lower bar, capitalised words after a first one in lower case are a name (`UserPassDto`, `getUserPwd`).
  return least !== 2.9 || !camelCaseWords(units, runEnd(units, from, LOWER, to), to, 2, 0);
}
