import { startsWithIgnoringCase } from "../chars.js";
import { ALNUM, asciiSet, DIGITS, ESCAPE_LETTERS, hasAny, HEX, isIn, runEnd, UPPER, WORD } from "../runs.js";
import { passes } from "../refused.js";
import { secretPlaceholder, type Rule, type Span } from "../scan.js";
import type { FollowedRule } from "../anchor-layout.js";
import { entropy, isPlaceholder } from "./entropy.js";
import { hasOperator, operatorEnd } from "./assignment-operators.js";
import { BLANKS, QUOTES, valueStart } from "./keyword-value.js";
import { camelCaseWords } from "./secret-like.js";
import { compileShape, matchShape, type Shape } from "./shape.js";
import { BEFORE_END, beforeEndBit, FOURTH_BEFORE_END, KEY_ENDS, keyStartBefore, mayEndVendorName, NO_LETTER, readsAsWords, vendorNamedValueAt } from "./vendor-named.js";

/*
 * Secrets that a vendor's name marks but no secret-naming key word does,
 * after gitleaks' rules built with generateSemiGenericRegex and its
 * telegram.go: the key names the vendor (`BUNDLE_ENTERPRISE__CONTRIBSYS__COM`,
 * `SUMO_ACCESS_ID`), and the value has the vendor's own shape, which alone
 * decides. Apart from keyword-secrets.ts, whose keys end with a word that
 * says "secret" (`…_TOKEN`, `…Password`) and whose values are judged by how
 * random they look.
 */

// In either case: gitleaks' rule is case-insensitive as a whole (`(?i)`), its value too.
const HEX_PAIR = compileShape("[a-fA-F0-9]{8}:[a-fA-F0-9]{8}");
const HEX_PAIR_LENGTH = 17;
/** The keys of Sidekiq Enterprise's gem server credentials (lower case), before the `__CONTRIBSYS__COM` the rule is found by. */
const SIDEKIQ_KEYS = ["bundle_enterprise", "bundle_gems"];
const SIDEKIQ_TAIL = "__CONTRIBSYS__COM";

/** Where the value starts after a key that ends at `keyEnd`: past closing quotes, blanks, the operator and opening quotes; -1 without an operator. */
function valueAfterKey(units: Uint16Array, keyEnd: number, ceiling: number): number {
  let i = keyEnd;
  for (let n = 0; n < 3 && isIn(QUOTES, units[i]); n++) i++;
  i = runEnd(units, i, BLANKS, Math.min(ceiling, i + 5));
  const opEnd = operatorEnd(units, i);
  return opEnd < 0 ? -1 : valueStart(units, opEnd, units[opEnd - 1]!, ceiling);
}

/**
 * Sidekiq Enterprise's gem server credentials (gitleaks' sidekiq-secret):
 * `BUNDLE_ENTERPRISE__CONTRIBSYS__COM` or `BUNDLE_GEMS__CONTRIBSYS__COM`, an
 * operator, and `[a-f0-9]{8}:[a-f0-9]{8}` standing alone; the key and the
 * value in either case, as gitleaks reads them.
 */
const sidekiqSecret = (needle: string, anchor: number): Rule => ({
  needle,
  anchor,
  match(_text, at, floor, ceiling, units) {
    if (!SIDEKIQ_KEYS.some((key) => at - key.length >= floor && startsWithIgnoringCase(units, at, at - key.length, key))) return null;
    const from = valueAfterKey(units, at + needle.length, ceiling);
    if (from < 0 || from >= ceiling) return null;
    // The shape's last run is read to its end: a longer one is no credential of this kind.
    const end = matchShape(HEX_PAIR, units, from, ceiling);
    if (end !== from + HEX_PAIR_LENGTH || isIn(WORD, units[end]) || isPlaceholder(units, from, end)) return null;
    return { start: from, end, replacement: secretPlaceholder("sidekiq") };
  },
});

/** Upper case (Bundler's variables), through the `B` of `CONTRIBSYS`, and lower case, through the `__` before it. */
const SIDEKIQ_RULES: readonly Rule[] = [sidekiqSecret(SIDEKIQ_TAIL, SIDEKIQ_TAIL.indexOf("B")), sidekiqSecret(SIDEKIQ_TAIL.toLowerCase(), 1)];

const TELEGRAM_BODY = asciiSet("A-Za-z0-9_-");
const TELEGRAM_BODY_LENGTH = 34;

/**
 * A Telegram bot token (gitleaks' telegram-bot-api-token): the bot's id of 5
 * to 16 digits, `:A`, and 34 of `[A-Za-z0-9_-]`, with nothing of the kind on
 * either side (a longer id or body is no token: gitleaks' false positives).
 * The shape names itself, so no key is needed before it, and the Bot API's
 * URLs (`https://api.telegram.org/bot<token>/sendMessage`) are read too.
 * Found through the `A`, where a `:` stands before it.
 */
const telegramBotToken: FollowedRule = {
  needle: ":A",
  anchor: 1,
  followedBy: TELEGRAM_BODY,
  match(_text, at, floor, ceiling, units) {
    let start = at;
    while (start > floor && at - start <= 16 && isIn(DIGITS, units[start - 1])) start--;
    const id = at - start;
    if (id < 5 || id > 16) return null;
    // Glued to a word only as the Bot API's path writes it: `/bot<token>`.
    if (start > floor && isIn(WORD, units[start - 1]) && !botPath(units, start, floor)) return null;
    const body = at + 2;
    const end = runEnd(units, body, TELEGRAM_BODY, ceiling);
    if (end - body !== TELEGRAM_BODY_LENGTH || isPlaceholder(units, body, end) || entropy(units, body, end) < 3) return null;
    // A name in camel case after an id (`user:12345:AuthenticationServiceImplementation`) is no token.
    if (camelCaseWords(units, at + 1, end, 2, 0)) return null;
    return { start, end, replacement: secretPlaceholder("telegram-bot-token") };
  },
};

/** True when `/bot` stands right before `start`. */
function botPath(units: Uint16Array, start: number, floor: number): boolean {
  return start - 4 >= floor && units[start - 4] === 47 && units[start - 3] === 98 && units[start - 2] === 111 && units[start - 1] === 116;
}

const FREEMIUS_BODY = 29;

/**
 * A Freemius secret key (gitleaks' freemius-secret-key) in its PHP SDK
 * snippet: `'secret_key' => '` (either quote, the key in lower or upper
 * case, blanks around `=>`), `sk_` and 29 characters that are no blank,
 * then the quote that opened the value. The body may hold anything else,
 * as gitleaks' `[\S]{29}` allows: brackets, commas and quotes stand in such
 * keys, where a keyword's value is read only over the characters of a
 * token. Found through the `k` of the key.
 */
const freemiusSecret = (needle: string): Rule => ({
  needle,
  anchor: needle.length - 3,
  match(_text, at, floor, ceiling, units) {
    const quote = quoteAt(units, at + needle.length);
    if (quote === 0 || at - 1 < floor || units[at - 1] !== units[at + needle.length + quote - 1]) return null;
    let i = runEnd(units, at + needle.length + quote, BLANKS, ceiling);
    if (units[i] !== 61 /* = */ || units[i + 1] !== 62 /* > */) return null;
    i = runEnd(units, i + 2, BLANKS, ceiling);
    const open = quoteAt(units, i);
    const from = i + open;
    const end = from + 3 + FREEMIUS_BODY;
    if (open === 0 || end + open > ceiling || !startsWithIgnoringCase(units, ceiling, from, "sk_")) return null;
    // Closed as it was opened (`'`, `"`, or `\"` in a JSON string).
    for (let k = 0; k < open; k++) if (units[end + k] !== units[i + k]) return null;
    for (let k = from + 3; k < end; k++) if (units[k]! <= 32 || units[k] === 127) return null;
    return isPlaceholder(units, from + 3, end) ? null : { start: from, end, replacement: secretPlaceholder("freemius") };
  },
});

/** The length of the quote at `i`: 1 for `'` or `"`, 2 for one escaped (`\"` in a JSON string), 0 for none. */
function quoteAt(units: Uint16Array, i: number): number {
  const c = units[i];
  if (c === 34 || c === 39) return 1;
  return c === 92 && (units[i + 1] === 34 || units[i + 1] === 39) ? 2 : 0;
}

/**
 * An Adyen client key (gitleaks' adyen-client-key): `test_` or `live_` and 30
 * to 40 letters and digits, standing alone, in a text that names Adyen
 * anywhere (gitleaks' keyword `adyen`, which it looks for in the whole
 * fragment, in any case). After a key (`ADYEN_CLIENT_KEY=…`) the keyword
 * rules mask it too; this rule finds it in prose (`the adyen key
 * live_…`, `\nlive_…` in a serialised line). The text is searched for the
 * name once a pass, where `test_` or `live_` first stands alone; the body
 * must hold a digit and a capital, as the keys do, and read as random (a
 * test's name, `test_ShouldRejectExpiredAdyenSessions`,
 * `test_handles3dsecure2flow`, or a commit's hex is none). A `.` or `-`
 * after it ends it (`….json`, `…-ghp_…`).
 */
function adyenClientKey(needle: string): FollowedRule {
  let pass = -1;
  let named = false;
  return {
    needle,
    anchor: needle.length - 1,
    followedBy: ALNUM,
    match(text, at, floor, ceiling, units) {
      // Glued to a word before it is no key, unless that word is a JSON escape's letter or a percent-encoded byte.
      if (at > floor && isIn(WORD, units[at - 1]) && !afterEscape(units, at, floor)) return null;
      // Searched once a pass, and first: in most texts `test_` and `live_` stand with no Adyen named.
      if (pass !== passes.current) {
        pass = passes.current;
        named = /adyen/i.test(text);
      }
      if (!named) return null;
      const body = at + needle.length;
      const end = runEnd(units, body, ALNUM, Math.min(ceiling, body + 41));
      // Glued to a word is no key; a `.` or `-` after it ends it (`….json`, `…-ghp_…`, whatever follows).
      if (end - body < 30 || end - body > 40 || isIn(WORD, units[end])) return null;
      // Mixed case and a digit, as the keys are: a test's name in lower case or a commit's hex is none, nor one in
      // camel case, digits among its words or not (`…Payment3ds2ChallengeFlowRedirect`, `…SessionsNow1234`).
      if (!hasAny(units, body, end, DIGITS) || !hasAny(units, body, end, UPPER) || readsAsWords(units, body, end)) return null;
      return isPlaceholder(units, body, end) || entropy(units, body, end) < 3 ? null : { start: at, end, replacement: secretPlaceholder("adyen") };
    },
  };
}

/** True when a JSON escape (`\n`, `\t`) or a percent-encoded byte (`%20`) ends right before `at`: a boundary, though a letter or digit stands there. */
function afterEscape(units: Uint16Array, at: number, floor: number): boolean {
  if (at - 2 >= floor && units[at - 2] === 92 && isIn(ESCAPE_LETTERS, units[at - 1])) return true;
  return at - 3 >= floor && units[at - 3] === 37 && isIn(HEX, units[at - 2]) && isIn(HEX, units[at - 1]);
}

/** The rules above, anchored as any other. */
export const VENDOR_KEYED_RULES: readonly Rule[] = [
  ...SIDEKIQ_RULES,
  telegramBotToken,
  freemiusSecret("secret_key"),
  freemiusSecret("SECRET_KEY"),
  adyenClientKey("test_"),
  adyenClientKey("live_"),
];

/** The characters of the values below, and of nothing that may glue to them. */
const VALUE_RUN = asciiSet("A-Za-z0-9_=-");

/** A vendor's value after a key that names the vendor (gitleaks' generateSemiGenericRegex rules whose key ends in no secret word). */
interface VendorValue {
  readonly id: string;
  readonly family: string;
  /** Tested on the key as written. */
  readonly key: RegExp;
  /** How such keys end (their last two letters, lower case): `SUMO_ACCESS_ID`, `SONAR_LOGIN`, `cloudflare`. */
  readonly keyEnds: readonly string[];
  /** The value's shape, matched whole: it stands alone. */
  readonly value: Shape;
  readonly length: number;
  readonly source: string;
}

const row = (id: string, family: string, key: RegExp, keyEnds: readonly string[], value: string, file: string): VendorValue => {
  const shape = compileShape(value);
  const length = shape.segments.reduce((n, segment) => n + ("literal" in segment ? segment.literal.length : segment.min), 0);
  return { id, family, key, keyEnds, value: shape, length, source: `gitleaks cmd/generate/config/rules/${file}.go` };
};

/** Each row is found where its value's run of token characters starts (see vendorValueAt); at most seven rows. */
export const VENDOR_VALUES: readonly VendorValue[] = [
  // The key ends in `id`, which names no secret for the keyword rules, or in a secret word whose keyword rule takes the
  // letters-only id for a word (`sumo_api_token = "suJWrulscJfvnp"`); `sumOf…` is no Sumo Logic (gitleaks' case and allowlist).
  row("sumologic-access-id", "sumologic", /(?:[Ss]umo|SUMO).*(?:id|Id|ID|token|Token|TOKEN|key|Key|KEY|secret|Secret|SECRET|password|Password|PASSWORD)$/, ["id", "en", "ey", "et", "rd"], "su[a-zA-Z0-9]{12}", "sumologic"),
  row("cloudflare-global-api-key", "cloudflare", /cloudflare/i, ["re"], "[a-f0-9]{37}", "cloudflare"),
  row("cloudflare-api-key", "cloudflare", /cloudflare/i, ["re"], "[a-zA-Z0-9_-]{40}", "cloudflare"),
  // `SONAR_LOGIN`: a login is a token here.
  row("sonar-api-token", "sonar", /sonar[_.-]?(?:login|token)/i, ["in", "en"], "[a-zA-Z0-9=_-]{40}", "sonar"),
  row("sonar-api-token", "sonar", /sonar[_.-]?(?:login|token)/i, ["in", "en"], "sq[upa]_[a-zA-Z0-9=_-]{40}", "sonar"),
  row("messagebird-client-id", "messagebird", /message[_-]?bird/i, ["id"], "[a-hA-H0-9]{8}-[a-hA-H0-9]{4}-[a-hA-H0-9]{4}-[a-hA-H0-9]{4}-[a-hA-H0-9]{12}", "messagebird"),
];
/** By a run's length, the rows (one bit each) whose values are that long: a run of any other length costs one look-up. */
const BY_LENGTH = new Uint8Array(64);
/** The bit of {@link BY_KEY_END} for the keys that may end with a vendor's name (vendor-named.ts). */
const NAMED = 0x80;
if (VENDOR_VALUES.length > 7) throw new Error("vendor-keyed.ts: VENDOR_VALUES holds one bit each below NAMED, seven rows at most");
/**
 * By a key's last two letters in lower case (`128 * second-to-last + last`),
 * the rows whose keys end so, and {@link NAMED}: one look-up tells most keys
 * apart from both kinds.
 */
const BY_KEY_END = new Uint8Array(128 * 128);
VENDOR_VALUES.forEach((r, bit) => {
  BY_LENGTH[r.length]! |= 1 << bit;
  for (const end of r.keyEnds) BY_KEY_END[128 * end.charCodeAt(0) + end.charCodeAt(1)]! |= 1 << bit;
});
KEY_ENDS.forEach((list, at) => {
  if (list !== 0) BY_KEY_END[at]! |= NAMED;
});

/**
 * The value of one of {@link VENDOR_VALUES} that starts at `start` (where a
 * run of token characters starts: the run-start rules and the hex-run rule
 * call it there), after a key that names its vendor and ends at `keyEnd`
 * (`SUMO_ACCESS_ID = "su…"`, `cloudflare: "<37 hex>"`, `SONAR_LOGIN :=
 * "…"`), or of one of vendor-named.ts' rows after a key that is only the
 * vendor's name (`ALGOLIA=…`). A placeholder or a value of too little
 * entropy stays.
 *
 * @example
 * vendorValueAt(units, start, keyEnd, floor, ceiling);
 */
export function vendorValueAt(units: Uint16Array, start: number, keyEnd: number, floor: number, ceiling: number): Span | null {
  const a = units[keyEnd - 2]! | 32;
  const b = units[keyEnd - 1]! | 32;
  const rows = a < 128 && b < 128 ? BY_KEY_END[128 * a + b]! : 0;
  if (rows === 0) return null;
  // A key that may name a vendor alone (`ALGOLIA=…`, vendor-named.ts) is told apart by its last three or four
  // letters first (`BEGIN` ends in `in` as `linkedin` does, after a `g`; `event` in `ent` as `confluent`, after a
  // `v`). Settled here, in a function small enough to be inlined where a run starts, so that only the few keys left
  // cost a call.
  const third = (rows & NAMED) === 0 ? 0 : BEFORE_END[128 * a + b]! & beforeEndBit(units[keyEnd - 3] ?? 0);
  // The fourth-last letter is read only where the third-last is a letter a name ends with.
  const named = third !== 0 && (third === NO_LETTER || (FOURTH_BEFORE_END[128 * a + b]! & beforeEndBit(units[keyEnd - 4] ?? 0)) !== 0);
  const keyRows = rows & ~NAMED;
  return keyRows === 0 && !named ? null : vendorValueFor(units, start, keyEnd, floor, ceiling, keyRows, named, a, b);
}

/** {@link vendorValueAt} for the rows of {@link VENDOR_VALUES} whose keys end as this one does (`keyRows`), then, if `named`, for a vendor's name alone. */
function vendorValueFor(units: Uint16Array, start: number, keyEnd: number, floor: number, ceiling: number, keyRows: number, named: boolean, a: number, b: number): Span | null {
  const keyed = keyRows === 0 ? null : keyedValueAt(units, start, keyEnd, floor, ceiling, keyRows);
  if (keyed !== null || !named) return keyed;
  return mayEndVendorName(units, keyEnd, floor, a, b) ? vendorNamedValueAt(units, start, keyEnd, floor, ceiling) : null;
}

/** {@link vendorValueAt} for the rows (bits of {@link VENDOR_VALUES}) whose keys end as this one does. */
function keyedValueAt(units: Uint16Array, start: number, keyEnd: number, floor: number, ceiling: number, keyRows: number): Span | null {
  const end = runEnd(units, start, VALUE_RUN, Math.min(ceiling, start + BY_LENGTH.length));
  const rows = keyRows & (end - start < BY_LENGTH.length ? BY_LENGTH[end - start]! : 0);
  if (rows === 0 || !hasOperator(units, keyEnd, start)) return null;
  const keyStart = keyStartBefore(units, keyEnd, floor);
  let key = "";
  for (let i = keyStart; i < keyEnd; i++) key += String.fromCharCode(units[i]!);
  const found = VENDOR_VALUES.find((r, bit) => (rows & (1 << bit)) !== 0 && matchShape(r.value, units, start, end) === end && r.key.test(key));
  if (found === undefined || isPlaceholder(units, start, end) || entropy(units, start, end) < 3) return null;
  return { start, end, replacement: secretPlaceholder(found.family) };
}
