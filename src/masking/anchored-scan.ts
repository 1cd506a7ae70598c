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
  /** The first and last characters of each rule's needle: compared before the whole needle is. */
  readonly firsts: number[];
  readonly lasts: number[];
}

const BACKSLASH = 92;
// Bits of the per-character table: a rule's anchor, the first character of a mark.
const ANCHOR = 1;
const MARK = 2;
// Hit density above which searching for each anchor character stops paying.
const DENSE_AFTER_HITS = 32;
const DENSE_GAP = 24;

/**
 * A scanner for many rules in one pass. Each rule is anchored at one of its
 * characters (a rare one); only where an anchor stands are the rules
 * anchored there checked. Anchors are found by the engine's regular
 * expression search for a class of the anchor characters (linear, and `test`
 * allocates nothing), which skips ordinary text fast; when anchors come thick
 * (over one in 24 characters), the pass switches to a table look-up per
 * character, whose cost does not grow with density.
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
export function anchoredScanner(
  rules: readonly Rule[],
  marks: readonly string[],
  keepMark: MarkFilter = () => true,
): (text: string) => AnchoredScan {
  const scanner = new AnchoredScanner(rules, marks, keepMark);
  return (text) => scanner.scan(text);
}

/** Decides, from its neighbours, whether the mark of `length` characters at `at` is worth noting. */
export type MarkFilter = (text: string, at: number, length: number) => boolean;

/** The anchors of a set of rules, in the forms the two traversals use. */
class Layout {
  readonly ascii: (Entry | undefined)[] = new Array<Entry | undefined>(128).fill(undefined);
  readonly wideEntries = new Map<number, Entry>();
  readonly kinds = new Uint8Array(128);
  readonly seconds = new Int32Array(128).fill(-1);
  readonly markLengths = new Int32Array(128);
  /** Finds the next anchor (or mark) from `lastIndex`; `test` allocates nothing. */
  readonly finder: RegExp;
  readonly wholeMarks: readonly string[];

  constructor(rules: readonly Rule[], marks: readonly string[]) {
    const codes = new Set<number>();
    for (const rule of rules) {
      const offset = rule.anchor ?? 0;
      const code = rule.needle.charCodeAt(offset);
      codes.add(code);
      const entry = (code < 128 ? this.ascii[code] : this.wideEntries.get(code)) ?? { rules: [], offsets: [], firsts: [], lasts: [] };
      if (code < 128) {
        this.ascii[code] = entry;
        this.kinds[code]! |= ANCHOR;
      } else {
        this.wideEntries.set(code, entry);
      }
      entry.rules.push(rule);
      entry.offsets.push(offset);
      entry.firsts.push(rule.needle.charCodeAt(0));
      entry.lasts.push(rule.needle.charCodeAt(rule.needle.length - 1));
    }
    for (const mark of marks) {
      this.kinds[mark.charCodeAt(0)]! |= MARK;
      this.seconds[mark.charCodeAt(0)] = mark.length > 1 ? mark.charCodeAt(1) : -1;
      this.markLengths[mark.charCodeAt(0)] = mark.length;
    }
    // A mark that starts with a backslash (`\u0040`) is sought whole: a lone
    // backslash is common in JSON text (`\n`), the whole mark is not.
    this.wholeMarks = marks.filter((m) => m.charCodeAt(0) === BACKSLASH);
    for (const mark of marks) if (!this.wholeMarks.includes(mark)) codes.add(mark.charCodeAt(0));
    const escape = (code: number) => `\\u${code.toString(16).padStart(4, "0")}`;
    const whole = this.wholeMarks.map((m) => [...m].map((ch) => escape(ch.charCodeAt(0))).join(""));
    this.finder = new RegExp([`[${[...codes].map(escape).join("")}]`, ...whole].join("|"), "g");
  }
}

const NONE: Span[] = [];

class AnchoredScanner {
  private readonly layout: Layout;
  /** Per pass: whether the text holds each rule requirement (see {@link Rule.requires}); -1 until asked. */
  private readonly requirements: readonly string[];
  private readonly met: Int8Array;
  private text = "";
  private marks: Int32Array = new Int32Array(1024);
  private markCount = 0;
  private spans: Span[] = NONE;
  private floor = 0;
  private readonly result = { spans: NONE, marks: this.marks, markCount: 0 };

  constructor(
    rules: readonly Rule[],
    markForms: readonly string[],
    private readonly keepMark: MarkFilter,
  ) {
    this.layout = new Layout(rules, markForms);
    this.requirements = [...new Set(rules.flatMap((r) => (r.requires === undefined ? [] : [r.requires])))];
    this.met = new Int8Array(this.requirements.length);
  }

  /** The result object is reused by the next pass: read it before scanning again. */
  scan(text: string): AnchoredScan {
    this.text = text;
    this.spans = NONE;
    this.markCount = 0;
    this.floor = 0;
    this.met.fill(-1);
    this.searchAnchors(text);
    const result = this.result;
    result.spans = this.spans;
    result.marks = this.marks;
    result.markCount = this.markCount;
    return result;
  }

  /** Whether the text holds `requirement`, searched for once per pass and only if a rule needs it. */
  private meets(requirement: string): boolean {
    const k = this.requirements.indexOf(requirement);
    if (this.met[k] === -1) this.met[k] = this.text.includes(requirement) ? 1 : 0;
    return this.met[k] === 1;
  }

  /** Leaps from anchor to anchor with the engine's own search. */
  private searchAnchors(text: string): void {
    const finder = this.layout.finder;
    finder.lastIndex = 0;
    let hits = 0;
    while (finder.test(text)) {
      const at = this.matchStart(text, finder.lastIndex);
      const resume = this.visit(text, at, text.charCodeAt(at)) + 1;
      if (++hits >= DENSE_AFTER_HITS && hits * DENSE_GAP > at) {
        this.lookUpEach(text, resume);
        return;
      }
      finder.lastIndex = resume;
    }
  }

  /** Where the finder's match that ends at `end` starts: a whole mark, or one character. */
  private matchStart(text: string, end: number): number {
    for (const mark of this.layout.wholeMarks) {
      const start = end - mark.length;
      if (start >= 0 && text.charCodeAt(start) === mark.charCodeAt(0) && text.startsWith(mark, start)) return start;
    }
    return end - 1;
  }

  /** A table look-up per character from `from` on, marks noted inline: this loop meets every character. */
  private lookUpEach(text: string, from: number): void {
    const { seconds, markLengths } = this.layout;
    const kinds = this.liveKinds();
    const wide = this.layout.wideEntries.size > 0;
    const length = text.length;
    const keepMark = this.keepMark;
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
        if ((second < 0 || text.charCodeAt(i + 1) === second) && keepMark(text, i, markLengths[c]!)) {
          if (markCount === marks.length) marks = this.grow();
          marks[markCount++] = i;
        }
        if ((kind & ANCHOR) === 0) continue;
      }
      i = this.tryRules(text, i, c);
    }
    this.markCount = markCount;
  }

  /**
   * The character table for this text, without the anchors whose every rule
   * needs something the text does not hold: in dense text those would cost a
   * look-up at each occurrence for nothing.
   */
  private liveKinds(): Uint8Array {
    const kinds = Uint8Array.from(this.layout.kinds);
    this.layout.ascii.forEach((entry, code) => {
      if (entry !== undefined && entry.rules.every((r) => r.requires !== undefined && !this.meets(r.requires))) kinds[code]! &= ~ANCHOR;
    });
    return kinds;
  }

  /** Handles a possible anchor or mark at `i`; returns the index the scan continues after. */
  private visit(text: string, i: number, c: number): number {
    const kind = c < 128 ? this.layout.kinds[c]! : ANCHOR;
    if ((kind & MARK) !== 0) {
      const second = this.layout.seconds[c]!;
      if ((second < 0 || text.charCodeAt(i + 1) === second) && this.keepMark(text, i, this.layout.markLengths[c]!)) {
        if (this.markCount === this.marks.length) this.grow();
        this.marks[this.markCount++] = i;
      }
    }
    return (kind & ANCHOR) === 0 ? i : this.tryRules(text, i, c);
  }

  /** Tries the rules anchored at `i`; returns the index the scan continues after. */
  private tryRules(text: string, i: number, c: number): number {
    const entry = c < 128 ? this.layout.ascii[c] : this.layout.wideEntries.get(c);
    if (entry === undefined) return i;
    for (let k = 0; k < entry.rules.length; k++) {
      const rule = entry.rules[k]!;
      const at = i - entry.offsets[k]!;
      const length = rule.needle.length;
      if (at < this.floor || text.charCodeAt(at) !== entry.firsts[k] || text.charCodeAt(at + length - 1) !== entry.lasts[k]) continue;
      if (length > 2 && !text.startsWith(rule.needle, at)) continue;
      if (rule.requires !== undefined && !this.meets(rule.requires)) continue;
      const candidate = rule.match(text, at, this.floor, text.length);
      const match = candidate === null ? null : escapeSafe(text, this.floor, candidate);
      if (match === null) continue;
      if (this.spans === NONE) this.spans = [];
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
