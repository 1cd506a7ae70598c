import type { CommentRecord, ContentEdit, IssueRecord, LabelRecord, UserRecord } from "./model.js";
import { isoTime, nodeId } from "./time.js";
import type { World } from "./world.js";

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : isoTime(ms));

/** An account as GraphQL's `Actor` shows it: a bot's login has no `[bot]`. */
function actor(user: UserRecord): Record<string, unknown> {
  const typename = user.type === "Bot" ? "Bot" : user.type === "Organization" ? "Organization" : "User";
  return { __typename: typename, login: user.login.replace(/\[bot\]$/, ""), databaseId: user.id, createdAt: iso(user.createdAt) };
}

type Args = { first?: number | null; last?: number | null; after?: string | null; itemTypes?: string[] | null };

/** A connection over a list, with GitHub's `first`/`last`/`after` and opaque cursors. */
function connection<T>(items: readonly T[], args: Args): Record<string, unknown> {
  const start = args.after ? Number(Buffer.from(args.after, "base64").toString().replace(/^cursor:/, "")) + 1 : 0;
  let from = Number.isFinite(start) ? start : 0;
  let to = items.length;
  if (typeof args.first === "number") to = Math.min(to, from + args.first);
  if (typeof args.last === "number") from = Math.max(from, to - args.last);
  const page = items.slice(from, to);
  const cursor = (i: number) => Buffer.from(`cursor:${i}`).toString("base64");
  return {
    totalCount: items.length,
    nodes: page,
    pageInfo: { hasNextPage: to < items.length, hasPreviousPage: from > 0, endCursor: page.length > 0 ? cursor(to - 1) : null, startCursor: page.length > 0 ? cursor(from) : null },
  };
}

/** The last editor of a comment or body (GraphQL's `editor`), null when never edited. */
function editor(world: World, list: readonly ContentEdit[] | undefined): Record<string, unknown> | null {
  const last = list?.at(-1);
  return last && list && list.length > 1 ? actor(world.userById(last.editorId)) : null;
}

function edits(world: World, list: readonly ContentEdit[] | undefined): (args: Args) => Record<string, unknown> {
  const nodes = (list ?? []).map((e, i) => ({ id: nodeId("UserContentEdit", i + 1), editedAt: iso(e.at), createdAt: iso(e.at), updatedAt: iso(e.at), editor: actor(world.userById(e.editorId)), deletedAt: null, deletedBy: null, diff: null }));
  // GitHub lists an edit history newest first.
  return (args) => connection([...nodes].reverse(), args);
}

/**
 * An issue comment as GraphQL's `IssueComment` shows it (in the timeline,
 * and in `addComment`'s payload).
 *
 * @example
 * graphqlComment(world, world.comments.get(1004)!).databaseId; // 1004
 */
export function graphqlComment(world: World, comment: CommentRecord): Record<string, unknown> {
  return {
    __typename: "IssueComment", id: nodeId("IssueComment", comment.id), databaseId: comment.id, fullDatabaseId: String(comment.id),
    author: actor(world.userById(comment.authorId)), body: comment.body,
    createdAt: iso(comment.createdAt), updatedAt: iso(comment.updatedAt), lastEditedAt: iso(comment.lastEditedAt),
    userContentEdits: edits(world, comment.edits), editor: editor(world, comment.edits),
  };
}

/**
 * A label event's `label` as GraphQL gives it: the `Label` object as it is
 * now (a renamed label shows its new name; REST's event keeps the old), with
 * when it was made and last edited. A label since deleted keeps the name it
 * had (no times).
 */
function labelNow(world: World, issue: IssueRecord, was: { name: string; id?: number } | undefined): Record<string, unknown> {
  const current = was?.id === undefined ? undefined : [...world.repo(issue.repo).labels.values()].find((l) => l.id === was.id);
  if (current === undefined) return { name: was?.name ?? "", createdAt: null, updatedAt: null };
  return { name: current.name, createdAt: iso(current.createdAt), updatedAt: iso(current.updatedAt) };
}

/** Timeline items as GraphQL types them, in timeline order, with the REST timeline's sequence. */
function timelineItems(world: World, issue: IssueRecord): { seq: number; type: string; node: Record<string, unknown> }[] {
  const items: { seq: number; type: string; node: Record<string, unknown> }[] = [];
  for (const event of issue.events) {
    const by = actor(world.userById(event.actorId));
    const base = { createdAt: iso(event.at), actor: by };
    if (event.event === "labeled" || event.event === "unlabeled") {
      const typename = event.event === "labeled" ? "LabeledEvent" : "UnlabeledEvent";
      items.push({ seq: event.seq, type: event.event === "labeled" ? "LABELED_EVENT" : "UNLABELED_EVENT", node: { __typename: typename, id: nodeId(typename, event.id), ...base, label: labelNow(world, issue, event.label) } });
    } else if (event.event === "closed" || event.event === "reopened") {
      const typename = event.event === "closed" ? "ClosedEvent" : "ReopenedEvent";
      items.push({ seq: event.seq, type: event.event === "closed" ? "CLOSED_EVENT" : "REOPENED_EVENT", node: { __typename: typename, id: nodeId(typename, event.id), ...base } });
    }
  }
  for (const comment of commentsOf(world, issue)) items.push({ seq: comment.seq, type: "ISSUE_COMMENT", node: comment.node });
  for (const review of issue.reviews) {
    items.push({
      seq: review.seq,
      type: "PULL_REQUEST_REVIEW",
      node: {
        __typename: "PullRequestReview", id: nodeId("PullRequestReview", review.id), databaseId: review.id, fullDatabaseId: String(review.id),
        author: actor(world.userById(review.authorId)), body: review.body, state: review.state,
        submittedAt: iso(review.submittedAt), createdAt: iso(review.submittedAt), lastEditedAt: null,
      },
    });
  }
  return items.sort((a, b) => a.seq - b.seq);
}

/** The issue's comments as GraphQL's `IssueComment`, oldest first, each with its timeline place. */
function commentsOf(world: World, issue: IssueRecord): { seq: number; node: Record<string, unknown> }[] {
  return issue.commentIds.flatMap((id) => {
    const comment = world.comments.get(id);
    return comment ? [{ seq: comment.seq, node: graphqlComment(world, comment) }] : [];
  });
}

/**
 * An issue or pull request as GraphQL shows the fields jit-access reads,
 * resolved from the same records as the REST routes: body, author, labels,
 * state, lock, the body's edit history, the comments (with their edit
 * histories) and the timeline (comments, label events, closes and reopens,
 * reviews).
 *
 * @example
 * graphqlIssue(world, world.issue("acme/access", 1)).__typename; // "Issue"
 */
export function graphqlIssue(world: World, record: IssueRecord): Record<string, unknown> {
  const labels = record.labels.map(graphqlLabel);
  return {
    __typename: record.pull ? "PullRequest" : "Issue",
    id: nodeId(record.pull ? "PullRequest" : "Issue", record.id),
    databaseId: record.id,
    number: record.number,
    title: record.title,
    body: record.body,
    author: actor(world.userById(record.authorId)),
    state: record.state === "open" ? "OPEN" : "CLOSED",
    closed: record.state === "closed",
    // GitHub's IssueStateReason: COMPLETED, NOT_PLANNED, DUPLICATE, REOPENED (an open issue reopened); null for one never closed.
    stateReason: record.stateReason ? record.stateReason.toUpperCase() : null,
    locked: record.locked,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
    lastEditedAt: iso(record.bodyEditedAt),
    userContentEdits: edits(world, record.bodyEdits),
    editor: editor(world, record.bodyEdits),
    labels: (args: Args) => connection(labels, args),
    comments: (args: Args) => connection(commentsOf(world, record).map((c) => c.node), args),
    timelineItems: (args: Args) => {
      const wanted = args.itemTypes ? new Set(args.itemTypes) : undefined;
      return connection(timelineItems(world, record).filter((i) => !wanted || wanted.has(i.type)).map((i) => i.node), args);
    },
  };
}

/**
 * A label as GraphQL's `Label` shows it; its id is the REST label's `node_id`.
 *
 * @example
 * graphqlLabel({ id: 7, name: "access:pending", color: "ededed", description: null }).id; // nodeId("Label", 7)
 */
export function graphqlLabel(record: LabelRecord): Record<string, unknown> {
  return { __typename: "Label", id: nodeId("Label", record.id), name: record.name, color: record.color, description: record.description };
}
