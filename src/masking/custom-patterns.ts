import { RE2JS } from "re2js";
import { compileLinearPattern } from "../core/linear-pattern.js";

/** The outcome of checking one custom masking pattern; `source` is in RE2 syntax. */
export type SafePatternResult =
  | { ok: true; re: RE2JS; source: string }
  | { ok: false; message: string };

/** Finds the stretches a scanner covers in `text[start, end)`, appending start/end pairs, in order, to `runs`. */
export interface PatternCover {
  cover(text: string, start: number, end: number, runs: number[]): void;
}

const MAX_SOURCE = 1000;

/**
 * Checks a custom masking pattern (policy `settings.masking.patterns`) and
 * compiles it with RE2, which matches in linear time whatever the pattern.
 * Refused, each with a message naming what was found, where, and what to
 * write instead: what RE2 cannot compile (backreferences, lookaround,
 * syntax errors), anchors and `\b` (masking matches anywhere), patterns that
 * match the empty string, and flags other than `i`.
 *
 * @example
 * compileSafePattern("EMP-[0-9]{6}"); // { ok: true, source: "EMP-[0-9]{6}", … }
 * compileSafePattern("(x)\\1"); // { ok: false, message: 'pattern "(x)\\1": the backreference "\\1" at character 4 …' }
 */
export function compileSafePattern(pattern: string | RegExp): SafePatternResult {
  const source = typeof pattern === "string" ? pattern : pattern.source;
  const refuse = (why: string): SafePatternResult => ({ ok: false, message: `pattern ${JSON.stringify(source)}: ${why}` });
  const flag = typeof pattern === "string" ? undefined : [...pattern.flags].find((f) => "usv".includes(f));
  if (flag !== undefined) return refuse(`the flag "${flag}" is not supported; only "i" (or a leading (?i)) changes how masking patterns match`);
  if (source.length === 0) return refuse("it is empty; write the text to mask");
  if (source.length > MAX_SOURCE) return refuse(`it is longer than ${MAX_SOURCE} characters; split it into several patterns`);
  // A RegExp is JavaScript syntax: RE2JS translates what differs (\u0041, the i flag).
  const re2Source = typeof pattern === "string" ? pattern : RE2JS.translateRegExp(pattern);
  const compiled = compileLinearPattern(re2Source);
  if (!compiled.ok) return refuse(compiled.message);
  const anchor = findAnchor(re2Source);
  if (anchor !== null) {
    return refuse(`the ${anchor.what} "${anchor.text}" at character ${anchor.at + 1}: masking patterns match anywhere in the text; remove it and make the pattern itself specific, e.g. EMP-[0-9]{6}`);
  }
  if (compiled.re.matches("")) return refuse("it can match the empty string, which would mask nothing and match everywhere; make at least one part of it required");
  return { ok: true, re: compiled.re, source: re2Source };
}

/** Thrown by `createMasker` when a custom pattern is refused: masking must not silently skip one. */
export class MaskingPatternError extends Error {
  constructor(readonly messages: readonly string[]) {
    super(`masking patterns refused:\n- ${messages.join("\n- ")}`);
    this.name = "MaskingPatternError";
  }
}

/**
 * Compiles the patterns of a masker into one RE2 expression (their
 * alternation, leftmost-longest), or throws {@link MaskingPatternError}
 * listing every refused pattern.
 *
 * @example
 * const cover = compilePatterns(["EMP-[0-9]{6}"]);
 */
export function compilePatterns(patterns: readonly (string | RegExp)[]): PatternCover {
  const sources: string[] = [];
  const messages: string[] = [];
  for (const pattern of patterns) {
    const result = compileSafePattern(pattern);
    if (result.ok) sources.push(`(?:${unnamed(result.source)})`);
    else messages.push(result.message);
  }
  if (messages.length > 0) throw new MaskingPatternError(messages);
  // Group names mean nothing to masking, and two patterns may use the same one.
  const re = RE2JS.compile(sources.join("|"), RE2JS.LONGEST_MATCH);
  return { cover: (text, start, end, runs) => coverInWindows(re, text, start, end, runs) };
}

/**
 * Half a search window. A match that fits in a window (2 × MAX_MATCH) is
 * found, and one that runs to the window's edge is followed to its end; a
 * pattern whose shortest match is longer than a window is never found
 * (docs/masking.md).
 */
export const MAX_MATCH = 256;
const WINDOW = 2 * MAX_MATCH;

/**
 * RE2 finds one match in linear time, but finding match after match is
 * quadratic when a pattern keeps a thread alive to the end of the text
 * (`EMP-[0-9]{6}|SECRET.*END` over `SECRET EMP-… EMP-…`): each search runs
 * to the end before it settles for the next short match. So each search
 * reads a window of at most 2 × MAX_MATCH characters: a match found in its
 * first half is leftmost and (up to MAX_MATCH) longest; one in its second
 * half is searched again from its start; no match moves the window on by
 * half. Work is then at most a window per match or per half window.
 */
function coverInWindows(re: RE2JS, text: string, start: number, end: number, runs: number[]): void {
  let pos = start;
  while (pos < end) {
    const limit = Math.min(end, pos + WINDOW);
    const matcher = re.matcher(text.slice(pos, limit));
    if (!matcher.find()) {
      if (limit === end) return;
      pos = limit - MAX_MATCH;
      continue;
    }
    const from = pos + matcher.start();
    if (from > limit - MAX_MATCH && limit < end && from > pos) {
      pos = from;
      continue;
    }
    // Matches are never empty (refused above), so the window always moves forward.
    let to = pos + matcher.end();
    // A match that runs to the window's edge may go on past it: search again from its start
    // in a window twice as long, until it ends inside one (work stays linear in its length).
    for (let reach = limit; to === reach && reach < end; ) {
      reach = Math.min(end, from + 2 * (reach - from));
      const longer = re.matcher(text.slice(from, reach));
      if (!longer.find() || longer.start() !== 0) break;
      to = from + longer.end();
    }
    runs.push(from, to);
    pos = to;
  }
}

interface Anchor {
  what: string;
  text: string;
  at: number;
}

const ASSERTIONS: Record<string, string> = { "^": "anchor", $: "anchor", "\\A": "anchor", "\\z": "anchor", "\\b": "word boundary", "\\B": "word boundary" };

/** The first assertion outside a character class in a pattern RE2 accepted, or null. */
function findAnchor(source: string): Anchor | null {
  let found: Anchor | null = null;
  walk(source, (token, at, inClass) => {
    if (found === null && !inClass && ASSERTIONS[token] !== undefined) found = { what: ASSERTIONS[token], text: token, at };
  });
  return found;
}

/** The pattern with named groups made plain groups, so that alternatives may share names. */
function unnamed(source: string): string {
  let out = "";
  walk(source, (token, _at, inClass) => {
    out += !inClass && /^\(\?P?<[^=!]/.test(token) ? "(" : token;
  });
  return out;
}

/**
 * Splits a pattern RE2 accepted into tokens: escapes (with `\Q…\E` kept
 * whole), a named group's opening `(?<name>` / `(?P<name>`, and single
 * characters, telling for each whether it stands inside a character class.
 */
function walk(source: string, visit: (token: string, at: number, inClass: boolean) => void): void {
  let inClass = false;
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    let token = c;
    if (c === "\\" && source[i + 1] === "Q") {
      const close = source.indexOf("\\E", i + 2);
      token = source.slice(i, close < 0 ? source.length : close + 2);
    } else if (c === "\\") {
      token = source.slice(i, i + 2);
    } else if (inClass && c === "]") {
      inClass = false;
    } else if (!inClass && c === "[") {
      const opening = /^\[\^?\]?/.exec(source.slice(i))![0];
      visit(opening, i, true);
      i += opening.length;
      inClass = true;
      continue;
    } else if (inClass && c === "[") {
      const posix = /^\[:\^?[a-z]+:\]/.exec(source.slice(i));
      if (posix !== null) token = posix[0];
    } else if (!inClass && c === "(") {
      const named = /^\(\?P?<[^=!>][^>]*>/.exec(source.slice(i));
      if (named !== null) token = named[0];
    }
    visit(token, i, inClass);
    i += token.length;
  }
}
