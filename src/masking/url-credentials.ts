import { asciiSet, runEnd } from "./runs.js";
import type { Rule } from "./scan.js";

// RFC 3986 userinfo: unreserved, percent-encoded, sub-delims and ":".
const USERINFO = asciiSet("A-Za-z0-9._~%!$&'()*+,;=:-");
const MAX_USERINFO = 256;

/**
 * The password in a URL's userinfo, `redis://:pass@host` or
 * `https://user:pass@host`: replaced so the address scan does not take the
 * password for a mailbox name. The user name stays.
 *
 * @example
 * // "postgres://app:[secret:password]@db.internal/app"
 */
export const urlPasswordRule: Rule = {
  needle: "://",
  match(text, at, _floor, ceiling) {
    const from = at + 3;
    const end = runEnd(text, from, USERINFO, Math.min(ceiling, from + MAX_USERINFO));
    if (text.charCodeAt(end) !== 64 /* @ */ || end >= ceiling) return null;
    let colon = from;
    while (colon < end && text.charCodeAt(colon) !== 58 /* : */) colon++;
    if (colon >= end - 1) return null;
    return { start: colon + 1, end, replacement: "[secret:password]" };
  },
};
