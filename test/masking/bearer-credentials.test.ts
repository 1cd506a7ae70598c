import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokenLikeCredentials } from "../../src/masking/credentials.js";
import { CodeUnits } from "../../src/masking/code-units.js";
import { DIGITS, HEX, runEnd, TOKEN68 } from "../../src/masking/runs.js";

/*
 * A standalone `Bearer` reads its credentials and tells whether they look
 * like a token in one pass; the plain way reads the run (PHP's `\/` in it), takes the dots off
 * its end, then looks for a digit of the value's own (not of a `%XX`
 * escape). Both must agree wherever the credentials start.
 */

const copy = new CodeUnits();

function plain(units: Uint16Array, from: number, ceiling: number): number {
  let to = runEnd(units, from, TOKEN68, ceiling);
  // PHP's `\/` is part of the value.
  while (units[to] === 92 && units[to + 1] === 47 && to + 1 < ceiling) to = runEnd(units, to + 2, TOKEN68, ceiling);
  while (to > from && units[to - 1] === 46) to--;
  let digit = false;
  let escapes = 0;
  for (let i = from; i < to; i++) {
    if (units[i] === 37 && i + 2 < to && HEX[units[i + 1]!] === 1 && HEX[units[i + 2]!] === 1) {
      i += 2;
      continue;
    }
    if (DIGITS[units[i]!] === 1) digit = true;
    if (units[i] === 92) escapes++;
  }
  const length = to - from - escapes;
  return length >= 20 || (length >= 8 && digit) ? to : -1;
}

describe("Bearer credentials read in one pass", () => {
  it("end where reading the run and then looking for a digit ends, at every start", () => {
    let tokens = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom("abcd", "Zq8L", "7", ".", "..", "~+/=", "-", "%4", "%40", " ", ":", "@", "é", "\\/", "\\"), { maxLength: 16 }).map((parts) => parts.join("")), (text) => {
        const units = copy.of(text);
        for (let from = 0; from <= text.length; from++) {
          const end = tokenLikeCredentials(units, from, text.length);
          expect(end).toBe(plain(units, from, text.length));
          if (end >= 0) tokens++;
        }
      }),
      { numRuns: 2000 },
    );
    // Both answers must have occurred for the comparison to mean anything.
    expect(tokens).toBeGreaterThan(100);
    expect(tokenLikeCredentials(copy.of("Bearer Authorization:"), 7, 21)).toBe(-1);
    expect(tokenLikeCredentials(copy.of("Bearer abc123def."), 7, 17)).toBe(16);
  });
});
