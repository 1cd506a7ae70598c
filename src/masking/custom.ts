import { backslashesEndingAt, jsonEscapeLength } from "./chars.js";
import type { Automaton } from "./patterns/automaton.js";
import { CoverageScanner } from "./patterns/index.js";
import type { Span } from "./scan.js";

const QUOTE = 34;
const OPEN_BRACKET = 91;
const PLACEHOLDER = /^\[(?:masked|email(?::[0-9a-f]{8})?|secret(?::[a-z0-9-]+)?)\]/;
const MAX_PLACEHOLDER = 40;

/**
 * Masks what custom patterns match, as `[masked]`, in the text the built-in
 * rules left alone. A match never includes or crosses a double quote (in a
 * JSON log line that is structure), a replacement made earlier, or one of our
 * placeholders; a covered stretch is widened to whole JSON escapes so the
 * line stays valid JSON. Together this makes masking twice change nothing.
 *
 * @example
 * const custom = customMasker(compilePatterns(["EMP-[0-9]{6}"]));
 * custom("badge EMP-123456", []); // [{ start: 6, end: 16, replacement: "[masked]" }]
 */
export function customMasker(automaton: Automaton): (text: string, protectedSpans: readonly Span[]) => Span[] {
  const scanner = new CoverageScanner(automaton);
  return (text, protectedSpans) => {
    const runs: number[] = [];
    let segment = 0;
    const flush = (end: number) => {
      if (end > segment) scanner.cover(text, segment, end, runs);
    };
    let guard = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const shield = protectedSpans[guard];
      let skipTo = -1;
      if (shield !== undefined && shield.start <= i) {
        skipTo = Math.max(shield.end, i + 1);
        guard++;
      } else if (c === QUOTE) {
        skipTo = i + 1;
      } else if (c === OPEN_BRACKET) {
        const placeholder = PLACEHOLDER.exec(text.slice(i, i + MAX_PLACEHOLDER));
        if (placeholder !== null) skipTo = i + placeholder[0].length;
      }
      if (skipTo < 0) continue;
      flush(i);
      segment = skipTo;
      i = skipTo - 1;
    }
    flush(text.length);
    return wholeEscapes(text, runs);
  };
}

/** Widens each covered stretch so that it starts and ends on JSON escape boundaries. */
function wholeEscapes(text: string, runs: readonly number[]): Span[] {
  const spans: Span[] = [];
  for (let r = 0; r < runs.length; r += 2) {
    let start = runs[r]!;
    let end = runs[r + 1]!;
    start = escapeStartCovering(text, start);
    const straddling = escapeStartCovering(text, end);
    if (straddling < end) {
      const length = jsonEscapeLength(text, straddling);
      // Never reach over a quote: drop the escape's opening backslash instead.
      end = text.slice(end, straddling + length).includes('"') ? straddling : straddling + length;
    }
    const previous = spans[spans.length - 1];
    if (previous !== undefined && previous.end >= start) {
      spans[spans.length - 1] = { start: previous.start, end: Math.max(previous.end, end), replacement: "[masked]" };
    } else if (end > start) {
      spans.push({ start, end, replacement: "[masked]" });
    }
  }
  return spans;
}

/** If `index` lies inside a JSON escape (after its backslash), the index of that backslash; else `index`. */
function escapeStartCovering(text: string, index: number): number {
  for (let k = index - 1; k >= Math.max(0, index - 5); k--) {
    if (text.charCodeAt(k) !== 92) continue;
    if (backslashesEndingAt(text, k - 1, 0) % 2 !== 0) continue;
    const length = jsonEscapeLength(text, k);
    return length > 0 && k + length > index ? k : index;
  }
  return index;
}
