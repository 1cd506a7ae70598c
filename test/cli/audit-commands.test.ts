import { describe, expect, it } from "vitest";
import { connectFromEnv } from "../../src/cli/connect.js";
import { parseSince } from "../../src/cli/flags.js";
import { main } from "../../src/cli/main.js";
import { createMasker } from "../../src/masking/index.js";
import { captured } from "../e2e/audit-harness.js";

describe("the audit commands on the command line", () => {
  it.each([
    [["audit"], 'give "export" or "verify"'],
    [["audit", "verify"], "give --repo, --file or both"],
    [["audit", "export", "--repo", "acme/access", "--format", "pdf"], "--format must be jsonl or csv"],
  ])("%j is a usage error (exit 2)", async (argv, message) => {
    const out = captured();
    expect(await main(argv, out)).toBe(2);
    expect(out.errors.join("\n")).toContain(message);
  });

  it("names the app credentials it needs to read GitHub", async () => {
    await expect(connectFromEnv({}, createMasker())).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/APP_ID is missing[\s\S]*PRIVATE_KEY and PRIVATE_KEY_PATH are both missing/) });
    await expect(connectFromEnv({ APP_ID: "1", PRIVATE_KEY_PATH: "/nonexistent/key.pem" }, createMasker())).rejects.toMatchObject({ message: expect.stringContaining("PRIVATE_KEY_PATH: no file at /nonexistent/key.pem") });
  });

  it("reads --since as a UTC date or an ISO time", () => {
    expect(parseSince("2026-11-01")).toBe(Date.parse("2026-11-01T00:00:00Z"));
    expect(parseSince("2026-11-01T09:00:00+01:00")).toBe(Date.parse("2026-11-01T08:00:00Z"));
    expect(() => parseSince("11/01/2026")).toThrow("--since must be a date");
  });
});
