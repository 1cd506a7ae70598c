import {
  caseFold,
  charSet,
  DIGIT_SET,
  DOT_SET,
  negate,
  single,
  SPACE_SET,
  union,
  WORD_SET,
  type CharSet,
} from "./charset.js";

/** The syntax tree of an accepted pattern. `from`/`to` locate the node in the source for messages. */
export type PatternNode =
  | { kind: "set"; set: CharSet; from: number; to: number }
  | { kind: "seq"; items: PatternNode[]; from: number; to: number }
  | { kind: "alt"; items: PatternNode[]; from: number; to: number }
  | { kind: "repeat"; item: PatternNode; min: number; max: number; from: number; to: number };

export class PatternSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

/** Counted repetition above this is refused: it would blow up the automaton. */
export const MAX_COUNT = 1000;

const INLINE_IGNORE_CASE = "(?i)";

/**
 * Parses a pattern in JavaScript regular-expression syntax (without the `u`
 * flag), limited to what can be matched in linear time: literals, classes,
 * `.`, groups, alternation and quantifiers. Refuses, with a message that says
 * what to write instead, backreferences, lookarounds, anchors and word
 * boundaries. A leading `(?i)` makes the pattern case-insensitive.
 *
 * @example
 * parsePattern("EMP-[0-9]{6}", false);
 */
export function parsePattern(source: string, ignoreCase: boolean): PatternNode {
  const inline = source.startsWith(INLINE_IGNORE_CASE);
  return new Parser(source, inline ? INLINE_IGNORE_CASE.length : 0, ignoreCase || inline).parse();
}

const ESCAPED_CONTROLS: Readonly<Record<string, number>> = { t: 9, n: 10, v: 11, f: 12, r: 13, "0": 0 };

class Parser {
  private pos: number;

  constructor(
    private readonly source: string,
    start: number,
    private readonly ignoreCase: boolean,
  ) {
    this.pos = start;
  }

  parse(): PatternNode {
    const node = this.alternation();
    if (this.pos < this.source.length) throw this.error(`unmatched ")"`, this.pos, "remove it or add the missing \"(\"");
    return node;
  }

  private error(what: string, at: number, fix: string): PatternSyntaxError {
    return new PatternSyntaxError(`${what} at position ${at + 1}: ${fix}`, at);
  }

  private alternation(): PatternNode {
    const from = this.pos;
    const items = [this.sequence()];
    while (this.source[this.pos] === "|") {
      this.pos++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0]! : { kind: "alt", items, from, to: this.pos };
  }

  private sequence(): PatternNode {
    const from = this.pos;
    const items: PatternNode[] = [];
    while (this.pos < this.source.length && this.source[this.pos] !== "|" && this.source[this.pos] !== ")") {
      items.push(this.quantified(this.atom()));
    }
    return items.length === 1 ? items[0]! : { kind: "seq", items, from, to: this.pos };
  }

  private quantified(item: PatternNode): PatternNode {
    const from = this.pos;
    const bounds = this.quantifier();
    if (bounds === null) return item;
    if (this.source[this.pos] === "?") this.pos++; // lazy: the same set of matches, so the same masking
    if (this.isQuantifierAhead()) {
      throw this.error(`"${this.source[this.pos]}" repeats a repetition`, this.pos, "write one quantifier per item, e.g. a{2,} instead of a++");
    }
    return { kind: "repeat", item, min: bounds[0], max: bounds[1], from: item.from, to: Math.max(this.pos, from) };
  }

  private isQuantifierAhead(): boolean {
    const c = this.source[this.pos];
    return c === "*" || c === "+" || c === "?" || (c === "{" && this.countAt(this.pos) !== null);
  }

  private quantifier(): [number, number] | null {
    const c = this.source[this.pos];
    if (c === "*" || c === "+" || c === "?") {
      this.pos++;
      return c === "*" ? [0, Infinity] : c === "+" ? [1, Infinity] : [0, 1];
    }
    if (c !== "{") return null;
    const count = this.countAt(this.pos);
    if (count === null) return null;
    const [min, max, end] = count;
    if (min > MAX_COUNT || (max !== Infinity && max > MAX_COUNT)) {
      throw this.error(`repeat count above ${MAX_COUNT}`, this.pos, `use a count of at most ${MAX_COUNT}, or "+" for "one or more"`);
    }
    if (max < min) throw this.error(`{${min},${max}} has its numbers in the wrong order`, this.pos, `write {${max},${min}}`);
    this.pos = end;
    return [min, max];
  }

  /** `{n}`, `{n,}` or `{n,m}` at `at`: [min, max, index after]. Anything else is a literal brace. */
  private countAt(at: number): [number, number, number] | null {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(at, at + 24));
    if (match === null) return null;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === "" ? Infinity : Number(match[3]);
    return [min, max, at + match[0].length];
  }

  private set(set: CharSet, from: number): PatternNode {
    return { kind: "set", set: this.ignoreCase ? caseFold(set) : set, from, to: this.pos };
  }

  private atom(): PatternNode {
    const from = this.pos;
    const c = this.source[this.pos]!;
    switch (c) {
      case "(":
        return this.group();
      case "[":
        return this.set(this.charClass(), from);
      case ".":
        this.pos++;
        return this.set(DOT_SET, from);
      case "^":
      case "$":
        throw this.error(
          `the anchor "${c}"`,
          from,
          "masking patterns match anywhere in the text; remove it and make the pattern itself specific, e.g. EMP-[0-9]{6}",
        );
      case "\\":
        return this.set(this.escape(false), from);
      case "*":
      case "+":
      case "?":
        throw this.error(`"${c}" has nothing to repeat`, from, `put it after the character or group it repeats, or escape it as \\${c}`);
      case "{":
        if (this.countAt(from) !== null) throw this.error(`"{" has nothing to repeat`, from, "put the count after what it repeats, or escape it as \\{");
        break;
      default:
        break;
    }
    this.pos++;
    return this.set(single(c.charCodeAt(0)), from);
  }

  private group(): PatternNode {
    const open = this.pos;
    this.pos++;
    if (this.source[this.pos] === "?") {
      const kind = this.source.slice(this.pos, this.pos + 3);
      if (kind.startsWith("?:")) {
        this.pos += 2;
      } else if (kind === "?<=" || kind === "?<!" || kind.startsWith("?=") || kind.startsWith("?!")) {
        throw this.error(
          `the lookaround "(${kind.startsWith("?<") ? kind : kind.slice(0, 2)}"`,
          open,
          "lookahead and lookbehind are not supported; a masking pattern masks what it matches, so match the text itself",
        );
      } else if (kind.startsWith("?<")) {
        const close = this.source.indexOf(">", this.pos);
        if (close < 0) throw this.error("an unterminated group name", open, 'close the name with ">"');
        this.pos = close + 1;
      } else {
        throw this.error(`the group "(${kind.slice(0, 2)}"`, open, "use (…) or (?:…); inline flags other than a leading (?i) are not supported");
      }
    }
    const inner = this.alternation();
    if (this.source[this.pos] !== ")") throw this.error('a "(" without its ")"', open, 'add the missing ")"');
    this.pos++;
    return { ...inner, from: open, to: this.pos };
  }

  private charClass(): CharSet {
    const open = this.pos;
    this.pos++;
    const negated = this.source[this.pos] === "^";
    if (negated) this.pos++;
    const parts: CharSet[] = [];
    while (this.source[this.pos] !== "]") {
      if (this.pos >= this.source.length) throw this.error('a "[" without its "]"', open, 'add the missing "]"');
      const low = this.classAtom();
      if (this.source[this.pos] === "-" && this.source[this.pos + 1] !== "]" && this.pos + 1 < this.source.length) {
        const dash = this.pos;
        this.pos++;
        const high = this.classAtom();
        if (low.length !== 2 || high.length !== 2 || low[0] !== low[1] || high[0] !== high[1]) {
          throw this.error("a range with a class at one end", dash, "write the range between two characters, e.g. [a-z0-9]");
        }
        if (high[0]! < low[0]!) throw this.error("a range out of order", dash, "put the lower character first, e.g. [a-z]");
        parts.push(charSet([[low[0]!, high[0]!]]));
      } else {
        parts.push(low);
      }
    }
    this.pos++;
    const set = union(...parts);
    if (set.length === 0 && !negated) throw this.error("an empty class []", open, "it can never match; list at least one character");
    return negated ? negate(set) : set;
  }

  private classAtom(): CharSet {
    const c = this.source[this.pos]!;
    if (c !== "\\") {
      this.pos++;
      return single(c.charCodeAt(0));
    }
    return this.escape(true);
  }

  private escape(inClass: boolean): CharSet {
    const at = this.pos;
    const c = this.source[at + 1];
    if (c === undefined) throw this.error("a trailing backslash", at, "escape it as \\\\ or remove it");
    this.pos += 2;
    switch (c) {
      case "d":
        return DIGIT_SET;
      case "D":
        return negate(DIGIT_SET);
      case "w":
        return WORD_SET;
      case "W":
        return negate(WORD_SET);
      case "s":
        return SPACE_SET;
      case "S":
        return negate(SPACE_SET);
      case "b":
        if (inClass) return single(8);
        throw this.error('the word boundary "\\b"', at, "masking patterns match anywhere; remove it and make the pattern itself specific");
      case "B":
        throw this.error('the assertion "\\B"', at, "masking patterns match anywhere; remove it");
      case "c": {
        const letter = this.source[this.pos];
        if (letter === undefined || !/[A-Za-z]/.test(letter)) throw this.error('"\\c" without a control letter', at, "write e.g. \\cJ");
        this.pos++;
        return single(letter.charCodeAt(0) % 32);
      }
      case "x":
        return single(this.hex(at, 2));
      case "u":
        if (this.source[this.pos] === "{") throw this.error('"\\u{…}"', at, "write the character as \\uXXXX (code points above U+FFFF as two \\u escapes)");
        return single(this.hex(at, 4));
      case "p":
      case "P":
        throw this.error(`the property class "\\${c}{…}"`, at, "list the characters or ranges instead, e.g. [A-Za-z]");
      case "k":
        throw this.error('the backreference "\\k<…>"', at, "backreferences are not supported; spell the repeated text out");
      default:
        break;
    }
    if (c in ESCAPED_CONTROLS && !(c === "0" && /[0-9]/.test(this.source[this.pos] ?? ""))) return single(ESCAPED_CONTROLS[c]!);
    if (/[1-9]/.test(c)) {
      throw this.error(`the backreference "\\${c}"`, at, "backreferences are not supported; spell the repeated text out");
    }
    if (/[A-Za-z0-9_]/.test(c)) throw this.error(`the unknown escape "\\${c}"`, at, `write ${c} without the backslash`);
    return single(c.charCodeAt(0));
  }

  private hex(at: number, digits: number): number {
    const text = this.source.slice(this.pos, this.pos + digits);
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(text)) {
      throw this.error(`"${this.source.slice(at, this.pos + digits)}" is not a complete escape`, at, `give exactly ${digits} hex digits`);
    }
    this.pos += digits;
    return parseInt(text, 16);
  }
}
