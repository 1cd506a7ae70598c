import { placeholderLengthAt } from "./chars.js";
import type { PatternCover } from "./custom-patterns.js";
import { escapeSafe, type Span } from "./scan.js";

const QUOTE = 34;
const OPEN_BRACKET = 91;

/**
 * Masks what custom patterns match, as `[masked]`, in the text the built-in
 * rules left alone. A match never includes or crosses a double quote (in a
 * JSON log line that is structure), a replacement made earlier, or one of our
 * placeholders, and never splits a run of backslashes (escapes, at whatever
 * depth of JSON serialisation), so serialised text stays valid. Together this
 * makes masking twice change nothing.
 *
 * @example
 * const custom = customMasker(compilePatterns(["EMP-[0-9]{6}"]));
 * custom("badge EMP-123456", []); // [{ start: 6, end: 16, replacement: "[masked]" }]
 */
export function customMasker(scanner: PatternCover): (text: string, protectedSpans: readonly Span[]) => Span[] {
  return (text, protectedSpans) => {
    const runs: number[] = [];
    let segment = 0;
    const flush = (end: number) => {
      if (end <= segment) return;
      const first = runs.length;
      scanner.cover(text, segment, end, runs);
      keepEscapesWhole(text, runs, first, segment);
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
        const placeholder = placeholderLengthAt(text, i);
        if (placeholder > 0) skipTo = i + placeholder;
      }
      if (skipTo < 0) continue;
      flush(i);
      segment = skipTo;
      i = skipTo - 1;
    }
    flush(text.length);
    return toSpans(runs);
  };
}

/** Moves the ends of the runs after `first` off escape sequences (see {@link escapeSafe}), merging runs that then touch. */
function keepEscapesWhole(text: string, runs: number[], first: number, segmentStart: number): void {
  let write = first;
  for (let r = first; r < runs.length; r += 2) {
    const safe = escapeSafe(text, segmentStart, { start: runs[r]!, end: runs[r + 1]!, replacement: "" });
    if (safe === null) continue;
    if (write > first && runs[write - 1]! >= safe.start) {
      runs[write - 1] = Math.max(runs[write - 1]!, safe.end);
    } else {
      runs[write++] = safe.start;
      runs[write++] = safe.end;
    }
  }
  runs.length = write;
}

function toSpans(runs: readonly number[]): Span[] {
  const spans: Span[] = [];
  for (let r = 0; r < runs.length; r += 2) spans.push({ start: runs[r]!, end: runs[r + 1]!, replacement: "[masked]" });
  return spans;
}
