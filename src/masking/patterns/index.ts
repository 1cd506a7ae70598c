import { buildAutomaton, MAX_POSITIONS, PatternTooLargeError } from "./automaton.js";
import { parsePattern, PatternSyntaxError, type PatternNode } from "./parse.js";
import { catastrophicShape } from "./safety.js";

export { CoverageScanner } from "./coverage.js";

/** The outcome of checking one custom masking pattern. */
export type SafePatternResult =
  | { ok: true; regex: RegExp; node: PatternNode }
  | { ok: false; message: string };

const MAX_SOURCE = 1000;

/**
 * Checks a custom masking pattern (policy `settings.masking.patterns`) and
 * compiles it. Refused, each with a message naming what was found, where,
 * and how to write it instead: syntax errors, backreferences, lookarounds,
 * anchors and `\b`, patterns that can match the empty string, and shapes that
 * make backtracking engines take exponential time (nested quantifiers,
 * overlapping alternatives under a quantifier). The masker matches accepted
 * patterns with its own linear-time automaton; `regex` is the equivalent
 * JavaScript expression, for display and tests.
 *
 * @example
 * compileSafePattern("EMP-[0-9]{6}"); // { ok: true, regex: /EMP-[0-9]{6}/, … }
 * compileSafePattern("(a+)+b"); // { ok: false, message: 'pattern "(a+)+b": nested quantifier: …' }
 */
export function compileSafePattern(pattern: string | RegExp): SafePatternResult {
  const { source, ignoreCase } = toSource(pattern);
  const refuse = (why: string): SafePatternResult => ({ ok: false, message: `pattern ${JSON.stringify(source)}: ${why}` });
  const flag = typeof pattern === "string" ? undefined : [...pattern.flags].find((f) => "usv".includes(f));
  if (flag !== undefined) return refuse(`the flag "${flag}" is not supported; only "i" (or a leading (?i)) changes how masking patterns match`);
  if (source.length === 0) return refuse("it is empty; write the text to mask");
  if (source.length > MAX_SOURCE) return refuse(`it is longer than ${MAX_SOURCE} characters; split it into several patterns`);
  let node: PatternNode;
  try {
    node = parsePattern(source, ignoreCase);
  } catch (error) {
    if (error instanceof PatternSyntaxError) return refuse(error.message);
    throw error;
  }
  const danger = catastrophicShape(node, source);
  if (danger !== null) return refuse(danger);
  try {
    buildAutomaton([node]);
  } catch (error) {
    if (error instanceof PatternTooLargeError) {
      return refuse(`its counted repetitions unroll to more than ${MAX_POSITIONS} characters; use smaller counts or "+"`);
    }
    throw error;
  }
  const plain = source.startsWith("(?i)") ? source.slice(4) : source;
  let regex: RegExp;
  try {
    regex = new RegExp(plain, ignoreCase || plain !== source ? "i" : "");
  } catch (error) {
    return refuse((error as Error).message);
  }
  return { ok: true, regex, node };
}

/** `g`, `y` and `m` change nothing for masking (no anchors); `u`, `v` and `s` would change the meaning and are refused above. */
function toSource(pattern: string | RegExp): { source: string; ignoreCase: boolean } {
  if (typeof pattern === "string") return { source: pattern, ignoreCase: false };
  return { source: pattern.source, ignoreCase: pattern.flags.includes("i") };
}

/** Thrown by `createMasker` when a custom pattern is refused: masking must not silently skip one. */
export class MaskingPatternError extends Error {
  constructor(readonly messages: readonly string[]) {
    super(`masking patterns refused:\n- ${messages.join("\n- ")}`);
    this.name = "MaskingPatternError";
  }
}

/**
 * Compiles the patterns of a masker into one automaton, or throws
 * {@link MaskingPatternError} listing every refused pattern.
 *
 * @example
 * const automaton = compilePatterns(["EMP-[0-9]{6}"]);
 */
export function compilePatterns(patterns: readonly (string | RegExp)[]) {
  const nodes: PatternNode[] = [];
  const messages: string[] = [];
  for (const pattern of patterns) {
    const result = compileSafePattern(pattern);
    if (result.ok) nodes.push(result.node);
    else messages.push(result.message);
  }
  if (messages.length > 0) throw new MaskingPatternError(messages);
  try {
    return buildAutomaton(nodes);
  } catch (error) {
    if (error instanceof PatternTooLargeError) {
      throw new MaskingPatternError([`together the patterns unroll to more than ${MAX_POSITIONS} characters; use fewer or smaller counts`]);
    }
    throw error;
  }
}
