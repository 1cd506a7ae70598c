import { readdirSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderSchema, SCHEMA_PATH } from "../../src/cli/write-schema.js";
import { parsePolicies } from "../../src/core/policy.js";

const examples = readdirSync("policies").filter((name) => name.endsWith(".yml")).map((name) => `policies/${name}`);

describe("policies/schema.json, for editors", () => {
  it("is what the zod schema generates (run `npm run schema` after changing the schema)", () => {
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(renderSchema());
  });

  it("is referenced by every example policy, and every example is valid", () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const path of examples) {
      const text = readFileSync(path, "utf8");
      expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./schema.json");
      expect(parsePolicies([{ path, text }], "local").kind).toBe("ok");
    }
  });

  it("accepts the examples and rejects what the app rejects, as an editor would", () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(renderSchema()) as object);
    for (const path of examples) expect(validate(parse(readFileSync(path, "utf8")))).toBe(true);
    const team = { max_duration: "2h", approvers: { users: ["alice"] } };
    expect(validate({ version: 1, teams: { ops: team } })).toBe(true);
    for (const wrong of [
      { version: 2, teams: { ops: team } },
      { version: 1, teams: { Ops: team } },
      { version: 1, teams: { ops: { ...team, max_duraton: "2h" } } },
      { version: 1, teams: { ops: { ...team, max_duration: "2 hours" } } },
      { version: 1, teams: { ops: { ...team, approvals: 0 } } },
      { version: 1, teams: { ops: { ...team, approvers: { users: ["@alice"] } } } },
      { version: 1, settings: { masking: { emails: "mask" } } },
    ]) {
      expect(validate(wrong)).toBe(false);
    }
  });
});
