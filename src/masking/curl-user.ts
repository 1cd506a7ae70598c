import { placeholderLengthAt } from "./chars.js";
import { CodeUnits } from "./code-units.js";
import { entropy, isPlaceholder } from "./rules/entropy.js";
import { asciiSet } from "./runs.js";
import { secretPlaceholder, type Span } from "./scan.js";

/*
 * `curl -u user:password` and `curl --user "user:password"`, after gitleaks'
 * curl-auth-user rule (cmd/generate/config/rules/curl.go): the password
 * after the first `:` of the value of `-u` / `--user` on a curl command
 * line is masked, the user name stays. The letters of `curl`, `-` and `u`
 * are among the commonest in the app's logs, so no anchor is worth a stop:
 * the text is searched for `curl` once (a fast substring search) and only a
 * text that holds it is read further, a bounded window after each `curl`.
 * Left alone, as gitleaks' allowlist leaves them: no password (`user:`
 * prompts for one), `pass`, `password`, `pwd`, `test`, `token`, `changeme`,
 * `changeit`, runs of `*` or `x` (each the whole password: gitleaks' list
 * also passes a password that only starts so, `passW0rd8s8Vh7y1Ow`, which is
 * masked here), `<placeholders>`, `[placeholders]`, `$VAR`, `${VAR}`,
 * `$(command)` and `{{ templates }}`.
 */

const CURL = "curl";
const CURL_TAIL = CURL.slice(1);
// gitleaks reads the command's line and up to five continuation lines.
const WINDOW = 1000;
const FLAG = /(?:[ \t\r\n]|\\[nrt])(?:-u|--user)(?:=|[ \t]{0,5})/g;
const MAX_VALUE = 300;
// The whole password, or with the bracket that closes a placeholder around the pair (`<user:password>`).
const ALLOWED = /^(?:change(?:it|me)|pass(?:word)?|pwd|test|token|\*+|x+)[>\]}]?$/i;
// A `<placeholder>` whole (`<S3cr3t…` with no closing bracket is a password); `$VAR`, `[…]` and `{{ … }}` by their start.
const TEMPLATE = /^(?:\$|\[|\{\{|<[^>]*>$)/;
const PASSWORD = secretPlaceholder("password");
// What ends an unquoted value: white space, quotes and the backslash of an escape.
const VALUE_END = asciiSet(" \t\r\n\"'`\\");
const copy = new CodeUnits();

/**
 * Where the value's password (after its first `:`) starts and ends, or null.
 * As gitleaks' rule reads them: `user:pass`, `"user:pass"`, `":pass"` (no
 * user), `"token:"` (a token given as the user with an empty password, which
 * is then the secret), `"user":"pass"` and `user:'pass'` (each part quoted on
 * its own).
 */
function passwordOf(text: string, units: Uint16Array, at: number, limit: number): { start: number; end: number } | null {
  let i = at;
  // A quoted value, also JSON-escaped (`\"user:pass\"`).
  while (i < limit && text.charCodeAt(i) === 92) i++;
  const quote = text[i] === '"' || text[i] === "'" ? text[i]! : null;
  if (quote === null) i = at;
  else i++;
  const valueStart = i;
  let end = i;
  if (quote !== null) {
    end = closingQuote(units, end, limit, quote);
    if (end < 0) return null;
    const close = end;
    while (end > valueStart && text.charCodeAt(end - 1) === 92) end--;
    // `"user":"pass"`: the password is the next quoted part.
    if (text[close + 1] === ":" && colonIn(units, valueStart, end) < 0) return partAfter(text, units, close + 2, limit);
  } else {
    while (end < limit && !(units[end]! < 128 && VALUE_END[units[end]!] === 1)) end++;
    // `user:'pass'`: the password is quoted on its own.
    if (end - valueStart > 1 && text[end - 1] === ":" && (text[end] === '"' || text[end] === "'")) return partAfter(text, units, end, limit);
  }
  // A credential the first pass masked (`"[secret:password]:"`): the colon inside its placeholder separates nothing.
  const colon = colonIn(units, valueStart + placeholderLengthAt(text, valueStart), end);
  if (colon < 0) return null;
  // `"token:"`, quoted: the part before the colon is the credential.
  if (colon === end - 1) return quote !== null && colon - valueStart >= 3 ? { start: valueStart, end: colon } : null;
  if (colon >= end - 2 || (colon === valueStart && quote === null)) return null;
  return { start: colon + 1, end };
}

/**
 * Where the `quote` that closes a value opened at `from` stands, or -1: not
 * past a line break (real or JSON-escaped, `\n`), nor, in a value opened by
 * `'`, past a double quote, which ends the string or the command that holds
 * it (`echo "curl -u a:'x"; …`).
 */
function closingQuote(units: Uint16Array, from: number, limit: number, quote: string): number {
  const q = quote.charCodeAt(0);
  for (let i = from; i < limit; i++) {
    const c = units[i]!;
    if (c === q) return i;
    if (c === 10 || c === 13 || (c === 34 && q !== 34) || (c === 92 && (units[i + 1] === 110 || units[i + 1] === 114))) return -1;
  }
  return -1;
}

/** The first `:` in `[from, to)`, or -1: read there only, since a search of the text to its end from each flag (`curl -u ~curl -u ~…`) is quadratic. */
function colonIn(units: Uint16Array, from: number, to: number): number {
  for (let i = from; i < to; i++) if (units[i] === 58) return i;
  return -1;
}

/** The quoted (or bare) part that starts at `at`: `"pass"`, `'pass'`, `pass`. */
function partAfter(text: string, units: Uint16Array, at: number, limit: number): { start: number; end: number } | null {
  // Quoted, also JSON-escaped (`\"user\":\"pass\"` in a log line).
  let open = at;
  while (open < limit && text.charCodeAt(open) === 92) open++;
  const quote = text[open] === '"' || text[open] === "'" ? text[open]! : null;
  const start = quote === null ? at : open + 1;
  let end = start;
  if (quote !== null) {
    end = closingQuote(units, end, limit, quote);
    if (end < 0) return null;
    while (end > start && text.charCodeAt(end - 1) === 92) end--;
  } else {
    while (end < limit && !(units[end]! < 128 && VALUE_END[units[end]!] === 1)) end++;
  }
  return end - start >= 2 ? { start, end } : null;
}

function allowed(text: string, units: Uint16Array, start: number, end: number): boolean {
  const head = text.slice(start, Math.min(end, start + 12));
  const whole = text.slice(start, end);
  return ALLOWED.test(whole) || TEMPLATE.test(units[start] === 60 /* < */ ? whole : head) || isPlaceholder(units, start, end) || entropy(units, start, end) < 2;
}

/** The passwords after the flags in `[begin, limit)`, in order. */
function passwordsIn(text: string, begin: number, limit: number, found: Span[], copied: { units: Uint16Array | null }): void {
  for (const flag of text.slice(begin, limit).matchAll(FLAG)) {
    // Copied once for all the windows: a copy per window is quadratic in a text of many `curl`s.
    const units = (copied.units ??= copy.of(text));
    const password = passwordOf(text, units, begin + flag.index + flag[0].length, Math.min(text.length, limit + MAX_VALUE));
    if (password === null || (found.length > 0 && password.start < found[found.length - 1]!.end)) continue;
    if (!allowed(text, units, password.start, password.end)) found.push({ ...password, replacement: PASSWORD });
  }
}

/**
 * Where the first `curl` at or after `from` starts, or -1. The search is for
 * `url`, then for the `c` before it: a substring search stops at every
 * occurrence of its first character, and `c` is among the commonest letters
 * of a log line (three times the stops of `u`, and of the whole search's time).
 */
function curlAt(text: string, from: number): number {
  for (let u = text.indexOf(CURL_TAIL, from + 1); u >= 0; u = text.indexOf(CURL_TAIL, u + CURL_TAIL.length)) {
    if (text.charCodeAt(u - 1) === 99 /* c */) return u - 1;
  }
  return -1;
}

/**
 * `found` in order, each span that overlaps one kept before it left out (a
 * cookie header read by the scan and again after it). Sorts `found` in place.
 *
 * @example
 * disjoint([{ start: 2, end: 6, replacement: "[b]" }, { start: 0, end: 4, replacement: "[a]" }]); // the span at 0 alone
 */
export function disjoint(found: Span[]): Span[] {
  found.sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const span of found) if (out.length === 0 || span.start >= out[out.length - 1]!.end) out.push(span);
  return out;
}

/**
 * Merges `found` into `spans` (both sorted, each disjoint). Where a found
 * span overlaps spans of the scan, what it holds besides them is masked
 * under its own placeholder: a cookie's value that runs into another rule's
 * match (`sid=Zq8…&token=Ab3…`) is masked up to it, not left whole.
 *
 * @example
 * mergeDisjoint([{ start: 2, end: 4, replacement: "[a]" }], [{ start: 0, end: 6, replacement: "[b]" }]); // [b] 0–2, [a] 2–4, [b] 4–6
 */
export function mergeDisjoint(spans: readonly Span[], found: readonly Span[]): Span[] {
  const out: Span[] = [];
  let k = 0;
  for (const span of found) {
    while (k < spans.length && spans[k]!.end <= span.start) out.push(spans[k++]!);
    let start = span.start;
    // The scan's spans that overlap this one, and the pieces of this one between them.
    for (let j = k; j < spans.length && spans[j]!.start < span.end; j++) {
      if (spans[j]!.start > start) out.push({ start, end: spans[j]!.start, replacement: span.replacement });
      start = Math.max(start, spans[j]!.end);
      if (spans[j]!.end <= span.end) {
        out.push(spans[j]!);
        k = j + 1;
      }
    }
    if (start < span.end) out.push({ start, end: span.end, replacement: span.replacement });
  }
  while (k < spans.length) out.push(spans[k++]!);
  return out;
}

/**
 * The passwords of `curl -u user:password` in `text`, merged into the
 * sorted `spans` already found (an overlapping one is left to the span
 * already there).
 *
 * @example
 * curlUserSpans("curl -u admin:S3cr3t-pw https://x", []); // [{ start: 14, end: 23, … }]
 */
export function curlUserSpans(text: string, spans: readonly Span[]): readonly Span[] {
  let from = curlAt(text, 0);
  if (from < 0) return spans;
  const found: Span[] = [];
  const copied: { units: Uint16Array | null } = { units: null };
  // The windows after neighbouring `curl`s are joined, so each character is searched once.
  let begin = from + CURL.length;
  let limit = Math.min(text.length, from + WINDOW);
  for (from = curlAt(text, begin); from >= 0; from = curlAt(text, from + CURL.length)) {
    if (from + CURL.length > limit) {
      passwordsIn(text, begin, limit, found, copied);
      begin = from + CURL.length;
    }
    limit = Math.min(text.length, from + WINDOW);
  }
  passwordsIn(text, begin, limit, found, copied);
  return found.length === 0 ? spans : mergeDisjoint(spans, found);
}
