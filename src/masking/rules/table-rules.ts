import type { FollowedRule } from "../anchor-layout.js";
import type { Rule, Span } from "../scan.js";
import { isRun } from "./run-start-rules.js";
import { anchorOf, BUCKETS, CANDIDATES, candidatesOf, tryCandidate, type Candidate } from "./table-candidates.js";
import type { Shape } from "./shape.js";
import { TOKEN_TABLE, type TokenRow } from "./token-table.js";

/*
 * The token table compiled into anchored rules, one per prefix. Each prefix
 * is found through its rarest character (by how often characters occur in
 * the app's JSON logs: capitals and `_` rather than lower-case letters); the
 * scanner lists the prefixes at an anchor by the character next to it and
 * splits each list once more where they differ (anchor-layout.ts), and
 * compares a prefix whole before its rule is called: where prefixes come
 * thick (`ghp_github_pat_eyJ.xoxb-…`) most anchors end without a call, and
 * a common anchor costs a look-up or two and no per-prefix comparisons. The
 * scan never runs one pattern per rule over the line.
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

/**
 * The rule of one prefix. A one-character prefix (Facebook's `|` after its
 * digits) has no neighbour in its needle: it is listed under the characters
 * its lead may end with, or everywhere without a lead.
 */
function candidateRule(c: Candidate, once: OnceARun): FollowedRule {
  const ends = c.prefix.length === 1 ? leadEnds(c.compiled.lead) : null;
  const secondTier = anchorOf(c.prefix) < 0;
  return {
    needle: c.prefix,
    anchor: c.offset,
    ...(ends === null ? {} : { around: { before: ends, after: new Uint8Array(BUCKETS) } }),
    // What tryCandidate refuses first, read by the scanner before the call.
    ...(c.compiled.bodyFirst === null ? {} : { followedBy: c.compiled.bodyFirst }),
    ...(c.requires === null ? {} : { requires: c.requires, searchFirst: true }),
    ...(secondTier ? { reset: once.reset } : {}),
    // One function for every prefix, as before the second tier: the scanner's call site sees one target, and inlines it.
    match: (text, at, floor, ceiling, units) => (secondTier ? once.tryCandidate(text, units, c, at, floor, ceiling) : tryCandidate(text, units, c, at, floor, ceiling)),
  };
}

/**
 * Per pass, for the prefixes of second-tier anchors (table-candidates.ts):
 * the run of token characters the last one that found nothing stood in. Such
 * a prefix is made of characters its own body may hold, so it may repeat
 * inside one run (`glpat-glpat-…`), and the body read from each would reach
 * the run's end: as the run-start rules do, a run is tried once, at the
 * first of its prefixes.
 */
class OnceARun {
  private from = -1;
  private to = -1;
  readonly reset = (): void => {
    this.from = -1;
    this.to = -1;
  };

  tryCandidate(text: string, units: Uint16Array, c: Candidate, at: number, floor: number, ceiling: number): Span | null {
    if (at >= this.from && at < this.to) return null;
    // A prefix no body can follow reads nothing and is remembered as nothing: a later prefix in the same run
    // (`glcbt-~gltst-…`) is still tried. The scanner refuses it before the call (followedBy) and must agree.
    const first = c.compiled.bodyFirst;
    if (first !== null && first[units[at + c.prefix.length]!] !== 1) return null;
    const span = tryCandidate(text, units, c, at, floor, ceiling);
    if (span !== null) return span;
    let end = at + c.prefix.length;
    while (end < ceiling && isRun(units[end]!)) end++;
    this.from = at;
    this.to = end;
    return null;
  }
}

/**
 * The table's rules, one per prefix found through an anchor. At one anchor
 * they are tried as the table orders them: first the prefixes the anchor
 * stands inside (found by the character before it), then those it starts,
 * then the one-character ones, each group longest prefix first.
 *
 * @example
 * anchoredScanner([...tableRules(TOKEN_TABLE)], []);
 */
export function tableRules(rows: readonly TokenRow[] = TOKEN_TABLE): Rule[] {
  const anchored = (rows === TOKEN_TABLE ? CANDIDATES : candidatesOf(rows)).filter((c) => c.offset >= 0);
  const anchors = [...new Set(anchored.map((c) => c.prefix.charCodeAt(c.offset)))];
  const kind = (c: Candidate) => (c.offset > 0 ? 0 : c.prefix.length > 1 ? 1 : 2);
  const once = new OnceARun();
  return anchors.flatMap((code) => {
    const mine = anchored.filter((c) => c.prefix.charCodeAt(c.offset) === code);
    return [0, 1, 2].flatMap((k) => mine.filter((c) => kind(c) === k)).map((c) => candidateRule(c, once));
  });
}
