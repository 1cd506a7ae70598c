/*
 * What keeps a rule that reads a long stretch from reading it again and
 * again. A token's body is its whole run (`SG.` then every character of its
 * class); where the prefix repeats inside that run (`SG.SG.SG.…`), each
 * repeat would read and judge the rest once more: quadratic work. A read
 * that starts inside a body refused before may still find a token (one
 * after three stand-ins), so each is made as before, until the reads of what
 * the rule refused pass a budget of a few times the text's length; only then
 * is a read inside the last stretch refused skipped. No text short of that
 * is masked differently, and the work stays linear. Keyword values are not
 * kept here: a value is read up to a thousand characters, and a key inside a
 * refused value (`DB_PASSWORD=***,SESSION_SECRET=…`) must always be judged.
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
