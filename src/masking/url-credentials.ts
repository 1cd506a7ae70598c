import { isPlaceholder } from "./rules/entropy.js";
import { asciiSet, runEnd } from "./runs.js";
import { secretPlaceholder, type Rule, type Span } from "./scan.js";

/*
 * RFC 3986 userinfo: unreserved, percent-encoded, sub-delims and ":". Braces
 * are not userinfo characters, but templates put them there
 * (`https://${user}:${password}@host`, `{{pass}}`): they are read over, so
 * that a template is seen whole, and a password that holds one is masked
 * whole instead of being cut at it.
 */
const USERINFO = asciiSet("A-Za-z0-9._~%!$&'()*+,;=:{}-");
const MAX_USERINFO = 256;
const WORD_CHARACTERS = asciiSet("A-Za-z_-");
// Stand-in words, compared without case in a value of letters, `_` and `-` alone.
const STAND_IN_WORDS = /password|^your[_-]|^replace[_-]|^change_?(?:me|it)$/i;
const MIN_REPEATED = 4;
// What may follow the `$` of a variable (`$DB_PASSWORD`).
const VARIABLE = asciiSet("A-Za-z0-9_");
// GitHub's OAuth form puts the token in the user and this word in the password.
const OAUTH_BASIC = "x-oauth-basic";

/**
 * The last `@` of the userinfo whose first `@` is at `at`: a password may hold
 * an `@` unescaped (`mongodb://admin:realP@ssw0rd@cluster…`, secretlint's
 * database-connection-string fixtures), and then the host starts after the last.
 */
function lastAt(units: Uint16Array, at: number): number {
  let last = at;
  for (let i = at + 1; i < units.length && i - at < MAX_USERINFO; i++) {
    const c = units[i]!;
    if (c === 64) last = i;
    else if (c >= 128 || USERINFO[c] === 0) break;
  }
  return last;
}

/**
 * True when a URL's password is a stand-in for one, as documentation and
 * templates write it: a template (`${password}`, `$PASSWORD`, `{{pass}}`,
 * `{PASS}`, `%PASSWORD%`), a run of one or two characters (`xxxx`, `1111`,
 * `****`, the last what a masked password leaves), or a word naming the
 * password (`password`, `mypassword`, `YOUR_PASSWORD`,
 * `REPLACE_WITH_PASSWORD`, `changeme`). Any other password is masked,
 * however short or plain (`pass`, `secret`, `abc` and `hunter2` are all real
 * passwords somewhere).
 */
function standIn(text: string, units: Uint16Array, from: number, to: number): boolean {
  const first = units[from]!;
  const last = units[to - 1]!;
  if ((first === 123 /* { */ && last === 125) /* } */ || (first === 37 /* % */ && last === 37 && to - from > 2)) return true;
  if (first === 36 /* $ */ && (units[from + 1] === 123 || runEnd(units, from + 1, VARIABLE, to) === to)) return true;
  if (to - from >= MIN_REPEATED && isPlaceholder(units, from, to)) return true;
  return runEnd(units, from, WORD_CHARACTERS, to) === to && STAND_IN_WORDS.test(text.slice(from, to));
}

/**
 * The password in a URL's userinfo, `redis://:pass@host` or
 * `https://user:pass@host`: replaced so the address scan does not take the
 * password for a mailbox name. The user name stays, unless the password is
 * `x-oauth-basic`: in GitHub's OAuth form (`https://<token>:x-oauth-basic@github.com/…`,
 * which secretlint's npm rule reports) the user is the token, and it is
 * masked instead. Found from the `@`
 * (rarer in JSON logs than the `:` of `://`), reading the userinfo backwards
 * (at most 256 characters, and never past the previous `@`) and then
 * looking for `://` before it. Where `@` comes thick (`a@a@a@…`), the scanner
 * searches the text for `://` once and skips the rule if it is absent.
 *
 * @example
 * // "postgres://app:[secret:password]@db.internal/app"
 */
export const urlPasswordRule: Rule = {
  needle: "@",
  requires: "://",
  match(text, at, floor, _ceiling, units) {
    let from = at;
    while (from > floor && at - from < MAX_USERINFO) {
      const c = units[from - 1]!;
      if (c >= 128 || USERINFO[c] === 0) break;
      from--;
    }
    // `://` compared in the code units: a string search per `@` cost more than the whole walk.
    if (from - 3 < floor || units[from - 3] !== 58 || units[from - 2] !== 47 || units[from - 1] !== 47) return null;
    let colon = from;
    while (colon < at && units[colon] !== 58 /* : */) colon++;
    if (colon >= at - 1) return null;
    const end = lastAt(units, at);
    if (end === at && colon > from && end - colon - 1 === OAUTH_BASIC.length && text.startsWith(OAUTH_BASIC, colon + 1)) {
      return { start: from, end, replacement: secretPlaceholder("github-token"), keep: colon } satisfies Span;
    }
    // A stand-in is kept as it is, and kept from the address scan, which would take it for a mailbox name.
    // One that holds an `@` is not: what follows it could be an address the span would keep unmasked.
    if (end === at && standIn(text, units, colon + 1, end)) return { start: colon + 1, end, replacement: "", keep: colon + 1 } satisfies Span;
    return { start: colon + 1, end, replacement: "[secret:password]" };
  },
};
