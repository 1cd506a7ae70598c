import { describe, expect, it } from "vitest";
import type { TrustedRecord } from "../../src/core/records.js";
import { trailFindings } from "../../src/reconcile/trail-checks.js";

const received: TrustedRecord = { seq: 1, commentId: 1, at: 0, data: { event: "received", requestHash: "h", requester: "jane", request: { team: "ops", durationMs: 1, justification: "x" }, policyRef: "r", approvalsNeeded: 1, approvers: { users: ["alice"], teams: [] }, voided: [] } };
const granted: TrustedRecord = { seq: 2, commentId: 2, at: 0, data: { event: "granted", requester: "jane", team: "ops", expiresAt: 10, standing: false } };

describe("trailFindings", () => {
  it("finds a grant whose records were deleted from the end of the trail", () => {
    expect(trailFindings([received], ["access-request", "access:granted"], undefined)).toEqual([{ kind: "missing", detail: expect.stringContaining("labelled access:granted") }]);
  });

  it("finds fewer records than this process saw", () => {
    expect(trailFindings([received], ["access:pending"], 3)).toEqual([{ kind: "missing", detail: expect.stringContaining("2 of the app's records") }]);
  });

  it("finds nothing in a consistent trail", () => {
    expect(trailFindings([received, granted], ["access-request", "access:granted"], 2)).toEqual([]);
    expect(trailFindings([received], ["access-request", "access:pending"], 1)).toEqual([]);
  });
});
