import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SinkLine } from "../../src/audit/file-sink.js";
import { auditVerify } from "../../src/cli/audit-verify.js";
import { startSandbox, type Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { captured, sandboxPerTest, grantedAndExpired, recordComment, sandboxDeps } from "./audit-harness.js";
import { manualClock, type ManualClock } from "./manual-clock.js";
import { ORG, POLICY, REPO, TEAM } from "./world.js";

const sandboxes = sandboxPerTest();

/** The e2e world, with the app writing its records to an AUDIT_LOG_FILE too. */
async function fileWorld(): Promise<{ sandbox: Sandbox; clock: ManualClock; path: string }> {
  const path = join(await mkdtemp(join(tmpdir(), "jit-audit-")), "audit.jsonl");
  const clock = manualClock(Date.parse("2026-11-02T09:00:00Z"));
  const s = await startSandbox({ clock, auditLogFile: path });
  s.github.addOrg(ORG);
  for (const login of ["jane", "alice", "bob"]) s.github.addUser(login, { orgs: { [ORG]: "active" } });
  s.github.addTeam(ORG, TEAM);
  s.github.addTeam(ORG, "platform-leads");
  s.github.addRepo(REPO, { defaultBranch: "main", private: true });
  s.github.putFile(REPO, "policies/platform.yml", POLICY);
  s.github.install(ORG);
  return { sandbox: s, clock, path };
}

async function verify(sandbox: Sandbox, argv: string[]): Promise<{ code: number; text: string }> {
  const out = captured();
  const code = await auditVerify(argv, out, await sandboxDeps(sandbox));
  return { code, text: out.lines.join("\n") };
}

describe("AUDIT_LOG_FILE, the write-once copy", () => {
  it("holds every record exactly as posted, right after it is posted, and verifies", async () => {
    const w = sandboxes.use(await fileWorld());
    const { sandbox } = w;
    const number = await grantedAndExpired(sandbox, w.clock);
    const lines = (await readFile(w.path, "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l) as SinkLine);
    const posted = sandbox.github.comments(REPO, number).filter((c) => c.viaApp);
    expect(lines.map((l) => [l.request, l.commentId, l.body])).toEqual(posted.map((c) => [`${REPO}#${number}`, c.id, c.body]));

    const file = await verify(sandbox, ["--file", w.path]);
    expect(file.code).toBe(0);
    expect(file.text).toContain(`${w.path}: 4 lines, 4 records\n  ok     every line follows the one before it and is signed`);
    const both = await verify(sandbox, ["--repo", REPO, "--file", w.path]);
    expect(both.code).toBe(0);
    expect(both.text).toContain("  ok     every record in the file is still on GitHub");
  });

  it("shows the deletion of a request's last record, which the chain alone cannot", async () => {
    const w = sandboxes.use(await fileWorld());
    const { sandbox } = w;
    const number = await grantedAndExpired(sandbox, w.clock);
    const expired = recordComment(sandbox, number, "expired");
    sandbox.github.pauseWebhooks();
    sandbox.github.as("bob").deleteComment(REPO, expired.id);
    const both = await verify(sandbox, ["--repo", REPO, "--file", w.path]);
    expect(both.code).toBe(1);
    expect(both.text).toContain(`  FAILED line 4: the "expired" record of ${REPO}#${number} (comment ${expired.id}) is no longer on GitHub: it was deleted or changed; the file keeps a copy`);
  });

  it("shows a request that left the listing, its records kept in the file", async () => {
    const w = sandboxes.use(await fileWorld());
    const { sandbox } = w;
    const number = await grantedAndExpired(sandbox, w.clock);
    sandbox.github.pauseWebhooks();
    sandbox.github.as("bob").removeLabel(REPO, number, "access-request");
    const both = await verify(sandbox, ["--repo", REPO, "--file", w.path]);
    expect(both.code).toBe(1);
    expect(both.text).toContain(`  FAILED line 1: ${REPO}#${number} is no longer on GitHub (or lost its request label): its "received" record`);
  });

  it("names a removed line and a changed line", async () => {
    const w = sandboxes.use(await fileWorld());
    const { sandbox } = w;
    await grantedAndExpired(sandbox, w.clock);
    const lines = (await readFile(w.path, "utf8")).trimEnd().split("\n");
    await writeFile(w.path, [lines[0], lines[2], lines[3]!.replace('"commentId":', '"commentId":1'), ""].join("\n"));
    const file = await verify(sandbox, ["--file", w.path]);
    expect(file.code).toBe(1);
    expect(file.text).toContain("  FAILED line 2 does not follow line 1: a line was removed, inserted or changed");
    expect(file.text).toContain("  FAILED line 3 was changed after it was written: its signature does not match");
  });
});
