import { escapeSafe, type Rule, type Span } from "./scan.js";

/**
 * What one pass finds: the rules' matches, and where each mark starts outside
 * them (`marks[0, markCount)`; the buffer is reused by the next pass).
 */
export interface AnchoredScan {
  readonly spans: Span[];
  readonly marks: Int32Array;
  readonly markCount: number;
}

interface Entry {
  readonly rules: Rule[];
  readonly offsets: number[];
  readonly firsts: number[];
}

// Bits of the per-character table: a rule's anchor, the first character of a mark.
const ANCHOR = 1;
const MARK = 2;
// Hit density above which searching for each anchor character stops paying.
const DENSE_AFTER_HITS = 32;
const DENSE_GAP = 24;

/**
 * A scanner for many rules in one pass. Each rule is anchored at one of its
 * characters (a rare one); only where an anchor stands are the rules
 * anchored there checked. Anchors are found with the engine's `indexOf`, one
 * search per anchor character, which skips ordinary text at memory speed;
 * when anchors come thick (over one in 24 characters), the pass switches to
 * a table look-up per character, whose cost does not grow with density.
 * Either way each character is looked at a bounded number of times.
 * Matches do not overlap; at equal anchors the earlier rule wins. The same
 * pass notes where each of the `marks` starts outside the matches (the `@` of
 * addresses and its encoded forms, told apart by their first two characters),
 * so the next stage need not search for them again.
 *
 * @example
 * const scanSecrets = anchoredScanner(secretRules([]), ["@"]);
 * scanSecrets("token ghp_… by jane@example.com"); // { spans: [token], marks: [at], markCount: 1 }
 */
export function anchoredScanner(rules: readonly Rule[], marks: readonly string[]): (text: string) => AnchoredScan {
  const scanner = new AnchoredScanner(rules, marks);
  return (text) => scanner.scan(text);
}

class AnchoredScanner {
  private readonly byAnchor = new Map<number, Entry>();
  private readonly kinds = new Uint8Array(128);
  private readonly seconds = new Int32Array(128).fill(-1);
  private readonly anchorCharacters: string[];
  private readonly wide: boolean;
  // Per pass.
  private marks: Int32Array = new Int32Array(1024);
  private markCount = 0;
  private spans: Span[] = [];
  private floor = 0;
  private readonly next: number[] = [];
  private readonly characters: string[] = [];

  constructor(rules: readonly Rule[], marks: readonly string[]) {
    for (const rule of rules) {
      const offset = rule.anchor ?? 0;
      const code = rule.needle.charCodeAt(offset);
      const entry = this.byAnchor.get(code) ?? { rules: [], offsets: [], firsts: [] };
      this.byAnchor.set(code, entry);
      entry.rules.push(rule);
      entry.offsets.push(offset);
      entry.firsts.push(rule.needle.charCodeAt(0));
      if (code < 128) this.kinds[code]! |= ANCHOR;
    }
    for (const mark of marks) {
      this.kinds[mark.charCodeAt(0)]! |= MARK;
      this.seconds[mark.charCodeAt(0)] = mark.length > 1 ? mark.charCodeAt(1) : -1;
    }
    const codes = new Set([...this.byAnchor.keys(), ...marks.map((m) => m.charCodeAt(0))]);
    this.anchorCharacters = [...codes].map((code) => String.fromCharCode(code));
    this.wide = [...this.byAnchor.keys()].some((code) => code >= 128);
  }

  scan(text: string): AnchoredScan {
    this.spans = [];
    this.markCount = 0;
    this.floor = 0;
    this.searchAnchors(text);
    return { spans: this.spans, marks: this.marks, markCount: this.markCount };
  }

  /** One `indexOf` cursor per anchor character, always taking the leftmost. */
  private searchAnchors(text: string): void {
    const { next, characters } = this;
    next.length = 0;
    characters.length = 0;
    for (const character of this.anchorCharacters) {
      const at = text.indexOf(character);
      if (at >= 0) {
        next.push(at);
        characters.push(character);
      }
    }
    let hits = 0;
    while (next.length > 0) {
      let best = 0;
      for (let k = 1; k < next.length; k++) if (next[k]! < next[best]!) best = k;
      const at = next[best]!;
      const resume = this.visit(text, at, text.charCodeAt(at)) + 1;
      if (++hits >= DENSE_AFTER_HITS && hits * DENSE_GAP > at) {
        this.lookUpEach(text, resume);
        return;
      }
      for (let k = next.length - 1; k >= 0; k--) {
        if (next[k]! >= resume) continue;
        const again = text.indexOf(characters[k]!, resume);
        if (again >= 0) {
          next[k] = again;
        } else {
          next.splice(k, 1);
          characters.splice(k, 1);
        }
      }
    }
  }

  /** A table look-up per character from `from` on, marks noted inline: this loop meets every character. */
  private lookUpEach(text: string, from: number): void {
    const kinds = this.kinds;
    const seconds = this.seconds;
    const wide = this.wide;
    const length = text.length;
    let marks: Int32Array = this.marks;
    let markCount = this.markCount;
    for (let i = from; i < length; i++) {
      const c = text.charCodeAt(i);
      let kind = ANCHOR;
      if (c < 128) {
        kind = kinds[c]!;
        if (kind === 0) continue;
      } else if (!wide) {
        continue;
      }
      if ((kind & MARK) !== 0) {
        const second = seconds[c]!;
        if (second < 0 || text.charCodeAt(i + 1) === second) {
          if (markCount === marks.length) marks = this.grow();
          marks[markCount++] = i;
        }
        if ((kind & ANCHOR) === 0) continue;
      }
      i = this.tryRules(text, i, c);
    }
    this.markCount = markCount;
  }

  /** Handles a possible anchor or mark at `i`; returns the index the scan continues after. */
  private visit(text: string, i: number, c: number): number {
    const kind = c < 128 ? this.kinds[c]! : ANCHOR;
    if ((kind & MARK) !== 0) {
      const second = this.seconds[c]!;
      if (second < 0 || text.charCodeAt(i + 1) === second) {
        if (this.markCount === this.marks.length) this.grow();
        this.marks[this.markCount++] = i;
      }
    }
    return (kind & ANCHOR) === 0 ? i : this.tryRules(text, i, c);
  }

  /** Tries the rules anchored at `i`; returns the index the scan continues after. */
  private tryRules(text: string, i: number, c: number): number {
    const entry = this.byAnchor.get(c);
    if (entry === undefined) return i;
    for (let k = 0; k < entry.rules.length; k++) {
      const rule = entry.rules[k]!;
      const at = i - entry.offsets[k]!;
      if (at < this.floor || text.charCodeAt(at) !== entry.firsts[k]) continue;
      if (rule.needle.length > 1 && !text.startsWith(rule.needle, at)) continue;
      const candidate = rule.match(text, at, this.floor, text.length);
      const match = candidate === null ? null : escapeSafe(text, this.floor, candidate);
      if (match === null) continue;
      this.spans.push(match);
      this.floor = match.end;
      return Math.max(i, match.end - 1);
    }
    return i;
  }

  private grow(): Int32Array {
    const grown = new Int32Array(this.marks.length * 2);
    grown.set(this.marks);
    this.marks = grown;
    return grown;
  }
}
