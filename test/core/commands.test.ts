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
});
