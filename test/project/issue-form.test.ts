import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseRequestBody } from "../../src/core/request-form.js";

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve("schemastore/schemas/json/github-issue-forms.json"), "utf8")) as object;
const form = parse(readFileSync(new URL("../../.github/ISSUE_TEMPLATE/access-request.yml", import.meta.url), "utf8")) as {
  labels: string[];
  body: { type: string; attributes: { label?: string; options?: { label: string }[] } }[];
};

/** The Emergency checkbox's one option, as the form states it. */
const emergencyOption = () => form.body.find((b) => b.attributes.label === "Emergency")?.attributes.options?.[0]?.label ?? "";

describe("the access-request issue form", () => {
  it("is valid against GitHub's issue-forms schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(form);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the schema check can fail: a form with an unknown field type is refused", () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ ...form, body: [{ type: "slider", id: "x", attributes: { label: "X" } }] })).toBe(false);
  });

  it("applies the request label", () => {
    expect(form.labels).toContain("access-request");
  });

  it("asks for exactly the fields the parser reads, rendered as GitHub renders them", () => {
    const labels = form.body.filter((b) => b.type !== "markdown").map((b) => b.attributes.label);
    expect(labels).toEqual(["Team", "Duration", "Justification", "Ticket", "Emergency"]);
    const value = (l: string | undefined, ticked: string) => (l === "Duration" ? "2h" : l === "Ticket" ? "_No response_" : l === "Emergency" ? `- [${ticked}] ${emergencyOption()}` : "ops");
    const rendered = (ticked: string) => labels.map((l) => `### ${l}\n\n${value(l, ticked)}`).join("\n\n");
    expect(parseRequestBody(rendered(" "))).toEqual({ ok: true, fields: { team: "ops", durationMs: 7_200_000, durationText: "2h", justification: "ops" } });
    expect(parseRequestBody(rendered("X"))).toEqual({ ok: true, fields: { team: "ops", durationMs: 7_200_000, durationText: "2h", justification: "ops", emergency: true } });
  });
});
