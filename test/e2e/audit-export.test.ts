import { describe, expect, it } from "vitest";
import type { ExportRow } from "../../src/audit/export-rows.js";
import { auditExport } from "../../src/cli/audit-export.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { captured, sandboxPerTest, twoFinishedRequests, grantedAndExpired, recordComment, sandboxDeps } from "./audit-harness.js";
import { ADDRESS, REPO, world } from "./world.js";

const sandboxes = sandboxPerTest();

async function exported(sandbox: Sandbox, argv: string[]): Promise<string[]> {
  const out = captured();
  expect(await auditExport(argv, out, await sandboxDeps(sandbox))).toBe(0);
  return out.lines;
}

describe("jit-access audit export", () => {
  it("exports every record of a clean trail as verified, chained, masked JSON lines", async () => {
    const w = sandboxes.use(await world());
    const { sandbox } = w;
    const [first, second] = await twoFinishedRequests(sandbox, w.clock);
    const rows = (await exported(sandbox, ["--repo", REPO])).map((line) => JSON.parse(line) as ExportRow);

    expect(rows.map((r) => [r.request, r.event, r.status])).toEqual([
      [`${REPO}#${first}`, "received", "verified"],
      [`${REPO}#${first}`, "approved", "verified"],
      [`${REPO}#${first}`, "granted", "verified"],
      [`${REPO}#${first}`, "expired", "verified"],
      [`${REPO}#${second}`, "received", "verified"],
      [`${REPO}#${second}`, "approved", "verified"],
      [`${REPO}#${second}`, "granted", "verified"],
      [`${REPO}#${second}`, "expired", "verified"],
    ]);
    // Continuity can be checked from the export alone, without the key.
    for (const [i, row] of rows.entries()) expect(row.prev).toBe(row.event === "received" ? "" : rows[i - 1]!.hash);
    expect(rows[3]).toMatchObject({ actor: "jit-access", requester: "jane", team: "platform-admins", duration: "1h", expiresAt: "2026-11-02T10:05:00.000Z", policyRef: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(rows[1]?.actor).toBe("alice");
    const text = rows.map((r) => JSON.stringify(r)).join("\n");
    expect(text).toContain("j***@example.com");
    expect(text).not.toContain(ADDRESS);
  });

  it("marks what does not verify, never exporting its content as fact, and honours --since", async () => {
    const w = sandboxes.use(await world());
    const { sandbox } = w;
    const early = await grantedAndExpired(sandbox, w.clock);
    w.clock.advance(60_000);
    const number = await grantedAndExpired(sandbox, w.clock);
    const granted = recordComment(sandbox, number, "granted");
    sandbox.github.pauseWebhooks();
    const forged = sandbox.github.as("jane").comment(REPO, number, granted.body);
    const since = new Date(Date.parse(recordComment(sandbox, number, "received").body.match(/"at":"([^"]+)"/)![1]!)).toISOString();

    const csv = await exported(sandbox, ["--repo", REPO, "--format", "csv", "--since", since]);
    expect(csv[0]).toBe("request,comment,author,posted,status,detail,event,at,actor,requester,team,duration,durationMs,expiresAt,policyRef,requestHash,prev,hash");
    expect(csv.slice(1).map((line) => line.split(",").slice(0, 5).join(","))).toEqual([
      expect.stringMatching(new RegExp(`^${REPO}#${number},\\d+,jit-access\\[bot\\],.*,verified$`)),
      expect.stringMatching(/,verified$/),
      expect.stringMatching(/,verified$/),
      expect.stringMatching(/,verified$/),
      expect.stringMatching(new RegExp(`^${REPO}#${number},${forged},jane,.*,forged$`)),
    ]);
    expect(csv.at(-1)).toMatch(/,forged,comment \d+ carries a record but was not written by jit-access,,,,,,,,,,,,$/);
    expect(csv.join("\n")).not.toContain(`${REPO}#${early},`);
  });

  it.each([
    [["--format", "xml", "--repo", REPO], "--format must be jsonl or csv"],
    [["--since", "yesterday", "--repo", REPO], "--since must be a date such as 2026-11-01"],
    [[], "--repo is required"],
  ])("refuses %j", async (argv, message) => {
    const w = sandboxes.use(await world());
    const { sandbox } = w;
    const out = captured();
    await expect(auditExport(argv, out, await sandboxDeps(sandbox))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(message) });
  });
});
