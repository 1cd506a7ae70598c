import { BUCKETS, probeSplit, type Probed } from "./rules/probe.js";
import type { Rule } from "./scan.js";

/*
 * The tables the anchored scanner reads (anchored-scan.ts), built once per
 * set of rules: which characters are anchors or marks, and at each anchor
 * the rules listed by the code units beside it. Apart from the scanner so
 * that what is built once reads apart from what runs for every character.
 */

/**
 * A rule that also says which code units may follow its needle for `match`
 * to find anything there (`Bearer` a blank, `AKIA` a capital or a digit of
 * base 32, `xoxb-` a digit): where another follows, the scanner does not
 * call `match`, which must return null there. Where prefixes come thick
 * (`…eyJ.xoxb-xapp-AKIA-…`) most needles stand before a character that ends
 * them, and a look-up costs less than a call.
 */
export interface FollowedRule extends Rule {
  /** By code unit (128 entries, or 129; a unit past the array follows no needle): 1 where it may follow the needle. */
  readonly followedBy?: Uint8Array;
}

/** Rules anchored at one character, in order, with what the scanner checks before calling them. */
export class Group {
  readonly rules: Rule[] = [];
  readonly offsets: number[] = [];
  /** Each rule's {@link FollowedRule.followedBy}, or null. */
  readonly follows: (Uint8Array | null)[] = [];
  /** Each rule's {@link Rule.requires}, or null: read here, not from rule objects of many shapes. */
  readonly requirements: (string | null)[] = [];
  /** The needles' code units one after another, each needle from `starts[k]`, `lengths[k]` long. */
  codes = new Uint16Array(0);
  readonly starts: number[] = [];
  readonly lengths: number[] = [];

  add(rule: Rule, offset: number): void {
    this.rules.push(rule);
    this.offsets.push(offset);
    // A requirement searched before the pass wakes the anchor only where the text holds it: nothing to ask at the stop.
    this.requirements.push(rule.searchFirst === true ? null : (rule.requires ?? null));
    this.follows.push((rule as FollowedRule).followedBy ?? null);
    this.starts.push(this.codes.length);
    this.lengths.push(rule.needle.length);
    const codes = new Uint16Array(this.codes.length + rule.needle.length);
    codes.set(this.codes);
    for (let k = 0; k < rule.needle.length; k++) codes[this.codes.length + k] = rule.needle.charCodeAt(k);
    this.codes = codes;
  }

  /** True when the needle of rule `k` stands at `at` in the text whose code units (`length` of them) are `units`. */
  holds(k: number, units: Uint16Array, length: number, at: number): boolean {
    const n = this.lengths[k]!;
    if (at + n > length) return false;
    const codes = this.codes;
    const from = this.starts[k]!;
    for (let j = 0; j < n; j++) if (units[at + j] !== codes[from + j]) return false;
    return true;
  }
}

/** The rules at one anchor character, and their dispatch by its neighbours. */
export interface Entry {
  readonly rules: Group;
  /** Rules with {@link Rule.fallback}, in order, tried after `rules`. */
  readonly fallbacks: Group;
  /** The one fallback, when there is one and it needs nothing checked before its call (the run-start rules): called without a loop. */
  onlyFallback: Rule | null;
  /**
   * By the code unit before the anchor (128: any from 128 on; 129: none, at
   * the text's start), the indices in `rules` of those that may match there,
   * in order; then the same by the code unit after it. A rule is tried where
   * it is in either list (in both, once). All lists of the entry lie in one
   * array, so a stop reads one object (see {@link listAt}): list `b`
   * (before-lists at `b = BEFORE + neighbour`, after-lists at `b = AFTER +
   * neighbour`) runs from `lists[2b]` to `lists[2b + 1]`, or, where
   * `lists[2b]` is negative, is split once more (see rules/probe.ts) by the
   * code unit `u` (128: any from 128 on, or none) at `lists[2b + 1]` from the
   * anchor, and runs from `lists[d + u]` to `lists[d + u + 1]` for `d = -1 -
   * lists[2b]`: where several needles share the anchor and its neighbour
   * (`ctp_`, `sqp_`, `sgp_`… at `p_`), one more look-up leaves the one that
   * may hold instead of comparing each.
   */
  lists: Int32Array;
}

/**
 * Where the list `b` of an entry's {@link Entry.lists} stands for the anchor
 * at `at`: the list runs from `lists[s]` to `lists[s + 1]` for the `s`
 * returned. Most lists are not split, and cost one look-up. A split list is
 * read at the code unit its probe names: 128 for any from 128 on, and
 * outside the array; before the text's start or past its end a needle that
 * has a unit there cannot stand, whatever list is read.
 *
 * @example
 * const s = listAt(entry.lists, BEFORE + Math.min(units[i - 1], OTHER), units, i);
 * for (let x = entry.lists[s]; x < entry.lists[s + 1]; x++) tryRule(entry.lists[x]);
 */
export function listAt(lists: Int32Array, b: number, units: Uint16Array, at: number): number {
  const head = lists[2 * b]!;
  if (head >= 0) return 2 * b;
  const probe = at + lists[2 * b + 1]!;
  // Read in bounds only: a read past the array would make the unit a number or undefined, and slow every use of it.
  const u = probe >= 0 && probe < units.length ? units[probe]! : OTHER;
  return -1 - head + (u < OTHER ? u : OTHER);
}

// Bits of the per-character table: a rule's anchor, the first character of a mark.
export const ANCHOR = 1;
export const MARK = 2;
/** The neighbour bucket of every code unit from 128 on. */
export const OTHER = 128;
/** The neighbour bucket before an anchor at the text's start. */
export const AT_START = OTHER + 1;

/** Where an entry's {@link Entry.lists} index the lists by the code unit before and after the anchor. */
export const BEFORE = 0;
export const AFTER = AT_START + 1;

function newEntry(): Entry {
  return { rules: new Group(), fallbacks: new Group(), onlyFallback: null, lists: new Int32Array(0) };
}

/** A list of rule indices, split by a probe where their needles differ (only needles of more than one character are split on). */
function probeList(group: Group, list: readonly number[]): Probed<number> {
  const unitAt = (k: number, r: number): number | undefined => {
    const at = group.offsets[k]! + r;
    return group.lengths[k]! > 1 && at >= 0 && at < group.lengths[k]! ? group.codes[group.starts[k]! + at] : undefined;
  };
  // Relative to the anchor: the positions of the needles' units other than the anchor and the neighbour the list is keyed by.
  return probeSplit(list, unitAt, (k) => (group.lengths[k]! > 1 ? [-group.offsets[k]!, group.lengths[k]! - group.offsets[k]!] : [0, 0]));
}

/**
 * Fills the entry's neighbour lists: a needle's rule under the neighbour its
 * needle has next to the anchor, a rule with {@link Rule.around} under each
 * neighbour it names, any other everywhere; each list split by a probe
 * where that tells its needles apart.
 */
function indexNeighbours(entry: Entry): void {
  const before: number[][] = Array.from({ length: AT_START + 1 }, () => []);
  const after: number[][] = Array.from({ length: AT_START }, () => []);
  const { rules, offsets } = entry.rules;
  rules.forEach((rule, k) => {
    const needle = rule.needle;
    const offset = offsets[k]!;
    if (needle.length > 1) {
      if (offset > 0) before[Math.min(needle.charCodeAt(offset - 1), OTHER)]!.push(k);
      else after[Math.min(needle.charCodeAt(1), OTHER)]!.push(k);
    } else if (rule.around !== undefined) {
      for (let c = 0; c <= OTHER; c++) {
        if (rule.around.before[c] === 1) before[c]!.push(k);
        if (rule.around.after[c] === 1) after[c]!.push(k);
      }
    } else {
      for (const list of before) list.push(k);
    }
  });
  const all = [...before, ...after];
  const out: number[] = new Array<number>(2 * all.length).fill(0);
  all.forEach((list, b) => {
    const probed = probeList(entry.rules, list);
    if (!probed.split) {
      out[2 * b] = out.length;
      out[2 * b + 1] = out.length + list.length;
      out.push(...list);
      return;
    }
    const d = out.length;
    out[2 * b] = -1 - d;
    out[2 * b + 1] = probed.probe;
    out.push(...new Array<number>(BUCKETS + 1).fill(0));
    probed.lists.forEach((sub, u) => {
      out[d + u] = out.length;
      out.push(...sub);
    });
    out[d + BUCKETS] = out.length;
  });
  entry.lists = Int32Array.from(out);
}

/** The anchors of a set of rules and the marks, as tables by character. */
export class Layout {
  readonly ascii: (Entry | undefined)[] = new Array<Entry | undefined>(128).fill(undefined);
  readonly wideEntries = new Map<number, Entry>();
  readonly kinds = new Uint8Array(128);
  readonly seconds = new Int32Array(128).fill(-1);
  readonly markLengths = new Int32Array(128);
  /** ASCII anchors whose every rule needs something the text may lack (see {@link Rule.requires}), with what they need. */
  readonly conditional: { readonly code: number; readonly requirements: readonly string[] }[] = [];
  /** The rule handed long runs of lower-case hex, if any (see {@link Rule.hexRun}). */
  readonly hexRule: Rule | null = null;

  constructor(rules: readonly Rule[], marks: readonly string[]) {
    for (const rule of rules) {
      if (rule.hexRun !== undefined) {
        if (this.hexRule !== null) throw new TypeError("one rule at most may take hex runs");
        this.hexRule = rule;
        continue;
      }
      const offset = rule.anchor ?? 0;
      const code = rule.needle.charCodeAt(offset);
      const entry = (code < 128 ? this.ascii[code] : this.wideEntries.get(code)) ?? newEntry();
      if (code < 128) {
        this.ascii[code] = entry;
        this.kinds[code]! |= ANCHOR;
      } else {
        this.wideEntries.set(code, entry);
      }
      if (rule.fallback === true) {
        entry.fallbacks.add(rule, offset);
      } else {
        entry.rules.add(rule, offset);
      }
    }
    for (const entry of [...this.ascii, ...this.wideEntries.values()]) {
      if (entry === undefined) continue;
      indexNeighbours(entry);
      const f = entry.fallbacks;
      if (f.rules.length === 1 && f.lengths[0] === 1 && f.requirements[0] === null && f.follows[0] === null) entry.onlyFallback = f.rules[0]!;
    }
    this.ascii.forEach((entry, code) => {
      const all = entry === undefined ? [] : [...entry.rules.rules, ...entry.fallbacks.rules];
      if (all.length > 0 && all.every((r) => r.requires !== undefined)) this.conditional.push({ code, requirements: all.map((r) => r.requires!) });
    });
    for (const mark of marks) {
      const code = mark.charCodeAt(0);
      this.kinds[code]! |= MARK;
      this.seconds[code] = mark.length > 1 ? mark.charCodeAt(1) : -1;
      this.markLengths[code] = mark.length;
    }
  }
}
