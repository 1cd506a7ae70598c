import { formatDuration } from "../core/duration.js";
import { people, readableTime } from "./render-facts.js";
import { ending, type Stories } from "./story.js";
import { codeSpan } from "../core/code-span.js";

type GrantEvent = "granted" | "grant-failed" | "expiring" | "extension-requested" | "extension-denied" | "extended" | "expired" | "revoked" | "revoke-failed" | "tampered";

/** The stories of a grant, from its start to its end. */
export const GRANT_STORIES: Stories<GrantEvent> = {
  granted: (data) => ({
    heading: "### 🔓 Access granted",
    text: [
      data.standing
        ? `@${data.requester} keeps the standing membership of team \`${data.team}\`; this grant ends at **${readableTime(data.expiresAt)}** and will not remove it.`
        : `@${data.requester} is now a member of team \`${data.team}\` until **${readableTime(data.expiresAt)}**, when jit-access removes the membership.`,
      "",
      "Comment `/revoke` to end it early. To ask for more time, the requester comments `/extend <duration>` (for example `/extend 1h`) before then; it needs approval like the request did.",
    ],
    why: data.approvedBy ? `approved by ${people(data.approvedBy)}` : "the request was approved",
  }),
  "grant-failed": (data) => ({ heading: "### ⛔ Access could not be granted", text: [`GitHub refused to add @${data.requester} to team \`${data.team}\`. Nothing has been granted.`], why: data.reason }),
  expiring: (data) => ({
    heading: "### ⏳ Access ends soon",
    text: [`@${data.requester}, your membership of team \`${data.team}\` ends at **${readableTime(data.expiresAt)}**. To ask for more time, comment \`/extend <duration>\` (for example \`/extend 1h\`); it needs approval like the request did.`],
    why: "the grant is about to end",
  }),
  "extension-requested": (data) => ({
    heading: "### ➕ Extension requested",
    text: [`@${data.requester} asks for **${formatDuration(data.durationMs)}** more of team \`${data.team}\`. Needs ${data.approvalsNeeded} approval${data.approvalsNeeded > 1 ? "s" : ""}: approvers, comment \`/approve\` or \`/deny <reason>\`.`],
    why: `\`/extend\` by @${data.requester} (comment ${data.sourceId})`,
  }),
  "extension-denied": (data) => ({ heading: "### 🚫 Extension denied", text: [`@${data.by} denied the extension. The grant still ends as before.`], why: data.reason ? codeSpan(data.reason) : "no reason given" }),
  extended: (data) => ({
    heading: "### ➕ Access extended",
    text: [`@${data.requester} keeps team \`${data.team}\` until **${readableTime(data.expiresAt)}** (was ${readableTime(data.previousExpiresAt)}).`],
    why: `extension approved by ${people(data.approvers)}`,
  }),
  expired: (data) => ({ heading: "### ⌛ Access expired", text: [ending(data)], why: "the approved time is over" }),
  revoked: (data) => ({ heading: "### 🔒 Access revoked", text: [ending(data)], why: `${data.reason} by @${data.by}` }),
  "revoke-failed": (data) => ({
    heading: "### ❗ Removal failed",
    text: [`GitHub did not remove @${data.requester} from team \`${data.team}\`. jit-access keeps trying until it succeeds.`],
    why: data.reason,
  }),
  tampered: (data) => ({
    heading: "### 🚨 Tampering detected",
    text: [
      ...data.findings.map((f) => `- ${f}`),
      "",
      data.removed ? "The live grant was revoked." : data.keptFor ? `The grant ended; the membership stays for the live grant of ${data.keptFor}.` : "No grant was live.",
      "This request is closed; open a new one.",
    ],
    why: "the app's records on this request were changed, removed or imitated",
  }),
};
