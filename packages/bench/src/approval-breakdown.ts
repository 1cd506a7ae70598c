import type { RecordedRequest } from "github-emulator/emulator/index.js";
import type { TimedApproval } from "./latency-run.js";
import { percentile } from "./stats.js";

/** What the app was waiting on while a call was being made. */
const PARTS = ["reading the request and policies", "membership look-ups", "scanning other requests for grants", "writing records", "the PUT", "other work meanwhile"] as const;
type Part = (typeof PARTS)[number];

/**
 * Where the time from an approval's webhook to its `PUT` went: each gap
 * between one served call and the next is put down to the later call,
 * classed by what it was for. Returns the median of each part over all
 * approvals (clock ms), largest first, with the median number of calls.
 *
 * @example
 * approvalBreakdown(timed); // [{ part: "scanning other requests for grants", medianMs: 31, medianCalls: 12 }, …]
 */
export function approvalBreakdown(timed: readonly TimedApproval[]): { part: Part; medianMs: number; medianCalls: number }[] {
  const samples = new Map<Part, { ms: number[]; calls: number[] }>(PARTS.map((p) => [p, { ms: [], calls: [] }]));
  for (const approval of timed) {
    const ms = new Map<Part, number>();
    const calls = new Map<Part, number>();
    let previous = approval.deliveredAt;
    for (const call of approval.calls) {
      const part = partOf(call, approval);
      ms.set(part, (ms.get(part) ?? 0) + call.at - previous);
      calls.set(part, (calls.get(part) ?? 0) + 1);
      previous = call.at;
    }
    for (const part of PARTS) {
      samples.get(part)!.ms.push(ms.get(part) ?? 0);
      samples.get(part)!.calls.push(calls.get(part) ?? 0);
    }
  }
  return PARTS.map((part) => ({ part, medianMs: percentile(samples.get(part)!.ms, 50), medianCalls: percentile(samples.get(part)!.calls, 50) }))
    .filter((p) => p.medianCalls > 0)
    .sort((a, b) => b.medianMs - a.medianMs);
}

function partOf(call: RecordedRequest, approval: TimedApproval): Part {
  const { repo, number } = approval.request;
  const own = `/repos/${repo}/issues/${number}`;
  if (call === approval.calls.at(-1)) return "the PUT";
  if (call.path === own || call.path.startsWith(`${own}/`)) return call.method === "GET" ? "reading the request and policies" : "writing records";
  if (call.method === "GET" && /^(?:\/orgs\/[^/]+\/(teams\/[^/]+\/)?|\/organizations\/\d+\/team\/\d+\/)memberships\//.test(call.path)) return "membership look-ups";
  if (call.method === "GET" && /^\/repos\/[^/]+\/[^/]+\/contents\//.test(call.path)) return "reading the request and policies";
  if (call.method === "GET" && (call.path === "/installation/repositories" || /^\/repos\/[^/]+\/[^/]+\/issues(\/\d+\/timeline)?$/.test(call.path))) return "scanning other requests for grants";
  return "other work meanwhile";
}
