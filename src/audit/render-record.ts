import { formatDuration } from "../core/duration.js";
import { describe } from "../core/evaluate-request.js";
import type { RecordData } from "../core/records.js";
import type { RecordFacts } from "./record-facts.js";
import { oneLine, people, readableTime, renderFacts, type FactsLine } from "./render-facts.js";

/** What the renderer reads: the decision, the facts it carries, and when it was written. */
export type RenderableRecord = RecordData & RecordFacts & { at?: string };

interface Story {
  heading: string;
  text: string[];
  why: string;
}

/**
 * The readable part of an audit comment, rendered from the signed record
 * alone, so what an auditor reads is exactly what was decided and signed: a
 * heading, what happened in a sentence or two, then the facts — who, which
 * team, for how long and until when, why, who acted, under which policy.
 *
 * @example
 * renderRecord({ event: "withdrawn", requester: "jane", by: "jane" });
 * // "### ↩️ Request withdrawn\n\n@jane closed the request before it was granted.\n\n- **Requester:** @jane\n- **Why:** …"
 */
export function renderRecord(record: RenderableRecord): string {
  const { heading, text, why } = story(record);
  const line: FactsLine = { why, facts: record };
  if (record.at !== undefined) line.at = record.at;
  return [heading, "", ...text, "", renderFacts(line)].join("\n");
}

function story(data: RenderableRecord): Story {
  switch (data.event) {
    case "received": {
      const r = data.request;
      const needs = `${data.approvalsNeeded} approval${data.approvalsNeeded > 1 ? "s" : ""} from ${describe(data.approvers)}`;
      const text = [
        `@${data.requester} asks to join team \`${r.team}\` for **${formatDuration(r.durationMs ?? 0)}**. It needs ${needs}.`,
        "",
        "Approvers: comment `/approve` on a line of its own to approve, or `/deny <reason>` to deny.",
      ];
      if (data.reason) text.push("", data.reason);
      else if (data.voided.length > 0) {
        text.push("", `The request changed since it was approved: the approval${data.voided.length > 1 ? "s" : ""} by ${people(data.voided)} no longer count${data.voided.length > 1 ? "" : "s"}. Please approve again.`);
      }
      return { heading: "### 📝 Access request received — pending approval", text, why: `${oneLine(r.justification)}${r.ticket ? ` (ticket ${oneLine(r.ticket)})` : ""}` };
    }
    case "refused":
      return {
        heading: "### ⚠️ Access request cannot be processed",
        text: [...data.problems.map((p) => `- ${p}`), "", "Nothing has been granted. Edit the issue description to fix this and jit-access will look at the request again."],
        why: "the request cannot be acted on as written (see above)",
      };
    case "attempt-refused":
      return { heading: `#### ✋ \`${data.command}\` not counted`, text: [`\`${data.command}\` by @${data.actor} (${data.source} ${data.sourceId}) was not counted.`], why: data.reason };
    case "approval":
      return {
        heading: `#### ✔️ Approval ${data.count} of ${data.needed}`,
        text: [`@${data.by} approved (${data.source} ${data.sourceId}) the request as recorded (hash \`${data.requestHash.slice(0, 12)}\`).`],
        why: `${data.needed - data.count} more approval${data.needed - data.count === 1 ? "" : "s"} needed before access is granted`,
      };
    case "approval-withdrawn":
      return { heading: "#### ↩️ Approval withdrawn", text: [`The approval by @${data.by} (${data.source} ${data.sourceId}) no longer counts.`], why: data.reason };
    case "approved":
      return {
        heading: "### ✅ Approved",
        text: [
          `@${data.requester} gets team \`${data.team}\` for **${formatDuration(data.durationMs)}**, until **${readableTime(data.expiresAt)}**.`,
          ...(data.standing ? ["", `@${data.requester} is already a member of \`${data.team}\`: that standing membership is kept and will not be removed when this grant ends.`] : []),
        ],
        why: `approved by ${people(data.approvers)}`,
      };
    case "granted":
      return {
        heading: "### 🔓 Access granted",
        text: [
          data.standing
            ? `@${data.requester} keeps the standing membership of team \`${data.team}\`; this grant ends at **${readableTime(data.expiresAt)}** and will not remove it.`
            : `@${data.requester} is now a member of team \`${data.team}\` until **${readableTime(data.expiresAt)}**, when jit-access removes the membership.`,
          "",
          "Comment `/revoke` to end it early.",
        ],
        why: data.approvedBy ? `approved by ${people(data.approvedBy)}` : "the request was approved",
      };
    case "grant-failed":
      return { heading: "### ⛔ Access could not be granted", text: [`GitHub refused to add @${data.requester} to team \`${data.team}\`. Nothing has been granted.`], why: data.reason };
    case "expired":
      return {
        heading: "### ⌛ Access expired",
        text: [data.removed ? `@${data.requester} was removed from team \`${data.team}\`.` : `The grant of team \`${data.team}\` to @${data.requester} has ended; no membership was removed (it was standing, or was never added).`],
        why: "the approved time is over",
      };
    case "revoked":
      return {
        heading: "### 🔒 Access revoked",
        text: [data.removed ? `@${data.requester} was removed from team \`${data.team}\`.` : `The grant of \`${data.team}\` ended; the standing membership was kept.`],
        why: `${data.reason} by @${data.by}`,
      };
    case "denied":
      return { heading: "### 🚫 Request denied", text: [`@${data.by} denied the request. Nothing has been granted.`], why: data.reason ? oneLine(data.reason) : "no reason given" };
    case "withdrawn":
      return { heading: "### ↩️ Request withdrawn", text: [`@${data.by} closed the request before it was granted.`], why: "the request was closed" };
    case "tampered":
      return {
        heading: "### 🚨 Tampering detected",
        text: [...data.findings.map((f) => `- ${f}`), "", data.removed ? "The live grant was revoked." : "No grant was live.", "This request is closed; open a new one."],
        why: "the app's records on this request were changed, removed or imitated",
      };
  }
}
