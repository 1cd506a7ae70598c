import { describe, expect, it } from "vitest";
import { CodeUnits } from "../../src/masking/code-units.js";
import { createMasker } from "../../src/masking/index.js";
import { CANDIDATES } from "../../src/masking/rules/table-candidates.js";
import { secretRules } from "../../src/masking/secrets.js";
import { countReads } from "./count-work.js";

/*
 * Linear reads of the code units, for every way into a rule repeated: each
 * rule's needle alone and before `:` or `=` (`PWD:PWD:PWD:…`), and each
 * prefix of the token table (`SG.SG.SG.…`). A token's body and a keyword's
 * value are read to the end of their run, and the rules read the scanner's
 * copy of the text, which countWork does not see: a prefix or a key that
 * repeats inside the run would read it again from each (refused.ts).
 */

const SIZE = 1_500;
const PER_CHARACTER = 64;

const masker = createMasker();
const repeated = new Set<string>();
for (const rule of secretRules([])) if (rule.needle.length > 0) for (const after of ["", ":", "="]) repeated.add(rule.needle + after);
for (const candidate of CANDIDATES) repeated.add(candidate.prefix);

const fill = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

describe("the read counter", () => {
  it("sees quadratic reads for what they are", () => {
    const copy = new CodeUnits();
    const quadratic = (text: string) => {
      const units = copy.of(text);
      let sum = 0;
      for (let i = 0; i < text.length; i++) for (let j = i; j < text.length; j++) sum += units[j]!;
      return sum;
    };
    const small = countReads(() => quadratic("a".repeat(200)));
    const large = countReads(() => quadratic("a".repeat(400)));
    expect(large / small).toBeGreaterThan(3.5);
  });
});

describe("reads stay linear where a rule's way in repeats", () => {
  it.each([...repeated].map((unit) => [JSON.stringify(unit), unit]))("%s", (_name, unit) => {
    const small = countReads(() => masker.mask(fill(unit, SIZE)));
    const large = countReads(() => masker.mask(fill(unit, 2 * SIZE)));
    // Prefixes of common characters only are no stop: nothing is read for them at all.
    expect(large).toBeLessThanOrEqual(2.3 * small);
    expect(large / (2 * SIZE)).toBeLessThan(PER_CHARACTER);
  });
});
