import { createHmac } from "node:crypto";
import { domainToASCII } from "node:url";
import { classOfCodePoint, PLAIN } from "./chars.js";
import { domainStart } from "./domain.js";
import { localPartContentStart } from "./local-part.js";
import type { Span } from "./scan.js";

export type EmailMode = "partial" | "full" | "hash";

/**
 * Writes the replacement of the address `text[start, end)` whose `@` (written
 * `at`: `@`, `%40` or `\u0040`) stands at `atIndex`.
 */
export type EmailRenderer = (text: string, start: number, atIndex: number, at: string, end: number) => Span;

/**
 * Builds the replacement for each address in the chosen mode:
 * `partial` keeps the first character and the domain (`j***@example.com`),
 * `full` writes `[email]`, `hash` a keyed pseudonym (`[email:3f2a9c1b]`).
 * The replacement never contains a quote or a backslash, so JSON stays valid.
 *
 * @example
 * const render = emailRenderer("hash", "signing-key");
 */
export function emailRenderer(mode: EmailMode, hashKey?: string | Uint8Array): EmailRenderer {
  switch (mode) {
    case "partial":
      // The domain is kept as written: the span's replacement covers the local part and the `@`.
      return (text, start, atIndex, at, end) => ({
        start,
        end,
        replacement: partialPrefix(text, start, atIndex, at === "%40"),
        keep: domainStart(text, atIndex + at.length),
      });
    case "full":
      return (_text, start, _atIndex, _at, end) => ({ start, end, replacement: "[email]" });
    case "hash": {
      if (hashKey === undefined || hashKey.length === 0) {
        throw new TypeError('createMasker: emails "hash" needs hashKey (the app\'s signing key) so that pseudonyms are stable and unguessable');
      }
      return pseudonymiser(hashKey);
    }
    default:
      throw new TypeError(`createMasker: emails must be "partial", "full" or "hash", not ${JSON.stringify(mode)}`);
  }
}

/** The ASCII prefixes of each mask, made once: `a***@`, `b***@`, …, and the same before `%40`. */
const prefixesOf = (mask: string) => Array.from({ length: 128 }, (_, c) => String.fromCharCode(c) + mask);
const AT_PREFIXES = prefixesOf("***@");
const PERCENT_PREFIXES = prefixesOf("***%40");

/**
 * `j***@`: the first character of the local part when it is a letter or
 * digit (nothing otherwise), then the mask.
 */
function partialPrefix(text: string, start: number, atIndex: number, percent: boolean): string {
  const mask = percent ? "***%40" : "***@";
  const cp = text.codePointAt(localPartContentStart(text, start)) ?? 0;
  if ((classOfCodePoint(cp) & PLAIN) === 0) return mask;
  if (cp >= 128) return String.fromCodePoint(cp) + mask;
  return (percent ? PERCENT_PREFIXES : AT_PREFIXES)[cp]!;
}

const CACHE_LIMIT = 4096;

function pseudonymiser(key: string | Uint8Array): EmailRenderer {
  const cache = new Map<string, string>();
  return (text, start, atIndex, at, end) => {
    const address = canonicalAddress(text, start, atIndex, at, end);
    let pseudonym = cache.get(address);
    if (pseudonym === undefined) {
      pseudonym = `[email:${createHmac("sha256", key).update(address).digest("hex").slice(0, 8)}]`;
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(address, pseudonym);
    }
    return { start, end, replacement: pseudonym };
  };
}

/**
 * The address as one person is known by, whatever form it was written in:
 * JSON and percent escapes decoded, quotes removed, domain in ASCII (IDNA),
 * all lower case (mailboxes are case-insensitive in practice).
 */
function canonicalAddress(text: string, start: number, atIndex: number, at: string, end: number): string {
  // Markdown's `\@` (and `\\@` in a JSON string) is an `@`: the backslashes are no part of the name.
  let name = decodeJsonString(text.slice(start, atIndex)).replace(/\\+$/, "");
  const quoted = /^"(.*)"$/s.exec(name);
  if (quoted !== null) name = quoted[1]!.replace(/\\(.)/gs, "$1");
  let host = text.slice(domainStart(text, atIndex + at.length), end).toLowerCase();
  if (at === "%40") {
    name = decodePercent(name);
    host = decodePercent(host);
  }
  const ascii = host.startsWith("[") ? host : domainToASCII(host) || host;
  return `${name.toLowerCase()}@${ascii}`;
}

function decodeJsonString(raw: string): string {
  if (!raw.includes("\\")) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

function decodePercent(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
