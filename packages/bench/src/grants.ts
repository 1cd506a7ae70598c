import { openRecord, type SignedRecord } from "jit-access/internal/audit/record-codec.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { ORG, TEAM, type OpenedRequest } from "./bench-world.js";

/**
 * The app's signed records on a request, in order; comments that do not
 * verify are left out.
 *
 * @example
 * appRecords(sandbox, request).map((r) => r.event); // ["received", "approved", "granted", …]
 */
export function appRecords(sandbox: Sandbox, request: OpenedRequest): SignedRecord[] {
  return sandbox.github.comments(request.repo, request.number).flatMap((comment) => {
    const opened = comment.viaApp ? openRecord(comment.body, sandbox.config.signingKey) : undefined;
    return opened?.ok ? [opened.record] : [];
  });
}

/**
 * When a request's grant ends, from the app's own signed `granted` record.
 *
 * @example
 * grantExpiry(sandbox, { repo: "acme/access-01", number: 7, requester: "dev-00001" }); // 1793610000000
 */
export function grantExpiry(sandbox: Sandbox, request: OpenedRequest): number | undefined {
  const granted = appRecords(sandbox, request).find((r) => r.event === "granted");
  return granted?.event === "granted" ? granted.expiresAt : undefined;
}

/**
 * The requests that did not go all the way: labelled expired and the
 * requester no longer in the team. A bench reports figures only for runs
 * where this is empty.
 *
 * @example
 * if (unfinished(sandbox, requests).length > 0) throw new Error("lifecycle incomplete");
 */
export function unfinished(sandbox: Sandbox, requests: readonly OpenedRequest[]): OpenedRequest[] {
  const members = new Set(sandbox.github.teamMembers(ORG, TEAM).map((m) => m.login));
  return requests.filter((r) => members.has(r.requester) || !sandbox.github.issue(r.repo, r.number).labels.includes("access:expired"));
}

/**
 * A team membership's path, by slug or by GitHub's id form (a grant's
 * removal goes by its team's ids); the login is the first group.
 */
export const MEMBERSHIP_PATH = /^(?:\/orgs\/[^/]+\/teams\/[^/]+|\/organizations\/\d+\/team\/\d+)\/memberships\/([^/]+)$/;

/**
 * When each person's team membership was removed (the emulator's clock at
 * the `DELETE`), over the requests recorded from index `since` on.
 *
 * @example
 * removals(sandbox).get("dev-00001"); // 1793610000004
 */
export function removals(sandbox: Sandbox, since = 0): Map<string, number> {
  const at = new Map<string, number>();
  for (const request of sandbox.github.requests.slice(since)) {
    const member = MEMBERSHIP_PATH.exec(request.path)?.[1];
    if (request.method === "DELETE" && member !== undefined && request.status === 204) at.set(decodeURIComponent(member), request.at);
  }
  return at;
}
