import type { PatternCover } from "jit-access/internal/masking/custom-patterns.js";
import { buildAutomaton } from "./automaton.js";
import { CoverageScanner } from "./coverage.js";
import { parsePattern } from "./parse.js";

/*
 * The engine custom masking patterns ran on before RE2: a home-made parser,
 * position automaton and coverage scanner (formerly src/masking/patterns/).
 * It is kept here only so that the masking bench can time it beside RE2 in
 * one run; nothing in the app uses it.
 */

/**
 * The former engine's scanner for `patterns`, which must be within its
 * syntax (no anchors, lookaround or backreferences; `(?i)` only in front).
 *
 * @example
 * const cover = automatonCover(["EMP-[0-9]{6}"]);
 */
export function automatonCover(patterns: readonly string[]): PatternCover {
  return new CoverageScanner(buildAutomaton(patterns.map((source) => parsePattern(source, false))));
}
