import { escapeSafe, type Rule, type Span } from "../../src/masking/scan.js";
import type { MarkFilter } from "../../src/masking/scan.js";

/*
 * What the anchored scanner must compute, written the plain way: at every
 * code unit, note a mark if one starts there, then try each rule whose
 * anchor character stands there, in order (fallbacks last), with no
 * neighbour lists, table thinning or requirement shortcuts; the hex rule at
 * the end of every run of lower-case hex, whatever its length. Slow, and
 * obviously right; the scanner's tests compare against it.
 */

/**
 * Spans and marks of one pass over `text`, as `anchoredScanner` must find them.
 *
 * @example
 * referenceScan(secretRules([]), AT_MARKS, mayBeAddress, "token ghp_…");
 */
export function referenceScan(rules: readonly Rule[], marks: readonly string[], keepMark: MarkFilter, text: string): { spans: Span[]; marks: number[] } {
  const hexRule = rules.find((r) => r.hexRun !== undefined);
  const anchored = rules.filter((r) => r.hexRun === undefined);
  const ordered = [...anchored.filter((r) => r.fallback !== true), ...anchored.filter((r) => r.fallback === true)];
  for (const rule of rules) rule.reset?.();
  const units = new Uint16Array(text.length + 16);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  const spans: Span[] = [];
  const found: number[] = [];
  let floor = 0;
  const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
  for (let i = 0; i <= text.length; i++) {
    // The hex rule is asked at the end of every run of [0-9a-f] (it finds nothing in runs shorter than its `hexRun`).
    if (hexRule !== undefined && i > 0 && isHex(units[i - 1]!) && !isHex(units[i]!)) {
      const candidate = hexRule.match(text, i, floor, text.length, units);
      const match = candidate === null ? null : escapeSafe(text, floor, candidate);
      if (match !== null) {
        spans.push(match);
        floor = match.end;
        if (match.end > i) {
          i = match.end - 1;
          continue;
        }
      }
    }
    if (i === text.length) break;
    const c = units[i]!;
    const mark = marks.find((m) => m.charCodeAt(0) === c);
    const anchored = ordered.some((r) => r.needle.charCodeAt(r.anchor ?? 0) === c);
    if (mark !== undefined) {
      // Of a run of a mark's first character that anchors nothing, only the last can start the mark.
      if (!anchored && mark.length > 1 && mark.charCodeAt(1) !== c) while (units[i + 1] === c) i++;
      if ((mark.length === 1 || units[i + 1] === mark.charCodeAt(1)) && keepMark(units, text.length, i, mark.length)) found.push(i);
      if (!anchored) continue;
    }
    for (const rule of ordered) {
      const offset = rule.anchor ?? 0;
      if (rule.needle.charCodeAt(offset) !== c) continue;
      const at = i - offset;
      if (at < floor || !text.startsWith(rule.needle, at)) continue;
      const candidate = rule.match(text, at, floor, text.length, units);
      const match = candidate === null ? null : escapeSafe(text, floor, candidate);
      if (match === null) continue;
      spans.push(match);
      floor = match.end;
      i = Math.max(i, match.end - 1);
      break;
    }
  }
  return { spans, marks: found };
}
