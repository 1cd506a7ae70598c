import { readableTime } from "./render-facts.js";
import type { Counts, UsageReport } from "./usage-report.js";

/**
 * The usage report as markdown: a header that says what was counted and
 * how, then one table per question. An empty section says "None." rather
 * than disappearing, so a reader knows it was looked at.
 *
 * @example
 * renderReport(usageReport(trails, options), ["acme/access"]).split("\n")[0]; // "# jit-access usage report"
 */
export function renderReport(report: UsageReport, repos: readonly string[]): string {
  const s = report.settings;
  const lines = [
    "# jit-access usage report",
    "",
    `${repos.join(", ") || "no repository"} · requests first recorded ${s.since ? `since ${readableTime(Date.parse(s.since))}` : "at any time"} · made ${readableTime(Date.parse(s.generatedAt))}`,
    "",
    `Business hours: ${s.businessHours} (${s.timeZone}). Repeated: ${s.repeatThreshold} or more requests by one person for one team within ${s.repeatWindowDays} days. Rubber stamp: approved within ${s.rubberStampSeconds} s of the request it approves. Revocation failure: not removed within ${s.revocationGraceMinutes} min of expiry.`,
    ...(report.unverifiedRecords > 0 ? ["", `⚠️ ${report.unverifiedRecords} record-bearing comment${report.unverifiedRecords === 1 ? "" : "s"} did not verify and were left out; run \`jit-access audit verify\`.`] : []),
    "",
    "## Per team",
    "",
    ...table(["Team", ...COUNT_HEADINGS, "Approve p50", "Approve p90"], report.byTeam.map((t) => [code(t.team), ...counts(t), elapsed(t.approveP50Ms), elapsed(t.approveP90Ms)])),
    "",
    "## Per requester",
    "",
    ...table(["Requester", ...COUNT_HEADINGS], report.byRequester.map((r) => [`@${r.requester}`, ...counts(r)])),
    "",
    "## Time to approve",
    "",
    report.timeToApprove.approvals === 0
      ? "No approvals."
      : `From the request's first record to its approval, over ${report.timeToApprove.approvals} approval${report.timeToApprove.approvals === 1 ? "" : "s"}: p50 ${elapsed(report.timeToApprove.p50Ms)}, p90 ${elapsed(report.timeToApprove.p90Ms)}.`,
    "",
    "## Repeated requests",
    "",
    ...table(["Requester", "Team", `Requests in ${s.repeatWindowDays} days`, "First", "Last", "Advice"],
      report.repeatedRequests.map((r) => [`@${r.requester}`, code(r.team), String(r.count), readableTime(Date.parse(r.first)), readableTime(Date.parse(r.last)), r.advice])),
    "",
    `## Rubber-stamp approvals (within ${s.rubberStampSeconds} s)`,
    "",
    ...table(["Request", "Requester", "Team", "Approved by", "After"],
      report.rubberStamps.map((r) => [r.request, `@${r.requester}`, code(r.team), r.approvers.map((a) => `@${a}`).join(", "), `${r.afterSeconds} s`])),
    "",
    "## Grants outside business hours",
    "",
    ...table(["Request", "Requester", "Team", "Granted", `Local (${s.timeZone})`],
      report.outsideBusinessHours.map((g) => [g.request, `@${g.requester}`, code(g.team), readableTime(Date.parse(g.grantedAt)), g.local])),
    "",
    "## Revocation failures",
    "",
    ...table(["Request", "Requester", "Team", "Expired", "Ended", "Late by", "Problem"],
      report.revocationFailures.map((f) => [f.request, `@${f.requester}`, code(f.team), readableTime(Date.parse(f.expiresAt)), f.endedAt ? readableTime(Date.parse(f.endedAt)) : "—", elapsed(f.lateByMinutes * 60_000), f.problem])),
    "",
    "## Break-glass uses",
    "",
    ...table(["Request", "Requester", "Team", "Granted", "Asked by", "Review due", "Review", "Reviewed by", "Finding"],
      report.breakGlass.map((b) => [b.request, `@${b.requester}`, code(b.team), readableTime(Date.parse(b.grantedAt)), b.via === "form" ? "Emergency box" : "`/break-glass`", readableTime(Date.parse(b.reviewDueAt)), REVIEW_WORDS[b.review], b.reviewedBy ? `@${b.reviewedBy}` : "—", b.finding ?? "—"])),
  ];
  return lines.join("\n");
}

/**
 * A span of time as people read it.
 *
 * @example
 * elapsed(250_000); // "4m 10s"
 */
export function elapsed(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60)];
  const pair = (big: string, small: number, unit: string) => (small > 0 ? `${big} ${small}${unit}` : big);
  if (d > 0) return pair(`${d}d`, h, "h");
  if (h > 0) return pair(`${h}h`, m, "m");
  return pair(`${m}m`, s % 60, "s");
}

const REVIEW_WORDS: Record<UsageReport["breakGlass"][number]["review"], string> = { accepted: "accepted", flagged: "🚩 flagged", awaiting: "awaiting review", overdue: "⚠️ overdue" };

const COUNT_HEADINGS = ["Requests", "Granted", "Denied", "Timed out", "Withdrawn", "Invalid", "Failed", "Pending"];

function counts(c: Counts): string[] {
  return [c.requests, c.granted, c.denied, c.timedOut, c.withdrawn, c.invalid, c.failed, c.pending].map(String);
}

function table(headings: readonly string[], rows: readonly string[][]): string[] {
  if (rows.length === 0) return ["None."];
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(headings), line(headings.map(() => "---")), ...rows.map(line)];
}

function code(text: string): string {
  return text.startsWith("(") ? text : `\`${text}\``;
}
