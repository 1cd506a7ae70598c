/**
 * Several changes to one issue or pull request, sent as one GraphQL request
 * with one mutation field each. GitHub runs a document's mutation fields one
 * after another, in document order, and charges its secondary limits per
 * request: one write, one content-generating request, however many fields.
 */
export interface IssueWrite {
  /** The issue's or pull request's node id. */
  subjectId: string;
  isPullRequest: boolean;
  /** A comment, first (a sealed record is posted before anything else of the write). */
  comment?: string;
  /** Label node ids to take off, then to add. */
  removeLabelIds?: readonly string[];
  addLabelIds?: readonly string[];
  close?: "completed" | "not_planned";
  lock?: boolean;
}

/** The fields of the document, by alias, in the order GitHub runs them. */
export type IssueWriteField = "comment" | "unlabel" | "label" | "close" | "lock";

/**
 * The mutation document and its variables for a write; every string sent
 * is a variable (never spliced into the document), so a body cannot change
 * what the document does.
 *
 * @example
 * const { query, variables, fields } = issueWriteDocument({ subjectId: "I_1", isPullRequest: false, comment: "…", close: "completed", lock: true });
 * fields; // ["comment", "close", "lock"]
 */
export function issueWriteDocument(write: IssueWrite): { query: string; variables: Record<string, unknown>; fields: IssueWriteField[] } {
  const params = ["$subject: ID!"];
  const lines: string[] = [];
  const fields: IssueWriteField[] = [];
  const variables: Record<string, unknown> = { subject: write.subjectId };
  if (write.comment !== undefined) {
    params.push("$body: String!");
    variables["body"] = write.comment;
    lines.push("comment: addComment(input: { subjectId: $subject, body: $body }) { commentEdge { node { databaseId } } }");
    fields.push("comment");
  }
  if (write.removeLabelIds && write.removeLabelIds.length > 0) {
    params.push("$unlabel: [ID!]!");
    variables["unlabel"] = write.removeLabelIds;
    lines.push("unlabel: removeLabelsFromLabelable(input: { labelableId: $subject, labelIds: $unlabel }) { clientMutationId }");
    fields.push("unlabel");
  }
  if (write.addLabelIds && write.addLabelIds.length > 0) {
    params.push("$label: [ID!]!");
    variables["label"] = write.addLabelIds;
    lines.push("label: addLabelsToLabelable(input: { labelableId: $subject, labelIds: $label }) { clientMutationId }");
    fields.push("label");
  }
  if (write.close !== undefined) {
    if (write.isPullRequest) lines.push("close: closePullRequest(input: { pullRequestId: $subject }) { clientMutationId }");
    else {
      params.push("$reason: IssueClosedStateReason");
      variables["reason"] = write.close === "completed" ? "COMPLETED" : "NOT_PLANNED";
      lines.push("close: closeIssue(input: { issueId: $subject, stateReason: $reason }) { clientMutationId }");
    }
    fields.push("close");
  }
  if (write.lock) {
    lines.push("lock: lockLockable(input: { lockableId: $subject, lockReason: RESOLVED }) { clientMutationId }");
    fields.push("lock");
  }
  const query = `mutation jitAccessWrite(${params.join(", ")}) {\n${lines.map((l) => `  ${l}`).join("\n")}\n}`;
  return { query, variables, fields };
}

/** What GitHub did with a write: the comment's database id when it was made, and the fields that failed, with why. */
export interface IssueWriteResult {
  commentId?: number;
  failed: Partial<Record<IssueWriteField, string>>;
}

/**
 * Reads GitHub's answer to a write: data for the fields that ran, an error
 * (with its `path`) for each that did not.
 *
 * @example
 * issueWriteResult({ comment: { commentEdge: { node: { databaseId: 7 } } }, lock: null }, [{ path: ["lock"], message: "…" }], ["comment", "lock"]);
 * // { commentId: 7, failed: { lock: "…" } }
 */
export function issueWriteResult(data: Record<string, unknown> | null | undefined, errors: readonly { path?: readonly (string | number)[]; message?: string }[], fields: readonly IssueWriteField[]): IssueWriteResult {
  const failed: IssueWriteResult["failed"] = {};
  for (const error of errors) {
    const field = fields.find((f) => f === error.path?.[0]);
    // An error that names no field of ours (the document as a whole) fails every field.
    for (const f of field ? [field] : fields) failed[f] ??= error.message ?? "failed";
  }
  for (const field of fields) if (!failed[field] && (data?.[field] === null || data?.[field] === undefined)) failed[field] = "GitHub returned no result for it";
  const node = (data?.["comment"] as { commentEdge?: { node?: { databaseId?: unknown } | null } | null } | null | undefined)?.commentEdge?.node;
  const id = node?.databaseId;
  return typeof id === "number" && !failed.comment ? { commentId: id, failed } : { failed };
}
