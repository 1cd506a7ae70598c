import { describe, expect, it } from "vitest";
import { compileSafePattern, createMasker, MaskingPatternError } from "../../src/masking/index.js";

describe("compileSafePattern accepts any pattern RE2 compiles", () => {
  it.each([
    "EMP-[0-9]{6}",
    "(?i)project-(?:apollo|gemini)",
    "(\\.[a-z]+)+@corp",
    "(\\w+\\s)*done",
    "[A-Z]{2}\\d{6}",
    "ticket #\\d+",
    "(ab|cd)+",
    "a{2,5}",
    "\\x41\\x{0042}",
    "[^\\s]+@internal",
    "(?<name>x)y",
    "(?P<name>x)y",
    "\\p{L}+-[0-9]+",
    "[[:alpha:]]+-\\d+",
    // ReDoS shapes for a backtracking engine: RE2 runs them in linear time.
    "(a+)+",
    "(\\w+\\s?)+",
    "(a|ab)*c",
    "(\\d|[0-9a-f])+",
    "[$^]+x",
  ])("%s", (pattern) => {
    const result = compileSafePattern(pattern);
    expect(result).toMatchObject({ ok: true, source: pattern });
  });

  it("translates a RegExp's JavaScript syntax and keeps its i flag", () => {
    const result = compileSafePattern(/emp-\u0041\d{6}/i);
    expect(result.ok && result.source).toBe("(?i)emp-\\x{0041}\\d{6}");
    expect(result.ok && result.re.matches("EMP-a123456")).toBe(true);
  });
});

describe("compileSafePattern refuses, saying what and how to fix it", () => {
  it.each([
    ["(x)\\1", /the backreference "\\1" at character 4 is not supported .*RE2.*write out the text it should match again instead/],
    ["(?<n>x)\\k<n>", /the backreference "\\k<n>" at character 8/],
    ["(?=x)y", /the lookaround "\(\?=…\)" at character 1 is not supported .*match the text itself instead/],
    ["(?<!x)y", /the lookaround "\(\?<!…\)"/],
    ["\\u0042", /the escape "\\u0042" at character 1 is JavaScript syntax; write \\x\{0042\} in RE2 syntax/],
    ["^EMP", /the anchor "\^" at character 1: masking patterns match anywhere/],
    ["EMP$", /the anchor "\$" at character 4/],
    ["\\bEMP\\b", /the word boundary "\\b" at character 1/],
    ["(a*)*", /can match the empty string/],
    ["a*", /can match the empty string/],
    ["a++", /not a valid regular expression in RE2 syntax \(invalid nested repetition operator: "\+\+" at character 2\)/],
    ["*a", /missing argument to repetition operator/],
    ["(ab", /missing closing \)/],
    ["ab)", /unexpected \)/],
    ["[ab", /missing closing \]/],
    ["[z-a]", /invalid character class range/],
    ["a{5,2}", /invalid repeat count/],
    ["a{1001}", /invalid repeat count/],
    ["\\q", /invalid escape sequence/],
    ["", /empty/],
    ["a".repeat(1001), /longer than 1000/],
    ["[ab]{900}[cd]{900}[ef]{900}[gh]{900}[ij]{900}", /compile to 4,50\d steps \(at most 4,000\)/],
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

  it("masks the longest match at the leftmost place, then goes on after it", () => {
    expect(masker.mask("xabbbd y")).toBe("xa[masked] y");
    expect(masker.mask("abbbc")).toBe("[masked]");
    // RE2 finds matches one after another: one that starts inside an earlier match is not sought (docs/masking.md).
    expect(createMasker({ patterns: ["ab", "bcd"] }).mask("abcd")).toBe("[masked]cd");
  });

  it("masks a match longer than the search window whole, wherever it starts", () => {
    const long = createMasker({ patterns: ["CUST-[0-9]+"] });
    for (const lead of ["", "x ", "y".repeat(300) + " ", "z".repeat(700) + " "]) {
      for (const digits of [255, 256, 511, 512, 513, 900, 5000]) {
        const out = long.mask(`${lead}CUST-${"7".repeat(digits)} end`);
        expect(out).toBe(`${lead}[masked] end`);
      }
    }
  });

  it("takes patterns that share a group name, and sees through classes when looking for anchors", () => {
    const named = createMasker({ patterns: ["(?<id>EMP)-[0-9]{6}", "(?P<id>CUST)-[0-9]{4}", "[[:upper:]$^]{3}-x"] });
    expect(named.mask("EMP-123456 CUST-1234 A$^-x")).toBe("[masked] [masked] [masked]");
  });

  it("runs patterns that would make a backtracking engine explode, and masks what they match", () => {
    const hostile = createMasker({ patterns: ["(a+)+b", "(x|xx)+y", "(\\w+\\s?)+!"] });
    expect(hostile.mask(`${"a".repeat(30_000)}c aab`)).toBe(`${"a".repeat(30_000)}c [masked]`);
    expect(hostile.mask("x".repeat(30_000))).toBe("x".repeat(30_000));
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
    expect(() => createMasker({ patterns: ["ok", "(x)\\1", "^x"] })).toThrow(MaskingPatternError);
    try {
      createMasker({ patterns: ["ok", "(x)\\1", "^x"] });
    } catch (error) {
      expect((error as MaskingPatternError).messages).toHaveLength(2);
    }
  });
});
