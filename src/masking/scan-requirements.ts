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
 * anchor is taken out of the pass's table. Apart from the scanner: it runs
 * at a few anchors only, the scanner at every character.
 *
 * @example
 * const requirements = new Requirements(rules, layout, table);
 * requirements.reset(); // before each pass
 * if (rule.requires === undefined || requirements.meets(text, rule.requires)) rule.match(…);
 */
export class Requirements {
  private readonly requirements: readonly string[];
  /** Each requirement: 1 held, 0 not, below 0 not searched yet (minus how often asked, less one). */
  private readonly met: Int8Array;
  /** The ASCII values of the table as built, restored after a pass that thinned them. */
  private readonly ascii: Uint8Array;
  private thinned = false;

  constructor(
    rules: readonly Rule[],
    private readonly layout: Layout,
    private readonly table: Uint8Array,
  ) {
    this.requirements = [...new Set(rules.flatMap((r) => (r.requires === undefined ? [] : [r.requires])))];
    this.met = new Int8Array(this.requirements.length);
    this.ascii = table.slice(0, 128);
  }

  /** Forgets the last pass: nothing searched, the table as built. */
  reset(): void {
    for (let k = 0; k < this.met.length; k++) this.met[k] = -1;
    if (this.thinned) this.table.set(this.ascii);
    this.thinned = false;
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

  /** Takes out of this pass's table the anchors whose every rule needs what the text was found not to hold. */
  private thin(): void {
    for (const { code, requirements } of this.layout.conditional) {
      if (requirements.every((r) => this.met[this.requirements.indexOf(r)] === 0)) {
        this.table[code] = without(this.table[code]!, ANCHOR);
        this.thinned = true;
      }
    }
  }
}
