import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ADVERSARIAL, labelledCorpus } from "jit-access-bench/masking.js";
import { CodeUnits } from "../../src/masking/code-units.js";
import { endsLikeBareKey } from "../../src/masking/rules/keyword-secrets.js";
import { isBodySymbol, isRun, mayStartToken, SYMBOL_BODIED, symbolBodiedTokenBefore, tokenAtRunStart } from "../../src/masking/rules/run-start-rules.js";
import { CANDIDATES, tryCandidate } from "../../src/masking/rules/table-candidates.js";
import type { Span } from "../../src/masking/scan.js";

/*
 * The run-start rules' look-ups that spare a call change nothing: where one
 * says nothing can be found, the plain way finds nothing. Each is compared
 * with the plain way at every position of arbitrary text built from the
 * table's prefixes, the bench corpus and the adversarial inputs; a cheap
 * version of the differential run against main's masker the change was
 * checked with.
 */

const PREFIXES = [...new Set(CANDIDATES.map((c) => c.prefix))];
const FRAGMENTS = [
  ...PREFIXES, "secret", "credentials", "credential", "creds", "secrets", "set", "class", "django-insecure-", "fio-u-", ".atlasv1.",
  "@", "=", "+", "!", "#", "(", " ", ":", "\"", "\\t", "_", "-", ".", "abc", "Zq8Lk3Vw9pRt5Yx2", "0123456789abcdef", "é",
];
const text = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 24 }).map((parts) => parts.join(""));
const copy = new CodeUnits();
const BARE_KEYS = ["secret", "credentials", "credential", "creds"];

/** The symbol-bodied look back as it was: every prefix compared at every character read back. */
function plainSymbolBodied(input: string, units: Uint16Array, start: number, low: number): Span | null {
  let from = start - 1;
  while (from > low && (isRun(units[from - 1]!) || isBodySymbol(units[from - 1]!))) from--;
  for (let p = from; p < start; p++) {
    for (const c of SYMBOL_BODIED) {
      if (units[p] !== c.first) continue;
      const span = tryCandidate(input, units, c, p, 0, input.length);
      if (span !== null) return span;
    }
  }
  return null;
}

/** Counts of how often each look-up spared the call, so that a comparison that never ran fails. */
const spared = { token: 0, key: 0 };

function sameAtEveryPosition(input: string): void {
  const units = copy.of(input);
  for (let at = 0; at < input.length; at++) {
    if (!mayStartToken(units, at)) {
      spared.token++;
      expect(tokenAtRunStart(input, units, at, 0, input.length)).toBeNull();
    }
    if (at >= 2 && !endsLikeBareKey(units, at)) {
      spared.key++;
      expect(BARE_KEYS.some((key) => input.endsWith(key, at))).toBe(false);
    }
    if (at > 0 && isBodySymbol(units[at - 1]!)) {
      const low = Math.max(0, at - 128);
      expect(symbolBodiedTokenBefore(input, units, at, low, 0, input.length)).toEqual(plainSymbolBodied(input, units, at, low));
    }
  }
}

describe("run-start shortcuts", () => {
  it("spare only calls that would find nothing, in arbitrary runs of prefixes, keys and symbols", () => {
    fc.assert(fc.property(text, (input) => sameAtEveryPosition(input)), { numRuns: 1500 });
    expect(spared.token).toBeGreaterThan(1000);
    expect(spared.key).toBeGreaterThan(1000);
  });

  it("spare only calls that would find nothing on the bench corpus and the adversarial inputs", () => {
    for (const line of labelledCorpus(1 << 15, 9).lines) sameAtEveryPosition(line);
    for (const make of Object.values(ADVERSARIAL)) sameAtEveryPosition(make(1 << 11));
  });

  it("find the tokens the look back is for, so the comparison is not of two empty answers", () => {
    const input = "key=django-insecure-" + "a@b+c=".repeat(5) + "Zq8Lk3Vw9pRt5Yx2Abc";
    const units = copy.of(input);
    const at = input.indexOf("@") + 1;
    expect(symbolBodiedTokenBefore(input, units, at, 0, 0, input.length)?.replacement).toMatch(/^\[secret:/);
    expect(BARE_KEYS.every((key) => endsLikeBareKey(copy.of(`${key}: x`), key.length))).toBe(true);
  });
});
