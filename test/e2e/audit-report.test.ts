import { describe, expect, it } from "vitest";
import type { UsageReport } from "../../src/audit/usage-report.js";
import { report } from "../../src/cli/report.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { captured, grantedAndExpired, sandboxDeps, sandboxPerTest } from "./audit-harness.js";
import type { ManualClock } from "./manual-clock.js";
import { ORG, REPO, requestBody, world } from "./world.js";

const sandboxes = sandboxPerTest();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DB_POLICY = `version: 1
teams:
  db-admins:
    max_duration: 4h
    approvers:
      users: [alice]
    approvals: 1
`;

/**
 * A week of requests, every step at a scripted time (Monday 2 November 2026,
 * 09:00 UTC onwards), through the real app.
 */
async function scriptedHistory(w: { sandbox: Sandbox; clock: ManualClock }): Promise<Sandbox> {
  const { clock } = w;
  let sandbox = w.sandbox;
  sandbox.github.addTeam(ORG, "db-admins");
  sandbox.github.putFile(REPO, "policies/db.yml", DB_POLICY);
  const open = async (login: string, team: string, duration = "1h") => {
    const n = sandbox.github.as(login).openIssue(REPO, { title: "Access", body: requestBody({ team, duration }), labels: ["access-request"] });
    await sandbox.settle();
    return n;
  };
  const say = async (login: string, n: number, text: string) => {
    sandbox.github.as(login).comment(REPO, n, text);
    await sandbox.settle();
  };
  const wait = async (ms: number) => {
    clock.advance(ms);
    await sandbox.settle();
  };
  const restartAfter = async (ms: number) => {
    await sandbox.restart(() => clock.advance(ms));
    sandbox = w.sandbox;
  };

  const r1 = await open("jane", "platform-admins"); //                 Mon 09:00
  await wait(30_000);
  await say("alice", r1, "/approve"); //                               approved after 30 s: a rubber stamp
  await wait(HOUR); //                                                 removed at 10:00:30, on time
  await wait(2 * HOUR - 30_000);
  const r2 = await open("jane", "platform-admins"); //                 Mon 12:00
  await wait(10 * MIN);
  await say("alice", r2, "/approve"); //                               after 10 min
  await wait(HOUR);
  await wait(22 * HOUR + 50 * MIN);
  const r3 = await open("jane", "platform-admins", "30m"); //          Tue 12:00: jane's third in 30 days
  await wait(20 * MIN);
  await say("carol", r3, "/approve"); //                               after 20 min
  await wait(30 * MIN);
  await wait(7 * HOUR + 10 * MIN);
  const r4 = await open("bob", "db-admins"); //                        Tue 20:00
  await wait(5 * MIN);
  await say("alice", r4, "/approve"); //                               granted at 20:05, outside business hours, until 21:05
  await restartAfter(3 * HOUR); //                                     the app is down at 21:05
  await sandbox.jit.sweeper.sweep();
  await sandbox.settle(); //                                           removed at 23:05: two hours late
  await wait(10 * HOUR + 55 * MIN);
  const r5 = await open("carol", "db-admins"); //                      Wed 10:00
  await wait(MIN);
  await say("alice", r5, "/deny not needed for this");
  await open("bob", "platform-admins", "a while"); //                   Wed 10:01: not valid
  await wait(MIN);
  const r7 = await open("jane", "db-admins"); //                       Wed 10:02
  sandbox.github.as("jane").close(REPO, r7); //                        withdrawn
  await sandbox.settle();
  await wait(58 * MIN);
  const r8 = await open("carol", "platform-admins"); //                Wed 11:00
  await wait(2 * MIN);
  await say("alice", r8, "/approve"); //                               granted at 11:02 until 12:02
  await restartAfter(2 * HOUR); //                                     the app is down at 12:02 and nothing removes it
  await open("bob", "platform-admins"); //                             Wed 13:02: still pending
  return sandbox;
}

async function json(sandbox: Sandbox, clock: ManualClock, argv: string[] = []): Promise<UsageReport> {
  const out = captured();
  expect(await report(["--repo", REPO, "--format", "json", ...argv], out, await sandboxDeps(sandbox, () => clock.now()))).toBe(0);
  return JSON.parse(out.lines.join("\n")) as UsageReport;
}

const none = { denied: 0, timedOut: 0, withdrawn: 0, invalid: 0, failed: 0, pending: 0 };

describe("jit-access report", () => {
  it("matches a scripted history", async () => {
    const w = sandboxes.use(await world());
    const sandbox = await scriptedHistory(w);
    const r = await json(sandbox, w.clock);

    expect(r.totals).toEqual({ requests: 9, granted: 5, ...none, denied: 1, withdrawn: 1, invalid: 1, pending: 1 });
    expect(r.byTeam).toEqual([
      { team: "platform-admins", requests: 5, granted: 4, ...none, pending: 1, approveP50Ms: 2 * MIN, approveP90Ms: 20 * MIN },
      { team: "db-admins", requests: 3, granted: 1, ...none, denied: 1, withdrawn: 1, approveP50Ms: 5 * MIN, approveP90Ms: 5 * MIN },
      { team: "(not valid)", requests: 1, granted: 0, ...none, invalid: 1, approveP50Ms: null, approveP90Ms: null },
    ]);
    expect(r.byRequester).toEqual([
      { requester: "jane", requests: 4, granted: 3, ...none, withdrawn: 1 },
      { requester: "bob", requests: 3, granted: 1, ...none, invalid: 1, pending: 1 },
      { requester: "carol", requests: 2, granted: 1, ...none, denied: 1 },
    ]);
    expect(r.timeToApprove).toEqual({ approvals: 5, p50Ms: 5 * MIN, p90Ms: 20 * MIN });
    expect(r.repeatedRequests).toEqual([{
      requester: "jane",
      team: "platform-admins",
      count: 3,
      first: "2026-11-02T09:00:00.000Z",
      last: "2026-11-03T12:00:00.000Z",
      requests: [`${REPO}#1`, `${REPO}#2`, `${REPO}#3`],
      advice: "consider standing access or a policy change",
    }]);
    expect(r.rubberStamps).toEqual([{ request: `${REPO}#1`, requester: "jane", team: "platform-admins", approvers: ["alice"], afterSeconds: 30 }]);
    expect(r.outsideBusinessHours).toEqual([{ request: `${REPO}#4`, requester: "bob", team: "db-admins", grantedAt: "2026-11-03T20:05:00.000Z", local: "Tue 20:05" }]);
    expect(r.revocationFailures).toEqual([
      { request: `${REPO}#4`, requester: "bob", team: "db-admins", expiresAt: "2026-11-03T21:05:00.000Z", endedAt: "2026-11-03T23:05:00.000Z", lateByMinutes: 120, problem: "removed late" },
      { request: `${REPO}#8`, requester: "carol", team: "platform-admins", expiresAt: "2026-11-04T12:02:00.000Z", endedAt: null, lateByMinutes: 60, problem: "not removed: no record of its end, past its expiry" },
    ]);
    expect(r.unverifiedRecords).toBe(0);

    // Business hours in another time zone: the same grants, other hours.
    const la = await json(sandbox, w.clock, ["--timezone", "America/Los_Angeles"]);
    expect(la.outsideBusinessHours.map((g) => `${g.request} ${g.local}`)).toEqual([`${REPO}#1 Mon 01:00`, `${REPO}#2 Mon 04:10`, `${REPO}#3 Tue 04:20`, `${REPO}#8 Wed 03:02`]);
    // --since counts the requests first recorded from then on.
    const later = await json(sandbox, w.clock, ["--since", "2026-11-04"]);
    expect(later.totals).toEqual({ requests: 5, granted: 1, ...none, denied: 1, withdrawn: 1, invalid: 1, pending: 1 });
    expect(later.repeatedRequests).toEqual([]);

    const markdown = captured();
    expect(await report(["--repo", REPO], markdown, await sandboxDeps(sandbox, () => w.clock.now()))).toBe(0);
    const text = markdown.lines.join("\n");
    expect(text).toContain("| `platform-admins` | 5 | 4 | 0 | 0 | 0 | 0 | 0 | 1 | 2m | 20m |");
    expect(text).toContain("| @jane | `platform-admins` | 3 | 2026-11-02 09:00:00 UTC | 2026-11-03 12:00:00 UTC | consider standing access or a policy change |");
    expect(text).toContain("| acme/access#1 | @jane | `platform-admins` | @alice | 30 s |");
    expect(text).toContain("over 5 approvals: p50 5m, p90 20m.");
  }, 60_000);

  it("without --repo, reads every repository the app is installed on", async () => {
    const w = sandboxes.use(await world());
    await grantedAndExpired(w.sandbox, w.clock);
    const out = captured();
    expect(await report(["--format", "json"], out, await sandboxDeps(w.sandbox, () => w.clock.now()))).toBe(0);
    expect(JSON.parse(out.lines.join("\n"))).toMatchObject({ repositories: [REPO], totals: { requests: 1, granted: 1 }, revocationFailures: [] });
  });

  it.each([
    [["--format", "html"], "--format must be markdown or json"],
    [["--repeat", "1"], "--repeat must be a whole number of at least 2"],
    [["--business-hours", "weekdays"], 'business hours must look like "Mon-Fri 09:00-18:00"'],
    [["--timezone", "Mars/Olympus"], "the time zone must be an IANA name"],
  ])("refuses %j", async (argv, message) => {
    const w = sandboxes.use(await world());
    await expect(report(argv, captured(), await sandboxDeps(w.sandbox))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(message) });
  });
});
