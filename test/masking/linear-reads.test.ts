import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodeUnits } from "../../src/masking/code-units.js";
import { createMasker } from "../../src/masking/index.js";
import { BUDGET } from "../../src/masking/refused.js";
import { VALUE_LIMIT } from "../../src/masking/rules/keyword-value.js";
import { CANDIDATES } from "../../src/masking/rules/table-candidates.js";
import { VENDOR_NAMED } from "../../src/masking/rules/vendor-named-table.js";
import { secretRules } from "../../src/masking/secrets.js";
import { countReads, countWork } from "./count-work.js";

/*
 * Linear reads of the code units, for every way into a rule repeated: each
 * rule's needle alone and before `:` or `=` (`PWD:PWD:PWD:…`), and each
 * prefix of the token table (`SG.SG.SG.…`). A token's body and a keyword's
 * value are read to the end of their run, and the rules read the scanner's
 * copy of the text, which countWork does not see: a prefix or a key that
 * repeats inside the run would read it again from each (refused.ts).
 */

const SIZE = 1_500;
// A key every four characters (`PWD:PWD:…`), each value read about ten times over up to its limit: the densest input there is.
const PER_CHARACTER = 256;

const masker = createMasker();
const repeated = new Set<string>();
for (const rule of secretRules([])) if (rule.needle.length > 0) for (const after of ["", ":", "="]) repeated.add(rule.needle + after);
for (const candidate of CANDIDATES) repeated.add(candidate.prefix);
// A key that is only a vendor's name, alone, before a value's start, and before `id` (vendor-named.ts); Adyen's name before its key.
for (const row of VENDOR_NAMED) for (const name of row.names) for (const unit of [`${name}=`, `${name.toUpperCase()}=K1`, `${name}_id:`]) repeated.add(unit);
for (const unit of ["adyen live_", "adyen test_K1", "live_K1"]) repeated.add(unit);
// A URL percent-encoded whole (url-credentials.ts' encodedUrlPasswords): its `://`, a user and a password, `%40`s.
for (const unit of ["%3A%2F%2Fu%3Ap%40", "%3a%2f%2f%40", "%3A%2F%2Fu%3AZq8Lk3Vw9p"]) repeated.add(unit);

const fill = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** Needles, prefixes, keys and values of several rules run together, as a sweep of the masker found them (seeded, so the same each run). */
const MIXED = (() => {
  const parts = [...repeated, "password=", "curl -u ", "Cookie: ", "Authorization: Basic ", "://", "@", "%40", "\\u0040", "kind: Secret\ndata:\n", "-----BEGIN PRIVATE KEY-----\n", "-----END PRIVATE KEY-----", "\\", '"', "\n", " ", "=", ":", ";", "-", ".", "_", "~", "xxxxxxxx", "A1b2C3d4E5f6G7h8", "0123456789abcdef", "EXAMPLE", "${A}", "<x>", "[secret:x]", "j***@example.com"];
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const units = new Set<string>();
  while (units.size < 400) {
    let unit = "";
    for (let k = 2 + next(3); k > 0; k--) unit += parts[next(parts.length)];
    units.add(unit);
  }
  return [...units];
})();

// The spare reads of refused stretches (refused.ts) and the thousand characters a key's value may run to are
// for realistic text; here they are shortened, so that texts of a few thousand characters show the bound that
// long ones meet. The files a worker runs share modules: both are put back.
const spare = BUDGET.spare;
const valueLimit = VALUE_LIMIT.max;
beforeAll(() => {
  BUDGET.spare = 0;
  VALUE_LIMIT.max = 100;
});
afterAll(() => {
  BUDGET.spare = spare;
  VALUE_LIMIT.max = valueLimit;
});

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

/** The code units read, and the characters string primitives touched (see countWork), masking `text`. */
function work(text: string): { reads: number; primitives: number } {
  let primitives = 0;
  const reads = countReads(() => {
    primitives = countWork(() => masker.mask(text));
  });
  return { reads, primitives };
}

/**
 * Doubling the text must not much more than double the reads and the string work; the reads a
 * character stay under {@link PER_CHARACTER} (the string work of a judged value is bounded apart:
 * secret-like.ts reads at most its first 200 characters as a string).
 */
function expectLinearReads(unit: string): void {
  const small = work(fill(unit, SIZE));
  const large = work(fill(unit, 2 * SIZE));
  // Prefixes of common characters only are no stop: nothing is read for them at all. A few reads a character
  // of slack: where one long match ends decides a little (`xai-pscale_pw_…` reads 7,539, then 18,023, then 30,039).
  expect(large.reads + large.primitives).toBeLessThanOrEqual(2.3 * (small.reads + small.primitives) + 4 * SIZE);
  expect(large.reads / (2 * SIZE)).toBeLessThan(PER_CHARACTER);
}

describe("reads stay linear where a rule's way in repeats", () => {
  it.each([...repeated].map((unit) => [JSON.stringify(unit), unit]))("%s", (_name, unit) => {
    expectLinearReads(unit);
  });
});

describe("reads stay linear where the ways into several rules repeat together", () => {
  // A run the JWT rule refused (`p8e-eyJ…`), GitHub stand-ins, a `curl -u` value without a colon.
  // A stand-in after an Authorization key, refused each time its key repeats inside it; markup around keys.
  it.each(["p8e-eyJ", "NRAK-eyJ", `ghp_${"x".repeat(36)}`, "github_pat_xxxxxxxx", "curl -u ~", "SG.curl -u ", "authorization=EXAMPLE", "authorization=-EXAMPLE", "Authorization:/XXXXXXXX", "Authorization: Bearer XXXXXXXXXXXX", "\\| token\\| x ", "\\|token\\|x", "| token | x \\| ", '<a name="token" b="c" ', '{"name":"token","a":"b","value":', "secret:0a1b", "secret=0a1b", '"secret":"c9480eb4-', "creds: 9f8e7d6c5b4a", "heroku=b29b5b30-fec9-", "secret=1234567890a1b2c3secret", "0a1b-", "secret=0a1b-0a1b-", "pwd:a,b=\"", "password=a&,", "pwd=a;,", "secret=0a1b,x:'", ",a = \\\""])("%s", (unit) => {
    expectLinearReads(unit);
  });

  // Dense keys with a value each cost a judgement at every key, as dense real secrets do.
  it.each(MIXED.map((unit) => [JSON.stringify(unit), unit]))("%s", (_name, unit) => {
    expectLinearReads(unit);
  });
});
