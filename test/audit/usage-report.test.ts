import { describe, expect, it } from "vitest";
import { parseBusinessHours } from "../../src/audit/business-hours.js";
import type { RequestTrail } from "../../src/audit/load-trail.js";
import { usageReport } from "../../src/audit/usage-report.js";
import type { RecordData } from "../../src/core/records.js";
import { HOUR, SAMPLE, T0 } from "./sample-records.js";
import { sealChain } from "./sealed-chain.js";

/** A request whose records were written one minute apart from `start`, all verified. */
function trail(number: number, datas: RecordData[], start = T0): RequestTrail {
  const request = `acme/access#${number}`;
  const records = sealChain(datas, { issue: request, start }).map((c) => ({ commentId: c.id, seq: c.seq, postedAt: c.at, status: "verified" as const, record: c.record, hash: c.hash, author: "jit-access[bot]" }));
  return { request, issue: { number, title: "Access", author: "jane", state: "closed", locked: true, createdAt: new Date(start).toISOString(), closedAt: null }, records };
}

const OPTIONS = { now: T0 + 10 * HOUR, businessHours: parseBusinessHours("Mon-Fri 09:00-18:00"), repeatThreshold: 3, repeatWindowDays: 30, rubberStampSeconds: 60, revocationGraceMinutes: 5 };

describe("usageReport from records", () => {
  it("counts a time-out, follows an extension, and lists each removal GitHub refused", () => {
    const approved = { ...SAMPLE.approved, expiresAt: T0 + 2 * 60_000 + HOUR };
    const extended = { ...SAMPLE.extended, previousExpiresAt: approved.expiresAt, expiresAt: approved.expiresAt + HOUR };
    const report = usageReport([
      trail(1, [SAMPLE.received, approved, { ...SAMPLE.granted, expiresAt: approved.expiresAt }, extended, SAMPLE["revoke-failed"], SAMPLE.revoked]),
      trail(2, [SAMPLE.received, SAMPLE.escalated, SAMPLE["timed-out"]], T0 + HOUR),
    ], OPTIONS);
    expect(report.totals).toMatchObject({ requests: 2, granted: 1, timedOut: 1 });
    expect(report.revocationFailures).toEqual([{
      request: "acme/access#1",
      requester: "jane",
      team: "platform-admins",
      expiresAt: new Date(T0 + 2 * 60_000 + 2 * HOUR).toISOString(),
      endedAt: new Date(T0 + 5 * 60_000).toISOString(),
      lateByMinutes: 0,
      problem: `GitHub refused the removal at ${new Date(T0 + 4 * 60_000).toISOString()}: GitHub answered 502`,
    }]);
    expect(report.rubberStamps.map((r) => r.request)).toEqual([]);
  });

  it("leaves out what does not verify, and says how much", () => {
    const clean = trail(1, [SAMPLE.received, SAMPLE.denied]);
    const broken: RequestTrail = { ...clean, request: "acme/access#2", records: [...clean.records, { commentId: 9, seq: 9, postedAt: T0, status: "forged", author: "mallory" }] };
    const report = usageReport([clean, broken], OPTIONS);
    expect(report.unverifiedRecords).toBe(1);
    expect(report.totals).toMatchObject({ requests: 2, denied: 2 });
  });
});
