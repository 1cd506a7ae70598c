import type { Rule } from "../scan.js";
import { candidatesAt, probeSplit, type Probed } from "./probe.js";
import { BUCKETS, CANDIDATES, candidatesOf, holdsPrefix, tryCandidate, type Candidate } from "./table-candidates.js";
import type { Shape } from "./shape.js";
import { TOKEN_TABLE, type TokenRow } from "./token-table.js";

/*
 * The token table compiled into anchored rules. Each prefix is found
 * through its rarest character (by how often characters occur in the app's
 * JSON logs: capitals and `_` rather than lower-case letters); one rule per
 * anchor character then picks the few prefixes worth comparing by the
 * character next to the anchor, so a common anchor costs one table look-up
 * and no per-prefix comparisons. The scan never runs one pattern per rule
 * over the line.
 */

// The table's other ways in, read from here by the masker and its tests.
export { anchorOf } from "./table-candidates.js";
export { runStartRules } from "./run-start-rules.js";

/** The code units (128: any from 128 on) a lead may end with, or null for no lead: anything may then stand before the prefix. */
function leadEnds(lead: Shape | null): Uint8Array | null {
  const last = lead?.segments[lead.segments.length - 1];
  if (last === undefined) return null;
  const ends = new Uint8Array(BUCKETS);
  if ("literal" in last) ends[Math.min(last.literal.charCodeAt(last.literal.length - 1), 128)] = 1;
  else ends.set(last.set);
  return ends;
}

/** Candidates for one anchor character, bucketed by the character before the anchor (or after it, at offset 0). */
class AnchorEntry {
  readonly before: Candidate[][] = Array.from({ length: BUCKETS }, () => []);
  readonly after: Candidate[][] = Array.from({ length: BUCKETS }, () => []);
  /** One-character prefixes (Facebook's `|` after its digits): no neighbour to bucket them by. */
  readonly alone: Candidate[] = [];

  add(candidate: Candidate): void {
    const { prefix, offset } = candidate;
    if (offset > 0) this.before[Math.min(prefix.charCodeAt(offset - 1), 128)]!.push(candidate);
    else if (prefix.length === 1) this.alone.push(candidate);
    else this.after[Math.min(prefix.charCodeAt(1), 128)]!.push(candidate);
  }

  rule(code: number): Rule {
    const { alone } = this;
    // Each bucket split once more where its prefixes differ (see probe.ts): relative to the anchor.
    const before: Probed[] = this.before.map((bucket) => probeSplit(bucket, (c, r) => c.codes[c.offset + r], (c) => [-c.offset, c.codes.length - c.offset]));
    const after: Probed[] = this.after.map((bucket) => probeSplit(bucket, (c, r) => c.codes[r], (c) => [2, c.codes.length]));
    // The neighbours whose bucket holds a candidate, and those a one-character prefix's lead may
    // end with (Facebook's digits before `|`): elsewhere the scanner need not call `match`.
    const ends = alone.map((c) => leadEnds(c.compiled.lead));
    const around = ends.some((e) => e === null)
      ? undefined
      : { before: Uint8Array.from(this.before, (b, code) => (b.length > 0 || ends.some((e) => e![code] === 1) ? 1 : 0)), after: Uint8Array.from(this.after, (b) => (b.length > 0 ? 1 : 0)) };
    return {
      needle: String.fromCharCode(code),
      ...(around === undefined ? {} : { around }),
      match(text, at, floor, ceiling, units) {
        if (at > 0) {
          const bucket = candidatesAt(before[Math.min(units[at - 1]!, 128)]!, units, at);
          for (let k = 0; k < bucket.length; k++) {
            const c = bucket[k]!;
            // The prefix compared before anything else is read, bailing at its first differing character.
            if (units[at - c.offset] !== c.first || !holdsPrefix(units, at - c.offset, c.codes)) continue;
            const span = tryCandidate(text, units, c, at - c.offset, floor, ceiling);
            if (span !== null) return span;
          }
        }
        const bucket = candidatesAt(after[Math.min(units[at + 1]!, 128)]!, units, at);
        for (let k = 0; k < bucket.length; k++) {
          if (!holdsPrefix(units, at, bucket[k]!.codes)) continue;
          const span = tryCandidate(text, units, bucket[k]!, at, floor, ceiling);
          if (span !== null) return span;
        }
        for (let k = 0; k < alone.length; k++) {
          const span = tryCandidate(text, units, alone[k]!, at, floor, ceiling);
          if (span !== null) return span;
        }
        return null;
      },
    };
  }
}

/**
 * The table's rules, one per anchor character.
 *
 * @example
 * anchoredScanner([...tableRules(TOKEN_TABLE)], []);
 */
export function tableRules(rows: readonly TokenRow[] = TOKEN_TABLE): Rule[] {
  const entries = new Map<number, AnchorEntry>();
  for (const candidate of rows === TOKEN_TABLE ? CANDIDATES : candidatesOf(rows)) {
    if (candidate.offset < 0) continue;
    const code = candidate.prefix.charCodeAt(candidate.offset);
    let entry = entries.get(code);
    if (entry === undefined) entries.set(code, (entry = new AnchorEntry()));
    entry.add(candidate);
  }
  return [...entries].map(([code, entry]) => entry.rule(code));
}
