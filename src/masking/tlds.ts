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

const BARE_TLDS: ReadonlySet<string> = new Set(`${COUNTRY_CODES} ${LEGACY_GENERIC}`.split(" "));

/**
 * True when a domain without a dot is still a mail domain: a top-level domain
 * listed above (compared case-insensitively). `localhost` is not one.
 *
 * @example
 * isBareMailDomain("io"); // true
 * isBareMailDomain("localhost"); // false
 */
export function isBareMailDomain(label: string): boolean {
  return label.length >= 2 && label.length <= 6 && BARE_TLDS.has(label.toLowerCase());
}
