import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { validate } from "../../src/cli/validate.js";
import type { Output } from "../../src/cli/output.js";
import { createMasker } from "../../src/masking/index.js";

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { masker: createMasker(), line: (text = "") => void out.push(text), error: (text) => void err.push(text) };
  return { code: await main(["validate", ...args], output), out, err };
}

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "jit-access-policies-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const OPS = "version: 1\nteams:\n  ops:\n    max_duration: 2h\n    approvers: { users: [alice] }\n";

describe("jit-access validate", () => {
  it("exits 0 on the example policies, naming the teams", async () => {
    expect(await run()).toEqual({ code: 0, out: ["policies valid: 3 team(s) in 2 file(s): db-admins, db-readers, platform-admins; settings in policies/platform.yml"], err: [] });
  });

  it("exits 1 with every problem as file:line:column: path: message", async () => {
    const dir = folder({ "a.yml": `${OPS}    approvals: 2\n`, "b.yaml": `${OPS.replace("2h", "1d")}`, "notes.txt": "not a policy" });
    expect(await run(dir)).toEqual({
      code: 1,
      out: [],
      err: [
        "The access policies are invalid, so nothing can be granted until they are fixed:",
        `${dir}/a.yml:6:16: teams.ops.approvals: found 2, but approvers lists only 1 user and no team; lower approvals or add approvers`,
        `${dir}/b.yaml:3:3: teams.ops: team ops is also defined in ${dir}/a.yml:3; define each team in one file only`,
      ],
    });
  });

  it("advises where a grant makes its holder an approver or requester of a team, still exiting 0", async () => {
    const dir = folder({ "a.yml": `${OPS}  db:\n    max_duration: 1h\n    requesters: { teams: [ops] }\n    approvers: { users: [alice], teams: [ops] }\n` });
    const { code, out } = await run(dir);
    expect(code).toBe(0);
    expect(out.slice(1)).toEqual([
      "advice: a grant of `ops` makes its holder an approver of `db`: keep the teams the app grants out of those lists, or accept that a grant confers this too",
      "advice: a grant of `ops` makes its holder a requester of `db`: keep the teams the app grants out of those lists, or accept that a grant confers this too",
    ]);
  });

  it("refuses an approval label that is the request label JIT_ACCESS_REQUEST_LABEL names", async () => {
    const dir = folder({ "a.yml": `${OPS}    approval_label: jit-request\n` });
    const out: string[] = [];
    const err: string[] = [];
    const output: Output = { masker: createMasker(), line: (text = "") => void out.push(text), error: (text) => void err.push(text) };
    expect(await validate(dir, output, "jit-request")).toBe(1);
    expect(err.join("\n")).toContain('found "jit-request", which is the request label');
  });

  it("counts a file that only sets settings", async () => {
    const dir = folder({ "a.yml": OPS, "settings.yml": "version: 1\nsettings:\n  request_label: jit\n" });
    expect((await run(dir)).out).toEqual([`policies valid: 1 team(s) in 2 file(s): ops; settings in ${dir}/settings.yml`]);
  });

  it("checks one file when given a file", async () => {
    const dir = folder({ "a.yml": OPS.replace("2h", "2 hours") });
    expect((await run(join(dir, "a.yml"))).err).toEqual([
      "The access policies are invalid, so nothing can be granted until they are fixed:",
      `${dir}/a.yml:4:19: teams.ops.max_duration: found "2 hours"; expected a duration such as 30m, 2h, 1d, 1h30m or PT2H`,
    ]);
  });

  it.each<[string, () => string, string[]]>([
    ["a folder that does not exist", () => "/nonexistent/policies", ["No policy was found, so nothing can be granted: /nonexistent/policies: no such folder; pass the folder that holds the policy files (default: policies)"]],
    ["a folder without policy files", () => folder({ "README.md": "# policies\n" }), ["No policy was found, so nothing can be granted: {dir}: the folder holds no .yml or .yaml policy file"]],
    ["a file that is not UTF-8", () => folder({ "a.yml": Buffer.from([0x76, 0x65, 0x72, 0xff, 0xfe]) }), ["A policy file could not be read, so nothing can be granted until it can:", "{dir}/a.yml: cannot be read: it is not UTF-8 text; save it as UTF-8"]],
    [
      "a policy file that is a symbolic link, as the app refuses it",
      () => {
        const dir = folder({ "a.yml": OPS });
        const elsewhere = folder({ "prod.yml": OPS.replaceAll("ops", "prod") });
        symlinkSync(join(elsewhere, "prod.yml"), join(dir, "prod.yml"));
        return dir;
      },
      ["A policy file could not be read, so nothing can be granted until it can:", "{dir}/prod.yml: cannot be read: it is a symbolic link, and a policy is read only from a file kept in the folder itself (a link may lead to a file the folder's protection does not cover); put the policy's text in the file"],
    ],
    ["invalid YAML", () => folder({ "a.yml": "version: 1\nteams:\n  ops: [\n" }), ["A policy file is not valid YAML, so nothing can be granted until it is fixed:", "{dir}/a.yml:4:1: invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]; check the indentation"]],
  ])("exits 1 on %s, with a message of its own", async (_name, make, messages) => {
    const dir = make();
    expect(await run(dir)).toEqual({ code: 1, out: [], err: messages.map((m) => m.replace("{dir}", dir)) });
  });
});
