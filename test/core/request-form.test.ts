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
  });

  it("says which field is wrong and how to fix it", () => {
    const parsed = parseRequestBody(formBody({ team: "", duration: "soon", justification: "" }));
    expect(parsed).toEqual({
      ok: false,
      problems: [
        { field: "Team", message: expect.stringContaining("is empty: name the team") },
        { field: "Duration", message: expect.stringContaining('"soon" is not a duration') },
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
});
