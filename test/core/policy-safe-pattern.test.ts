import { describe, expect, it } from "vitest";
import { BACKTRACK_BUDGET, checkSafePattern } from "../../src/core/safe-pattern.js";
import { TICKET_PATTERN_LIMITS } from "../../src/core/policy-schema.js";

const ticket = TICKET_PATTERN_LIMITS;

describe("checkSafePattern", () => {
  it.each([
    ["^(INC|CHG)-[0-9]+$", ticket],
    ["[A-Z]{2,10}-\\d{1,6}", ticket],
    ["^JIRA-\\d+$|^SNOW\\d{7}$", ticket],
    ["\\p{Lu}{3}-\\d+", ticket],
    ["(?<project>[A-Z]+)-\\d{1,5}", ticket],
    ["[\\]\\\\-]+", ticket],
    ["ghp_[A-Za-z0-9]{36}", {}],
    ["(?:password|secret)[:=]\\S{1,100}", {}],
    ["AKIA[0-9A-Z]{16}", {}],
    ["\\d{3}-\\d{2}-\\d{4}", {}],
  ])("accepts %s", (source, limits) => {
    expect(checkSafePattern(source, limits)).toMatchObject({ ok: true });
  });

  it.each([
    ["(a+)+$", ticket, 'the group "(a+)+" repeats something'],
    ["(a|aa)*b", ticket, 'the group "(a|aa)*" repeats something'],
    ["(?:x\\d+){2,5}", ticket, 'the group "(?:x\\d+){2,5}" repeats something'],
    ["(a)\\1", ticket, 'the backreference "\\1"'],
    ["(?<x>a)\\k<x>", ticket, 'the backreference "\\k<x>"'],
    ["(?!INC)[A-Z]+", ticket, 'the lookaround "(?!…)"'],
    ["(?<=a)b", ticket, 'the lookaround "(?<=…)"'],
    ["\\d+\\d+\\d+", ticket, "can split the text in about 1,000,000 ways at each position (at most 10,000 allowed)"],
    ["\\S{1,100}\\S{1,100}", {}, "can split the text in about 10,000 ways at each position (at most 1,000 allowed)"],
    ["secret=\\S+", {}, 'the repeat "\\S+" has no upper bound'],
    ["[", ticket, "this is not a valid regular expression"],
    ["a{2,1}", ticket, "this is not a valid regular expression"],
  ])("refuses %s", (source, limits, message) => {
    const check = checkSafePattern(source, limits);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toContain(message);
  });

  it("counts alternatives and bounded repeats against the budget", () => {
    expect(BACKTRACK_BUDGET).toBe(1_000);
    expect(checkSafePattern("(?:ab|cd|ef)\\d{1,333}", {}).ok).toBe(true);
    expect(checkSafePattern("(?:ab|cd|ef|gh)\\d{1,333}", {}).ok).toBe(false);
    expect(checkSafePattern("[A-Z]+-[0-9]+", ticket).ok).toBe(true);
  });

  it("every accepted pattern stays fast on text built to make it backtrack", () => {
    const hostile = ["a".repeat(50_000), "1".repeat(50_000) + "x", "INC-".repeat(12_000), " ".repeat(50_000) + "!"];
    for (const source of ["ghp_[A-Za-z0-9]{36}", "(?:password|secret)[:=]\\S{1,100}", "\\w{1,30}@\\w{1,30}", "a{0,30}a{0,30}b"]) {
      const check = checkSafePattern(source);
      expect(check.ok).toBe(true);
      if (!check.ok) continue;
      const regex = new RegExp(check.regex.source, "gu");
      const start = performance.now();
      for (const text of hostile) text.replace(regex, "x");
      expect(performance.now() - start).toBeLessThan(1_000);
    }
  });
});
