/**
 * Top-level domains that mail is delivered to directly (`test@io`, `root@org`):
 * the country codes and the generic domains that predate 2012. Newer generic
 * domains are left out on purpose: as bare words after `@` they are far more
 * often npm dist-tags, hosts or branch names (`pkg@dev`, `deploy@app`) than
 * addresses, and an address at one always carries a dot in practice.
 */
const COUNTRY_CODES =
  "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo bq br bs bt bv bw by bz " +
  "ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr " +
  "ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp " +
  "ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu " +
  "mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw " +
  "sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz " +
  "ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw";
const LEGACY_GENERIC = "com net org edu gov mil int arpa info biz name pro aero asia cat coop jobs mobi museum post tel travel xxx";

const MAX_LENGTH = 6;

/** A letter's number (a or A is 1, z or Z is 26), or -1. */
function letterOf(code: number): number {
  const letter = (code | 32) - 96;
  return letter >= 1 && letter <= 26 ? letter : -1;
}

/**
 * A label of two to six ASCII letters as a number, case-insensitively (five
 * bits a letter), or -1: the look-up below then allocates nothing, as it runs
 * for every `@` followed by a bare word.
 */
function key(units: Uint16Array, from: number, to: number): number {
  if (to - from < 2 || to - from > MAX_LENGTH) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const letter = letterOf(units[i]!);
    if (letter < 0) return -1;
    value = value * 32 + letter;
  }
  return value;
}

const unitsOf = (word: string) => Uint16Array.from(word, (ch) => ch.charCodeAt(0));
const BARE_TLDS: ReadonlySet<number> = new Set(`${COUNTRY_CODES} ${LEGACY_GENERIC}`.split(" ").map((tld) => key(unitsOf(tld), 0, tld.length)));
// The two-letter ones (nearly all), by their two letters, so that most look-ups avoid the set.
const TWO_LETTERS = new Uint8Array(32 * 32);
for (const value of BARE_TLDS) if (value < 32 * 32) TWO_LETTERS[value] = 1;

/**
 * {@link isBareMailDomain} over a text's code units (see `CodeUnits`).
 *
 * @example
 * isBareMailDomainIn(new Uint16Array([105, 111]), 0, 2); // true: "io"
 */
export function isBareMailDomainIn(units: Uint16Array, from: number, to: number): boolean {
  if (to - from === 2) {
    const first = letterOf(units[from]!);
    const second = letterOf(units[from + 1]!);
    return first > 0 && second > 0 && TWO_LETTERS[first * 32 + second] === 1;
  }
  const value = key(units, from, to);
  return value >= 0 && BARE_TLDS.has(value);
}

const label = new Uint16Array(MAX_LENGTH);

/**
 * True when the dotless domain `text[from, to)` is still a mail domain: a
 * top-level domain listed above (compared case-insensitively). `localhost` is
 * not one.
 *
 * @example
 * isBareMailDomain("io", 0, 2); // true
 * isBareMailDomain("localhost", 0, 9); // false
 */
export function isBareMailDomain(text: string, from: number, to: number): boolean {
  if (to - from < 2 || to - from > MAX_LENGTH) return false;
  for (let i = from; i < to; i++) label[i - from] = text.charCodeAt(i);
  return isBareMailDomainIn(label, 0, to - from);
}
