import { describe, expect, it } from "vitest";
import { parseRequestBody } from "../../src/core/request-form.js";
import { formBody } from "./fixtures.js";

describe("parseRequestBody", () => {
  it("reads the form as GitHub renders it", () => {
    expect(parseRequestBody(formBody({ ticket: "INC-42" }))).toEqual({
      ok: true,
      fields: { team: "platform-admins", durationMs: 7_200_000, durationText: "2h", justification: "Investigating INC-42 for jane.doe@example.com", ticket: "INC-42" },
    });
  });

  it("keeps multi-line values typed with \\r\\n and reads _No response_ as empty", () => {
    const body = "### Team\n\nops\n\n### Duration\n\n_No response_\n\n### Justification\n\nline one\r\nline two\r\n\n### Ticket\n\n_No response_";
    expect(parseRequestBody(body)).toEqual({ ok: true, fields: { team: "ops", justification: "line one\nline two" } });
  });

  it("accepts @org/team and upper case, normalising to the slug", () => {
    const parsed = parseRequestBody(formBody({ team: "@acme/Platform-Admins" }));
    expect(parsed.ok && parsed.fields.team).toBe("platform-admins");
    // The organisation is kept for the evaluation to check against the request's own.
    expect(parsed.ok && parsed.fields.teamOrg).toBe("acme");
  });

  it("says which field is wrong and how to fix it", () => {
    const parsed = parseRequestBody(formBody({ team: "", duration: "soon", justification: "" }));
    expect(parsed).toEqual({
      ok: false,
      problems: [
        { field: "Team", message: expect.stringContaining("is empty: name the team") },
        { field: "Duration", message: expect.stringContaining('`soon` is not a duration') },
        { field: "Justification", message: expect.stringContaining("is empty") },
      ],
    });
  });

  it("refuses a body that is not the form", () => {
    const parsed = parseRequestBody("please give me admin");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]?.message).toContain("not an access-request form");
  });

  it("refuses a second Team heading smuggled into the justification", () => {
    const body = formBody({ justification: "fine\n\n### Team\n\nsecurity-admins" });
    const parsed = parseRequestBody(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems).toContainEqual({ field: "Team", message: 'the heading "### Team" appears 2 times; keep exactly one' });
  });

  it("refuses a team that is not a slug", () => {
    const parsed = parseRequestBody(formBody({ team: "platform admins; rm -rf" }));
    expect(parsed.ok).toBe(false);
  });

  describe("reads what a person sees", () => {
    const rest = "### Duration\n\n2h\n\n### Justification\n\nINC-1\n\n### Ticket\n\n_No response_";
    const team = (parsed: ReturnType<typeof parseRequestBody>) => (parsed.ok ? parsed.fields.team : parsed.problems);
    const problems = (body: string) => {
      const parsed = parseRequestBody(body);
      return parsed.ok ? [] : parsed.problems;
    };

    it("reads the visible team, not one hidden in an HTML comment behind a decoy heading", () => {
      const body = `### Team ###\n\nops\n\n<!--\n### Team\n\nplatform-admins\n-->\n\n${rest}`;
      expect(team(parseRequestBody(body))).toBe("ops");
    });

    it("reads a heading with closing #s by its rendered label", () => {
      expect(parseRequestBody(`### Team ##\n\nops\n\n### Duration ###\n\n1h\n\n### Justification\n\nINC-1`)).toEqual({ ok: true, fields: { team: "ops", durationMs: 3_600_000, durationText: "1h", justification: "INC-1" } });
    });

    it.each([
      ["a trailing comment", "ops<!-- platform-admins -->"],
      ["a comment on the next line", "ops\n<!-- platform-admins -->"],
      ["a comment block after it", "ops\n\n<!--\nplatform-admins\n-->"],
      ["inline code", "`ops`"],
      ["a character reference", "o&#112;s"],
      ["a link reference definition", "[platform-admins]: https://example.com\n\nops"],
      ["an unreferenced footnote definition", "ops\n\n[^1]: platform-admins"],
    ])("reads the team as shown with %s", (_name, value) => {
      expect(team(parseRequestBody(`### Team\n\n${value}\n\n${rest}`))).toBe("ops");
    });

    it.each([
      ["held in a <details> element", "<details><summary>ops</summary>\n\nplatform-admins\n\n</details>", "holds HTML (`<details>`)"],
      ["held in inline HTML", "<b>ops</b>", "holds HTML (`<b>`)"],
      ["held in a comment followed by text in one HTML block", "<!-- x -->platform-admins", "holds HTML (`<!--`)"],
      ["written with a footnote reference", "ops[^1]\n\n[^1]: note", "is not a team slug"],
      ["written as a table", "| ops |\n| --- |\n| platform-admins |", "is not a team slug"],
      ["written with strikethrough", "~~ops~~ platform-admins", "holds struck-through text, which does not read as its value"],
      ["struck through", "~~platform-admins~~", "holds struck-through text"],
      ["shown as an image, whose picture may read anything", "![platform-admins](https://example.com/docs-readers.png)", "holds an image, which does not read as its value"],
      ["shown as a referenced image", "![platform-admins][p]\n\n[p]: https://example.com/docs-readers.png", "holds an image"],
      ["as a link to another organisation's team", "[platform-admins](https://github.com/orgs/other/teams/platform-admins)", "holds a link whose text is not its address"],
      ["as a referenced link", "[platform-admins][t]\n\n[t]: https://github.com/orgs/other/teams/platform-admins", "holds a link"],
      ["as a link to a host named like it", "[platform-admins](http://platform-admins)", "holds a link whose text is not its address"],
      ["written as two paragraphs", "ops\n\nplatform-admins", "is not a team slug"],
    ])("refuses a team %s", (_name, value, message) => {
      expect(problems(`### Team\n\n${value}\n\n${rest}`)).toContainEqual({ field: "Team", message: expect.stringContaining(message) });
    });

    it("refuses a duration shown as an image", () => {
      expect(problems(formBody({ duration: "![2h](https://example.com/30m.png)" }))).toContainEqual({ field: "Duration", message: expect.stringContaining("holds an image") });
    });

    it.each(["https://jira.example.com/browse/INC-1", "www.jira.example.com/browse/INC-1", "<https://jira.example.com/browse/INC-1>"])("reads a ticket given as a bare address, which GitHub links itself: %s", (ticket) => {
      const parsed = parseRequestBody(formBody({ ticket }));
      expect(parsed.ok && parsed.fields.ticket).toBeTruthy();
    });

    it("reads a duration hidden behind a comment as the visible one", () => {
      const parsed = parseRequestBody(formBody({ duration: "1h<!-- 8h -->" }));
      expect(parsed.ok && parsed.fields.durationText).toBe("1h");
    });

    it("drops HTML from the justification and keeps its markdown", () => {
      const parsed = parseRequestBody(formBody({ justification: "INC-1 <!-- and more -->\n\n> quoted **log**\n\n<details>\n\nlong log\n\n</details>" }));
      expect(parsed.ok && parsed.fields.justification).toBe("INC-1 \n\n> quoted **log**\n\nlong log");
    });

    it.each([
      ["a block quote", "> ### Team\n> security-admins"],
      ["a list", "- ### Team\n\n  security-admins"],
      ["a fenced block", "```\n### Team\n\nsecurity-admins\n```"],
      ["an indented code block", "    ### Team\n\n    security-admins"],
      ["an HTML comment", "<!--\n### Team\n\nsecurity-admins\n-->"],
      ["an HTML block", "<pre>\n### Team\nsecurity-admins\n</pre>"],
    ])("keeps a ### Team inside %s as part of the justification", (_name, smuggled) => {
      expect(team(parseRequestBody(formBody({ justification: `fine\n\n${smuggled}` })))).toBe("platform-admins");
    });

    it.each([
      ["a setext heading (---)", "Team\n----\n\nsecurity-admins", "a level-2 heading"],
      ["a setext heading (===)", "Team\n====\n\nsecurity-admins", "a level-1 heading"],
      ["a level-2 heading", "## Team\n\nsecurity-admins", "a level-2 heading"],
      ["a <details> block", "<details>\n\n### Team\n\nsecurity-admins\n\n</details>", "inside HTML (`<details>`)"],
      ["an unclosed <div>", "<div>\n\n### Team\n\nsecurity-admins", "inside HTML (`<div>`)"],
    ])("refuses a second Team heading written as %s", (_name, smuggled, where) => {
      expect(problems(formBody({ justification: `fine\n\n${smuggled}` }))).toContainEqual({ field: "Team", message: `a heading "Team" appears 2 times (${where}); keep exactly one, the form's "### Team"` });
    });

    it.each([
      ["a quoted attribute holding a closing tag", '<details><span title="x>y</details>">'],
      ["a comment closed by --!>", "<!-- a --!> <details> -->"],
      ["an empty comment <!-->", "<!--> <details> -->"],
      ["an empty comment <!--->", "<!---> <details> -->"],
    ])("reads a <details> a browser leaves open after %s as open", (_name, opener) => {
      // The visible form shows one team; the real one sits collapsed inside the element left open.
      const body = `Team: readonly-viewers, for 1h\n\n${opener}\n\n### Team\n\nplatform-admins\n\n### Duration\n\n1h\n\n### Justification\n\nx\n\n### Ticket\n\n_No response_`;
      expect(team(parseRequestBody(body))).not.toBe("platform-admins");
    });

    it("refuses a field heading that is only at another level, saying how to write it", () => {
      expect(problems("## Team\n\nops\n\n" + rest)).toEqual([{ field: "Team", message: 'the heading "Team" is a level-2 heading; the form\'s fields are level-3 headings outside any HTML: write it as "### Team"' }]);
    });

    it("keeps a non-field ### heading inside <details> as part of the justification", () => {
      const parsed = parseRequestBody(formBody({ justification: "INC-1\n\n<details>\n\n### Logs\n\nline\n\n</details>", ticket: "INC-1" }));
      expect(parsed.ok && parsed.fields).toMatchObject({ justification: "INC-1\n\n### Logs\n\nline", ticket: "INC-1" });
    });

    it("reads the decoy body with Windows line endings too", () => {
      const body = `### Team ###\n\nops\n\n<!--\n### Team\n\nplatform-admins\n-->\n\n${rest}`.replace(/\n/g, "\r\n");
      expect(team(parseRequestBody(body))).toBe("ops");
    });
  });
});
