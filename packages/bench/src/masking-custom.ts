import { customMasker } from "jit-access/internal/masking/custom.js";
import { compilePatterns, type PatternCover } from "jit-access/internal/masking/custom-patterns.js";
import { createMasker } from "jit-access/internal/masking/index.js";
import { automatonCover } from "./automaton-baseline/index.js";
import { fastest, num } from "./stats.js";

/*
 * Custom masking patterns before and after RE2, in one run: the former
 * home-made automaton and RE2 (re2js) scan the same lines for the same
 * patterns, interleaved so that both see the same machine.
 */

/** What an organisation might mask: staff and customer numbers, a project name, tickets, one repository. */
export const BENCH_PATTERNS = ["EMP-[0-9]{6}", "(?i)project-(?:apollo|gemini)", "CUST-[0-9]{4,8}", "INC-[0-9]+", "[A-Z]{2}[0-9]{6}", "octo-org/access-[a-z]+"];

/** Inputs against patterns the former checker refused: catastrophic for a backtracking engine, and match after match with a search kept alive. */
const HOSTILE = [
  { patterns: ["(a+)+b", "(\\w+\\s?)+!"], text: (n: number) => "a".repeat(n / 2) + "ab ".repeat(n / 6) },
  { patterns: ["EMP-[0-9]{6}|SECRET.*END"], text: (n: number) => "SECRET EMP-123456 ".repeat(n / 18) },
];
const HOSTILE_BYTES = 64 << 10;

/**
 * Rows for the masking table: MB/s of the custom-pattern stage alone with
 * each engine over `lines`, whether both masked the same stretches, the
 * whole masker with and without the patterns, and hostile inputs.
 * Each row has the measure, the value, `dash` for the peers, target and verdict.
 *
 * @example
 * const rows = customPatternRows(corpus.lines, ["—", "—", "—"], 9);
 */
export function customPatternRows(lines: readonly string[], dash: readonly string[], rounds: number): string[][] {
  const bytes = lines.reduce((sum, line) => sum + line.length + 1, 0);
  const engines: [string, PatternCover][] = [["former automaton", automatonCover(BENCH_PATTERNS)], ["RE2 (re2js)", compilePatterns(BENCH_PATTERNS)]];
  const stages = engines.map(([name, cover]) => ({ name, mask: customMasker(cover), ms: Number.POSITIVE_INFINITY }));
  for (let r = 0; r < rounds; r++) {
    for (const stage of stages) stage.ms = Math.min(stage.ms, fastest(() => lines.forEach((line) => stage.mask(line, [])), 1));
  }
  const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
  const differing = lines.filter((line) => JSON.stringify(stages[0]!.mask(line, [])) !== JSON.stringify(stages[1]!.mask(line, []))).length;
  const plain = createMasker();
  const withPatterns = createMasker({ patterns: BENCH_PATTERNS });
  const wholePlain = fastest(() => lines.forEach((line) => plain.mask(line)), rounds);
  const wholeWith = fastest(() => lines.forEach((line) => withPatterns.mask(line)), rounds);
  const hostile = HOSTILE.map(({ patterns, text }) => {
    const input = text(HOSTILE_BYTES);
    const masker = createMasker({ patterns });
    return { patterns, mbps: input.length / 1e6 / (fastest(() => masker.mask(input), 3) / 1000) };
  });
  const [before, after] = stages as [(typeof stages)[0], (typeof stages)[0]];
  return [
    ...stages.map((s) => [`custom patterns (${BENCH_PATTERNS.length}) alone, ${s.name}: MB/s`, num(mbps(s.ms), 1), ...dash, "—", "—"]),
    ["custom patterns: RE2 ÷ former automaton time", `${(after.ms / before.ms).toFixed(2)}×`, ...dash, "—", "—"],
    ["custom patterns: lines the two engines mask differently", num(differing), ...dash, "—", "—"],
    ["whole masker with the custom patterns ÷ without, time", `${(wholeWith / wholePlain).toFixed(2)}×`, ...dash, "—", "—"],
    ...hostile.map((h) => [`hostile 64 KiB for ${h.patterns.map((p) => `\`${p}\``).join(", ")} (RE2; the former checker refused them): MB/s`, num(h.mbps, 1), ...dash, "—", "—"]),
  ];
}
