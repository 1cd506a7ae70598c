import { CodeUnits } from "./code-units.js";
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

/**
 * Decides, from its neighbours, whether the mark of `length` code units at
 * `at` is worth noting. `units` holds the text's code units (`textLength` of
 * them), then zeros.
 */
export type MarkFilter = (units: Uint16Array, textLength: number, at: number, length: number) => boolean;

interface Entry {
  readonly rules: Rule[];
  readonly offsets: number[];
  readonly needles: string[];
}

const BACKSLASH = 92;
// Bits of the per-character table: a rule's anchor, the first character of a mark.
const ANCHOR = 1;
const MARK = 2;
// Hit density above which searching for each anchor character stops paying.
const DENSE_AFTER_HITS = 32;
const DENSE_GAP = 48;
// Code units with nothing to look at after which the dense scan tries to leap ahead.
const QUIET = 8;

/**
 * A scanner for many rules in one pass. Each rule is anchored at one of its
 * characters (a rare one); only where an anchor stands are the rules
 * anchored there checked, first against their needle, then by their own
 * `match`, both reading a copy of the text's code units (see `CodeUnits`).
 * Anchors are found by the engine's regular-expression search for a class
 * of the anchor characters (linear, and `test` allocates nothing), which
 * skips ordinary text fast; when anchors come thick (over one in 48
 * characters) the pass switches to a table look-up per code unit, whose cost
 * does not grow with density. Either way each character is looked at a
 * bounded number of times. Matches do not overlap; at equal anchors the
 * earlier rule wins. The same pass notes where each of the `marks` starts outside the matches (the
 * `@` of addresses and its encoded forms, told apart by their first two
 * characters and checked by `keepMark`), so the next stage need not search
 * for them again.
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

/** The anchors of a set of rules and the marks, as tables by character. */
class Layout {
  readonly ascii: (Entry | undefined)[] = new Array<Entry | undefined>(128).fill(undefined);
  readonly wideEntries = new Map<number, Entry>();
  readonly kinds = new Uint8Array(128);
  readonly seconds = new Int32Array(128).fill(-1);
  readonly markLengths = new Int32Array(128);
  /** Anchor characters whose every rule needs something the text may lack (see {@link Rule.requires}). */
  readonly conditional: { code: number; requirements: string[] }[] = [];
  /** Finds the next anchor (or mark) from `lastIndex`; `test` allocates nothing. */
  readonly finder: RegExp;
  readonly wholeMarks: readonly string[];

  constructor(rules: readonly Rule[], marks: readonly string[]) {
    const codes = new Set<number>();
    for (const rule of rules) {
      const offset = rule.anchor ?? 0;
      const code = rule.needle.charCodeAt(offset);
      codes.add(code);
      const entry = (code < 128 ? this.ascii[code] : this.wideEntries.get(code)) ?? { rules: [], offsets: [], needles: [] };
      if (code < 128) {
        this.ascii[code] = entry;
        this.kinds[code]! |= ANCHOR;
      } else {
        this.wideEntries.set(code, entry);
      }
      entry.rules.push(rule);
      entry.offsets.push(offset);
      entry.needles.push(rule.needle);
    }
    this.ascii.forEach((entry, code) => {
      if (entry === undefined || entry.rules.some((r) => r.requires === undefined)) return;
      this.conditional.push({ code, requirements: entry.rules.map((r) => r.requires!) });
    });
    for (const mark of marks) {
      const code = mark.charCodeAt(0);
      this.kinds[code]! |= MARK;
      this.seconds[code] = mark.length > 1 ? mark.charCodeAt(1) : -1;
      this.markLengths[code] = mark.length;
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
  private readonly resets: (() => void)[];
  /** Every code unit's kind (see {@link liveTable}): ASCII from the layout, other anchors once here. */
  private readonly table = new Uint8Array(65536);
  private readonly copy = new CodeUnits();
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
    for (const code of this.layout.wideEntries.keys()) this.table[code] = ANCHOR;
    this.requirements = [...new Set(rules.flatMap((r) => (r.requires === undefined ? [] : [r.requires])))];
    this.met = new Int8Array(this.requirements.length);
    this.resets = [...new Set(rules.flatMap((r) => (r.reset === undefined ? [] : [r.reset])))];
  }

  /** The result object is reused by the next pass: read it before scanning again. */
  scan(text: string): AnchoredScan {
    this.text = text;
    this.spans = NONE;
    this.markCount = 0;
    this.floor = 0;
    for (let k = 0; k < this.met.length; k++) this.met[k] = -1;
    for (const reset of this.resets) reset();
    this.search(text);
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

  /**
   * The table of every code unit's kind for this text, without the anchors
   * whose every rule needs something the text does not hold: in dense text
   * those would cost a look-up at each occurrence for nothing.
   */
  private liveTable(): Uint8Array {
    const table = this.table;
    table.set(this.layout.kinds);
    for (const { code, requirements } of this.layout.conditional) {
      if (!requirements.some((r) => this.meets(r))) table[code]! &= ~ANCHOR;
    }
    return table;
  }

  /**
   * Leaps from anchor to anchor with the engine's own search, which skips
   * ordinary text fast; when anchors come thick (over one in 48 characters),
   * hands over to {@link lookUpEach}, whose cost per character does not grow
   * with density. The code units are copied at the first anchor found.
   */
  private search(text: string): void {
    const kinds = this.layout.kinds;
    const finder = this.layout.finder;
    finder.lastIndex = 0;
    let units: Uint16Array | null = null;
    let hits = 0;
    while (finder.test(text)) {
      const at = this.matchStart(text, finder.lastIndex);
      units ??= this.copy.of(text);
      const c = units[at]!;
      const kind = c < 128 ? kinds[c]! : ANCHOR;
      if ((kind & MARK) !== 0) this.noteMark(units, text.length, at, c);
      const resume = ((kind & ANCHOR) === 0 ? at : this.tryRules(text, units, at, c)) + 1;
      if (++hits >= DENSE_AFTER_HITS && hits * DENSE_GAP > at) {
        this.lookUpEach(text, units, resume);
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

  /** Notes the mark whose first character `c` stands at `at`, if its second follows and `keepMark` agrees. */
  private noteMark(units: Uint16Array, length: number, at: number, c: number): void {
    const second = this.layout.seconds[c]!;
    if ((second < 0 || units[at + 1] === second) && this.keepMark(units, length, at, this.layout.markLengths[c]!)) {
      if (this.markCount === this.marks.length) this.grow();
      this.marks[this.markCount++] = at;
    }
  }

  /**
   * A table look-up per code unit from `from` on, marks noted inline: this
   * loop meets every character. Past a quiet stretch it leaps ahead four
   * code units a step, read two to a word, to the next that hold something.
   */
  private lookUpEach(text: string, units: Uint16Array, from: number): void {
    const seconds = this.layout.seconds;
    const table = this.liveTable();
    const pairs = this.copy.lastPairs;
    const length = text.length;
    // Words past the text read its zero padding, which is never of interest.
    const lastPair = (length + 1) >> 1;
    let quiet = 0;
    for (let i = from; i < length; i++) {
      const c = units[i]!;
      const kind = table[c]!;
      if (kind === 0) {
        // After a quiet stretch, leap to the next four code units that hold something.
        if (++quiet >= QUIET && (i & 1) === 1) {
          let p = (i + 1) >> 1;
          while (p < lastPair) {
            const a = pairs[p]!;
            const b = pairs[p + 1]!;
            if ((table[a & 0xffff]! | table[a >>> 16]! | table[b & 0xffff]! | table[b >>> 16]!) !== 0) break;
            p += 2;
          }
          i = (p << 1) - 1;
          quiet = 0;
        }
        continue;
      }
      quiet = 0;
      if ((kind & MARK) !== 0) {
        const second = seconds[c]!;
        // Of a run of a mark's first character (backslashes before `u0040`), only the last can start it.
        if (kind === MARK && second >= 0 && second !== c) while (units[i + 1] === c) i++;
        this.noteMark(units, length, i, c);
        if ((kind & ANCHOR) === 0) continue;
      }
      i = this.tryRules(text, units, i, c);
    }
  }

  /** Tries the rules anchored at `i`; returns the index the scan continues after. */
  private tryRules(text: string, units: Uint16Array, i: number, c: number): number {
    const entry = c < 128 ? this.layout.ascii[c] : this.layout.wideEntries.get(c);
    if (entry === undefined) return i;
    for (let k = 0; k < entry.rules.length; k++) {
      const rule = entry.rules[k]!;
      const at = i - entry.offsets[k]!;
      if (at < this.floor || !holds(units, text.length, at, entry.needles[k]!)) continue;
      if (rule.requires !== undefined && !this.meets(rule.requires)) continue;
      const candidate = rule.match(text, at, this.floor, text.length, units);
      const match = candidate === null ? null : escapeSafe(text, this.floor, candidate);
      if (match === null) continue;
      if (this.spans === NONE) this.spans = [];
      this.spans.push(match);
      this.floor = match.end;
      return Math.max(i, match.end - 1);
    }
    return i;
  }

  private grow(): void {
    const grown = new Int32Array(this.marks.length * 2);
    grown.set(this.marks);
    this.marks = grown;
  }
}

/** True when `needle` stands at `at` in the text whose code units (`length` of them) are `units`. */
function holds(units: Uint16Array, length: number, at: number, needle: string): boolean {
  if (at + needle.length > length) return false;
  for (let k = 0; k < needle.length; k++) if (units[at + k] !== needle.charCodeAt(k)) return false;
  return true;
}
