import type { CheckAnnotation, CheckRunRecord, CommentRecord, IssueRecord } from "./model.js";
import { isoTime, nodeId } from "./time.js";
import type { World } from "./world.js";

/** A plain snapshot of an issue or pull request, for assertions. */
export interface IssueView {
  number: number;
  /** GraphQL's global id (the REST `node_id`). */
  nodeId: string;
  title: string;
  body: string;
  author: string;
  state: "open" | "closed";
  stateReason: string | null;
  locked: boolean;
  labels: string[];
  isPullRequest: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** A plain snapshot of a comment; `viaApp` is true when the app's bot wrote it. */
export interface CommentView {
  id: number;
  body: string;
  author: string;
  viaApp: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A plain snapshot of a check run with every annotation it received. */
export interface CheckRunView {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  annotations: CheckAnnotation[];
}

/**
 * @example
 * issueView(world, world.issue("acme/access", 1)).labels; // ["access-request"]
 */
export function issueView(world: World, record: IssueRecord): IssueView {
  return {
    number: record.number,
    nodeId: nodeId(record.pull ? "PullRequest" : "Issue", record.id),
    title: record.title,
    body: record.body,
    author: world.userById(record.authorId).login,
    state: record.state,
    stateReason: record.stateReason,
    locked: record.locked,
    labels: record.labels.map((label) => label.name),
    isPullRequest: record.pull !== undefined,
    createdAt: isoTime(record.createdAt),
    updatedAt: isoTime(record.updatedAt),
    closedAt: record.closedAt === null ? null : isoTime(record.closedAt),
  };
}

/**
 * @example
 * commentView(world, comment).viaApp; // true for the app's own comments
 */
export function commentView(world: World, record: CommentRecord): CommentView {
  return {
    id: record.id,
    body: record.body,
    author: world.userById(record.authorId).login,
    viaApp: world.isBot(world.userById(record.authorId)),
    createdAt: isoTime(record.createdAt),
    updatedAt: isoTime(record.updatedAt),
  };
}

/**
 * @example
 * checkRunView(record).annotations.length; // 2
 */
export function checkRunView(record: CheckRunRecord): CheckRunView {
  return {
    id: record.id,
    name: record.name,
    headSha: record.headSha,
    status: record.status,
    conclusion: record.conclusion,
    ...record.output,
    annotations: record.annotations.map((annotation) => ({ ...annotation })),
  };
}
