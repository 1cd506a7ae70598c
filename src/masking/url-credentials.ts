import { placeholderEndingAt } from "./chars.js";
import { disjoint, mergeDisjoint } from "./curl-user.js";
import { asciiSet } from "./runs.js";
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
const TEMPLATE_MARKS = "${}%";
// The whole value a template of a name (`${password}`, `{{ pass }}`, `{PASS}`, `%DB_PASSWORD%`, `$DB_PASSWORD`), after gitleaks' allowlist.
// A name in one case with digits, or of letters alone: `DB_PASSWORD`, `db_password`, `dbPassword`; `Zq8Lk3Vw9p` is a password.
const NAME = "(?:[A-Z0-9_]+|[a-z0-9_]+|[A-Za-z_]+)";
const TEMPLATE = new RegExp(`^(?:\\$\\{${NAME}\\}|\\{\\{?\\s*${NAME}\\s*\\}?\\}|%${NAME}%|\\$${NAME})$`);
// The whole value a word naming the password, compared without case: `password`, `mypassword`, `YOUR_PASSWORD`,
// `REPLACE_WITH_PASSWORD`, `changeme`; `SuperSecretPassword` may be a passphrase.
const STAND_IN_WORDS = /^(?:(?:(?:my|your)[_-]?)?pass(?:word|wd)|(?:your|replace(?:[_-]with)?)[_-][a-z_-]+|change[_-]?(?:me|it))$/i;
const MIN_REPEATED = 4;
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
 * True when a URL's user starts at `userStart`, right after `://`, and the
 * userinfo read on from `from` reaches an `@` the URL rule reads back from
 * (within its 256 characters): that rule then masks the password, up to the
 * `@`.
 *
 * @example
 * userOfURL(new CodeUnits().of("https://x-access-token:Zq8…@github.com"), 8, 23); // true
 */
export function userOfURL(units: Uint16Array, userStart: number, from: number, floor: number): boolean {
  if (userStart - 3 < floor || units[userStart - 1] !== 47 || units[userStart - 2] !== 47 || units[userStart - 3] !== 58) return false;
  let i = from;
  const limit = userStart + MAX_USERINFO;
  while (i < limit && units[i]! < 128 && USERINFO[units[i]!] === 1) i++;
  return units[i] === 64 && i < limit;
}

/**
 * True when a URL's password, the whole of it, is a stand-in for one, as
 * documentation and templates write it: a template (`${password}`,
 * `$PASSWORD`, `{{pass}}`, `{PASS}`, `%PASSWORD%`), one character repeated
 * four times or more (`xxxx`, `1111`, `****`), or a word naming the password
 * (`password`, `mypassword`, `YOUR_PASSWORD`, `REPLACE_WITH_PASSWORD`,
 * `changeme`). Any other password is masked, however short or plain (`pass`,
 * `secret`, `abc`, `a1a1a1a1` and `hunter2` are all real passwords
 * somewhere), and so is a value that only starts or ends like a template
 * (`$Zq8Lk3Vw9p`, `${DB_PW},owner=jane.doe`).
 */
function standIn(value: string): boolean {
  // One character repeated; two alternating (`a1a1a1a1`) may be a password.
  if (value.length >= MIN_REPEATED && value.split("").every((c) => c === value[0])) return true;
  return TEMPLATE.test(value) || STAND_IN_WORDS.test(value);
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
    // A user the first pass masked (`https://[secret:github-token]:x-oauth-basic@…`) is its placeholder, and the
    // search for the colon starts after it.
    let colon = from;
    const placeholder = placeholderEndingAt(text, from, floor);
    if (placeholder >= 0) from = placeholder;
    // `://` compared in the code units: a string search per `@` cost more than the whole walk.
    if (from - 3 < floor || units[from - 3] !== 58 || units[from - 2] !== 47 || units[from - 1] !== 47) return null;
    while (colon < at && units[colon] !== 58 /* : */) colon++;
    if (colon >= at - 1) return null;
    const end = lastAt(units, at);
    if (end === at && colon > from && end - colon - 1 === OAUTH_BASIC.length && text.startsWith(OAUTH_BASIC, colon + 1)) {
      return { start: from, end, replacement: secretPlaceholder("github-token"), keep: colon } satisfies Span;
    }
    // A stand-in is kept as it is, and kept from the address scan, which would take it for a mailbox name.
    // One that holds an `@` is not: what follows it could be an address the span would keep unmasked.
    if (end === at && standIn(text.slice(colon + 1, end))) return { start: colon + 1, end, replacement: "", keep: colon + 1 } satisfies Span;
    return { start: colon + 1, end, replacement: "[secret:password]" };
  },
};

const ENCODED_AT = "%40";
const ENCODED_SCHEME_END = "%3a%2f%2f";
const ENCODED_COLON = "%3a";

/**
 * `spans` (the scan's, in order) and the password of each URL that was
 * percent-encoded whole, as a query string carries one
 * (`?dsn=postgres%3A%2F%2Fapp%3AZq8…%40db`): from the `%3A` after the user
 * to the `%40`, masked as `[secret:password]`, around what the scan masked
 * there already. Only a text that holds a `%40` and an encoded `://`
 * (`%3A%2F%2F`, in capitals or small letters) is read further: a native
 * search or three for most.
 * From each `%40` the userinfo is read back at most 256 characters and
 * never past the previous `%40` (a password that holds one is masked from
 * the last), and the last encoded `://` in it starts it. A stand-in
 * (`%3APASSWORD%40`) stays.
 *
 * @example
 * encodedUrlPasswords("?dsn=postgres%3A%2F%2Fapp%3AZq8Lk3Vw9p%40db", []); // the span of `Zq8Lk3Vw9p`
 */
export function encodedUrlPasswords(text: string, spans: readonly Span[]): readonly Span[] {
  let at = text.indexOf(ENCODED_AT);
  // Nine characters each: the engine's search skips along the text, however thick the `%` in it.
  if (at < 0 || (!text.includes("%3A%2F%2F") && !text.includes("%3a%2f%2f"))) return spans;
  const found: Span[] = [];
  for (let low = 0; at >= 0; low = at + ENCODED_AT.length, at = text.indexOf(ENCODED_AT, low)) {
    let from = at;
    while (from > low && at - from < MAX_USERINFO && isUserinfo(text.charCodeAt(from - 1))) from--;
    // Too short to hold an encoded `://`, a `:` and a password: most `%40`s (an address's) end here.
    if (at - from <= ENCODED_SCHEME_END.length + ENCODED_COLON.length) continue;
    const userinfo = text.slice(from, at).toLowerCase();
    const scheme = userinfo.lastIndexOf(ENCODED_SCHEME_END);
    const colon = scheme < 0 ? -1 : userinfo.indexOf(ENCODED_COLON, scheme + ENCODED_SCHEME_END.length);
    const start = from + colon + ENCODED_COLON.length;
    if (colon >= 0 && start < at && !standIn(text.slice(start, at))) found.push({ start, end: at, replacement: "[secret:password]" });
  }
  return found.length === 0 ? spans : mergeDisjoint(spans, found);
}

/**
 * `spans` (the scan's, in order) with the whole of a URL's password masked
 * where a span stands in its userinfo. The scan takes a token there first,
 * and the password rule, reading back from the `@`, stops where that match
 * ends, so that part of the password would be left as written:
 *
 * - a token inside the password (`redis://:Zq8…SG.<key>@cache`,
 *   `postgres://app:abc-ghp_…@db`, `mongodb://app:@Zq8-ghp_…@db`): the
 *   whole password becomes one `[secret:password]`, the spans inside it
 *   dropped, unless one token is all of it, or all but a template's marks
 *   (`x-access-token:[secret:github-token]@…`, `u:${[secret:github-token]}@…`);
 * - a token that is the user (`https://ghp_…:Zq8…@host`): the password
 *   after it is masked as the password rule masks one, and kept as it is
 *   where it stands in for one or is GitHub's `x-oauth-basic`.
 *
 * Spans of the password rule's own (those that keep part of their text) are
 * its business.
 *
 * @example
 * urlPasswordsAround("redis://:Zq8vSG.…@cache", spans); // one [secret:password] span for `Zq8vSG.…`
 */
export function urlPasswordsAround(text: string, spans: readonly Span[]): readonly Span[] {
  let found: Span[] | null = null;
  for (const span of spans) {
    if (span.keep !== undefined || span.replacement === "") continue;
    // After the span, the rest of the userinfo and its `@`: most spans are followed by a quote or a blank, one read.
    let at = span.end;
    while (at < text.length && at - span.end < MAX_USERINFO && isUserinfo(text.charCodeAt(at))) at++;
    if (text.charCodeAt(at) !== 64 /* @ */) continue;
    // Back to the `://` over the userinfo, and over an `@` too: a password may start with one.
    let from = span.start;
    while (from > 0 && span.start - from < MAX_USERINFO && (isUserinfo(text.charCodeAt(from - 1)) || text.charCodeAt(from - 1) === 64)) from--;
    if (!text.startsWith("://", from - 3)) continue;
    // The password runs from the userinfo's first `:` to its last `@` (a password may hold one).
    const colon = text.indexOf(":", from);
    let end = at;
    for (let i = at + 1; i < text.length && i - at < MAX_USERINFO; i++) {
      const c = text.charCodeAt(i);
      if (c === 64) end = i;
      else if (!isUserinfo(c)) break;
    }
    if (colon < 0 || colon + 1 >= end || (colon >= span.start && colon < span.end)) continue;
    if (colon < span.start) {
      (found ??= []).push({ start: colon + 1, end, replacement: "[secret:password]" });
      continue;
    }
    // The span is the user, or in it: the password after it is read as the password rule reads one.
    const password = text.slice(colon + 1, end);
    const kept = password === OAUTH_BASIC || standIn(password);
    (found ??= []).push(kept ? { start: colon + 1, end, replacement: "", keep: colon + 1 } : { start: colon + 1, end, replacement: "[secret:password]" });
  }
  if (found === null) return spans;
  // Each password in place of the spans inside it, unless one token is all of it but a template's marks.
  const out: Span[] = [];
  let k = 0;
  for (const password of disjoint(found)) {
    while (k < spans.length && spans[k]!.end <= password.start) out.push(spans[k++]!);
    const first = k;
    while (k < spans.length && spans[k]!.start < password.end) k++;
    const only = k - first === 1 ? spans[first]! : null;
    out.push(only !== null && onlyTemplateMarks(text, password.start, only.start) && onlyTemplateMarks(text, only.end, password.end) ? only : password);
  }
  while (k < spans.length) out.push(spans[k++]!);
  return out;
}

/** True when `[from, to)` holds nothing but a template's marks (`$`, `{`, `}`, `%`), or nothing. */
function onlyTemplateMarks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!TEMPLATE_MARKS.includes(text[i]!)) return false;
  return true;
}

function isUserinfo(c: number): boolean {
  return c < 128 && USERINFO[c] === 1;
}
