/*
 * What keeps a rule that reads a long stretch from reading it again and
 * again. A token's body is its whole run (`SG.` then every character of its
 * class); where the prefix repeats inside that run (`SG.SG.SG.…`), each
 * repeat would read and judge the rest once more: quadratic work. A read
 * that starts inside a body refused before may still find a token (one
 * after three stand-ins), so each is made as before, until the reads of what
 * the rule refused pass a budget of a few times the text's length; only then
 * is a read inside the last stretch refused skipped. No text short of that
 * is masked differently, and the work stays linear. Keyword values have a
 * budget of their own, which fails closed ({@link ValueBudget}): a key inside
 * a refused value (`DB_PASSWORD=***,SESSION_SECRET=…`) must never be skipped.
 */

/** The anchored scanner's passes, counted: a note from an earlier pass is stale. */
export const passes = { current: 0 };

/**
 * How many characters a rule may read again in refused stretches per pass:
 * `perCharacter` for each character of the text, and `spare` whatever its
 * length. Tests that count reads set `spare` to 0, so that short texts
 * show the bound that long ones meet.
 */
export const BUDGET = { perCharacter: 4, spare: 1 << 16 };

/**
 * What one rule read and refused in this pass: how much, and the last stretch.
 *
 * @example
 * const refused = new RefusedStretch();
 * if (refused.skips(units, text.length, at)) return null;
 * // … read [at, end) and refuse it:
 * refused.note(units, at, end);
 */
export class RefusedStretch {
  private pass = -1;
  private units: Uint16Array | null = null;
  private spent = 0;
  private from = 0;
  private to = 0;

  /** True when the rule's refused reads passed the {@link BUDGET} for a text of `length` and a read from `at` starts inside the last stretch: it is not made. */
  skips(units: Uint16Array, length: number, at: number): boolean {
    return this.current(units) && this.spent > BUDGET.spare + BUDGET.perCharacter * length && at > this.from && at < this.to;
  }

  /** Notes that the read from `at` covered `[at, to)` and found nothing. */
  note(units: Uint16Array, at: number, to: number): void {
    if (!this.current(units)) {
      this.pass = passes.current;
      this.units = units;
      this.spent = 0;
    }
    this.spent += to - at;
    this.from = at;
    this.to = to;
  }

  private current(units: Uint16Array): boolean {
    return this.pass === passes.current && this.units === units;
  }
}

/**
 * Keyword values judged in a pass. A key may stand inside another key's
 * value (`PWD:PWD:PWD:…`), and each is judged over the rest of that value, up
 * to a thousand characters: a text made of such keys costs a thousand times
 * its length. Skipping a judgement could leave a secret (a fourth key after
 * three masked values, `DB_PASSWORD=***,…,SESSION_SECRET=…`), so the budget
 * fails closed instead: once the characters judged in a pass pass the
 * budget, the pass is made again from the start with every value long
 * enough to be a secret masked unjudged (its key still read as ever). Only a
 * text whose keys stand that thickly inside each other is masked so, and the
 * text that comes out holds no value left to judge: masking it again changes
 * nothing.
 *
 * @example
 * if (!VALUES.judges(text.length, end - from)) return end - from >= MIN_VALUE;
 */
/**
 * The characters of keyword values a pass may judge for each character of
 * the text, besides {@link BUDGET}'s spare. Ordinary text judges one at most
 * (every value once); a deploy line of twenty keys joined by commas, each
 * read on over the rest of the list, judges about nine.
 */
const VALUE_READS_PER_CHARACTER = 16;

export class ValueBudget {
  private pass = -1;
  private spent = 0;
  private over = false;
  private forced = false;

  /** False when the value of `size` characters, in a text of `length`, is to be masked unjudged. */
  judges(length: number, size: number): boolean {
    if (this.pass !== passes.current) {
      this.pass = passes.current;
      this.spent = 0;
      this.over = this.forced;
    }
    if (this.over) return false;
    this.spent += size;
    this.over = this.spent > BUDGET.spare + VALUE_READS_PER_CHARACTER * length;
    return !this.over;
  }

  /** True when the budget ran out during the pass just made, which judged the values before that. */
  ranOut(): boolean {
    return this.pass === passes.current && this.over && !this.forced;
  }

  /** Makes `pass` with every value masked unjudged. */
  unjudged<T>(pass: () => T): T {
    this.forced = true;
    try {
      return pass();
    } finally {
      this.forced = false;
    }
  }
}

/** The keyword values' budget, shared by every scanner: one pass runs at a time. */
export const VALUES = new ValueBudget();
