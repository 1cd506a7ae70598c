import { describe, expect, it } from "vitest";
import { codeSpan, quotedValue } from "../../src/core/code-span.js";

describe("codeSpan", () => {
  it.each([
    ["plain words", "INC-4711", "`INC-4711`"],
    ["lines joined", "a\n### Team\nroot", "`a ### Team root`"],
    ["backticks inside: a longer fence", "a `b` c", "``a `b` c``"],
    ["a run of three inside", "x ``` y", "````x ``` y````"],
    ["a backtick at an end: padded", "`b", "`` `b ``"],
    ["empty", "", "` `"],
    ["HTML comment marks broken open", "a <!-- b --> c", "`a &lt;!-- b --&gt; c`"],
  ])("%s", (_, text, expected) => {
    expect(codeSpan(text)).toBe(expected);
  });

  it("cannot be closed early by the text it quotes, whatever its backticks", () => {
    for (const text of ["`", "``", "a`", "`a`", "a ` b `` c ``` d", "````"]) {
      const span = codeSpan(text);
      const fence = /^`+/.exec(span)![0];
      // The fence appears exactly twice: at the start and at the end.
      expect(span.split(fence).length - 1).toBe(2);
      expect(span.endsWith(fence)).toBe(true);
    }
  });
});

describe("quotedValue", () => {
  it("quotes a value of one line as code, and does not quote one of several lines", () => {
    expect(quotedValue("soon")).toBe("`soon`");
    expect(quotedValue("  2h  ")).toBe("`2h`");
    expect(quotedValue("api_token: |\n  abc")).toBe("(a value of 2 lines, not quoted here)");
    expect(quotedValue("a\r\nb\rc")).toBe("(a value of 3 lines, not quoted here)");
  });
});
