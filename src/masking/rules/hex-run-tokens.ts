import { HEX, isIn, LOWER_HEX, runEnd, runStart } from "../runs.js";
import type { Rule, Span } from "../scan.js";
import { BETWEEN, type KeyBefore } from "./keyword-secrets.js";
import { CANDIDATES, tryCandidate, type Candidate } from "./table-candidates.js";

/*
 * Tokens whose prefix has no anchor worth a stop and whose body is
 * lower-case hex (`dapi…`, `pul-…`, `glptt-…`, Cloudflare's `v1.0-…`),
 * found in free text without making digits or a–f stops. The anchored
 * scanner counts groups of four code units that are all [0-9a-f] inside its
 * fast loop, and hands a long enough run to this rule (see
 * {@link Rule.hexRun}); the rule reads what stands before the run for one
 * of the table's prefixes. The rows come from the token table, as data: a
 * row takes part when its prefix has no anchor and its shape holds a hex
 * segment of at least {@link HEX_RUN} characters after a fixed-length start.
 * A commit SHA or a hash has no prefix before it and is left alone.
 */

/** The shortest run handed over: the shortest hex body among the rows (Databricks' 32). */
export const HEX_RUN = 32;
/**
 * The shortest run (a UUID's groups and their `-` counted) handed to a key with no anchor of its own: the scan
 * finds a run by a group of four that holds a letter, as it reads them four at a time, so a short run of mostly
 * digits may be found at one place in a line and not at the next (masking what stands before it moves it). From
 * 16 on, about one random value in 200 is found at some places only; fewer at each length after.
 */
export const MIN_SHORT_RUN = 16;
const HYPHEN = 45;


/** A candidate whose hex segment starts `before` code units after its prefix starts. */
interface HexEntry {
  readonly candidate: Candidate;
  readonly before: number;
}

/** True when the class admits every lower-case hex digit and nothing but hex digits. */
function hexClass(set: Uint8Array): boolean {
  for (let c = 0; c < 128; c++) if ((LOWER_HEX[c] === 1 && set[c] !== 1) || (set[c] === 1 && HEX[c] !== 1)) return false;
  return true;
}

/**
 * Where the candidate's first hex segment of {@link HEX_RUN} or more starts,
 * counted from its prefix's start, or -1 when none follows a fixed-length
 * start. What stands right before that segment must not be hex itself, or
 * the run would start earlier than the segment (checked by the tests for
 * every row).
 *
 * @example
 * hexSegmentStart(CANDIDATES.find((c) => c.prefix === "dapi")!); // 4
 */
export function hexSegmentStart(candidate: Candidate): number {
  let before = candidate.prefix.length;
  let lastMayBeHex = isIn(LOWER_HEX, candidate.prefix.charCodeAt(candidate.prefix.length - 1));
  for (const segment of candidate.compiled.shape.segments) {
    if ("literal" in segment) {
      before += segment.literal.length;
      lastMayBeHex = isIn(LOWER_HEX, segment.literal.charCodeAt(segment.literal.length - 1));
      continue;
    }
    if (segment.min >= HEX_RUN && hexClass(segment.set)) return lastMayBeHex ? -1 : before;
    if (segment.min !== segment.max) return -1;
    lastMayBeHex = segment.set.some((on, c) => on === 1 && LOWER_HEX[c] === 1);
    before += segment.min;
  }
  return -1;
}

/** The anchorless candidates found through their hex body. */
export const HEX_ENTRIES: readonly HexEntry[] = CANDIDATES.filter((c) => c.offset < 0).flatMap((candidate) => {
  const before = hexSegmentStart(candidate);
  return before < 0 ? [] : [{ candidate, before }];
});

/**
 * The rule the scanner calls at the end of each long run of lower-case hex:
 * it walks back to where the run starts (not before `floor`) and tries each
 * hex-bodied prefix that fits before it, then a key with no anchor of its
 * own that ends right before the run (`keyBefore`: `"credentials" :
 * "<64 hex>"`, a bare `secret:`). Each run is walked back over once. A
 * shorter run of {@link MIN_SHORT_RUN} or more is handed to `keyBefore`
 * alone, from where it starts (`secret: 9f8e7d6c5b4a3928`, `"heroku": "<UUID>"`).
 *
 * @example
 * anchoredScanner([...rules, hexRunRule(bareSecretBefore(() => false))], []);
 */
export function hexRunRule(keyBefore: KeyBefore = () => null): Rule {
  // Where the last shorter run was handed over from, in this pass.
  let walked = -1;
  // A run shorter than HEX_RUN, from `start`: no table token's body, but perhaps a key's whole value. Most runs stand
  // in a word or a path (`jit-access-6c9f`, `/repos/…`), where no key ends right before them.
  const keyed = (text: string, units: Uint16Array, start: number, floor: number, ceiling: number): Span | null =>
    isIn(BETWEEN, units[start - 1]) && uuidRunEnd(units, start, ceiling) - start >= MIN_SHORT_RUN ? keyBefore(text, units, start, floor, ceiling) : null;
  return {
    needle: "",
    hexRun: HEX_RUN,
    match(text, at, floor, ceiling, units) {
      let start = at;
      while (start > floor && isIn(LOWER_HEX, units[start - 1])) start--;
      // A run cut by the floor is the rest of a match, not a token's body.
      if (start > 0 && isIn(LOWER_HEX, units[start - 1])) return null;
      // Seven groups of four counted may stand in a run of 28 to 31.
      if (at - start < HEX_RUN) return keyed(text, units, start, floor, ceiling);
      for (let k = 0; k < HEX_ENTRIES.length; k++) {
        const { candidate, before } = HEX_ENTRIES[k]!;
        const prefixStart = start - before;
        if (prefixStart < floor || units[prefixStart] !== candidate.first) continue;
        const span = tryCandidate(text, units, candidate, prefixStart, floor, ceiling);
        if (span !== null) return span;
      }
      return keyBefore(text, units, start, floor, ceiling);
    },
    reset() {
      walked = -1;
    },
    shortHexRun(text, units, at, floor, ceiling) {
      // From where the run starts, over digits the scan's fast loop passed and over a UUID's earlier groups (each
      // `-` between hex), not back into a run walked over before in the pass, which was handed over then: each
      // character is walked over once.
      const low = Math.max(floor, walked);
      walked = at;
      let start = at;
      for (;;) {
        start = runStart(units, start, LOWER_HEX, low);
        if (start - 1 > low && units[start - 1] === HYPHEN && isIn(LOWER_HEX, units[start - 2])) start--;
        else break;
      }
      return start === low && low > floor ? null : keyed(text, units, start, floor, ceiling);
    },
  };
}

/** Where the run of hex from `from` ends, over a UUID's groups (each `-` between hex). */
function uuidRunEnd(units: Uint16Array, from: number, ceiling: number): number {
  let i = from;
  for (;;) {
    i = runEnd(units, i, LOWER_HEX, ceiling);
    if (i + 1 < ceiling && units[i] === HYPHEN && isIn(LOWER_HEX, units[i + 1])) i++;
    else return i;
  }
}
