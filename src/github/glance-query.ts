import { timelineEntries, type GraphActor, type GraphItem } from "./request-query.js";
import type { TimelineEntry } from "./client.js";

/** Issues per glance: GitHub's maximum for `nodes(ids:)`. */
export const GLANCE_PAGE = 100;
/** Comments read per issue: a trail longer than this is read in full instead. */
export const GLANCE_COMMENTS = 100;

/**
 * Many requests at once, by the node ids their listing gave: each issue's
 * state and author, whether it was ever reopened, and its comments (the
 * app's records among them, with whether anyone edited each). Enough to
 * verify a live grant's whole signed trail and arm its removal; not its
 * label events, body edits or reviews, which the full read (REQUEST_QUERY)
 * brings. Pull requests come back with
 * their type only: they are always read in full.
 * Checked against GitHub's published schema in test/github/glance-query.test.ts.
 */
export const GLANCE_QUERY = `query jitAccessGlance($ids: [ID!]!) {
  rateLimit { cost remaining }
  nodes(ids: $ids) {
    __typename
    id
    ... on Issue {
      number
      body
      closed
      locked
      author { ...actor }
      stateReason
      comments(first: ${GLANCE_COMMENTS}) {
        totalCount
        pageInfo { hasNextPage }
        nodes { databaseId author { ...actor } body createdAt updatedAt lastEditedAt editor { ...actor } }
      }
    }
  }
}

fragment actor on Actor {
  __typename
  login
  ... on User { databaseId }
  ... on Bot { databaseId }
}`;

/** One node of the glance as GitHub returns it (null where an id resolves to nothing the app may see). */
export interface GlanceNode {
  __typename: string;
  id: string;
  number?: number;
  body?: string;
  closed?: boolean;
  locked?: boolean;
  author?: GraphActor | null;
  stateReason?: string | null;
  comments?: { totalCount: number; pageInfo: { hasNextPage: boolean }; nodes: (Omit<GraphItem, "__typename"> | null)[] | null };
}

export interface GlanceQueryResult {
  rateLimit?: { cost: number; remaining: number } | null;
  nodes: (GlanceNode | null)[];
}

/** An issue as the glance saw it: its comments in the timeline's shape, whole or not. */
export interface GlancedIssue {
  nodeId: string;
  body: string;
  state: "open" | "closed";
  locked: boolean;
  author: GraphActor | null;
  /** Every comment, oldest first, when `complete`; the first page otherwise. */
  comments: TimelineEntry[];
  complete: boolean;
  /** The issue was closed at some time: closed now, or reopened (GitHub's `stateReason` REOPENED; see closedBy). */
  closedOnce: boolean;
}

/**
 * The issues of one glance answer, by node id; pull requests and ids that
 * resolved to nothing are left out (the caller reads those in full).
 *
 * @example
 * glancedIssues(data).get("I_kwDOA…")?.comments.length; // 5
 */
export function glancedIssues(result: Pick<GlanceQueryResult, "nodes">): Map<string, GlancedIssue> {
  const out = new Map<string, GlancedIssue>();
  for (const node of result.nodes) {
    if (node?.__typename !== "Issue" || !node.comments) continue;
    const items = (node.comments.nodes ?? []).flatMap((c) => (c ? [{ __typename: "IssueComment", ...c }] : []));
    const comments = timelineEntries(items);
    // Every comment, each with a database id: anything less is not the whole trail.
    const complete = !node.comments.pageInfo.hasNextPage && comments.length === node.comments.totalCount;
    const closedOnce = node.closed === true || node.stateReason === "REOPENED";
    out.set(node.id, { nodeId: node.id, body: node.body ?? "", state: node.closed ? "closed" : "open", locked: node.locked === true, author: node.author ?? null, comments, complete, closedOnce });
  }
  return out;
}
