import { Kind } from "graphql";
import { parsedDocument } from "./graphql-documents.js";
import { createComment } from "./comment-actions.js";
import { graphqlComment, graphqlIssue } from "./graphql-issue.js";
import { HttpError } from "./http-error.js";
import { addLabels, removeLabel, setIssueState, setLocked } from "./issue-actions.js";
import { mayWriteIssue, NOT_ACCESSIBLE } from "./installation-permissions.js";
import type { InstallationRecord, IssueRecord, LabelRecord } from "./model.js";
import type { World } from "./world.js";

/** Who a mutation acts as, which organisation its token covers (undefined: any), and the installation whose permissions it has (undefined: a person's token). */
export interface MutationActor {
  login: string;
  org: string | undefined;
  installation?: InstallationRecord | undefined;
}

/** A refusal GitHub gives as a field error: its message and `type`. */
function refusal(message: string, type: string): Error {
  return Object.assign(new Error(message), { type });
}

/** GitHub's legacy global node id, read back: the type and the database id. */
function decodeNodeId(id: string): { type: string; dbId: number } | undefined {
  const text = Buffer.from(id, "base64").toString("utf8");
  const match = /^\d+:([A-Za-z]+?)(\d+)$/.exec(text);
  return match ? { type: match[1]!, dbId: Number(match[2]) } : undefined;
}

const ISSUE_TYPES: Record<string, readonly string[]> = {
  Issue: ["Issue"],
  PullRequest: ["PullRequest", "PullRequestIssue"],
  any: ["Issue", "PullRequest", "PullRequestIssue"],
};

/**
 * The issue or pull request a node id names, as GitHub resolves it for a
 * mutation: NOT_FOUND otherwise, and for an org the token does not cover;
 * FORBIDDEN when the installation may not write to it (`issues: write` for
 * an issue, `pull_requests: write` for a pull request).
 */
function issueByNode(world: World, actor: MutationActor, id: string, kind: keyof typeof ISSUE_TYPES): IssueRecord {
  const decoded = decodeNodeId(id);
  if (decoded && ISSUE_TYPES[kind]!.includes(decoded.type)) {
    for (const repo of world.repos.values()) {
      if (actor.org !== undefined && repo.owner.toLowerCase() !== actor.org.toLowerCase()) continue;
      for (const issue of repo.issues.values()) {
        if (issue.id !== decoded.dbId || (kind !== "any" && (kind === "Issue") !== !issue.pull)) continue;
        if (!mayWriteIssue(actor.installation, issue)) throw refusal(NOT_ACCESSIBLE, "FORBIDDEN");
        return issue;
      }
    }
  }
  throw refusal(`Could not resolve to a node with the global id of '${id}'.`, "NOT_FOUND");
}

function labelsByNode(world: World, issue: IssueRecord, ids: readonly string[]): LabelRecord[] {
  const repo = world.repo(issue.repo);
  return ids.map((id) => {
    const decoded = decodeNodeId(id);
    const found = decoded?.type === "Label" ? [...repo.labels.values()].find((l) => l.id === decoded.dbId) : undefined;
    if (!found) throw refusal(`Could not resolve to a node with the global id of '${id}'.`, "NOT_FOUND");
    return found;
  });
}

/** Runs a change made through the REST actions, turning their HTTP refusals into GraphQL field errors. */
function asField<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const type = error.status === 403 ? "FORBIDDEN" : error.status === 404 ? "NOT_FOUND" : "UNPROCESSABLE";
    throw refusal(String((error.body() as { message?: unknown }).message ?? error.message), type);
  }
}

type Input<T> = { input: T };

/**
 * The issue mutations jit-access sends, resolved through the same actions as
 * the REST routes, so they change the same records and queue the same
 * webhooks (`issue_comment.created`, `issues.labeled` / `unlabeled` /
 * `closed` / `locked`). GraphQL runs a document's mutation fields one after
 * another in document order; a field that fails is null with an error of its
 * own, and the fields after it still run, as on GitHub.
 *
 * @example
 * const root = mutationRoot(world, { login: "jit-access[bot]", org: "acme" });
 * root.addComment({ input: { subjectId, body: "hi" } });
 */
export function mutationRoot(world: World, actor: MutationActor): Record<string, (args: never) => unknown> {
  const { login } = actor;
  return {
    addComment: ({ input }: Input<{ subjectId: string; body: string }>) => {
      const issue = issueByNode(world, actor, input.subjectId, "any");
      const comment = asField(() => createComment(world, login, issue.repo, issue.number, input.body));
      const node = graphqlComment(world, comment);
      return { clientMutationId: null, commentEdge: { cursor: null, node }, subject: graphqlIssue(world, issue), timelineEdge: { cursor: null, node } };
    },
    addLabelsToLabelable: ({ input }: Input<{ labelableId: string; labelIds: string[] }>) => {
      const issue = issueByNode(world, actor, input.labelableId, "any");
      const labels = labelsByNode(world, issue, input.labelIds);
      asField(() => addLabels(world, login, issue.repo, issue.number, labels.map((l) => l.name)));
      return { clientMutationId: null, labelable: graphqlIssue(world, issue) };
    },
    removeLabelsFromLabelable: ({ input }: Input<{ labelableId: string; labelIds: string[] }>) => {
      const issue = issueByNode(world, actor, input.labelableId, "any");
      // GitHub removes those the issue carries and passes over the others.
      for (const label of labelsByNode(world, issue, input.labelIds)) {
        if (issue.labels.some((l) => l.id === label.id)) asField(() => removeLabel(world, login, issue.repo, issue.number, label.name));
      }
      return { clientMutationId: null, labelable: graphqlIssue(world, issue) };
    },
    closeIssue: ({ input }: Input<{ issueId: string; stateReason?: string | null }>) => {
      const issue = issueByNode(world, actor, input.issueId, "Issue");
      asField(() => setIssueState(world, login, issue.repo, issue.number, "closed", (input.stateReason ?? "COMPLETED").toLowerCase()));
      return { clientMutationId: null, issue: graphqlIssue(world, issue) };
    },
    closePullRequest: ({ input }: Input<{ pullRequestId: string }>) => {
      const issue = issueByNode(world, actor, input.pullRequestId, "PullRequest");
      asField(() => setIssueState(world, login, issue.repo, issue.number, "closed"));
      return { clientMutationId: null, pullRequest: graphqlIssue(world, issue) };
    },
    lockLockable: ({ input }: Input<{ lockableId: string; lockReason?: string | null }>) => {
      const issue = issueByNode(world, actor, input.lockableId, "any");
      const reason = input.lockReason ? input.lockReason.toLowerCase().replace("_", " ") : null;
      asField(() => setLocked(world, login, issue.repo, issue.number, true, reason === "off topic" ? "off-topic" : reason));
      return { clientMutationId: null, actor: null, lockedRecord: graphqlIssue(world, issue) };
    },
  };
}

/** Mutations that create content, as GitHub's content-creation limit counts them: one per request that carries any. */
const CONTENT_CREATING = new Set(["addComment", "createIssue", "addPullRequestReview", "addPullRequestReviewComment", "addDiscussionComment", "createDiscussion"]);

/**
 * Whether a GraphQL document is a mutation that creates content (a comment,
 * an issue, a review): GitHub counts such a request once against its
 * content-creation limit, however many fields it has.
 *
 * @example
 * createsContent("mutation { c0: addComment(input: { subjectId: \"x\", body: \"y\" }) { clientMutationId } }"); // true
 */
export function createsContent(query: string): boolean {
  try {
    return parsedDocument(query).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === "mutation" && d.selectionSet.selections.some((s) => s.kind === Kind.FIELD && CONTENT_CREATING.has(s.name.value)));
  } catch {
    return false;
  }
}
