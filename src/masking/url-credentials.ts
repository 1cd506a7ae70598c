import { asciiSet } from "./runs.js";
import type { Rule } from "./scan.js";

// RFC 3986 userinfo: unreserved, percent-encoded, sub-delims and ":".
const USERINFO = asciiSet("A-Za-z0-9._~%!$&'()*+,;=:-");
const MAX_USERINFO = 256;

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
 * The password in a URL's userinfo, `redis://:pass@host` or
 * `https://user:pass@host`: replaced so the address scan does not take the
 * password for a mailbox name. The user name stays. Found from the `@`
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
  match(_text, at, floor, _ceiling, units) {
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
    return { start: colon + 1, end: lastAt(units, at), replacement: "[secret:password]" };
  },
};
