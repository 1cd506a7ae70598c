import { describe, expect, it } from "vitest";
import type { TimelineItem } from "../../src/core/input.js";
import type { TrustedRecord } from "../../src/core/records.js";
import { trailFindings } from "../../src/reconcile/trail-checks.js";

const received: TrustedRecord = { seq: 1, commentId: 1, at: 0, data: { event: "received", requestHash: "h", requester: "jane", request: { team: "ops", durationMs: 1, justification: "x" }, policyRef: "r", approvalsNeeded: 1, approvers: { users: ["alice"], teams: [] }, voided: [] } };
const granted: TrustedRecord = { seq: 2, commentId: 2, at: 0, data: { event: "granted", requester: "jane", team: "ops", expiresAt: 10, standing: false } };

const APP = "jit-access[bot]";
const bot = { login: APP, bot: true };
const labelledGranted: TimelineItem[] = [{ kind: "labeled", seq: 3, id: 9, label: "access:granted", actor: bot, at: 0 }];

describe("trailFindings", () => {
  it("finds a grant whose records were deleted from the end of the trail", () => {
    expect(trailFindings([received], ["access-request", "access:granted"], labelledGranted, undefined, 0, APP)).toEqual([{ kind: "missing", detail: expect.stringContaining("labelled access:granted") }]);
  });

  it("does not take a timeline that lags behind the issue's labels for tampering", () => {
    expect(trailFindings([received], ["access-request", "access:granted"], [], undefined, 0, APP)).toEqual([]);
  });

  it("finds fewer records than this process saw, once its own writes have settled", () => {
    expect(trailFindings([received], ["access:pending"], [], { count: 3, at: 0 }, 60_001, APP)).toEqual([{ kind: "missing", detail: expect.stringContaining("2 of the app's records") }]);
    expect(trailFindings([received], ["access:pending"], [], { count: 3, at: 0 }, 30_000, APP)).toEqual([]);
  });

  it("never reads a label the app added under another name, renamed into a status label since, as tampering", () => {
    // `access:pending`, added by the app to every pending request, renamed `access:granted` by someone with write access.
    const renamed: TimelineItem[] = [{ kind: "labeled", seq: 3, id: 9, label: "access:granted", actor: bot, at: 0, renamed: true }];
    expect(trailFindings([received], ["access-request", "access:granted"], renamed, undefined, 0, APP)).toEqual([]);
  });

  it("never reads a status label added by someone else as tampering", () => {
    const byTriager: TimelineItem[] = [{ kind: "labeled", seq: 3, id: 9, label: "access:granted", actor: { login: "mallory", bot: false }, at: 0 }];
    expect(trailFindings([received], ["access-request", "access:granted"], byTriager, undefined, 0, APP)).toEqual([]);
    // The app's own label, removed and added again by someone else, is no longer the app's.
    expect(trailFindings([received], ["access-request", "access:granted"], [...labelledGranted, ...byTriager.map((t) => ({ ...t, seq: 5 }))], undefined, 0, APP)).toEqual([]);
  });

  it("finds nothing in a consistent trail", () => {
    expect(trailFindings([received, granted], ["access-request", "access:granted"], labelledGranted, { count: 2, at: 0 }, 90_000, APP)).toEqual([]);
    expect(trailFindings([received], ["access-request", "access:pending"], [], { count: 1, at: 0 }, 90_000, APP)).toEqual([]);
  });
});
