import { mentions, readableTime } from "./render-facts.js";
import type { Stories } from "./story.js";
import { codeSpan } from "../core/code-span.js";

/** The stories of the review after a break-glass grant. */
export const BREAK_GLASS_STORIES: Stories<"break-glass-reviewed" | "break-glass-overdue"> = {
  "break-glass-reviewed": (data) =>
    data.outcome === "accepted"
      ? { heading: "### ☑️ Break-glass reviewed: accepted", text: [`@${data.by} reviewed the emergency access of @${data.requester} and accepted it (comment ${data.sourceId}).`], why: "`/approve` after the fact by an eligible approver" }
      : { heading: "### 🚩 Break-glass reviewed: flagged", text: [`@${data.by} reviewed the emergency access of @${data.requester} and recorded a finding (comment ${data.sourceId}).`], why: data.reason ? codeSpan(data.reason) : "no reason given" },
  "break-glass-overdue": (data) => ({
    heading: "### 📣 Break-glass review overdue",
    text: [`${mentions(data.notify, data.issue)}: the emergency access of @${data.requester} to team \`${data.team}\` was due for review by **${readableTime(data.dueAt)}** and nobody has reviewed it. An approver: comment \`/approve\` to accept it, or \`/flag <reason>\` to record a finding. The request stays open until then.`],
    why: "no review within the policy's review_within",
  }),
};
