import { describe, expect, it } from "vitest";
import { auditVerify } from "../../src/cli/audit-verify.js";
import { withExitCode } from "../../src/cli/cli-error.js";
import { captured, sandboxPerTest, twoFinishedRequests, grantedAndExpired, recordComment, sandboxDeps } from "./audit-harness.js";
import { REPO, world } from "./world.js";

const sandboxes = sandboxPerTest();

describe("jit-access audit verify --repo", () => {
  it("passes a clean trail, and finished requests are closed and locked", async () => {
    const w = sandboxes.use(await world());
    const { sandbox } = w;
    const [first, second] = await twoFinishedRequests(sandbox, w.clock);
    expect(sandbox.github.issue(REPO, first)).toMatchObject({ state: "closed", locked: true });
    const out = captured();
    expect(await auditVerify(["--repo", REPO], out, await sandboxDeps(sandbox))).toBe(0);
    expect(out.lines).toEqual([
      `${REPO}: 2 requests, 8 record-bearing comments`,
      `  ok     ${REPO}#${first}  4 records, all verified, in order`,
      `  ok     ${REPO}#${second}  4 records, all verified, in order`,
      "",
      "Result: no problem found. What this proves, and what it cannot: docs/audit.md.",
    ]);
  });

  it("names a deleted, an edited and a forged record, and exits 1", async () => {
    const w = sandboxes.use(await world());
    const { sandbox } = w;
    const { github } = sandbox;
    const clean = await grantedAndExpired(sandbox, w.clock);
    const number = await grantedAndExpired(sandbox, w.clock);
    const approved = recordComment(sandbox, number, "approved");
    const granted = recordComment(sandbox, number, "granted");
    const expired = recordComment(sandbox, number, "expired");
    github.as("bob").deleteComment(REPO, approved.id);
    github.as("bob").editComment(REPO, expired.id, expired.body.replace("was removed from", "was never in"));
    const forged = github.as("jane").comment(REPO, number, granted.body.replace(/"expiresAt":\d+/, '"expiresAt":9999999999999'));
    await sandbox.settle();

    const out = captured();
    expect(await auditVerify(["--repo", REPO], out, await sandboxDeps(sandbox))).toBe(1);
    const report = out.lines.join("\n");
    expect(report).toContain(`  ok     ${REPO}#${clean}  4 records, all verified, in order`);
    expect(report).toContain(`  FAILED ${REPO}#${number}  5 records, 3 problems:`);
    expect(report).toContain(`- missing-before: a record before comment ${granted.id} is missing`);
    expect(report).toContain(`- edited: comment ${expired.id} by jit-access fails verification`);
    expect(report).toContain(`- forged: comment ${forged} carries a record but was not written by jit-access`);
    expect(out.lines.at(-1)).toBe("Result: 3 problems found. Each is named above; docs/audit.md says how to read them.");
    // The app saw it too: its own tampering record is the last, and it verifies.
    expect(github.issue(REPO, number).labels).toContain("access:tampered");
  });

  it("names an app comment with a line appended after its hidden record, and exits 1", async () => {
    const w = sandboxes.use(await world());
    const { sandbox } = w;
    const number = await grantedAndExpired(sandbox, w.clock);
    const granted = recordComment(sandbox, number, "granted");
    sandbox.github.pauseWebhooks();
    sandbox.github.as("bob").editComment(REPO, granted.id, `${granted.body}\nExtended until 2099-12-31 by @alice`);
    const out = captured();
    expect(await auditVerify(["--repo", REPO], out, await sandboxDeps(sandbox))).toBe(1);
    expect(out.lines.join("\n")).toContain(`- edited: comment ${granted.id} by jit-access fails verification: text follows the hidden record`);
  });

  it("passes a record the app's bot posted twice, and shows it as a duplicate", async () => {
    const w = sandboxes.use(await world());
    const { sandbox } = w;
    const number = await grantedAndExpired(sandbox, w.clock);
    const granted = sandbox.github.comments(REPO, number).find((c) => c.viaApp && c.body.includes('"event":"granted"'))!;
    sandbox.github.pauseWebhooks();
    // GitHub refuses the bot on the finished, locked request: the twin write is made while it is open.
    sandbox.github.as("alice").unlock(REPO, number);
    sandbox.github.as(granted.author).comment(REPO, number, granted.body);
    const out = captured();
    expect(await auditVerify(["--repo", REPO], out, await sandboxDeps(sandbox))).toBe(0);
    expect(out.lines).toContain(`  ok     ${REPO}#${number}  5 records, all verified, in order (1 of them an exact copy of an earlier record: the same write made twice, counted once)`);
  });

  it("names records whose bodies were swapped as out of order", async () => {
    const w = sandboxes.use(await world());
    const { sandbox } = w;
    const number = await grantedAndExpired(sandbox, w.clock);
    const approved = recordComment(sandbox, number, "approved");
    const granted = recordComment(sandbox, number, "granted");
    sandbox.github.pauseWebhooks();
    sandbox.github.as("bob").editComment(REPO, approved.id, granted.body);
    sandbox.github.as("bob").editComment(REPO, granted.id, approved.body);
    const out = captured();
    expect(await auditVerify(["--repo", REPO], out, await sandboxDeps(sandbox))).toBe(1);
    expect(out.lines.join("\n")).toContain(`- out-of-order: comment ${approved.id} follows the record of comment ${granted.id}, which is not the record before it: the records were reordered`);
  });

  it("names a closed request whose final record was deleted", async () => {
    const w = sandboxes.use(await world());
    const { sandbox } = w;
    const number = await grantedAndExpired(sandbox, w.clock);
    sandbox.github.pauseWebhooks();
    sandbox.github.as("bob").deleteComment(REPO, recordComment(sandbox, number, "expired").id);
    const out = captured();
    expect(await auditVerify(["--repo", REPO], out, await sandboxDeps(sandbox))).toBe(1);
    expect(out.lines.join("\n")).toContain(`- unfinished: the request is closed but its last record is "granted", not a final one`);
  });
});

describe("jit-access audit verify, used wrongly or without access", () => {
  it.each([
    [[], 2, "give --repo, --file or both"],
    [["--repo", "acme"], 2, "--repo must be owner/name"],
    [["--repo", REPO, "--colour"], 2, "Unknown option '--colour'"],
    [["--repo", "acme/nope"], 1, "jit-access is not installed on acme/nope, or there is no such repository"],
  ])("%j → exit %i", async (argv, code, message) => {
    const w = sandboxes.use(await world());
    const { sandbox } = w;
    const out = captured();
    const deps = await sandboxDeps(sandbox);
    expect(await withExitCode(out, () => auditVerify(argv, out, deps))).toBe(code);
    expect(out.errors.join("\n")).toContain(message);
  });

  it("names the missing signing key", async () => {
    const w = sandboxes.use(await world());
    const { sandbox } = w;
    const out = captured();
    const deps = { ...(await sandboxDeps(sandbox)), env: {} };
    expect(await withExitCode(out, () => auditVerify(["--repo", REPO], out, deps))).toBe(1);
    expect(out.errors.join("\n")).toContain("JIT_ACCESS_SIGNING_KEY is missing");
  });
});
