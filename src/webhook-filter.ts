import { hasRecordMarker } from "./audit/record-codec.js";
import { parseCommand } from "./core/commands.js";
import { labelKey, STATUS_LABEL_PREFIX } from "./core/records.js";
import type { IssueRef } from "./github/client.js";
import { memoryKey } from "./reconcile/process-memory.js";

/**
 * What a webhook says about a request, read from its payload alone: which
 * request it is about, whether it can change that request's state, and
 * where a transferred issue went. Webhooks only name the request to
 * reconcile; these decide whether to name one.
 */

/** The parts of an issues, issue_comment, pull_request or pull_request_review payload the app reads. */
export interface WebhookPayload {
  action?: string;
  sender?: { login: string; type: string };
  installation?: { id: number };
  repository?: { name: string; owner: { login: string } };
  issue?: { number: number; updated_at?: string; labels?: { name?: string }[] };
  pull_request?: { number: number; labels?: { name?: string }[] };
  label?: { name?: string };
  comment?: { body?: string | null };
  /** `issues.transferred`: where the issue went. */
  changes?: { new_issue?: { number?: number }; new_repository?: { name?: string; owner?: { login?: string } } };
}

/**
 * Events that cannot change a request's state: a new comment with no command
 * and nothing that looks like a record, and a label that is neither a request,
 * status nor approval label. Edits and deletions of comments always count
 * (they may withdraw an approval), and so does everything else.
 *
 * @example
 * changesNothing("issue_comment", { action: "created", comment: { body: "thanks!" } }, labels, approvals, true); // true
 */
export function changesNothing(event: string, payload: WebhookPayload, requestLabels: ReadonlySet<string>, approvalLabels: ReadonlySet<string>, settled: boolean): boolean {
  if (event === "issue_comment" && payload.action === "created") {
    const body = payload.comment?.body ?? "";
    return parseCommand(body).kind === "none" && !hasRecordMarker(body);
  }
  if (event === "issues" && (payload.action === "labeled" || payload.action === "unlabeled") && settled) {
    const label = labelKey(payload.label?.name ?? "");
    // Approval labels are kept as policies name them, wholly in lower case (approvals.ts compares them so).
    return label !== "" && !label.startsWith(STATUS_LABEL_PREFIX) && !requestLabels.has(label) && !approvalLabels.has(label.toLowerCase());
  }
  return false;
}

/**
 * Where an `issues.transferred` webhook says the issue went, if it says.
 *
 * @example
 * movedTo(payload); // { installationId: 1, owner: "acme", repo: "access-archive", number: 3 }
 */
export function movedTo(payload: WebhookPayload): IssueRef | undefined {
  const number = payload.changes?.new_issue?.number;
  const repo = payload.changes?.new_repository;
  if (!payload.installation || !payload.repository || !payload.issue || number === undefined || !repo?.name || !repo.owner?.login) return undefined;
  return { installationId: payload.installation.id, owner: repo.owner.login, repo: repo.name, number };
}

/**
 * The request a webhook is about, or undefined when it is not about a
 * request. Labels are only a hint: an issue this process has read before
 * (`known`, by `installation:owner/repo#number`) is looked at whatever its
 * labels, so stripping them cannot hide a recorded request from the app,
 * and neither can removing a status label.
 *
 * @example
 * const ref = requestOf(payload, requestLabels, settled, (key) => seen.has(key));
 */
export function requestOf(payload: WebhookPayload, requestLabels: ReadonlySet<string>, settled: { has(key: string): boolean }, known: (key: string) => boolean): IssueRef | undefined {
  const issue = payload.issue ?? payload.pull_request;
  if (!issue || !payload.installation || !payload.repository) return undefined;
  const ref = { installationId: payload.installation.id, owner: payload.repository.owner.login, repo: payload.repository.name, number: issue.number };
  const labels = (issue.labels ?? []).map((l) => labelKey(l.name ?? ""));
  const changed = labelKey(payload.label?.name ?? "");
  const relevant =
    labels.some((l) => requestLabels.has(l)) ||
    labels.some((l) => l.startsWith(STATUS_LABEL_PREFIX)) ||
    requestLabels.has(changed) ||
    changed.startsWith(STATUS_LABEL_PREFIX) ||
    known(memoryKey(ref.installationId, `${ref.owner}/${ref.repo}#${ref.number}`)) ||
    !settled.has(memoryKey(ref.installationId, `${ref.owner}/${ref.repo}`));
  return relevant ? ref : undefined;
}
