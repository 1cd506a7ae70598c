import { describe, expect, it } from "vitest";
import { parseBusinessHours } from "../../src/audit/business-hours.js";
import type { RequestTrail } from "../../src/audit/load-trail.js";
import { renderReport } from "../../src/audit/render-report.js";
import { usageReport } from "../../src/audit/usage-report.js";
import type { RecordData } from "../../src/core/records.js";
import { HOUR, SAMPLE, T0 } from "./sample-records.js";
import { sealChain } from "./sealed-chain.js";

/** A request whose records were written one minute apart from `start`; `forged` marks records whose signature failed. */
function trail(number: number, datas: RecordData[], forged: number[] = []): RequestTrail {
  const request = `acme/access#${number}`;
  const records = sealChain(datas, { issue: request, start: T0 }).map((c, i) => ({ commentId: c.id, seq: c.seq, postedAt: c.at, status: forged.includes(i) ? ("forged" as const) : ("verified" as const), record: c.record, hash: c.hash, author: "jit-access[bot]" }));
  return { request, issue: { number, title: "Access", author: "jane", state: "open", locked: false, createdAt: new Date(T0).toISOString(), closedAt: null }, records };
}

const OPTIONS = { now: T0 + 30 * HOUR, businessHours: parseBusinessHours("Mon-Fri 09:00-18:00"), repeatThreshold: 3, repeatWindowDays: 30, rubberStampSeconds: 60, revocationGraceMinutes: 5 };
const glass = (reviewDueAt: number): RecordData => ({ ...SAMPLE.approved, approvers: [], breakGlass: { via: "form", notify: { users: ["carol"], teams: [] }, reviewDueAt } });

describe("break-glass in the usage report", () => {
  it("lists each use with its review state, from signed records only, and never as an approval or a rubber stamp", () => {
    const report = usageReport([
      trail(1, [SAMPLE.received, glass(T0 + 24 * HOUR), SAMPLE.granted, SAMPLE["break-glass-reviewed"]]),
      trail(2, [SAMPLE.received, glass(T0 + 24 * HOUR), SAMPLE.granted, SAMPLE.expired]),
      trail(3, [SAMPLE.received, glass(T0 + 48 * HOUR), SAMPLE.granted]),
      // A review record that does not verify is no review.
      trail(4, [SAMPLE.received, glass(T0 + 48 * HOUR), SAMPLE.granted, { ...SAMPLE["break-glass-reviewed"], outcome: "accepted" }], [3]),
    ], OPTIONS);
    expect(report.breakGlass.map((b) => [b.request, b.review, b.reviewedBy, b.finding])).toEqual([
      ["acme/access#1", "flagged", "alice", "no incident open at the time"],
      ["acme/access#2", "overdue", null, null],
      ["acme/access#3", "awaiting", null, null],
      ["acme/access#4", "awaiting", null, null],
    ]);
    expect(report.timeToApprove.approvals).toBe(0);
    expect(report.rubberStamps).toEqual([]);
    const text = renderReport(report, ["acme/access"]);
    expect(text).toContain("## Break-glass uses");
    expect(text).toContain("| acme/access#1 | @jane | `platform-admins` |");
    expect(text).toContain("🚩 flagged | @alice | no incident open at the time |");
  });

  it("says None. when nobody broke the glass", () => {
    const text = renderReport(usageReport([trail(1, [SAMPLE.received, SAMPLE.denied])], OPTIONS), ["acme/access"]);
    expect(text.split("## Break-glass uses\n\n")[1]).toBe("None.");
  });
});
