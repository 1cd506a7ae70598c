/**
 * Regular expressions written by policy authors (ticket patterns) run
 * inside the app on text that people type. JavaScript's engine
 * backtracks, so a pattern such as `(a+)+$` can take minutes on a short
 * string and stall every request. A pattern is accepted only when its
 * backtracking is bounded: no backreferences or lookarounds, no repeated
 * group that itself repeats or branches, and a small budget for the ways
 * the repeats next to each other can split the text. With that, matching
 * costs at most a constant times the length of the text.
 */
export type PatternCheck = { ok: true; regex: RegExp } | { ok: false; message: string };

export interface PatternLimits {
  /**
   * The longest text the pattern is run on. An open-ended repeat (`*`, `+`,
   * `{2,}`) counts as repeating up to this many times; with no limit (the
   * default, for text of any length) open-ended repeats are refused.
   */
  inputLimit?: number;
  /** The most ways the repeats may split the text at one position (default 1,000). */
  budget?: number;
}

export const PATTERN_MAX_LENGTH = 200;
/**
 * The default for the most ways the repeats of one pattern may split the
 * text at one position: matching then costs at most this many steps per
 * character, about 0.2 s for 50,000 characters in the worst case.
 */
export const BACKTRACK_BUDGET = 1_000;

type Node =
  | { kind: "atom" }
  | { kind: "seq"; items: Node[] }
  | { kind: "alt"; options: Node[] }
  | { kind: "group"; body: Node }
  | { kind: "repeat"; child: Node; min: number; max: number; text: string };

class Unsafe extends Error {}

/**
 * Checks that a pattern compiles (with the `u` flag) and runs in time
 * linear in the length of the text; the message says what was found and how
 * to rewrite it.
 *
 * @example
 * checkSafePattern("^(INC|CHG)-[0-9]+$", { inputLimit: 100, budget: 10_000 }).ok; // true
 * checkSafePattern("^(a+)+$").ok; // false: the repeated group repeats
 */
export function checkSafePattern(source: string, limits: PatternLimits = {}): PatternCheck {
  if (source.length > PATTERN_MAX_LENGTH) {
    return { ok: false, message: `the pattern is ${source.length} characters long; keep it to ${PATTERN_MAX_LENGTH} or fewer` };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, "u");
  } catch (error) {
    const detail = String((error as Error).message).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
    return { ok: false, message: `this is not a valid regular expression (${detail}); check its brackets, parentheses and backslashes` };
  }
  try {
    const tree = new PatternParser(source).parse();
    const limit = limits.inputLimit ?? Infinity;
    const repeats = collectRepeats(tree);
    const open = repeats.find((r) => r.max === Infinity);
    if (open && limit === Infinity) {
      throw new Unsafe(`the repeat "${open.text}" has no upper bound and the pattern runs over text of any length; give every repeat one, such as {1,100} instead of + or {0,100} instead of *`);
    }
    const cost = costOf(tree, limit);
    const budget = limits.budget ?? BACKTRACK_BUDGET;
    if (cost > budget) {
      const shown = repeats.slice(0, 3).map((r) => `"${r.text}"`).join(", ");
      throw new Unsafe(`the repeats ${shown} can split the text in about ${Math.round(cost).toLocaleString("en")} ways at each position (at most ${budget.toLocaleString("en")} allowed); use fewer or shorter repeats, or merge neighbours such as \\d+\\d+ into \\d{2,}`);
    }
  } catch (error) {
    if (error instanceof Unsafe) return { ok: false, message: error.message };
    throw error;
  }
  return { ok: true, regex };
}

/**
 * A parser for the patterns `new RegExp(source, "u")` already accepted, so
 * it only needs to find structure, not report syntax errors.
 */
class PatternParser {
  private i = 0;

  constructor(private readonly src: string) {}

  parse(): Node {
    return this.alternation();
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === "|") {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { kind: "alt", options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      const start = this.i;
      const atom = this.atom();
      items.push(this.quantified(atom, start));
    }
    return { kind: "seq", items };
  }

  private atom(): Node {
    const c = this.src[this.i];
    if (c === "(") return this.group();
    if (c === "[") {
      this.skipClass();
      return { kind: "atom" };
    }
    if (c === "\\") {
      this.escape();
      return { kind: "atom" };
    }
    this.i++;
    return { kind: "atom" };
  }

  private group(): Node {
    const rest = this.src.slice(this.i);
    const look = /^\(\?<?[=!]/.exec(rest);
    if (look) {
      throw new Unsafe(`the lookaround "${look[0]}…)" is not allowed because it can make matching slow; match the text directly instead`);
    }
    if (rest.startsWith("(?:")) this.i += 3;
    else if (rest.startsWith("(?<")) this.i = this.src.indexOf(">", this.i) + 1;
    else this.i++;
    const body = this.alternation();
    this.i++; // the closing parenthesis
    return { kind: "group", body };
  }

  private skipClass(): void {
    this.i++;
    while (this.i < this.src.length && this.src[this.i] !== "]") this.i += this.src[this.i] === "\\" ? 2 : 1;
    this.i++;
  }

  private escape(): void {
    const next = this.src[this.i + 1] ?? "";
    if (/[1-9]/.test(next) || next === "k") {
      const text = /^\\(?:[1-9][0-9]*|k<[^>]*>)/.exec(this.src.slice(this.i))?.[0] ?? `\\${next}`;
      throw new Unsafe(`the backreference "${text}" can take exponential time; write out the text it should match again instead`);
    }
    const braced = /^\\[pPu]\{[^}]*\}/.exec(this.src.slice(this.i));
    if (braced) this.i += braced[0].length;
    else if (next === "u") this.i += 6;
    else if (next === "x") this.i += 4;
    else if (next === "c") this.i += 3;
    else this.i += 2;
  }

  private quantified(atom: Node, start: number): Node {
    const match = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(this.src.slice(this.i));
    if (!match) return atom;
    this.i += match[0].length;
    const [, symbol, low, comma, high] = match;
    const min = symbol === "+" ? 1 : symbol !== undefined ? 0 : Number(low);
    const max = symbol === "?" ? 1 : symbol !== undefined ? Infinity : comma === undefined ? min : high === "" || high === undefined ? Infinity : Number(high);
    const text = this.src.slice(start, this.i);
    if (max > 1 && atom.kind === "group" && branchesOrRepeats(atom.body)) {
      throw new Unsafe(`the group "${text}" repeats something that itself repeats or has alternatives, which can take exponential time; repeat a single character or class instead, such as [\\w.]+ rather than (\\w+\\.)+, or [ab]+ rather than (a|b)+`);
    }
    return { kind: "repeat", child: atom, min, max, text };
  }
}

function branchesOrRepeats(node: Node): boolean {
  switch (node.kind) {
    case "atom":
      return false;
    case "alt":
    case "repeat":
      return true;
    case "group":
      return branchesOrRepeats(node.body);
    case "seq":
      return node.items.some(branchesOrRepeats);
  }
}

function collectRepeats(node: Node): Extract<Node, { kind: "repeat" }>[] {
  switch (node.kind) {
    case "atom":
      return [];
    case "repeat":
      return [node, ...collectRepeats(node.child)];
    case "group":
      return collectRepeats(node.body);
    case "seq":
      return node.items.flatMap(collectRepeats);
    case "alt":
      return node.options.flatMap(collectRepeats);
  }
}

/**
 * How many ways the pattern can split the text at one starting position:
 * a repeat multiplies by the number of counts it can take, a sequence
 * multiplies its parts, alternatives add up.
 */
function costOf(node: Node, limit: number): number {
  switch (node.kind) {
    case "atom":
      return 1;
    case "group":
      return costOf(node.body, limit);
    case "seq":
      return node.items.reduce((product, item) => product * costOf(item, limit), 1);
    case "alt":
      return node.options.reduce((sum, option) => sum + costOf(option, limit), 0);
    case "repeat":
      return Math.max(1, Math.min(node.max, limit) - node.min + 1) * costOf(node.child, limit);
  }
}
