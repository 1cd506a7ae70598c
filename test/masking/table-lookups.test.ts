import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ADVERSARIAL, labelledCorpus } from "jit-access-bench/masking.js";
import { anchoredScanner } from "../../src/masking/anchored-scan.js";
import { CodeUnits } from "../../src/masking/code-units.js";
import { AT_MARKS, mayBeAddress } from "../../src/masking/emails.js";
import { isBodySymbol, isRun, spanAtRunStart, SYMBOL_LOOKBACK, symbolBodiedTokenBefore } from "../../src/masking/rules/run-start-rules.js";
import { matchShape } from "../../src/masking/rules/shape.js";
import { CANDIDATES, tryCandidate, type Candidate } from "../../src/masking/rules/table-candidates.js";
import { tableTokenAt, vendorPrefixLength } from "../../src/masking/rules/table-token-at.js";
import { tableRules } from "../../src/masking/rules/table-rules.js";
import type { Rule, Span } from "../../src/masking/scan.js";
import { bareSecretBefore } from "../../src/masking/rules/keyword-secrets.js";
import { secretRules } from "../../src/masking/secrets.js";

/*
 * The shortcuts of the table's lookups change nothing: buckets split by a
 * probe character (probe.ts), the body's first character checked before the
 * rest, and the run-start rules' memory of a run read once. Each is compared
 * with the plain way: every candidate in table order, every run walked back
 * at every anchor. A cheap version of the differential run against main's
 * masker (the bench corpus, the adversarial inputs, the rule samples and
 * 100,000 random fragments of token prefixes) that the change was checked with.
 */

const PREFIXES = [...new Set(CANDIDATES.map((c) => c.prefix))];
const FRAGMENTS = [
  ...PREFIXES, "ghp_", "github_pat_", "eyJ", "AKIA", "-----BEGIN ", "Bearer ", "Authorization:", "://", "_", "-", ".", " ", "\\n", ":",
  "hunter2hunter2", "S3cr3t-Valu3-", "0123456789", "1234567890123", "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "ZmFrZS10b2tlbi12YWx1ZQ", "xxxxxxxx", "é",
];
const text = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 24 }).map((parts) => parts.join(""));
const copy = new CodeUnits();
const SECRET_VALUES = ["hunter2hunter2", "S3cr3t-Valu3-"];
const bucket = (c: number | undefined) => (c === undefined ? -1 : Math.min(c, 128));

/** The first candidate, in table order, whose token starts at `at`: what the buckets must find. */
function plainTableTokenAt(text: string, units: Uint16Array, at: number): Span | null {
  for (const c of CANDIDATES) {
    if (c.compiled.lead !== null) continue;
    const span = tryCandidate(text, units, c, at, 0, text.length);
    if (span !== null) return span;
  }
  return null;
}

/** A table rule's answer at `at`, trying its anchor's candidates one by one: before-neighbour ones, then after, then alone. */
function plainTableRule(text: string, units: Uint16Array, anchor: number, at: number): Span | null {
  const mine = CANDIDATES.filter((c) => c.offset >= 0 && c.prefix.charCodeAt(c.offset) === anchor);
  const before = at > 0 ? mine.filter((c) => c.offset > 0 && bucket(c.prefix.charCodeAt(c.offset - 1)) === bucket(units[at - 1])) : [];
  const after = mine.filter((c) => c.offset === 0 && c.prefix.length > 1 && bucket(c.prefix.charCodeAt(1)) === bucket(units[at + 1]));
  const alone = mine.filter((c) => c.prefix.length === 1);
  const tries: [Candidate, number][] = [...before.map((c): [Candidate, number] => [c, at - c.offset]), ...[...after, ...alone].map((c): [Candidate, number] => [c, at])];
  for (const [c, start] of tries) {
    const span = tryCandidate(text, units, c, start, 0, text.length);
    if (span !== null) return span;
  }
  return null;
}

/** The run-start rules as they were: every anchor walks back to the previous one. */
function walkingRunStarts(rules: readonly Rule[]): Rule[] {
  const keyBefore = bareSecretBefore((text, at) => SECRET_VALUES.some((value) => text.startsWith(value, at)));
  let lastAt = -1;
  const reset = () => {
    lastAt = -1;
  };
  return rules.map((rule): Rule => {
    if (rule.fallback !== true) return rule;
    return {
      needle: rule.needle,
      fallback: true,
      reset,
      match(text, at, floor, ceiling, units) {
        const stop = Math.max(floor, lastAt);
        const previous = lastAt;
        lastAt = at;
        let start = at;
        while (start > stop && isRun(units[start - 1]!)) start--;
        if (start === previous) return null;
        const span = spanAtRunStart(text, units, start, floor, ceiling, keyBefore);
        if (span !== null || start <= floor || !isBodySymbol(units[start - 1]!)) return span;
        return symbolBodiedTokenBefore(text, units, start, Math.max(floor, start - SYMBOL_LOOKBACK), floor, ceiling);
      },
    };
  });
}

const TABLE = tableRules();
const TABLE_ANCHORS = new Set(TABLE.map((rule) => rule.needle.charCodeAt(rule.anchor ?? 0)));

/** What the table's rules find at the anchor `at`, each tried in order where its whole needle stands, as the scanner tries them. */
function tableRulesAt(input: string, units: Uint16Array, at: number): Span | null {
  for (const rule of TABLE) {
    const start = at - (rule.anchor ?? 0);
    if (start < 0 || rule.needle.charCodeAt(rule.anchor ?? 0) !== input.charCodeAt(at) || !input.startsWith(rule.needle, start)) continue;
    // Each position on its own, as a pass of its own: second-tier rules remember the run they last tried.
    rule.reset?.();
    const span = rule.match(input, start, 0, input.length, units);
    if (span !== null) return span;
  }
  return null;
}
const RULES = secretRules(SECRET_VALUES);
const scan = anchoredScanner(RULES, AT_MARKS, mayBeAddress);
const walkingScan = anchoredScanner(walkingRunStarts(RULES), AT_MARKS, mayBeAddress);

function sameLookups(input: string): void {
  const units = copy.of(input);
  for (let at = 0; at < input.length; at++) {
    expect(tableTokenAt(input, units, at, 0, input.length)).toEqual(plainTableTokenAt(input, units, at));
    const longest = Math.max(0, ...CANDIDATES.filter((c) => c.compiled.lead === null && c.prefix.length >= 5 && input.startsWith(c.prefix, at)).map((c) => c.prefix.length));
    expect(vendorPrefixLength(units, at)).toBe(longest);
    if (TABLE_ANCHORS.has(input.charCodeAt(at))) expect(tableRulesAt(input, units, at)).toEqual(plainTableRule(input, units, input.charCodeAt(at), at));
  }
}

function sameScan(input: string): void {
  const got = scan(input).spans.slice();
  expect(got).toEqual(walkingScan(input).spans);
}

describe("table lookups", () => {
  it("find, at every position, what trying every candidate in table order finds", () => {
    fc.assert(fc.property(text, (input) => sameLookups(input)), { numRuns: 300 });
    sameLookups("ghp_github_pat_eyJ.xoxb-xapp-AKIA-----BEGIN Bearer Authorization:://".repeat(3));
  });

  it("refuse a body by its first character only where the shape would refuse it", () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...CANDIDATES), fc.string({ unit: fc.constantFrom(..."aZ09_-.+/=:|$@ é\\"), maxLength: 12 }), (c, body) => {
        const bodyUnits = copy.of(body);
        const first = c.compiled.bodyFirst;
        if (first !== null && first[bodyUnits[0]!] !== 1) {
          refused++;
          expect(matchShape(c.compiled.shape, bodyUnits, 0, body.length)).toBe(-1);
        }
      }),
      { numRuns: 3000 },
    );
    // The check must have refused something for the comparison to mean anything.
    expect(refused).toBeGreaterThan(100);
  });
});

describe("run-start rules", () => {
  it("find what walking back at every anchor finds, on the bench corpus and the adversarial inputs", () => {
    for (const line of labelledCorpus(1 << 16, 5).lines) sameScan(line);
    for (const make of Object.values(ADVERSARIAL)) sameScan(make(1 << 12));
  });

  it("find what walking back at every anchor finds in arbitrary runs of token prefixes", () => {
    fc.assert(fc.property(text, (input) => sameScan(input)), { numRuns: 2000 });
  });

  it("walk back again where a match inside the run moved the floor past the last anchor", () => {
    // The configured value ends where `glpat-` starts, inside one run: the run is looked at again from there.
    const input = "a_S3cr3t-Valu3-glpat-ABCDEFGHIJKLMNOPQRST";
    sameScan(input);
    expect(scan(input).spans.map((s) => s.replacement)).toContain("[secret:gitlab-token]");
  });
});
