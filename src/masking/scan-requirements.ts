import { ANCHOR, type Layout } from "./anchor-layout.js";
import type { Rule } from "./scan.js";
import { without } from "./scan-table.js";

// How often a pass lets a rule check its own requirement before the text is searched for it.
const ASKS_BEFORE_SEARCH = 16;

/**
 * Per pass of the anchored scanner, whether the text may hold each rule
 * requirement (see {@link Rule.requires}), searched late: the first few
 * times a pass asks, the rule is left to check for itself (a whole-text
 * search costs more than a few cheap misses); after that the text is
 * searched once, and where it lacks what every rule at an anchor needs, the
 * anchor is taken out of the pass's table. A requirement of a rule that
 * says {@link Rule.searchFirst} is searched before the pass instead, and an
 * anchor whose every rule needs such requirements is no stop at all unless
 * the text holds one of them (the table's `g`, which only `gl` wakes: an
 * anchor at so common a character would be asked nowhere it matters, and
 * stop everywhere). Apart from the scanner: it runs at a few anchors only,
 * the scanner at every character.
 *
 * @example
 * const requirements = new Requirements(rules, layout, table);
 * requirements.reset(text); // before each pass
 * if (rule.requires === undefined || requirements.meets(text, rule.requires)) rule.match(…);
 */
export class Requirements {
  private readonly requirements: readonly string[];
  /** Each requirement: 1 held, 0 not, below 0 not searched yet (minus how often asked, less one). */
  private readonly met: Int8Array;
  /** The requirements searched before each pass (see {@link Rule.searchFirst}), by index. */
  private readonly first: Int32Array;
  /** The conditional anchors of the layout, each with the indices of what its rules need. */
  private readonly anchors: readonly { readonly code: number; readonly needs: Int32Array }[];
  /** The conditional anchors whose every rule needs a requirement searched first: no stops until a search finds one. */
  private readonly dormant: readonly { readonly code: number; readonly needs: Int32Array }[];
  /** The ASCII values of the table as built, with the dormant anchors taken out: each pass starts from these. */
  private readonly resting: Uint8Array;
  /** The ASCII values as built, dormant anchors included. */
  private readonly ascii: Uint8Array;
  /** True when the table differs from {@link resting}. */
  private changed = false;

  constructor(rules: readonly Rule[], layout: Layout, private readonly table: Uint8Array) {
    this.requirements = [...new Set(rules.flatMap((r) => (r.requires === undefined ? [] : [r.requires])))];
    this.met = new Int8Array(this.requirements.length);
    const first = new Set(rules.flatMap((r) => (r.searchFirst === true && r.requires !== undefined ? [this.requirements.indexOf(r.requires)] : [])));
    this.first = Int32Array.from(first);
    this.anchors = layout.conditional.map(({ code, requirements }) => ({ code, needs: Int32Array.from(new Set(requirements), (r) => this.requirements.indexOf(r)) }));
    this.dormant = this.anchors.filter((a) => a.needs.every((k) => first.has(k)));
    this.ascii = table.slice(0, 128);
    for (const { code } of this.dormant) table[code] = without(table[code]!, ANCHOR);
    this.resting = table.slice(0, 128);
  }

  /**
   * Forgets the last pass (nothing searched, the table at rest), then
   * searches `text`, the next pass's, for the requirements searched first,
   * and wakes the anchors whose rules need what it holds.
   */
  reset(text: string): void {
    const met = this.met;
    for (let k = 0; k < met.length; k++) met[k] = -1;
    if (this.changed) {
      this.table.set(this.resting);
      this.changed = false;
    }
    for (let f = 0; f < this.first.length; f++) {
      const k = this.first[f]!;
      met[k] = text.includes(this.requirements[k]!) ? 1 : 0;
      if (met[k] === 1) this.wake(k);
    }
  }

  /** Whether `text`, the text of this pass, may hold `requirement`. */
  meets(text: string, requirement: string): boolean {
    const k = this.requirements.indexOf(requirement);
    if (this.met[k]! < 0) {
      this.met[k] = this.met[k] === -ASKS_BEFORE_SEARCH ? (text.includes(requirement) ? 1 : 0) : this.met[k]! - 1;
      if (this.met[k] === 0) this.thin();
    }
    return this.met[k] !== 0;
  }

  /** Makes stops again, for this pass, the dormant anchors with a rule that needs requirement `k`. */
  private wake(k: number): void {
    for (const { code, needs } of this.dormant) {
      if (needs.includes(k)) {
        this.table[code] = this.ascii[code]!;
        this.changed = true;
      }
    }
  }

  /** Takes out of this pass's table the anchors whose every rule needs what the text was found not to hold. */
  private thin(): void {
    for (let a = 0; a < this.anchors.length; a++) {
      const { code, needs } = this.anchors[a]!;
      let lacking = true;
      for (let n = 0; n < needs.length && lacking; n++) lacking = this.met[needs[n]!] === 0;
      if (lacking) {
        this.table[code] = without(this.table[code]!, ANCHOR);
        this.changed = true;
      }
    }
  }
}
