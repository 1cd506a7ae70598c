import { Buffer } from "node:buffer";
import { backslashesEndingAt } from "./chars.js";
import { isPlaceholder } from "./rules/entropy.js";
import { asciiSet, BASE64_SEXTETS, DIGITS, isIn, runEnd } from "./runs.js";
import { BLANKS } from "./rules/keyword-value.js";
import type { FollowedRule } from "./anchor-layout.js";

/*
 * PEM private-key blocks, after gitleaks' private-key rule:
 * `-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY( BLOCK)?-----…KEY( BLOCK)?-----`.
 * The body may span real line breaks or JSON `\n` escapes (a key inside a
 * log line), and may carry `Proc-Type:`/`DEK-Info:` headers. A block cut off
 * before its END line is masked up to where the key material stops. A block
 * whose body is a stand-in (`...`, `<your key here>`, `XXXX…`), with its END
 * line within a few hundred characters, is documentation and stays whole.
 */

const BASE64 = asciiSet("A-Za-z0-9+/=");
// How far past the key material the END line of a stand-in body is looked for: a bounded look keeps the scan linear.
const STAND_IN_WINDOW = 300;
// Real keys are hundreds of base64 characters; fewer than 16 is a stand-in (`...`, `<your key here>`).
const MIN_MATERIAL = 16;

// What a key's body may hold besides base64: white space, JSON escapes, encrypted-key headers.
const KEY_BODY = asciiSet(" \t\r\n\\:,-");
// A real key's body has hundreds of base64 characters; a short one with other characters in it is prose.
const SHORT_BODY = 64;

/**
 * True when `[from, to)` is a stand-in: fewer than 16 base64 characters, a
 * short body holding other characters (`<your key here>`), a placeholder,
 * or base64 of text (see decodesToText).
 */
function standIn(units: Uint16Array, from: number, to: number): boolean {
  let material = 0;
  let foreign = false;
  for (let i = from; i < to; i++) {
    const c = units[i]!;
    if (c < 128 && BASE64[c] === 1) material++;
    else if (c >= 128 || KEY_BODY[c] === 0) foreign = true;
  }
  return material < MIN_MATERIAL || (foreign && material < SHORT_BODY) || isPlaceholder(units, from, to) || decodesToText(units, from, to);
}

/**
 * True when the body, whole base64 padded at its end only, decodes to words
 * on one line (secretlint's stand-in `YWJjZGVm…`, the alphabet; a sentence
 * in a key's place): every private key format holds bytes no text holds
 * (DER's tags and lengths, OpenSSH's zeros), from the first few on, and base64
 * of a PEM key decodes to lines. Every word must be shaped as one (see
 * wordShaped), and a stand-in's words or the alphabet stand among them, so
 * that random letters are no text. JSON escapes between the lines are passed
 * over; a body with a header line (`Proc-Type:`, an encrypted key), or of
 * more than 1,024 characters, is read as a key.
 */
function decodesToText(units: Uint16Array, from: number, to: number): boolean {
  if (to - from > MAX_TEXT_BODY) return false;
  let base64 = "";
  // Each group of four base64 characters is decoded as it is read: a key's first bytes are no text (DER's `0`
  // tag; the `1` of OpenSSH's `openssh-key-v1`, in its fifth group), and a byte no decoded text may hold settles it.
  let group = 0;
  let sextets = 0;
  for (let i = from; i < to; i++) {
    const c = units[i]!;
    if (c === COLON) return false;
    if (c === BACKSLASH) {
      while (units[i + 1] === BACKSLASH) i++;
      i++;
    } else if (c < 128 && BASE64[c] === 1) {
      base64 += String.fromCharCode(c);
      const sextet = BASE64_SEXTETS[c]!;
      // From a `=` on the text ends, or the base64 is not whole: the checks below settle it.
      if (sextets < 0 || sextet < 0) sextets = -1;
      else {
        group = (group << 6) | sextet;
        if (++sextets === 4) {
          if (!mayBeText(group >> 16) || !mayBeText((group >> 8) & 0xff) || !mayBeText(group & 0xff)) return false;
          group = 0;
          sextets = 0;
        }
      }
    }
  }
  // Whole base64, padded at its end only: a `=` inside (a line's `db=` prefix, a short padded line before the key)
  // would stop the decoding there, and what came before it would be judged for the whole.
  if (base64.length % 4 !== 0 || !WHOLE_BASE64.test(base64)) return false;
  // `echo … | base64` ends the text with a line break.
  const text = Buffer.from(base64, "base64").toString("latin1").replace(/\n$/, "");
  if (!DECODED_WORDS.test(text)) return false;
  const words = text.split(/[ .,'"!?()-]+/).flatMap((word) => word.split(/(?=[A-Z][a-z])/)).filter((word) => word.length > 0);
  return words.every(wordShaped) && (words.some((word) => standInWords(word.toLowerCase())) || ALPHABET.test(text.toLowerCase()));
}

/** Words a stand-in for a key says itself with (`This is not a real key`, `YourPrivateKeyHere`, filler text); random letters hold none. */
const STAND_IN_WORDS = new Set(["key", "keys", "private", "your", "here", "example", "placeholder", "dummy", "fake", "test", "not", "real", "replace", "insert", "sample", "paste", "redacted", "changeme", "content", "goes", "lorem", "ipsum", "hello", "world"]);
/** Short words that join stand-in words run together (`notarealkey`, `yourkeyhere`). */
const JOINERS = new Set(["a", "is", "this", "the", "my"]);

/** True when `word` is a stand-in word, or stand-in words and joiners run together, at least one of them a stand-in word. */
function standInWords(word: string): boolean {
  // From each position, whether the rest splits into words: 1 with a stand-in word among them, 2 with joiners only.
  const from = new Uint8Array(word.length + 1);
  from[word.length] = 2;
  for (let i = word.length - 1; i >= 0; i--) {
    for (let j = i + 1; j <= Math.min(word.length, i + 12); j++) {
      const rest = from[j]!;
      if (rest === 0) continue;
      const part = word.slice(i, j);
      if (STAND_IN_WORDS.has(part)) from[i] = 1;
      else if (JOINERS.has(part) && from[i] !== 1) from[i] = rest;
    }
  }
  return from[0] === 1;
}

/** One of four runs of ten letters of the alphabet (secretlint's stand-in is the alphabet itself; rules/secret-like.ts's `alphabet` takes any ten). */
const ALPHABET = /abcdefghij|bcdefghijk|klmnopqrst|qrstuvwxyz/;

/**
 * True when letters read as a word, not as random ones: a vowel (`y`
 * counted) in any part of three letters or more, and no run of six
 * consonants (`abcdefghijklmnopqrstuvwxyz` has five at most; `xmqp`,
 * `qkhvkqxlmz…` are random).
 */
function wordShaped(word: string): boolean {
  return (word.length < 3 || /[aeiouy]/i.test(word)) && !/[^aeiouy]{6}/i.test(word);
}

const COLON = 58;
/** Stand-ins are short: a body longer than this is read as a key whatever it decodes to. */
const MAX_TEXT_BODY = 1024;
const WHOLE_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/**
 * Letters and a sentence's punctuation, on one line: no key, no PEM text
 * (base64 of a key holds line breaks), no token (digits, `_`: `ghp_…`,
 * `sk_live_…`), no `user:password`.
 */
const DECODED_WORDS = /^[A-Za-z .,'"!?()-]+$/;
/** The bytes {@link DECODED_WORDS} takes, and the line break `echo … | base64` ends the text with. */
const TEXT_BYTES = asciiSet("A-Za-z .,'\"!?()\n-");
/** True when a byte may stand in the text that {@link decodesToText} looks for. */
const mayBeText = (byte: number): boolean => byte < 128 && TEXT_BYTES[byte] === 1;

const LABEL = asciiSet(" A-Z0-9_-");
// Base64, whitespace, JSON escapes (`\n`, `\r`) and encrypted-key headers.
const BODY = asciiSet("A-Za-z0-9+/= \t\r\n\\:,-");
const MAX_LABEL = 110;
const KEY_LABEL = /KEY(?: BLOCK)?$/;

/** Reads `label-----` from `from`; returns the index after the dashes when the label is a key's, or -1. */
function closeLabel(text: string, from: number, ceiling: number): number {
  const limit = Math.min(ceiling - 5, from + MAX_LABEL);
  for (let i = from; i <= limit; i++) {
    const c = text.charCodeAt(i);
    // A dash first: most label characters are not, and cost no call.
    if (c === 45 && text.startsWith("-----", i)) return KEY_LABEL.test(text.slice(from, i)) ? i + 5 : -1;
    if (c >= 128 || LABEL[c] === 0) return -1;
  }
  return -1;
}

// How far back the start of the BEGIN line is looked for: a line's prefix is a quote's markers, a log's timestamp and source.
const MAX_PREFIX = 64;
const BACKSLASH = 92;

/** How many code units of line break end right before `k`: 1 for a real one, 2 for a JSON-escaped `\n` (not `\\n`), else 0. */
function lineBreakBefore(text: string, k: number): number {
  const c = text.charCodeAt(k - 1);
  if (c === 10) return 1;
  return c === 110 && backslashesEndingAt(text, k - 2, 0) % 2 === 1 ? 2 : 0;
}

/**
 * Where the line that holds `at` starts (after a real or JSON-escaped line
 * break, or the quote that opens a JSON string), at most {@link MAX_PREFIX}
 * back; -1 if further.
 */
function lineStart(text: string, at: number): number {
  for (let k = at; k > 0 && at - k <= MAX_PREFIX; k--) {
    if (lineBreakBefore(text, k) > 0) return k;
    if (text.charCodeAt(k - 1) === 34 && backslashesEndingAt(text, k - 2, 0) % 2 === 0) return k;
  }
  return at <= MAX_PREFIX ? 0 : -1;
}

/**
 * A line prefix's shape: each run of digits (with the `.`, `:` and `,` between
 * them) as one `0`, each run of blanks as one blank, the rest as it is, so
 * that `2026-04-01T10:00:00Z ` and the next line's `…T10:00:01.5Z `, or
 * `  9| ` and ` 10| `, read alike.
 */
function skeleton(units: Uint16Array, from: number, to: number): string {
  let out = "";
  for (let i = from; i < to; i++) {
    const c = units[i]!;
    const set = runSet(c);
    out += set === NUMBER ? "0" : set === BLANKS ? " " : String.fromCharCode(c);
    if (set !== null) i = runEnd(units, i + 1, set, to) - 1;
  }
  return out;
}

/** A number in a prefix: digits, and the `.`, `:` and `,` between them. */
const NUMBER = asciiSet("0-9.:,");

/** The set a run that starts with `c` is read over, or null for a character that stands for itself. */
function runSet(c: number): Uint8Array | null {
  return isIn(DIGITS, c) ? NUMBER : isIn(BLANKS, c) ? BLANKS : null;
}

/**
 * Where a prefix of the shape `prefix` (see {@link skeleton}) that starts at
 * `from` ends, or -1: read once, each character compared as it comes, and a
 * run of digits or blanks read whole.
 */
function prefixEnd(units: Uint16Array, from: number, ceiling: number, prefix: string): number {
  let matched = 0;
  let i = from;
  while (matched < prefix.length && i < ceiling) {
    const c = units[i]!;
    const set = runSet(c);
    const shown = set === NUMBER ? 48 : set === BLANKS ? 32 : c;
    if (prefix.charCodeAt(matched) !== shown) return -1;
    matched++;
    i = set === null ? i + 1 : runEnd(units, i + 1, set, ceiling);
  }
  return matched === prefix.length ? i : -1;
}

/** True when the line from `from` reads as a key's: no blank before its end (base64), or its END line or a header. */
function keyLine(text: string, units: Uint16Array, from: number, ceiling: number): boolean {
  if (text.startsWith("-----END", from) || text.startsWith("Proc-Type:", from) || text.startsWith("DEK-Info:", from)) return true;
  for (let i = from; i < ceiling && i - from < 120; i++) {
    const c = units[i]!;
    if (c === 10 || c === 13 || (c === BACKSLASH && (units[i + 1] === 110 || units[i + 1] === 114))) return true;
    if (c === 32 || c === 9) return false;
  }
  return true;
}

/**
 * Where a key's body that starts at `from` ends: a run of {@link BODY}
 * characters, which goes on over the prefix that every line of the block
 * carries when the BEGIN line carries one (`> ` in a quoted reply, `web-1  | `
 * in docker compose's output, a timestamp): where the run stops within such
 * a prefix, right after a line break (real or `\n`), the next line is read
 * on past it. Each character is read a bounded number of times.
 */
function bodyEndThrough(text: string, units: Uint16Array, from: number, ceiling: number, prefix: string): number {
  let end = runEnd(units, from, BODY, ceiling);
  if (prefix === "") return end;
  for (;;) {
    if (end >= ceiling) return end;
    // The line the run stopped on starts within a prefix's length of where it stopped.
    let line = -1;
    let lineBreak = 0;
    for (let k = end; k > from && end - k <= MAX_PREFIX && line < 0; k--) {
      lineBreak = lineBreakBefore(text, k);
      if (lineBreak > 0) line = k;
    }
    const next = line < 0 ? -1 : prefixEnd(units, line, ceiling, prefix);
    if (next <= end) return end;
    // A prefixed line of prose after a key cut short (`web-1  | Server listening…`) is no part of it: the body ends at the line break.
    if (!keyLine(text, units, next, ceiling)) return line - lineBreak;
    from = next;
    end = runEnd(units, next, BODY, ceiling);
  }
}

export const privateKeyRule: FollowedRule = {
  needle: "-----BEGIN",
  anchor: 5,
  // The label (or the dashes closing it) starts right after BEGIN.
  followedBy: LABEL,
  match(text, at, _floor, ceiling, units) {
    const headerEnd = closeLabel(text, at + 10, ceiling);
    if (headerEnd < 0 || !text.slice(at + 10, headerEnd - 5).includes("PRIVATE")) return null;
    // A prefix every line of the block carries (a quote's `> `, a log's source or timestamp), read from the BEGIN line.
    const start = lineStart(text, at);
    const prefix = start >= 0 && start < at && runEnd(units, start, BLANKS, at) < at ? skeleton(units, start, at) : "";
    const bodyEnd = bodyEndThrough(text, units, headerEnd, ceiling, prefix);
    const footer = text.slice(headerEnd, bodyEnd).indexOf("-----END");
    const window = footer >= 0 ? -1 : text.slice(bodyEnd, Math.min(ceiling, bodyEnd + STAND_IN_WINDOW)).indexOf("-----END");
    const bodyStop = footer >= 0 ? headerEnd + footer : window >= 0 ? bodyEnd + window : -1;
    if (bodyStop >= 0 && standIn(units, headerEnd, bodyStop)) return null;
    if (footer >= 0) {
      const end = closeLabel(text, headerEnd + footer + 8, ceiling);
      if (end > 0) return { start: at, end, replacement: "[secret:private-key]" };
    }
    // Cut short: stop before a trailing backslash whose escape lies outside.
    let end = footer >= 0 ? headerEnd + footer : bodyEnd;
    if (end > headerEnd && backslashesEndingAt(text, end - 1, headerEnd) % 2 === 1) end--;
    return { start: at, end, replacement: "[secret:private-key]" };
  },
};
