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

/** Rules anchored at one character, in order, with what the scanner checks before calling them. */
class Group {
  readonly rules: Rule[] = [];
  readonly offsets: number[] = [];
  /** Each rule's {@link Rule.requires}, or null: read here, not from rule objects of many shapes. */
  readonly requirements: (string | null)[] = [];
  /** The needles' code units one after another, each needle from `starts[k]`, `lengths[k]` long. */
  codes = new Uint16Array(0);
  readonly starts: number[] = [];
  readonly lengths: number[] = [];

  add(rule: Rule, offset: number): void {
    this.rules.push(rule);
    this.offsets.push(offset);
    this.requirements.push(rule.requires ?? null);
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

interface Entry {
  readonly rules: Group;
  /** Rules with {@link Rule.fallback}, in order, tried after `rules`. */
  readonly fallbacks: Group;
  /**
   * By the code unit before the anchor (128: any from 128 on; 129: none, at
   * the text's start), the indices in `rules` of those that may match there,
   * in order; `byAfter` the same by the code unit after it. A rule is tried
   * where it is in either list (in both, once).
   */
  readonly byBefore: Int16Array[];
  readonly byAfter: Int16Array[];
}

// Bits of the per-character table: a rule's anchor, the first character of a mark.
const ANCHOR = 1;
const MARK = 2;
const OTHER = 128;
// How often a pass lets a rule check its own requirement before the text is searched for it.
const ASKS_BEFORE_SEARCH = 16;

/**
 * A scanner for many rules in one pass. Each rule is anchored at one of its
 * characters (a rare one); only where an anchor stands are the rules
 * anchored there looked at. The pass reads a copy of the text's code units
 * (see `CodeUnits`) four at a time, two to a word, with one table look-up
 * each, and stops only at a group that holds an anchor or a mark: ordinary
 * text costs the same whatever the rules, and adding rules adds no work where
 * their anchors do not stand. At an anchor, the rules there are dispatched by
 * the anchor's neighbours first (each needle's own, or a rule's
 * {@link Rule.around}: one look-up each side for the whole bucket), then
 * checked against their needle, then by their own `match`; the
 * {@link Rule.fallback} rules last. Each character is looked at a bounded
 * number of times. Matches do not overlap; at equal anchors the earlier rule
 * wins. The same pass notes where each of the `marks` starts outside the
 * matches (the `@` of addresses and its encoded forms, told apart by their
 * first two characters and checked by `keepMark`), so the next stage need not
 * search for them again.
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

function newEntry(): Entry {
  return { rules: new Group(), fallbacks: new Group(), byBefore: [], byAfter: [] };
}

const AT_START = OTHER + 1;

/**
 * Fills the entry's neighbour lists: a needle's rule under the neighbour its
 * needle has next to the anchor, a rule with {@link Rule.around} under each
 * neighbour it names, any other everywhere.
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
  entry.byBefore.push(...before.map((list) => Int16Array.from(list)));
  entry.byAfter.push(...after.map((list) => Int16Array.from(list)));
}

/** The anchors of a set of rules and the marks, as tables by character. */
class Layout {
  readonly ascii: (Entry | undefined)[] = new Array<Entry | undefined>(128).fill(undefined);
  readonly wideEntries = new Map<number, Entry>();
  readonly kinds = new Uint8Array(128);
  readonly seconds = new Int32Array(128).fill(-1);
  readonly markLengths = new Int32Array(128);
  /** ASCII anchors whose every rule needs something the text may lack (see {@link Rule.requires}), with what they need. */
  readonly conditional: { readonly code: number; readonly requirements: readonly string[] }[] = [];

  constructor(rules: readonly Rule[], marks: readonly string[]) {
    for (const rule of rules) {
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
    for (const entry of [...this.ascii, ...this.wideEntries.values()]) if (entry !== undefined) indexNeighbours(entry);
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

const NONE: Span[] = [];

class AnchoredScanner {
  private readonly layout: Layout;
  /** Per pass, each rule requirement (see {@link Rule.requires}): 1 held, 0 not, below 0 not searched yet (minus how often asked, less one). */
  private readonly requirements: readonly string[];
  private readonly met: Int8Array;
  private readonly resets: (() => void)[];
  /** Every code unit's kind: ASCII from the layout, other anchors once here. */
  private readonly table = new Uint8Array(65536);
  private readonly copy = new CodeUnits();
  private text = "";
  private marks: Int32Array = new Int32Array(1024);
  private markCount = 0;
  private spans: Span[] = NONE;
  private floor = 0;
  /** Whether this pass took anchors out of the table (see {@link meets}). */
  private thinned = false;
  private readonly result = { spans: NONE, marks: this.marks, markCount: 0 };

  constructor(
    rules: readonly Rule[],
    markForms: readonly string[],
    private readonly keepMark: MarkFilter,
  ) {
    this.layout = new Layout(rules, markForms);
    this.table.set(this.layout.kinds);
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
    if (this.thinned) this.table.set(this.layout.kinds);
    this.thinned = false;
    for (const reset of this.resets) reset();
    this.walk(text, this.copy.of(text));
    const result = this.result;
    result.spans = this.spans;
    result.marks = this.marks;
    result.markCount = this.markCount;
    return result;
  }

  /**
   * Whether the text may hold `requirement`. The first few times a pass asks,
   * the rule is left to check for itself (a whole-text search costs more
   * than a few cheap misses); after that the text is searched once.
   */
  private meets(requirement: string): boolean {
    const k = this.requirements.indexOf(requirement);
    if (this.met[k]! < 0) {
      this.met[k] = this.met[k] === -ASKS_BEFORE_SEARCH ? (this.text.includes(requirement) ? 1 : 0) : this.met[k]! - 1;
      if (this.met[k] === 0) this.thin();
    }
    return this.met[k] !== 0;
  }

  /** Takes out of this pass's table the anchors whose every rule needs what the text was found not to hold. */
  private thin(): void {
    for (const { code, requirements } of this.layout.conditional) {
      if (requirements.every((r) => this.met[this.requirements.indexOf(r)] === 0)) {
        this.table[code]! &= ~ANCHOR;
        this.thinned = true;
      }
    }
  }

  /**
   * Reads the code units four at a time (two words of the paired view, whose
   * padding reads zeros past the end) until a group holds something, then
   * looks at that group's code units one by one.
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
        while (p < lastPair) {
          const a = pairs[p]!;
          const b = pairs[p + 1]!;
          if ((table[a & 0xffff]! | table[a >>> 16]! | table[b & 0xffff]! | table[b >>> 16]!) !== 0) break;
          p += 2;
        }
        i = p << 1;
        if (i >= length) return;
      }
      const c = units[i]!;
      const kind = table[c]!;
      if (kind !== 0) i = this.visit(text, units, i, c, kind);
      i++;
    }
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
      if (this.markCount === this.marks.length) this.grow();
      this.marks[this.markCount++] = at;
    }
  }

  /** Tries the rules anchored at `i`, those its neighbours allow, then the fallbacks; returns the index the scan continues after. */
  private tryRules(text: string, units: Uint16Array, i: number, c: number): number {
    const entry = c < 128 ? this.layout.ascii[c] : this.layout.wideEntries.get(c);
    if (entry === undefined) return i;
    const group = entry.rules;
    const before = entry.byBefore[i > 0 ? Math.min(units[i - 1]!, OTHER) : AT_START]!;
    const after = entry.byAfter[Math.min(units[i + 1]!, OTHER)]!;
    // The two lists merged in rule order, a rule in both tried once.
    let x = 0;
    let y = 0;
    while (x < before.length || y < after.length) {
      let k: number;
      if (y >= after.length || (x < before.length && before[x]! < after[y]!)) k = before[x++]!;
      else if (x >= before.length || after[y]! < before[x]!) k = after[y++]!;
      else {
        k = before[x++]!;
        y++;
      }
      const at = i - group.offsets[k]!;
      if (at < this.floor || !group.holds(k, units, text.length, at)) continue;
      const requirement = group.requirements[k]!;
      if (requirement !== null && !this.meets(requirement)) continue;
      const resume = this.apply(group.rules[k]!.match(text, at, this.floor, text.length, units), i);
      if (resume >= 0) return resume;
    }
    // A call site of their own: it sees only fallbacks, so the engine inlines their `match`.
    const last = entry.fallbacks;
    for (let k = 0; k < last.rules.length; k++) {
      const at = i - last.offsets[k]!;
      if (at < this.floor || !last.holds(k, units, text.length, at)) continue;
      const requirement = last.requirements[k]!;
      if (requirement !== null && !this.meets(requirement)) continue;
      const resume = this.apply(last.rules[k]!.match(text, at, this.floor, text.length, units), i);
      if (resume >= 0) return resume;
    }
    return i;
  }

  /** Records a rule's candidate span, made escape-safe; returns where the scan resumes, or -1 if nothing is left of it. */
  private apply(candidate: Span | null, i: number): number {
    const match = candidate === null ? null : escapeSafe(this.text, this.floor, candidate);
    if (match === null) return -1;
    if (this.spans === NONE) this.spans = [];
    this.spans.push(match);
    this.floor = match.end;
    return Math.max(i, match.end - 1);
  }

  private grow(): void {
    const grown = new Int32Array(this.marks.length * 2);
    grown.set(this.marks);
    this.marks = grown;
  }
}
