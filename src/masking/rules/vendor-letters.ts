import { textOf } from "../code-units.js";
import { asciiSet, isIn, LETTER, LOWER, runEnd, UPPER, VOWELS } from "../runs.js";
import { secretPlaceholder, type Span } from "../scan.js";
import { entropy, isPlaceholder } from "./entropy.js";
import type { KeywordKind } from "./keyword-value.js";
import { wordCodes } from "./letter-words.js";
import { standInLetters } from "./secret-like.js";

/*
 * A value of letters alone after a key that names a vendor. The keyword
 * rules take such a value for a word (`token: changeme`, `secret: mysecret`)
 * unless it switches case at random; but gitleaks' keyword rules for these
 * vendors (generateSemiGenericRegex with a secret of `[a-z0-9]{14}` and
 * longer) take any run of their alphabet, and a random one is all letters
 * about once in two hundred draws at fifteen characters (`airtableToken =
 * "pofofzqlfjgdeublq"`). Apart from the keyword rules because it needs the
 * vendors' names, and is asked only where they refused a value.
 */

/**
 * The identifiers of gitleaks' keyword-anchored rules whose secret is a run
 * of 14 or more letters and digits (cmd/generate/config/rules/<vendor>.go,
 * `utils.GenerateSemiGenericRegex`), letters only, lower case.
 */
const VENDORS = [
  "adafruit", "airtable", "algolia", "alibaba", "asana", "bitbucket", "bittrex", "cloudflare", "codecov", "cohere", "coinbase",
  "confluent", "contentful", "datadog", "discord", "droneci", "dropbox", "etsy", "fastly", "finicity", "finnhub", "flickr",
  "freshbooks", "gitter", "intercom", "jfrog", "kraken", "launchdarkly", "linkedin", "looker", "mattermost", "messagebird",
  "netlify", "newrelic", "nytimes", "plaid", "privateai", "rapidapi", "sonar", "sumo", "travis", "twitch", "twitter", "zendesk",
];
/** The shortest key that names one of them: the shortest name and the shortest keyword (`etsyKey`, `sumo_pwd`). */
const SHORTEST_KEY = Math.min(...VENDORS.map((v) => v.length)) + 3;
/** The shortest such secret (LinkedIn's client id). */
const MIN_LETTERS = 14;
const MAX_LETTERS = 100;
/** What may not follow the value: more of a token, a call's `(`, a placeholder's `[` (what is left of a value another rule cut). */
const NOT_AFTER = asciiSet("A-Za-z0-9_.([-");
/** The longest key read for a vendor's name. */
const MAX_KEY = 80;

/**
 * The value at `from` (up to `ceiling`) after the key `[keyStart, keyEnd)`
 * when the key names one of {@link VENDORS} and the value is a run of 14 to
 * 100 letters in one case, standing alone, that reads as random: the
 * entropy of random letters (3 bits a letter at least, 3.2 from twenty
 * letters), vowels under a third of it (words hold two in five), no
 * stand-in (repeated letters, an alphabet, a stand-in word such as
 * `qwerty`). Otherwise null.
 *
 * @example
 * vendorLettersSpan(new CodeUnits().of('airtableToken = "pofofzqlfjgdeublq"'), 0, 13, 17, 34, "token"); // the value
 */
export function vendorLettersSpan(units: Uint16Array, keyStart: number, keyEnd: number, from: number, ceiling: number, kind: KeywordKind): Span | null {
  // Too short to hold a vendor's name and a keyword (`etsyKey`): nothing read (a key repeated, `PWD:PWD:…`, asks at every one).
  if (keyEnd - keyStart < SHORTEST_KEY) return null;
  const letters = isIn(LOWER, units[from]) ? LOWER : isIn(UPPER, units[from]) ? UPPER : null;
  if (letters === null) return null;
  const end = runEnd(units, from, letters, Math.min(ceiling, from + MAX_LETTERS + 1));
  const length = end - from;
  // A letter outside ASCII goes on with the word (`rechtschreibprüfung`).
  const after = units[end]!;
  if (length < MIN_LETTERS || length > MAX_LETTERS || after >= 128 || isIn(NOT_AFTER, after) || !namesVendor(units, keyStart, keyEnd)) return null;
  let vowels = 0;
  for (let i = from; i < end; i++) if (isIn(VOWELS, units[i])) vowels++;
  if (vowels * 3 >= length || entropy(units, from, end) < (length < 20 ? 3 : 3.2) || isPlaceholder(units, from, end)) return null;
  const value = textOf(units, from, end).toLowerCase();
  if (standInLetters(value)) return null;
  return { start: from, end, replacement: secretPlaceholder(kind) };
}

/** The vendors' names as code units, by first letter (`a` at 0): a word start is compared with those that start as it does. */
const BY_FIRST: readonly (readonly Uint8Array[])[] = Array.from({ length: 26 }, (_, k) =>
  VENDORS.filter((v) => v.charCodeAt(0) === 97 + k).map(wordCodes),
);
/** The key's letters, lower case, without separators (reused: no allocation per key). */
const KEY = new Uint8Array(MAX_KEY);
/** 1 where a word of the key starts among {@link KEY}'s letters, and at its end. */
const WORD_STARTS = new Uint8Array(MAX_KEY + 1);

/**
 * True when the key names a vendor: one of {@link VENDORS} is the key's
 * letters, in lower case and without separators, from the start of one of
 * its words to the end of one (`airtableToken`, `NEW_RELIC_TOKEN`,
 * `linkedIn_key`), not letters inside a word (`reset_system_password` holds
 * no Etsy, `checksum_of_key` no Sumo Logic, `coherence_key` no Cohere).
 */
function namesVendor(units: Uint16Array, keyStart: number, keyEnd: number): boolean {
  let length = 0;
  // Where a word starts among the key's letters: after a separator or at the key's start, or at a capital after a small letter.
  let previous = 0;
  for (let i = Math.max(keyStart, keyEnd - MAX_KEY); i < keyEnd; i++) {
    const c = units[i]!;
    const upper = isIn(UPPER, c);
    if (!upper && !isIn(LOWER, c)) {
      previous = 0;
      continue;
    }
    WORD_STARTS[length] = !isIn(LETTER, previous) || (upper && isIn(LOWER, previous)) ? 1 : 0;
    KEY[length++] = upper ? c | 32 : c;
    previous = c;
  }
  WORD_STARTS[length] = 1;
  for (let at = 0; at < length; at++) {
    if (WORD_STARTS[at] === 0) continue;
    for (const vendor of BY_FIRST[KEY[at]! - 97]!) {
      const end = at + vendor.length;
      if (end > length || WORD_STARTS[end] === 0) continue;
      let k = 1;
      while (k < vendor.length && KEY[at + k] === vendor[k]) k++;
      if (k === vendor.length) return true;
    }
  }
  return false;
}
