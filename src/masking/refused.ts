/*
 * What keeps a rule that reads a long stretch from reading it again and
 * again. A token's body is its whole run (`SG.` then every character of
 * its class), a keyword's value up to a thousand characters; where the
 * prefix or the key repeats inside that stretch (`SG.SG.SG.…`,
 * `PWD:PWD:PWD:…`), each repeat would read and judge the rest once more:
 * quadratic work, or a thousand reads a character. A stretch refused is
 * noted, and a read that starts inside stretches refused {@link MAX_NESTED}
 * times in a row is not made: the work stays linear, and a key or a prefix
 * inside a refused value (`auth=token=…`) is still judged on its own.
 */

/** The anchored scanner's passes, counted: a note from an earlier pass is stale. */
export const passes = { current: 0 };

/** How many refused stretches, each inside the one before, a read may still start in. */
export const MAX_NESTED = 3;

/**
 * The last stretch one rule read and refused in this pass.
 *
 * @example
 * const refused = new RefusedStretch();
 * if (refused.skips(units, at)) return null;
 * // … read [at, end) and refuse it:
 * refused.note(units, at, end);
 */
export class RefusedStretch {
  private pass = -1;
  private units: Uint16Array | null = null;
  private from = 0;
  private to = 0;
  private depth = 0;

  /** True when a read from `at` starts inside {@link MAX_NESTED} refused stretches: it is not made. */
  skips(units: Uint16Array, at: number): boolean {
    return this.depth >= MAX_NESTED && this.inside(units, at);
  }

  /** Notes that the read from `at` covered `[at, to)` and found nothing. */
  note(units: Uint16Array, at: number, to: number): void {
    // The same start read again (another way in to the same rule) is the same stretch.
    if (this.current(units) && at === this.from) {
      this.to = Math.max(this.to, to);
      return;
    }
    this.depth = this.inside(units, at) ? this.depth + 1 : 1;
    this.pass = passes.current;
    this.units = units;
    this.from = at;
    this.to = to;
  }

  private inside(units: Uint16Array, at: number): boolean {
    return this.current(units) && at > this.from && at < this.to;
  }

  private current(units: Uint16Array): boolean {
    return this.pass === passes.current && this.units === units;
  }
}
