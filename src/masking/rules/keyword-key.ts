import { asciiSet, isIn, LOWER, UPPER } from "../runs.js";
import { Letters, WordList, wordCodes } from "./letter-words.js";

/*
 * Reading the key around a keyword: where it starts and ends, and whether it
 * names a secret or something about one (`csrf_token`, `token_url`,
 * `<add key="…">`). Apart from the rule itself (keyword-secrets.ts) because
 * these lists are what grows with every false positive, and they read best
 * on their own.
 */

/** Keys that end with a keyword but name no secret (gitleaks' generic allowlist and common cursors), letters only, lower case. */
const NOT_SECRETS = new WordList([
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

/**
 * Words after the keyword that make the key name something about the secret
 * rather than the secret (`token_url`, `key_id`, `secretName`, `keyPressed`,
 * `tokenExpiresAt`), after gitleaks' generic-api-key allowlist; lower case.
 */
const NOT_SECRET_WORDS = new WordList([
  "id", "ids", "name", "names", "version", "length", "len", "size", "url", "uri", "endpoint", "file", "path", "alias",
  "board", "code", "frame", "pair", "press", "pressed", "ring", "selector", "signature", "signatures", "stone", "storetype",
  "word", "up", "down", "left", "right", "hash", "type", "count", "format", "prefix", "ttl", "expiry", "expires",
  "expiration", "timeout", "header", "field", "param", "env", "store", "vault", "ref", "kind", "mode", "index", "idx",
  "event", "arn", "label", "hint", "policy", "rotation", "mesh", "meshing", "location", "provider", "at", "created",
  "updated", "date", "time", "timestamp", "since", "until", "issued", "used", "last", "limit", "usage", "status", "scope",
  "scopes", "audience", "issuer", "algorithm", "method", "source", "owner", "holder", "user", "username",
]);

const LATER_KEYWORDS = new WordList(["token", "tokens", "key", "keys", "secret", "secrets", "password", "passwd", "pwd", "auth", "credential", "credentials", "creds"]);

// How many characters of key may follow the keyword (gitleaks allows twenty).
const MAX_TAIL = 20;
const MAX_KEY = 80;
const KEY = asciiSet("A-Za-z0-9_.-");
const LESS = 60;
const GREATER = 62;

/** Keys that end with an allowlisted one and still name a secret: a vendor's name that holds the word (Bitbucket's). */
const VENDOR_KEYS = ["bitbucketkey"].map(wordCodes);
const PASSWORD_WORDS = ["passw", "pwd"].map(wordCodes);

/** The key's letters in lower case, for the lists (only read once a keyword matched): the last 24 code units' (see Letters). */
const letters = new Letters();

/** True when the key's letters up to the keyword end with an allowlisted key (`X509_pubkey`, `csrf_token`). */
function namesNoSecret(key: Letters): boolean {
  return NOT_SECRETS.endsLetters(key) && !VENDOR_KEYS.some((word) => key.endsWith(word));
}

/**
 * Where the key ends after the keyword ending at `at`: at once, after a
 * plural `s`, or after more words (`api_token_123`, `mySecretString`,
 * `SECRET_KEY_BASE`) that start after a separator or at a capital, none of
 * which says the key names something else ({@link NOT_SECRET_WORDS}). -1 if
 * the keyword is glued to lower-case letters (`tokenizer`) or to a PEM
 * label's five dashes (`PRIVATE KEY-----`), or the key names something else.
 *
 * @example
 * keyEndAfter(new CodeUnits().of("api_token_url="), 9); // -1
 */
export function keyEndAfter(units: Uint16Array, at: number): number {
  if (!isIn(KEY, units[at])) return at;
  // Five dashes close a PEM label (`PRIVATE KEY-----`): no key goes on so (two are a section's, `Password--Main`).
  if (units[at] === 45 && units[at + 1] === 45 && units[at + 2] === 45 && units[at + 3] === 45 && units[at + 4] === 45) return -1;
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
      if (i > wordStart) {
        const word = letters.of(units, wordStart, i);
        if (NOT_SECRET_WORDS.has(word) || LATER_KEYWORDS.has(word)) return -1;
      }
      wordStart = separator ? i + 1 : i;
    }
  }
  return end;
}

/**
 * True when the key's letters before the keyword at `at` name a password
 * (`db_passwordToken`, `DB_PASSWORD_token`): the later keyword reads the key
 * (see keyEndAfter), and its value is a password, judged as one.
 *
 * @example
 * namesPassword(new CodeUnits().of("db_passwordToken="), 0, 11); // true
 */
export function namesPassword(units: Uint16Array, keyStart: number, at: number): boolean {
  const key = letters.of(units, keyStart, at);
  return PASSWORD_WORDS.some((word) => key.includes(word));
}

/**
 * Where the key holding the keyword at `at` starts: back over key characters,
 * at most {@link MAX_KEY} of them, not before `floor`.
 *
 * @example
 * keyStartBefore(new CodeUnits().of("db_password=…"), 3, 0); // 0
 */
export function keyStartBefore(units: Uint16Array, at: number, floor: number): number {
  let keyStart = at;
  while (keyStart > floor && at - keyStart < MAX_KEY && isIn(KEY, units[keyStart - 1])) keyStart--;
  return keyStart;
}

/**
 * True when the key `[keyStart, keyEnd)`, whose keyword ends at `wordEnd`,
 * names no secret: an allowlisted key (`csrf_token`, `publicKey`), or a
 * markup attribute named `key` that names an entry (`<add key="Name" …/>`).
 *
 * @example
 * namesNoSecretKey(new CodeUnits().of("csrf_token="), 0, 10, 10, 0); // true
 */
export function namesNoSecretKey(units: Uint16Array, keyStart: number, wordEnd: number, keyEnd: number, floor: number): boolean {
  return namesNoSecret(letters.of(units, keyStart, wordEnd)) || NOT_SECRETS.has(letters.of(units, keyStart, keyEnd)) || keyAttribute(units, keyStart, keyEnd, floor);
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
