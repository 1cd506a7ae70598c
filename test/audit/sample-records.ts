import type { RecordData } from "../../src/core/records.js";

export const HOUR = 3_600_000;
export const T0 = Date.parse("2026-11-02T09:00:00Z");

/** One record of each event, as the core writes them for one request by @jane. */
export const SAMPLE: { [E in RecordData["event"]]: Extract<RecordData, { event: E }> } = {
  received: {
    event: "received",
    requestHash: "a".repeat(64),
    requester: "jane",
    request: { team: "platform-admins", durationMs: HOUR, justification: "INC-4711\n### Team\nroot", ticket: "INC-4711" },
    policyRef: "policies@55e01dad6ed7",
    approvalsNeeded: 1,
    approvers: { users: ["alice"], teams: ["platform-leads"] },
    voided: [],
  },
  refused: { event: "refused", requestHash: "b".repeat(64), requester: "jane", problems: ["**Duration** is missing"], policyRef: "policies@55e01dad6ed7" },
  "attempt-refused": { event: "attempt-refused", source: "comment", sourceId: 1005, actor: "bob", command: "/approve", reason: "@bob is not an approver" },
  approval: { event: "approval", source: "comment", sourceId: 1006, by: "alice", requestHash: "a".repeat(64), count: 1, needed: 2 },
  "approval-withdrawn": { event: "approval-withdrawn", source: "label", sourceId: 1007, by: "alice", reason: "the label was removed" },
  approved: { event: "approved", requestHash: "a".repeat(64), requester: "jane", team: "platform-admins", durationMs: HOUR, expiresAt: T0 + HOUR, standing: false, approvers: ["carol", "alice"], policyRef: "policies@55e01dad6ed7" },
  granted: { event: "granted", requester: "jane", team: "platform-admins", expiresAt: T0 + HOUR, standing: false },
  escalated: { event: "escalated", notify: { users: ["carol"], teams: ["security-oncall"] }, waitedMs: HOUR / 2 },
  "timed-out": { event: "timed-out", requester: "jane", waitedMs: 24 * HOUR },
  expiring: { event: "expiring", requester: "jane", team: "platform-admins", expiresAt: T0 + HOUR },
  "extension-requested": { event: "extension-requested", requester: "jane", team: "platform-admins", durationMs: HOUR, sourceId: 1008, approvalsNeeded: 1 },
  "extension-denied": { event: "extension-denied", requester: "jane", by: "alice", reason: "not needed" },
  extended: { event: "extended", requester: "jane", team: "platform-admins", previousExpiresAt: T0 + HOUR, expiresAt: T0 + 2 * HOUR, approvers: ["alice"], policyRef: "policies@55e01dad6ed7" },
  "revoke-failed": { event: "revoke-failed", requester: "jane", team: "platform-admins", reason: "GitHub answered 502" },
  "grant-failed": { event: "grant-failed", requester: "jane", team: "platform-admins", reason: "the team is managed by an identity provider" },
  expired: { event: "expired", requester: "jane", team: "platform-admins", removed: true },
  revoked: { event: "revoked", requester: "jane", team: "platform-admins", by: "alice", reason: "`/revoke`", removed: true },
  denied: { event: "denied", requester: "jane", by: "alice", reason: "not during the freeze" },
  withdrawn: { event: "withdrawn", requester: "jane", by: "jane" },
  tampered: { event: "tampered", findings: ["comment 1010 carries a record but was not written by jit-access"], removed: true },
  "break-glass-reviewed": { event: "break-glass-reviewed", requester: "jane", by: "alice", outcome: "flagged", reason: "no incident open at the time", sourceId: 1011 },
  "break-glass-overdue": { event: "break-glass-overdue", requester: "jane", team: "platform-admins", notify: { users: ["carol"], teams: ["security-oncall"] }, dueAt: T0 + 24 * HOUR },
  "drift-found": { event: "drift-found", team: "platform-admins", subject: { kind: "member", login: "mallory", id: 66 }, reason: "@mallory is a member of `platform-admins` but is not a standing member and has no live grant", action: "revert", addedBy: "owner", notify: { users: [], teams: ["security-oncall"] }, foundBy: "webhook", policyRef: "c0ffee" },
  "drift-reverted": { event: "drift-reverted", team: "platform-admins", subject: { kind: "member", login: "mallory", id: 66 }, removed: true },
  "drift-baseline": { event: "drift-baseline", team: "platform-admins", members: ["svc-deploy"], memberIds: [7], childTeams: [], policyRef: "c0ffee" },
  "removed-early": { event: "removed-early", requester: "jane", team: "platform-admins", by: "owner" },
};
