import { createHash } from "node:crypto";
import { BREAK_GLASS_LABEL, labelKey, REQUEST_STATES, statusLabel } from "../core/records.js";
import type { IssueFacts, TimelineEntry } from "./client.js";

/** Timeline items per page: GitHub's maximum for a connection. */
export const TIMELINE_PAGE = 100;

/**
 * The labels the app may put on a request (every status label and the
 * break-glass label), each read by name from the repository in the request
 * query: the ids the batched write adds them by (GraphQL adds labels by id
 * and, unlike REST, never creates one). Not a connection, so no points.
 */
export const APP_LABELS: readonly string[] = [...REQUEST_STATES.map(statusLabel), BREAK_GLASS_LABEL];

/**
 * One read of a request: the issue or pull request, its body's edit history,
 * and one page of its timeline (comments with their edit history, label
 * events with their actors, closes, reopens, reviews), with the node ids a
 * batched write needs (the issue's, its labels', the app's labels in the
 * repository). Pages after the first pass `after`; the issue's fields come
 * again with each (they are cheap).
 * Checked against GitHub's published schema in test/github/request-query.test.ts.
 */
export const REQUEST_QUERY = `query jitAccessRequest($owner: String!, $name: String!, $number: Int!, $after: String) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
${APP_LABELS.map((name, i) => `    l${i}: label(name: ${JSON.stringify(name)}) { id name }`).join("\n")}
    issueOrPullRequest(number: $number) {
      __typename
      ... on Issue {
        ...requestFields
        timelineItems(first: ${TIMELINE_PAGE}, after: $after, itemTypes: [ISSUE_COMMENT, LABELED_EVENT, UNLABELED_EVENT, CLOSED_EVENT, REOPENED_EVENT]) {
          pageInfo { hasNextPage endCursor }
          nodes { __typename ...commentItem ...labelItems ...stateItems }
        }
      }
      ... on PullRequest {
        ...requestFields
        timelineItems(first: ${TIMELINE_PAGE}, after: $after, itemTypes: [ISSUE_COMMENT, LABELED_EVENT, UNLABELED_EVENT, CLOSED_EVENT, REOPENED_EVENT, PULL_REQUEST_REVIEW]) {
          pageInfo { hasNextPage endCursor }
          nodes { __typename ...commentItem ...labelItems ...stateItems ...reviewItem }
        }
      }
    }
  }
}

fragment actor on Actor {
  __typename
  login
  ... on User { databaseId }
  ... on Bot { databaseId }
}

fragment requestFields on Comment {
  id
  author { ...actor }
  body
  lastEditedAt
  updatedAt
  editor { ...actor }
  userContentEdits(first: 1) { totalCount nodes { editedAt editor { ...actor } } }
  ... on Closable { closed }
  ... on Lockable { locked }
  ... on Labelable { labels(first: 100) { nodes { id name } } }
}

fragment commentItem on IssueComment {
  id
  databaseId
  author { ...actor }
  body
  createdAt
  updatedAt
  lastEditedAt
  editor { ...actor }
  userContentEdits(first: 1) { totalCount nodes { editedAt editor { ...actor } } }
}

fragment labelItems on Node {
  ... on LabeledEvent { id createdAt actor { ...actor } label { name createdAt updatedAt } }
  ... on UnlabeledEvent { id createdAt actor { ...actor } label { name createdAt updatedAt } }
}

fragment stateItems on Node {
  ... on ClosedEvent { id createdAt actor { ...actor } }
  ... on ReopenedEvent { id createdAt actor { ...actor } }
}

fragment reviewItem on PullRequestReview {
  id
  fullDatabaseId
  author { ...actor }
  body
  state
  submittedAt
  createdAt
  lastEditedAt
}`;

/** A GitHub actor as the query returns it; GraphQL spells a bot's login without `[bot]`. */
export interface GraphActor {
  __typename: string;
  login: string;
  databaseId?: number | null;
}

export interface GraphEdits {
  totalCount: number;
  nodes: ({ editedAt: string; editor: GraphActor | null } | null)[] | null;
}

export interface GraphItem {
  __typename: string;
  id?: string;
  databaseId?: number | null;
  fullDatabaseId?: string | number | null;
  author?: GraphActor | null;
  actor?: GraphActor | null;
  body?: string;
  createdAt?: string;
  updatedAt?: string;
  lastEditedAt?: string | null;
  editor?: GraphActor | null;
  userContentEdits?: GraphEdits;
  label?: { name: string; createdAt?: string | null; updatedAt?: string | null };
  state?: string;
  submittedAt?: string | null;
}

export interface GraphRequest {
  __typename: "Issue" | "PullRequest";
  id?: string;
  author: GraphActor | null;
  body: string;
  lastEditedAt: string | null;
  updatedAt: string;
  editor: GraphActor | null;
  userContentEdits: GraphEdits;
  closed: boolean;
  locked: boolean;
  labels: { nodes: ({ id?: string; name: string } | null)[] | null } | null;
  timelineItems: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: (GraphItem | null)[] | null };
}

export interface RequestQueryResult {
  rateLimit?: { cost: number; remaining: number } | null;
  /** `l0`, `l1`, …: the repository's labels named in APP_LABELS (null when the repository has none by that name). */
  repository: ({ issueOrPullRequest: GraphRequest | null } & Record<string, { id: string; name: string } | GraphRequest | null | undefined>) | null;
}

/** Who last edited something and when, from its edit history (GitHub's `userContentEdits`). */
export interface LastEdit {
  at: number;
  by: string;
}

/**
 * A GitHub actor in the REST spelling the rest of the app reads: a bot's
 * login ends in `[bot]` and its type is "Bot"; a deleted account is "ghost".
 *
 * @example
 * restUser({ __typename: "Bot", login: "jit-access", databaseId: 9 }); // { login: "jit-access[bot]", type: "Bot", id: 9 }
 */
export function restUser(actor: GraphActor | null | undefined): { login: string; type: string; id?: number } {
  if (!actor) return { login: "ghost", type: "User" };
  const bot = actor.__typename === "Bot";
  const login = bot && !actor.login.endsWith("[bot]") ? `${actor.login}[bot]` : actor.login;
  const type = bot ? "Bot" : actor.__typename === "User" ? "User" : actor.__typename;
  return typeof actor.databaseId === "number" ? { login, type, id: actor.databaseId } : { login, type };
}

/**
 * A stable numeric id for a timeline event GraphQL names only by its global
 * node id (label events have no database id there): the first 48 bits of the
 * node id's SHA-256, so it fits a JavaScript number and a record's `sourceId`.
 *
 * @example
 * eventNumber("LE_lADOAbc"); // the same number on every read
 */
export function eventNumber(nodeId: string): number {
  return Number.parseInt(createHash("sha256").update(nodeId).digest("hex").slice(0, 12), 16);
}

/**
 * The last edit of a comment or body, when it was edited: GitHub's
 * `lastEditedAt` says whether, the edit history says by whom.
 *
 * @example
 * lastEdit({ lastEditedAt: null }); // undefined
 */
export function lastEdit(item: { lastEditedAt?: string | null; editor?: GraphActor | null; userContentEdits?: GraphEdits }): LastEdit | undefined {
  if (item.lastEditedAt === null || item.lastEditedAt === undefined) return undefined;
  // GitHub lists the edit history newest first; `editor` is the last editor too.
  const newest = item.userContentEdits?.nodes?.[0]?.editor;
  const editor = item.editor ?? newest;
  return { at: Date.parse(item.lastEditedAt), by: editor ? restUser(editor).login : "an unknown account" };
}

/**
 * The issue as the query shows it, in the shape the reconcile reads.
 *
 * @example
 * const facts = issueFacts(result.repository.issueOrPullRequest);
 */
export function issueFacts(node: GraphRequest, repository: RequestQueryResult["repository"] = null): IssueFacts {
  const edit = lastEdit(node);
  const labelIds: Record<string, string> = {};
  for (const [alias, value] of Object.entries(repository ?? {})) {
    if (/^l\d+$/.test(alias) && value && typeof value.id === "string" && "name" in value) labelIds[value.name.toLowerCase()] = value.id;
  }
  for (const label of node.labels?.nodes ?? []) if (label?.id) labelIds[label.name.toLowerCase()] = label.id;
  return {
    ...(node.id === undefined ? {} : { nodeId: node.id, labelIds }),
    author: restUser(node.author),
    body: node.body,
    state: node.closed ? "closed" : "open",
    labels: (node.labels?.nodes ?? []).flatMap((l) => (l ? [labelKey(l.name)] : [])),
    isPullRequest: node.__typename === "PullRequest",
    locked: node.locked,
    updatedAt: node.updatedAt,
    bodyEdits: { count: node.userContentEdits.totalCount, ...(edit ? { last: edit } : {}) },
  };
}

/**
 * One page of timeline items in the REST timeline's shape, each comment
 * carrying its edit (`last_edit`) from GitHub's edit history.
 *
 * @example
 * timelineEntries(node.timelineItems.nodes).map((e) => e.event); // ["commented", "labeled"]
 */
export function timelineEntries(nodes: readonly (GraphItem | null)[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const item of nodes) {
    if (!item) continue;
    const at = item.createdAt;
    switch (item.__typename) {
      case "IssueComment": {
        if (typeof item.databaseId !== "number") continue;
        const edit = lastEdit(item);
        entries.push({ event: "commented", id: item.databaseId, body: item.body ?? "", user: restUser(item.author), ...dated(at), ...(item.author?.__typename === "Bot" ? { app_slug: item.author.login } : {}), last_edit: edit ?? null });
        break;
      }
      case "LabeledEvent":
      case "UnlabeledEvent":
        if (!item.id || !item.label) continue;
        entries.push({ event: item.__typename === "LabeledEvent" ? "labeled" : "unlabeled", id: eventNumber(item.id), actor: restUser(item.actor), label: { name: item.label.name, created_at: item.label.createdAt ?? null, updated_at: item.label.updatedAt ?? null }, ...dated(at) });
        break;
      case "ClosedEvent":
      case "ReopenedEvent":
        entries.push({ event: item.__typename === "ClosedEvent" ? "closed" : "reopened", actor: restUser(item.actor), ...dated(at) });
        break;
      case "PullRequestReview": {
        const id = Number(item.fullDatabaseId ?? item.databaseId);
        if (!Number.isSafeInteger(id)) continue;
        const submitted = item.submittedAt ?? at;
        entries.push({ event: "reviewed", id, user: restUser(item.author), body: item.body ?? "", state: (item.state ?? "").toLowerCase(), ...dated(at), ...(submitted ? { submitted_at: submitted } : {}), last_edit: lastEdit(item) ?? null });
        break;
      }
    }
  }
  return entries;
}

function dated(at: string | undefined): { created_at?: string } {
  return at === undefined ? {} : { created_at: at };
}
