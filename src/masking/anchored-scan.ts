import { CodeUnits } from "./code-units.js";
import { escapeSafe, type AnchoredScan, type MarkFilter, type Rule, type Span } from "./scan.js";
import * as anchorLayout from "./anchor-layout.js";
import { isIn, LOWER_HEX, runEnd } from "./runs.js";
import * as scanTables from "./scan-table.js";
import { Requirements } from "./scan-requirements.js";
import { passes } from "./refused.js";

// Imported bindings are live: optimised code reads each one through its module cell and checks it
// at every use, and a number read so is not known to be a small integer, so `Math.min(unit, OTHER)`
// goes through doubles. Copies made once here are read as constants (about a sixth of the cost of
// a stop where anchors come thick, `ghp_github_pat_eyJ.xoxb-…`).
const { AFTER, ANCHOR, AT_START, BEFORE, Layout, listAt, MARK, OTHER } = anchorLayout;
const { ALL_HEX, HEX_GROUP, kindOf, LEAVE, NO_STOP, ONE_ANCHOR, scanTable } = scanTables;

/**
 * A scanner for many rules in one pass. Each rule is anchored at one of its characters (a rare one); only where
 * an anchor stands are the rules anchored there looked at. The pass reads a copy of the text's code units (see
 * `CodeUnits`) four at a time, two to a word, with one table look-up each, and stops only at a group that holds
 * an anchor or a mark, or four hex digits with a letter ({@link Rule.hexRun}): ordinary text costs the same
 * whatever the rules, and adding rules adds no work where their anchors do not stand. At an anchor, the rules
 * there are dispatched by the anchor's neighbours first (each needle's own, or a rule's {@link Rule.around}: one
 * look-up each side for the whole bucket), then checked against their needle and what may follow it (see
 * FollowedRule), then by their own `match`; the {@link Rule.fallback} rules last. Each character is looked at a
 * bounded number of times. Matches do not overlap; at equal anchors the earlier rule wins. The same pass notes
 * where each of the `marks` starts outside the matches (the `@` of addresses and its encoded forms, told apart by
 * their first two characters and checked by `keepMark`), so the next stage need not search for them again.
 *
 * @example
 * const scanSecrets = anchoredScanner(secretRules([]), ["@"]);
 * scanSecrets("token ghp_… by jane@example.com"); // { spans: [token], marks: [at], markCount: 1 }
 */
export function anchoredScanner(
  rules: readonly Rule[],
  marks: readonly string[],
  keepMark: MarkFilter = () => true,
): (text: string) => AnchoredScan {
  const scanner = new AnchoredScanner(rules, marks, keepMark);
  return (text) => scanner.scan(text);
}

const NONE: Span[] = [];

class AnchoredScanner {
  private readonly layout: anchorLayout.Layout;
  /** The layout's entries by ASCII anchor, one load nearer. */
  private readonly ascii: readonly (anchorLayout.Entry | undefined)[];
  private readonly requirements: Requirements;
  private readonly resets: (() => void)[];
  /** Every code unit's value (scan-table.ts): ASCII from the layout, other anchors once here. */
  private readonly table: Uint8Array;
  private readonly copy = new CodeUnits();
  private text = "";
  private marks: Int32Array = new Int32Array(1024);
  private markCount = 0;
  private spans: Span[] = NONE;
  private floor = 0;
  private readonly result = { spans: NONE, marks: this.marks, markCount: 0 };
  /** Groups of four hex digits in a row that make a run worth handing to the hex rule (any run of its `hexRun` covers as many); 0: no hex rule. */
  private readonly hexNeed: number;

  constructor(rules: readonly Rule[], markForms: readonly string[], private readonly keepMark: MarkFilter) {
    this.layout = new Layout(rules, markForms);
    this.ascii = this.layout.ascii;
    this.table = scanTable(this.layout.kinds, this.layout.wideEntries.keys(), this.layout.hexRule !== null);
    this.requirements = new Requirements(rules, this.layout, this.table);
    this.resets = [...new Set(rules.flatMap((r) => (r.reset === undefined ? [] : [r.reset])))];
    const hexRun = this.layout.hexRule?.hexRun;
    // Any run of `hexRun` hex digits holds this many whole groups of four, wherever it starts.
    this.hexNeed = hexRun === undefined ? 0 : Math.max(1, (hexRun - 3) >> 2);
  }

  /** The result object is reused by the next pass: read it before scanning again. */
  scan(text: string): AnchoredScan {
    this.text = text;
    // Notes rules made of stretches they refused belong to the last pass (refused.ts).
    passes.current++;
    this.spans = NONE;
    this.markCount = 0;
    this.floor = 0;
    this.requirements.reset(text);
    for (const reset of this.resets) reset();
    this.walk(text, this.copy.of(text));
    const result = this.result;
    result.spans = this.spans;
    result.marks = this.marks;
    result.markCount = this.markCount;
    return result;
  }

  /**
   * Reads the code units four at a time (two words of the paired view, whose padding reads zeros past the end)
   * until a group holds something, then visits a group that holds one anchor and nothing else at once
   * (loneStop), any other one code unit by one. A group is summed (scan-table.ts), so hex digits with a letter
   * among them leave the loop at no cost to the test for stops (hexGroups). Four groups a step: optimised code
   * checks both arrays again at every step of a loop, which cost as much as reading one group.
   */
  private walk(text: string, units: Uint16Array): void {
    const table = this.table;
    const pairs = this.copy.lastPairs;
    const length = text.length;
    const lastPair = (length + 1) >> 1;
    let i = 0;
    while (i < length) {
      if ((i & 3) === 0) {
        let p = i >> 1;
        let sum = 0;
        while (p < lastPair) {
          const a = pairs[p]!;
          const b = pairs[p + 1]!;
          const c = pairs[p + 2]!;
          const d = pairs[p + 3]!;
          const e = pairs[p + 4]!;
          const f = pairs[p + 5]!;
          const g = pairs[p + 6]!;
          const h = pairs[p + 7]!;
          sum = table[a & 0xffff]! + table[a >>> 16]! + table[b & 0xffff]! + table[b >>> 16]!;
          if (sum >= LEAVE) break;
          p += 2;
          sum = table[c & 0xffff]! + table[c >>> 16]! + table[d & 0xffff]! + table[d >>> 16]!;
          if (sum >= LEAVE) break;
          p += 2;
          sum = table[e & 0xffff]! + table[e >>> 16]! + table[f & 0xffff]! + table[f >>> 16]!;
          if (sum >= LEAVE) break;
          p += 2;
          sum = table[g & 0xffff]! + table[g >>> 16]! + table[h & 0xffff]! + table[h >>> 16]!;
          if (sum >= LEAVE) break;
          p += 2;
        }
        i = p << 1;
        if (i >= length) return;
        // Hex digits with a letter, no stop (Rule.hexRun): the only change to this loop for hex runs.
        if (sum <= HEX_GROUP) {
          i = this.hexGroups(text, units, i);
          continue;
        }
        // One anchor and three characters that are no stop: visited without a step per code unit.
        if (sum < ONE_ANCHOR) {
          i = this.loneStop(text, units, i);
          continue;
        }
      }
      const c = units[i]!;
      const value = table[c]!;
      // An anchor that is no mark goes straight to its rules: one call less at every stop where anchors come thick.
      if (value > NO_STOP) i = kindOf(value) === ANCHOR ? this.tryRules(text, units, i, c) : this.visit(text, units, i, c, kindOf(value));
      i++;
    }
  }

  /** Visits the one stop of the group at `at` (one anchor, no mark, by its sum); returns where the pass goes on. */
  private loneStop(text: string, units: Uint16Array, at: number): number {
    const table = this.table;
    let i = at;
    if (table[units[i]!]! <= NO_STOP) i++;
    if (table[units[i]!]! <= NO_STOP) i++;
    if (table[units[i]!]! <= NO_STOP) i++;
    const c = units[i]!;
    const kind = kindOf(table[c]!);
    return Math.max(at + 4, (kind === ANCHOR ? this.tryRules(text, units, i, c) : this.visit(text, units, i, c, kind)) + 1);
  }

  /**
   * At the group of four hex digits at `at`: counts the groups of hex before it (as many as needed; a stop among
   * them was visited already) and after it, free of stops. Enough make a run worth handing to the hex rule; a
   * shorter run goes to its {@link Rule.shortHexRun} (a key's value). Returns where the pass goes on.
   */
  private hexGroups(text: string, units: Uint16Array, at: number): number {
    const need = this.hexNeed;
    let count = 0;
    // Most such groups follow a separator (`-` in a UUID, a quote): one look settles it.
    if (isIn(LOWER_HEX, units[at - 1])) for (let g = at - 4; g >= 0 && count < need && runEnd(units, g, LOWER_HEX, g + 4) === g + 4; g -= 4) count++;
    let g = at;
    const table = this.table;
    for (; count < need; g += 4, count++) {
      const sum = table[units[g]!]! + table[units[g + 1]!]! + table[units[g + 2]!]! + table[units[g + 3]!]!;
      if (sum < ALL_HEX || sum > HEX_GROUP) break;
    }
    return count < need ? this.shortHexRun(text, units, at, g) : this.hexRun(text, units, g);
  }

  /** {@link hexGroups} for a run too short for the hex rule, free of stops from `at` to `next`. */
  private shortHexRun(text: string, units: Uint16Array, at: number, next: number): number {
    const candidate = this.layout.hexRule!.shortHexRun?.(text, units, at, this.floor, text.length) ?? null;
    const resume = candidate === null ? -1 : this.apply(candidate, next - 1);
    return resume < 0 ? next : resume + 1;
  }

  /**
   * Reads on to the end of the hex run that holds `from` (visiting any stop inside it), hands the run to the hex
   * rule and returns where the pass goes on: each character of the run is read here once.
   */
  private hexRun(text: string, units: Uint16Array, from: number): number {
    let i = from;
    for (; isIn(LOWER_HEX, units[i]); i++) {
      const value = this.table[units[i]!]!;
      if (value > NO_STOP) i = this.visit(text, units, i, units[i]!, kindOf(value));
    }
    // The character at `i` ends the run and is still to be visited, unless the match covers it.
    const candidate = this.layout.hexRule!.match(text, i, this.floor, text.length, units);
    const resume = candidate === null ? -1 : this.apply(candidate, i - 1);
    return resume < 0 ? i : resume + 1;
  }

  /** Notes the mark and tries the rules at `i`; returns the index the pass continues after. */
  private visit(text: string, units: Uint16Array, i: number, c: number, kind: number): number {
    if ((kind & MARK) !== 0) {
      const second = this.layout.seconds[c]!;
      // Of a run of a mark's first character (backslashes before `u0040`), only the last can start it.
      if (kind === MARK && second >= 0 && second !== c) while (units[i + 1] === c) i++;
      this.noteMark(units, text.length, i, c);
      if ((kind & ANCHOR) === 0) return i;
    }
    return this.tryRules(text, units, i, c);
  }

  /** Notes the mark whose first character `c` stands at `at`, if its second follows and `keepMark` agrees. */
  private noteMark(units: Uint16Array, length: number, at: number, c: number): void {
    const second = this.layout.seconds[c]!;
    if ((second < 0 || units[at + 1] === second) && this.keepMark(units, length, at, this.layout.markLengths[c]!)) {
      if (this.markCount === this.marks.length) {
        const grown = new Int32Array(this.marks.length * 2);
        grown.set(this.marks);
        this.marks = grown;
      }
      this.marks[this.markCount++] = at;
    }
  }

  /** Tries the rules anchored at `i`, those its neighbours allow, then the fallbacks; returns the index the scan continues after. */
  private tryRules(text: string, units: Uint16Array, i: number, c: number): number {
    const entry = c < 128 ? this.ascii[c] : this.layout.wideEntries.get(c);
    if (entry === undefined) return i;
    // Read once: the floor moves only where a match is applied, and then the stop ends.
    const floor = this.floor;
    const length = text.length;
    const group = entry.rules;
    const lists = entry.lists;
    const bList = listAt(lists, BEFORE + (i > 0 ? Math.min(units[i - 1]!, OTHER) : AT_START), units, i);
    const aList = listAt(lists, AFTER + Math.min(units[i + 1]!, OTHER), units, i);
    // The two lists merged in rule order, a rule in both tried once.
    let x = lists[bList]!;
    const xEnd = lists[bList + 1]!;
    let y = lists[aList]!;
    const yEnd = lists[aList + 1]!;
    while (x < xEnd || y < yEnd) {
      let k: number;
      if (y >= yEnd || (x < xEnd && lists[x]! < lists[y]!)) k = lists[x++]!;
      else if (x >= xEnd || lists[y]! < lists[x]!) k = lists[y++]!;
      else {
        k = lists[x++]!;
        y++;
      }
      const at = i - group.offsets[k]!;
      if (at < floor) continue;
      // What follows the needle first: one look-up settles most needles that stand (`xoxb-` before a letter)
      // without comparing them whole; either way the rule is called only where both hold.
      const n = group.lengths[k]!;
      const follows = group.follows[k]!;
      if (follows !== null && (at + n >= units.length || follows[units[at + n]!] !== 1)) continue;
      // A one-character needle is the anchor itself: nothing to compare.
      if (n > 1 && !group.holds(k, units, length, at)) continue;
      const requirement = group.requirements[k]!;
      if (requirement !== null && !this.requirements.meets(text, requirement)) continue;
      const candidate = group.rules[k]!.match(text, at, floor, length, units);
      if (candidate === null) continue;
      const resume = this.apply(candidate, i);
      if (resume >= 0) return resume;
    }
    // A call site of their own: it sees only fallbacks, so the engine inlines their `match`.
    const only = entry.onlyFallback;
    if (only !== null) {
      const candidate = i < floor ? null : only.match(text, i, floor, length, units);
      return candidate === null ? i : Math.max(i, this.apply(candidate, i));
    }
    const last = entry.fallbacks;
    for (let k = 0; k < last.rules.length; k++) {
      const at = i - last.offsets[k]!;
      if (at < floor || (last.lengths[k]! > 1 && !last.holds(k, units, length, at))) continue;
      const requirement = last.requirements[k]!;
      if (requirement !== null && !this.requirements.meets(text, requirement)) continue;
      const candidate = last.rules[k]!.match(text, at, floor, length, units);
      if (candidate === null) continue;
      const resume = this.apply(candidate, i);
      if (resume >= 0) return resume;
    }
    return i;
  }

  /** Records a rule's candidate span, made escape-safe; returns where the scan resumes, or -1 if nothing is left of it. */
  private apply(candidate: Span, i: number): number {
    const match = escapeSafe(this.text, this.floor, candidate);
    if (match === null) return -1;
    if (this.spans === NONE) this.spans = [];
    this.spans.push(match);
    this.floor = match.end;
    return Math.max(i, match.end - 1);
  }
}
