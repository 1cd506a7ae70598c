import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/core/commands.js";
import { markdownTooCostly, MAX_CHARACTERS, MAX_INLINE_MARKS, MAX_LINE_NESTING, MAX_LINES, MAX_TREE_DEPTH } from "../../src/core/markdown-bounds.js";
import { readBoundedMarkdown } from "../../src/core/read-markdown.js";
import { parseRequestBody } from "../../src/core/request-form.js";
import { formBody } from "./fixtures.js";

// Each of these took the parser seconds to minutes (its time grows with the square of their size), or overflowed
// the stack of the walkers over its tree; each fits GitHub's 65,536 characters. Unguarded, this file times out.
const COSTLY: [string, string][] = [
  ["quotes 5,000 deep", ">".repeat(5000) + " x"],
  ["a list 2,000 deep on one line", "- ".repeat(2000) + "x"],
  ["emphasis 30,000 deep", "*".repeat(30000) + "x" + "*".repeat(30000)],
  ["underscores 30,000 deep", "_".repeat(30000) + "x" + "_".repeat(30000)],
  ["8,000 strikethroughs left open", "~~a ".repeat(8000) + "b" + " c~~".repeat(8000)],
  ["4,000 emphases left open", "*a ".repeat(4000) + "b" + " c*".repeat(4000)],
  ["links nested 8,000 deep", "[".repeat(8000) + "x" + "]".repeat(8000)],
  ["a table 15,000 cells wide", "|a".repeat(15000) + "\n" + "|-".repeat(15000) + "\n" + "|b".repeat(15000)],
  ["3,000 lines quoted 30 deep", Array.from({ length: 3000 }, () => ">".repeat(30) + " x").join("\n")],
  ["a list 250 deep by indentation", Array.from({ length: 250 }, (_, i) => " ".repeat(2 * i) + "- x").join("\n")],
  ["70,000 characters", "the database is on fire; ".repeat(2800)],
  ["65 KB of setext headings (no formatting characters at all)", "a\n=\n".repeat(16000)],
  ["16,000 short paragraphs", "abc def\n\n".repeat(6500)],
  ["setext headings on lines ended by a lone carriage return", "a\r=\r".repeat(16000)],
  ["setext headings on lines ended by CRLF", "a\r\n=\r\n".repeat(10000)],
  // Fenced code is measured too: which lines the parser takes for code depends on the blocks around them.
  ["open emphases after a fence line an HTML block holds", "<div>\n```\n\n" + "*a ".repeat(4000) + "b" + " c*".repeat(4000)],
  ["open emphases after a fence line an HTML comment holds", "<!--\n\n```\n-->\n" + "*a ".repeat(4000) + "b" + " c*".repeat(4000)],
  ["open emphases after a backtick fence with a backtick in its info string (text, not a fence)", "``` `x\n" + "*a ".repeat(4000) + "b" + " c*".repeat(4000)],
  ["open emphases after a fence in a list item, which closes with the list", "- x\n  ```\n" + "*a".repeat(8000)],
];

describe("text too costly to read as Markdown is refused, saying why, and never parsed", () => {
  it.each(COSTLY)("a comment of %s with /approve is no command, and says so", (_name, text) => {
    const parsed = parseCommand(`${text}\n\n/approve`);
    expect(parsed).toMatchObject({ kind: "invalid", message: expect.stringMatching(/^the comment is not read for a command, as .*: .*post the command in a short comment of its own$/) });
  });

  it.each(COSTLY)("a request whose justification is %s is refused, saying why", (_name, text) => {
    const parsed = parseRequestBody(formBody({ justification: text }));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems).toEqual([{ field: "form", message: expect.stringMatching(/^the description is not read, as (a line nests|a line is indented|it holds|it is)/) }]);
  });

  it("names the measure and the fix", () => {
    expect(markdownTooCostly(">".repeat(40) + " x")).toBe(`a line nests quotes or lists 40 deep (at most ${MAX_LINE_NESTING}): write it with less nesting`);
    expect(markdownTooCostly("*a ".repeat(900))).toMatch(new RegExp(`^it holds 900 characters of formatting .*at most ${MAX_INLINE_MARKS}\\): link to long logs and text instead of pasting them$`));
    expect(markdownTooCostly("x".repeat(MAX_CHARACTERS + 1))).toBe(`it is ${MAX_CHARACTERS + 1} characters long (at most 65,536): link to long logs and text instead of pasting them`);
    expect(markdownTooCostly("x\n".repeat(MAX_LINES))).toBe(`it is ${MAX_LINES + 1} lines long (at most ${MAX_LINES}): link to long logs and text instead of pasting them`);
  });

  it("refuses a tree deeper than its walkers go, within the other bounds", () => {
    const nested = "*".repeat(200) + "x" + "*".repeat(200);
    expect(markdownTooCostly(nested)).toBeUndefined();
    expect(readBoundedMarkdown(nested)).toEqual({ refused: `its formatting nests more than ${MAX_TREE_DEPTH} levels deep: write it with less nesting` });
  });
});

describe("what people write is read as before", () => {
  const log = Array.from({ length: 60 }, (_, i) => `2026-12-05T10:00:${i}Z ERROR user_id=${i} request_id=req_${i}_abc path=/api/v1/items/*/children [worker-${i}]`).join("\n");

  it("a pasted log of 60 lines, in a fenced code block or not, is read", () => {
    for (const justification of [`INC-1234: payments are failing.\n\n\`\`\`\n${log}\n\`\`\``, `INC-1234: payments are failing.\n\n${log}`]) {
      expect(markdownTooCostly(justification)).toBeUndefined();
      expect(parseRequestBody(formBody({ justification }))).toMatchObject({ ok: true, fields: { team: "platform-admins" } });
    }
  });

  it("a command after a fenced block with formatting in it still counts", () => {
    expect(parseCommand("~~~\n" + "*".repeat(300) + "\n~~~\n\n/approve")).toEqual({ kind: "command", command: { name: "approve" } });
  });

  it("snake_case words, quotes and lists as people write them stay well inside the bounds", () => {
    const prose = "The user_id and request_id fields in the error_log show it.\n\n> quoted **once**\n\n- a\n  - b\n    - c\n\n1. one\n2. two\n\n| a | b |\n| - | - |\n| 1 | 2 |\n";
    expect(markdownTooCostly(prose.repeat(10))).toBeUndefined();
    expect(parseCommand(`${prose}\n/approve`)).toEqual({ kind: "command", command: { name: "approve" } });
  });
});
