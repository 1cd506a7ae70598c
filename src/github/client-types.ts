import type { ProbotOctokit } from "probot";
import type { LastEdit } from "./request-query.js";

/**
 * The shapes GitHubClient reads and writes, reduced to what the app uses.
 * Callers import them from client.ts.
 */

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** An issue or pull request: the unit a reconcile works on. */
export interface IssueRef {
  installationId: number;
  owner: string;
  repo: string;
  number: number;
}

/** The GitHub account holding a login now: its numeric id, and when it was created (absent: GitHub did not say). */
export interface Account {
  id: number;
  createdAt?: number;
}

export interface IssueFacts {
  author: { login: string; type: string; id?: number };
  body: string;
  state: "open" | "closed";
  labels: string[];
  isPullRequest: boolean;
  locked: boolean;
  updatedAt: string;
  /**
   * The body's edit history as GitHub keeps it (`userContentEdits`): how many
   * entries it holds and the last edit, if the body was ever edited.
   */
  bodyEdits: { count: number; last?: LastEdit };
  /** GraphQL's node id of the issue or pull request: what a batched write names it by. */
  nodeId?: string;
  /** Node ids of labels, by lower-case name: those on the issue and the app's labels in the repository. */
  labelIds?: Record<string, string>;
}

/** An issue or pull request as a listing shows it, for reading trails. */
export interface IssueSummary {
  number: number;
  title: string;
  author: string;
  state: "open" | "closed";
  locked: boolean;
  createdAt: string;
  closedAt: string | null;
}

/** A timeline entry, reduced to what the app reads. */
export interface TimelineEntry {
  event: string;
  id?: number;
  body?: string;
  user?: { login: string; type: string; id?: number };
  actor?: { login: string; type: string; id?: number };
  /**
   * Read through GraphQL, the label as it is now (a renamed label shows its
   * new name), with when it was made and last edited; REST's events keep the
   * name it had and give no times.
   */
  label?: { name: string; created_at?: string | null; updated_at?: string | null };
  created_at?: string;
  updated_at?: string;
  /** Reviews: lower case in the timeline ("approved", "dismissed", …). */
  state?: string;
  submitted_at?: string;
  performed_via_github_app?: { id: number } | null;
  /** Read through GraphQL: the login of the app whose bot wrote the comment (GraphQL's Bot login). */
  app_slug?: string;
  /** Read through GraphQL: the last edit by a person (null: never edited). The REST timeline has no such field. */
  last_edit?: LastEdit | null;
}

/** An issue as a listing shows it: enough to tell whether it changed. */
export interface ListedIssue {
  number: number;
  /** GitHub's global id, for reading many issues in one GraphQL query. */
  node_id?: string;
  updated_at: string;
  /** Present on pull requests (GitHub lists them among issues). */
  pull_request?: unknown;
  user?: { login: string; id?: number } | null;
  comments?: number;
  state?: string;
  locked?: boolean;
  labels?: ({ name?: string } | string)[];
}

export type Conditional<T> = { status: "not-modified" } | { status: "ok"; data: T; etag?: string } | { status: "not-found" };

/** One line annotation of a check run, as GitHub takes it. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  /** Only when start_line and end_line are the same line. */
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
}

/** A check run's visible output; GitHub takes at most 50 annotations per request. */
export interface CheckOutput {
  title: string;
  summary: string;
  annotations?: CheckAnnotation[];
}

