import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/core/commands.js";

describe("parseCommand", () => {
  it.each([
    ["/approve", "approve"],
    ["LGTM\n/approve\nthanks", "approve"],
    ["  /approve  ", "approve"],
    ["/APPROVE", "approve"],
    ["/approve\r\n", "approve"],
    ["/revoke", "revoke"],
  ])("finds %j", (body, name) => {
    expect(parseCommand(body)).toEqual({ kind: "command", command: { name } });
  });

  it("reads /deny with its reason and /extend with its duration", () => {
    expect(parseCommand("/deny not during the freeze")).toEqual({ kind: "command", command: { name: "deny", reason: "not during the freeze" } });
    expect(parseCommand("/extend 1h")).toEqual({ kind: "command", command: { name: "extend", durationMs: 3_600_000, durationText: "1h" } });
  });

  it.each([
    ["a quote", "> /approve"],
    ["a nested quote", "> > /approve"],
    ["inline code", "`/approve`"],
    ["a fenced block", "```\n/approve\n```"],
    ["a tilde fence", "~~~\n/approve\n~~~"],
    ["an HTML comment", "<!-- /approve -->"],
    ["a multi-line HTML comment", "<!--\n/approve\n-->"],
    ["an indented code block", "    /approve"],
    ["mid-sentence", "I will /approve later"],
    ["a full-width slash", "／approve"],
    ["a zero-width space", "\u200b/approve"],
    ["a zero-width joiner inside", "/app\u200drove"],
    ["a longer word", "/approved"],
    ["a no-break space prefix", "\u00a0/approve"],
    // Where GitHub's rendering shows no command of its own:
    ["a lazily continued quote", "> quote\n/approve"],
    ["a lazily continued nested quote", "> > quote\n/approve"],
    ["a lazily continued list item", "- item\n/approve"],
    ["a list item", "- /approve"],
    ["an ordered list item", "1. /approve"],
    ["a task list item", "- [x] /approve"],
    ["a fence inside a list item", "- item\n\n  ```\n  /approve\n  ```"],
    ["a fence whose closing line has text after it", "```\n/approve\n``` x\n/approve"],
    ["a fence closed by a shorter fence", "````\n/approve\n```\n/approve"],
    ["a <pre> block", "<pre>\n/approve\n</pre>"],
    ["a <div> block with blank lines", "<div>\n\n/approve\n\n</div>"],
    ["a <details> block", "<details>\n\n/approve\n\n</details>"],
    ["a <details> with a summary", "<details><summary>logs</summary>\n\n/approve\n\n</details>"],
    ["an unclosed <details>", "<details>\n\n/approve"],
    ["an element opened inline", "see <details>\n/approve"],
    ["an unterminated tag", "<details\n\n/approve"],
    ["a comment followed by a tag", "<!-- note --> <details>\n\n/approve"],
    ["a raw-text element", "<textarea>\n</textarea>\n\n/approve"],
    ["an HTML block of a single tag", "<span>\n/approve"],
    ["an HTML block that starts with a comment", "<!-- note -->/approve"],
    ["a setext heading (---)", "/approve\n---"],
    ["a setext heading (===)", "/approve\n==="],
    ["an ATX heading", "# /approve"],
    ["a table cell", "| /approve |\n| --- |"],
    ["a table body cell", "| a |\n| --- |\n| /approve |"],
    ["a link reference definition", "[x]: /approve"],
    ["a footnote definition", "[^1]: /approve"],
    ["emphasis", "*/approve*"],
    ["strong emphasis", "**/approve**"],
    ["strikethrough", "~~/approve~~"],
    ["a link", "[/approve](https://example.com)"],
    ["a multi-line code span", "`x\n/approve\n`"],
    ["an entity-encoded slash", "&#47;approve"],
    ["a named entity slash", "&sol;approve"],
    ["an entity-encoded letter", "/&#97;pprove"],
    ["a backslash-escaped slash", "\\/approve"],
    ["an entity line break", "LGTM&#10;/approve"],
    ["a continuation line indented four spaces", "LGTM\n    /approve"],
    ["a continuation line indented by a tab", "LGTM\n\t/approve"],
    ["a tab-indented line", "\t/approve"],
    ["a backslash at the line's end", "/approve\\"],
    ["a line that opens with formatting", "*x* /approve `y`"],
    ["a longer word before formatting", "/approved `y`"],
    ["an escaped command before formatting", "\\/approve `y`"],
    ["a formatted line inside a quote", "> /approve `y`"],
  ])("ignores a command in %s", (_name, body) => {
    expect(parseCommand(body)).toEqual({ kind: "none" });
  });

  it("refuses two different commands in one comment", () => {
    expect(parseCommand("/approve\n/deny no")).toEqual({ kind: "invalid", message: expect.stringContaining("one command per comment") });
  });

  it("refuses /extend without a duration and /approve with an argument", () => {
    expect(parseCommand("/extend soon").kind).toBe("invalid");
    expect(parseCommand("/approve please").kind).toBe("invalid");
  });

  describe("read as GitHub renders it", () => {
    it.each([
      ["after a closed HTML comment", "<!-- note -->\n/approve"],
      ["after a closed <details>", "<details><summary>logs</summary>\n\nlots\n\n</details>\n\n/approve"],
      ["after a void element", "<br>\n\n/approve"],
      ["after a quote and a blank line", "> quote\n\n/approve"],
      ["after a fence", "```\ncode\n```\n/approve"],
      ["after a closing fence longer than the opening", "```\ncode\n````\n/approve"],
      ["after a hard line break (spaces)", "LGTM  \n/approve"],
      ["after a hard line break (backslash)", "LGTM\\\n/approve"],
      ["after inline code on the line before", "`x`\n/approve"],
      ["before a thematic break", "/approve\n\n---"],
      ["with a quoted /deny beside it", "/approve\n\n> /deny no"],
      ["with a /deny inside <details> beside it", "/approve\n\n<details>\n\n/deny no\n\n</details>"],
      ["with Windows line endings", "LGTM\r\n/approve\r\n"],
    ])("counts a command %s", (_name, body) => {
      expect(parseCommand(body)).toEqual({ kind: "command", command: { name: "approve" } });
    });

    it.each([
      ["inline HTML", "/approve<!-- -->", "approve"],
      ["a footnote reference", "/approve[^1]\n\n[^1]: note", "approve"],
      ["inline code", "/approve `now`", "approve"],
      ["a link", "/deny see https://example.com/INC-1", "deny"],
      ["an e-mail address", "/deny ask jane.doe@example.com", "deny"],
      ["emphasis", "LGTM\n  /deny *not* now", "deny"],
      ["strikethrough", "/extend ~~2h~~ 1h", "extend"],
    ])("refuses a command that shares its line with %s, saying why", (_name, body, name) => {
      expect(parseCommand(body)).toEqual({ kind: "invalid", message: `\`/${name}\` shares its line with a link, code, formatting or HTML, which makes it no command: write the command as plain text on a line of its own` });
    });

    it("gives the same answer when asked again, and an answer nobody can change", () => {
      const body = "LGTM\n/deny not today";
      const first = parseCommand(body);
      expect(parseCommand(body)).toEqual(first);
      expect(Object.isFrozen(first)).toBe(true);
      if (first.kind === "command") expect(Object.isFrozen(first.command)).toBe(true);
    });
  });
});
