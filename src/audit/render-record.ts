import { formatDuration } from "../core/duration.js";
import { describe } from "../core/evaluate-request.js";
import type { RecordData } from "../core/records.js";

/**
 * The readable part of an audit comment, rendered from the decision record
 * alone, so what an auditor reads is exactly what was decided and signed.
 *
 * @example
 * renderRecord({ event: "withdrawn", requester: "jane", by: "jane" });
 * // "### ↩️ Request withdrawn\n\n@jane closed the request before it was granted."
 */
export function renderRecord(data: RecordData & { issue?: string }): string {
  const org = data.issue?.split("/")[0] ?? "";
  switch (data.event) {
    case "received": {
      const r = data.request;
      const lines = [
        "### 📝 Access request received — pending approval",
        "",
        `@${data.requester} asks to join team \`${r.team}\` for **${formatDuration(r.durationMs ?? 0)}**.`,
        "",
        `- **Justification:** ${oneLine(r.justification)}`,
        ...(r.ticket ? [`- **Ticket:** ${oneLine(r.ticket)}`] : []),
        `- **Needs:** ${data.approvalsNeeded} approval${data.approvalsNeeded > 1 ? "s" : ""} from ${describe(data.approvers)}`,
        `- **Policy:** \`${data.policyRef}\``,
        "",
        "Approvers: comment `/approve` on a line of its own to approve, or `/deny <reason>` to deny.",
      ];
      if (data.reason) lines.push("", data.reason);
      else if (data.voided.length > 0) {
        lines.push("", `The request changed since it was approved: the approval${data.voided.length > 1 ? "s" : ""} by ${data.voided.map((l) => `@${l}`).join(", ")} no longer count${data.voided.length > 1 ? "" : "s"}. Please approve again.`);
      }
      return lines.join("\n");
    }
    case "refused":
      return [
        "### ⚠️ Access request cannot be processed",
        "",
        ...data.problems.map((p) => `- ${p}`),
        "",
        "Nothing has been granted. Edit the issue description to fix this and jit-access will look at the request again.",
      ].join("\n");
    case "attempt-refused":
      return `\`${data.command}\` by @${data.actor} (${data.source} ${data.sourceId}) was not counted: ${data.reason}.`;
    case "approval":
      return `✔️ Approval ${data.count} of ${data.needed} by @${data.by} (${data.source} ${data.sourceId}), for the request as recorded (hash \`${data.requestHash.slice(0, 12)}\`).`;
    case "approval-withdrawn":
      return `↩️ The approval by @${data.by} (${data.source} ${data.sourceId}) no longer counts: ${data.reason}.`;
    case "approved":
      return [
        "### ✅ Approved",
        "",
        `Approved by ${data.approvers.map((a) => `@${a}`).join(", ")}. @${data.requester} gets team \`${data.team}\` for **${formatDuration(data.durationMs)}**, until ${iso(data.expiresAt)}.`,
        ...(data.standing ? ["", `@${data.requester} is already a member of \`${data.team}\`: that standing membership is kept and will not be removed when this grant ends.`] : []),
      ].join("\n");
    case "granted":
      return [
        "### 🔓 Access granted",
        "",
        data.standing
          ? `@${data.requester} keeps the standing membership of team \`${data.team}\`; this grant ends at ${iso(data.expiresAt)} and will not remove it.`
          : `@${data.requester} is now a member of team \`${data.team}\` until ${iso(data.expiresAt)}, when jit-access removes the membership.`,
        "",
        "Comment `/revoke` to end it early.",
      ].join("\n");
    case "grant-failed":
      return `### ⛔ Access could not be granted\n\nGitHub refused to add @${data.requester} to team \`${data.team}\`: ${data.reason}. Nothing has been granted.`;
    case "expired":
      return `### ⌛ Access expired\n\n${ending(data)}`;
    case "revoked":
      return `### 🔒 Access revoked\n\n${data.reason} by @${data.by}. ${ending(data)}`;
    case "escalated":
      return `### 📣 Waiting for approval\n\nThis request has waited ${formatDuration(data.waitedMs)} without enough approvals. ${[...data.notify.users.map((u) => `@${u}`), ...data.notify.teams.map((t) => `@${org}/${t}`)].join(" ")}: please review it.`;
    case "timed-out":
      return `### ⏱️ Request timed out\n\nNo decision within ${formatDuration(data.waitedMs)}; nothing was granted. Open a new request if access is still needed.`;
    case "expiring":
      return `### ⏳ Access ends soon\n\n@${data.requester}, your membership of team \`${data.team}\` ends at ${iso(data.expiresAt)}. To ask for more time, comment \`/extend <duration>\` (for example \`/extend 1h\`); it needs approval like the request did.`;
    case "extension-requested":
      return `### ➕ Extension requested\n\n@${data.requester} asks for **${formatDuration(data.durationMs)}** more of team \`${data.team}\`. Needs ${data.approvalsNeeded} approval${data.approvalsNeeded > 1 ? "s" : ""}: approvers, comment \`/approve\` or \`/deny <reason>\`.`;
    case "extension-denied":
      return `### 🚫 Extension denied\n\nDenied by @${data.by}${data.reason ? `: ${oneLine(data.reason)}` : "."} The grant still ends as before.`;
    case "extended":
      return `### ➕ Access extended\n\nApproved by ${data.approvers.map((a) => `@${a}`).join(", ")}. @${data.requester} keeps team \`${data.team}\` until ${iso(data.expiresAt)} (was ${iso(data.previousExpiresAt)}).`;
    case "revoke-failed":
      return `### ❗ Removal failed\n\nGitHub did not remove @${data.requester} from team \`${data.team}\`: ${data.reason}. jit-access keeps trying until it succeeds.`;
    case "denied":
      return `### 🚫 Request denied\n\nDenied by @${data.by}${data.reason ? `: ${oneLine(data.reason)}` : "."}`;
    case "withdrawn":
      return `### ↩️ Request withdrawn\n\n@${data.by} closed the request before it was granted.`;
    case "tampered":
      return [
        "### 🚨 Tampering detected",
        "",
        ...data.findings.map((f) => `- ${f}`),
        "",
        data.removed ? "The live grant was revoked." : data.keptFor ? `The grant ended; the membership stays for the live grant of ${data.keptFor}.` : "No grant was live.",
        "This request is closed; open a new one.",
      ].join("\n");
  }
}

function ending(data: { requester: string; team: string; removed: boolean; keptFor?: string }): string {
  if (data.removed) return `@${data.requester} was removed from team \`${data.team}\`.`;
  if (data.keptFor) return `The membership of \`${data.team}\` stays: ${data.keptFor} still grants it to @${data.requester}.`;
  return `No membership was removed: @${data.requester}'s membership of \`${data.team}\` was standing (or was never added).`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** User text on one line, so it cannot forge headings or commands in the app's comment. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
