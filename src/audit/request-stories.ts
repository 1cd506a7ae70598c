import { formatDuration } from "../core/duration.js";
import { describe } from "../core/evaluate-request.js";
import { mentions, people, readableTime } from "./render-facts.js";
import type { Stories } from "./story.js";
import type { BreakGlassGrant } from "../core/records.js";
import { codeSpan } from "../core/code-span.js";

type RequestEvent = "received" | "refused" | "attempt-refused" | "approval" | "approval-withdrawn" | "approved" | "escalated" | "timed-out" | "denied" | "withdrawn";

/** Who is told of a break-glass grant, and what an approver must do by when. */
function breakGlassNotice(glass: BreakGlassGrant, issue: string | undefined): string {
  return `${mentions(glass.notify, issue)}: this access was granted in an emergency without approval. An approver must review it by **${readableTime(glass.reviewDueAt)}**: comment \`/approve\` to accept it, or \`/flag <reason>\` to record a finding. The request stays open until it is reviewed.`;
}

/** The stories of a request before anything is granted. */
export const REQUEST_STORIES: Stories<RequestEvent> = {
  received: (data) => {
    const r = data.request;
    const needs = `${data.approvalsNeeded} approval${data.approvalsNeeded > 1 ? "s" : ""} from ${describe(data.approvers)}`;
    const text = [
      `@${data.requester} asks to join team \`${r.team}\` for **${formatDuration(r.durationMs ?? 0)}**. It needs ${needs}.`,
      "",
      "Approvers: comment `/approve` on a line of its own to approve, or `/deny <reason>` to deny.",
    ];
    if (data.breakGlassRefused) text.push("", `🚨 Break-glass was asked for but not granted: ${data.breakGlassRefused}. The request waits for approval like any other.`);
    if (data.reason) text.push("", data.reason);
    else if (data.voided.length > 0) {
      text.push("", `The request changed since it was approved: the approval${data.voided.length > 1 ? "s" : ""} by ${people(data.voided)} no longer count${data.voided.length > 1 ? "" : "s"}. Please approve again.`);
    }
    return { heading: "### 📝 Access request received — pending approval", text, why: `${codeSpan(r.justification)}${r.ticket ? ` (ticket ${codeSpan(r.ticket)})` : ""}` };
  },
  refused: (data) => ({
    heading: "### ⚠️ Access request cannot be processed",
    text: [...data.problems.map((p) => `- ${p}`), "", "Nothing has been granted. Edit the issue description to fix this and jit-access will look at the request again."],
    why: "the request cannot be acted on as written (see above)",
  }),
  "attempt-refused": (data) => ({ heading: `#### ✋ ${codeSpan(data.command)} not counted`, text: [`${codeSpan(data.command)} by @${data.actor} (${data.source === "review-body" ? "review" : data.source} ${data.sourceId}) was not counted.`], why: data.reason }),
  approval: (data) => ({
    heading: `#### ✔️ Approval ${data.count} of ${data.needed}`,
    text: [`@${data.by} approved (${data.source} ${data.sourceId}) the request as recorded (hash \`${data.requestHash.slice(0, 12)}\`).`],
    why: `${data.needed - data.count} more approval${data.needed - data.count === 1 ? "" : "s"} needed before access is granted`,
  }),
  "approval-withdrawn": (data) => ({ heading: "#### ↩️ Approval withdrawn", text: [`The approval by @${data.by} (${data.source} ${data.sourceId}) no longer counts.`], why: data.reason }),
  approved: (data) => ({
    heading: data.breakGlass ? "### 🚨 Break-glass: granted without approval" : "### ✅ Approved",
    text: [
      `@${data.requester} gets team \`${data.team}\` for **${formatDuration(data.durationMs)}**, until **${readableTime(data.expiresAt)}**.`,
      ...(data.standing ? ["", `@${data.requester} is already a member of \`${data.team}\`: that standing membership is kept and will not be removed when this grant ends.`] : []),
      ...(data.breakGlass ? ["", breakGlassNotice(data.breakGlass, data.issue)] : []),
    ],
    why: data.breakGlass ? `break-glass by @${data.requester} (${data.breakGlass.via === "form" ? "the form's Emergency box" : `\`/break-glass\`, comment ${data.breakGlass.sourceId ?? "?"}`})` : `approved by ${people(data.approvers)}`,
  }),
  escalated: (data) => {
    const notify = mentions(data.notify, data.issue);
    return { heading: "### 📣 Waiting for approval", text: [`This request has waited ${formatDuration(data.waitedMs)} without enough approvals. ${notify}: please review it.`], why: `no decision after ${formatDuration(data.waitedMs)}` };
  },
  "timed-out": (data) => ({
    heading: "### ⏱️ Request timed out",
    text: [`No decision within ${formatDuration(data.waitedMs)}; nothing was granted. Open a new request if access is still needed.`],
    why: "the policy's time for a decision passed",
  }),
  denied: (data) => ({ heading: "### 🚫 Request denied", text: [`@${data.by} denied the request. Nothing has been granted.`], why: data.reason ? codeSpan(data.reason) : "no reason given" }),
  withdrawn: (data) => ({ heading: "### ↩️ Request withdrawn", text: [`@${data.by} closed the request before it was granted.`], why: "the request was closed" }),
};
