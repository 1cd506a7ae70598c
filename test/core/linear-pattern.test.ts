import { describe, expect, it } from "vitest";
import { compileLinearPattern, MAX_PROGRAM_SIZE } from "../../src/core/linear-pattern.js";
import { checkTicket } from "../../src/core/evaluate-request.js";
import type { TeamPolicy } from "../../src/core/policy.js";
import { expectLinear } from "../masking/count-work.js";

const policy = (pattern: string): TeamPolicy => ({ ...({} as TeamPolicy), team: "ops", ticket: { required: true, pattern } });

describe("compileLinearPattern", () => {
  it.each([
    "^(INC|CHG)-[0-9]+$",
    "[A-Z]{2,10}-\\d{1,6}",
    "^JIRA-\\d+$|^SNOW\\d{7}$",
    "\\p{Lu}{3}-\\d+",
    "(?<project>[A-Z]+)-\\d{1,5}",
    "[\\]\\\\-]+",
    // Catastrophic for a backtracking engine, linear on RE2.
    "(a+)+$",
    "(a|aa)*b",
    "\\d+\\d+\\d+",
  ])("accepts %s", (source) => {
    expect(compileLinearPattern(source)).toMatchObject({ ok: true });
  });

  it.each([
    ["(a)\\1", 'the backreference "\\1" at character 4 is not supported (patterns run on RE2, which matches in linear time); write out the text it should match again instead'],
    ["(?<x>a)\\k<x>", 'the backreference "\\k<x>" at character 8'],
    ["(?!INC)[A-Z]+", 'the lookaround "(?!…)" at character 1 is not supported'],
    ["[A-Z]+(?<=C)", 'the lookaround "(?<=…)" at character 7'],
    ["INC\\u002D1", 'the escape "\\u002D" at character 4 is JavaScript syntax; write \\x{002D} in RE2 syntax'],
    ["[", 'this is not a valid regular expression in RE2 syntax (missing closing ]: "[" at character 1)'],
    ["a{2,1}", "(invalid repeat count"],
    ["\\d{1000}\\d{1000}\\d{1000}\\d{1000}\\d{1000}", `(at most ${MAX_PROGRAM_SIZE.toLocaleString("en")})`],
  ])("refuses %s", (source, message) => {
    const check = compileLinearPattern(source);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toContain(message);
  });
});

describe("checkTicket with RE2", () => {
  it("holds the whole Ticket to the pattern", () => {
    expect(checkTicket("INC-12", policy("(INC|CHG)-[0-9]+"))).toBeUndefined();
    expect(checkTicket("xINC-12", policy("(INC|CHG)-[0-9]+"))).toContain("does not match the pattern");
    expect(checkTicket("INC-12\n", policy("^INC-[0-9]+$"))).toContain("does not match the pattern");
  });

  it("fails closed, saying why, when the pattern cannot be compiled", () => {
    expect(checkTicket("aa", policy("(a)\\1"))).toMatch(/ticket pattern that cannot be used \(the backreference .*ask the policy's owners to fix ticket.pattern/);
  });

  it.each([
    ["(a+)+$", (n: number) => "a".repeat(n) + "!"],
    ["^(a|aa)*b$", (n: number) => "a".repeat(n)],
    ["(\\w+\\s?)+$", (n: number) => "ab ".repeat(n / 3) + "!"],
  ])("runs %s in linear time on text built to make it backtrack", (pattern, make) => {
    const check = compileLinearPattern(pattern);
    if (!check.ok) throw new Error(check.message);
    let matched = false;
    expectLinear((text) => void (matched ||= check.re.matches(text)), make);
    expect(matched).toBe(false);
  });
});
