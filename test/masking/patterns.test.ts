import { describe, expect, it } from "vitest";
import { compileSafePattern, createMasker, MaskingPatternError } from "../../src/masking/index.js";

describe("compileSafePattern accepts linear-safe patterns", () => {
  it.each([
    "EMP-[0-9]{6}",
    "(?i)project-(?:apollo|gemini)",
    "(\\.[a-z]+)+@corp",
    "(\\w+\\s)*done",
    "[A-Z]{2}\\d{6}",
    "ticket #\\d+",
    "(ab|cd)+",
    "a{2,5}",
    "\\x41\\u0042[\\b]",
    "[^\\s]+@internal",
    "(?<name>x)y",
  ])("%s", (pattern) => {
    const result = compileSafePattern(pattern);
    expect(result.ok).toBe(true);
  });

  it("accepts a RegExp and keeps its i flag", () => {
    const result = compileSafePattern(/emp-\d{6}/i);
    expect(result.ok && result.regex.flags).toBe("i");
  });

  it("returns the equivalent JavaScript expression", () => {
    const result = compileSafePattern("(?i)emp-[0-9]{6}");
    expect(result.ok && result.regex.test("EMP-123456")).toBe(true);
  });
});

describe("compileSafePattern refuses, saying what and how to fix it", () => {
  it.each([
    ["(a+)+", /nested quantifier: "\+" at position 5 repeats "\(a\+\)".*drop the inner quantifier/],
    ["(\\w+\\s?)+$", /anchor|nested quantifier/],
    ["(\\w+\\s?)+", /nested quantifier.*fence each repetition/],
    ["([a-z.]+)*x", /nested quantifier/],
    ["(a|ab)*c", /overlapping alternation: .*"a" and "ab" can both start with "a".*start differently/],
    ["(\\d|[0-9a-f])+", /overlapping alternation/],
    ["(a*)*", /can match nothing|empty string/],
    ["a*", /can match the empty string/],
    ["(x)\\1", /backreference "\\1" at position 4.*not supported/],
    ["(?<n>x)\\k<n>", /backreference/],
    ["(?=x)y", /lookaround "\(\?=".*not supported/],
    ["(?<!x)y", /lookaround "\(\?<!"/],
    ["^EMP", /anchor "\^" at position 1.*match anywhere/],
    ["EMP$", /anchor "\$"/],
    ["\\bEMP\\b", /word boundary "\\b" at position 1/],
    ["a++", /repeats a repetition/],
    ["*a", /nothing to repeat/],
    ["(ab", /without its "\)"/],
    ["ab)", /unmatched "\)"/],
    ["[ab", /without its "\]"/],
    ["[z-a]", /range out of order/],
    ["a{5,2}", /wrong order/],
    ["a{1001}", /repeat count above 1000/],
    ["\\p{L}+", /property class/],
    ["\\q", /unknown escape/],
    ["", /empty/],
    ["a".repeat(1001), /longer than 1000/],
    ["[ab]{900}[cd]{900}[ef]{900}[gh]{900}[ij]{900}", /unroll to more than/],
  ])("%s", (pattern, message) => {
    const result = compileSafePattern(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(/^pattern ".*": /s);
      expect(result.message).toMatch(message);
    }
  });

  it("refuses flags that change the meaning", () => {
    const result = compileSafePattern(/x/u);
    expect(!result.ok && result.message).toMatch(/flag "u"/);
  });
});

describe("custom patterns in the masker", () => {
  const masker = createMasker({ patterns: ["EMP-[0-9]{6}", "(?i)project-apollo", "ab+c|b+d"] });

  it("masks every match as [masked]", () => {
    expect(masker.mask("badge EMP-123456, Project-APOLLO")).toBe("badge [masked], [masked]");
  });

  it("masks the union of all matches, overlapping ones included", () => {
    expect(masker.mask("xabbbd y")).toBe("xa[masked] y");
    expect(masker.mask("abbbc")).toBe("[masked]");
  });

  it("applies after the built-in rules and never inside their replacements", () => {
    const emails = createMasker({ patterns: ["example", "secret", "masked"] });
    expect(emails.mask("jane@example.com sent ghp_0123456789abcdefghijABCDEFGHIJ012345")).toBe(
      "j***@example.com sent [secret:github-token]",
    );
    expect(emails.mask("[masked] and [secret:jwt] stay")).toBe("[masked] and [secret:jwt] stay");
  });

  it("never matches a quote, so JSON structure survives", () => {
    const greedy = createMasker({ patterns: ["x[^y]*y"] });
    const line = JSON.stringify({ a: "x1", b: "2y", c: "x\n\\ y", d: 'x "q" y' });
    const out = greedy.mask(line);
    expect(() => JSON.parse(out)).not.toThrow();
    expect(JSON.parse(out)).toEqual({ a: "x1", b: "2y", c: "[masked]", d: 'x "q" y' });
  });

  it("is idempotent", () => {
    for (const input of ["EMP-123456EMP-654321", "abbbdbd", '"EMP-123456"', "EMP-12345\\u0036"]) {
      const once = masker.mask(input);
      expect(masker.mask(once)).toBe(once);
    }
  });

  it("refuses to build a masker with a refused pattern, listing every refusal", () => {
    expect(() => createMasker({ patterns: ["ok", "(a+)+", "^x"] })).toThrow(MaskingPatternError);
    try {
      createMasker({ patterns: ["ok", "(a+)+", "^x"] });
    } catch (error) {
      expect((error as MaskingPatternError).messages).toHaveLength(2);
    }
  });
});
