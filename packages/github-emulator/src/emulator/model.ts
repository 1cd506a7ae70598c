/**
 * The emulator's in-memory records. They hold only what GitHub would store;
 * every REST or webhook shape is rendered from them on demand (see `shapes/`),
 * so one change of state shows up consistently everywhere. People are held by
 * numeric user id, as GitHub holds them: a renamed account shows its new
 * login everywhere, and whoever claims the freed login is someone else.
 */

export type MembershipState = "active" | "pending";

export interface UserRecord {
  id: number;
  login: string;
  type: "User" | "Bot" | "Organization";
  createdAt: number;
}

export interface OrgRecord {
  id: number;
  login: string;
  createdAt: number;
  /** Keyed by user id. */
  members: Map<number, MembershipState>;
}

export interface TeamRecord {
  id: number;
  org: string;
  slug: string;
  name: string;
  parent: string | undefined;
  idpSynced: boolean;
  /** Direct members, keyed by user id. */
  members: Map<number, MembershipState>;
  createdAt: number;
  updatedAt: number;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  /** When the label was made, and last renamed or otherwise edited (GraphQL's `Label.createdAt`/`updatedAt`). */
  createdAt?: number;
  updatedAt?: number;
}

/** A symbolic link (its target, as git stores it) or a submodule (its repository and commit) in a commit's tree. */
export type LinkRecord = { kind: "symlink"; target: string } | { kind: "submodule"; url: string; sha: string };

export interface CommitRecord {
  sha: string;
  message: string;
  /** The whole tree at this commit: path -> file content. */
  tree: Map<string, string>;
  /** Paths that are no regular file: symbolic links and submodules (absent: none). */
  links?: Map<string, LinkRecord>;
  parent: string | undefined;
  changed: string[];
  at: number;
}

export interface PullRecord {
  id: number;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
}

export type ReviewState = "APPROVED" | "COMMENTED" | "CHANGES_REQUESTED" | "DISMISSED";

export interface ReviewRecord {
  id: number;
  authorId: number;
  body: string;
  state: ReviewState;
  /** The state before a dismissal, which the dismissal event reports. */
  stateBeforeDismissal: ReviewState | undefined;
  submittedAt: number;
  commitId: string;
  seq: number;
}

export type IssueEventKind =
  | "labeled"
  | "unlabeled"
  | "closed"
  | "reopened"
  | "renamed"
  | "locked"
  | "unlocked"
  | "review_dismissed";

export interface IssueEventRecord {
  id: number;
  event: IssueEventKind;
  actorId: number;
  at: number;
  seq: number;
  /** The label as it was when added or removed (REST's events keep that name); `id` finds it as it is now (GraphQL's). */
  label?: { name: string; color: string; id?: number };
  rename?: { from: string; to: string };
  stateReason?: string | null;
  lockReason?: string | null;
  dismissedReview?: { state: string; reviewId: number; message: string | null };
}

export interface IssueRecord {
  id: number;
  number: number;
  repo: string;
  title: string;
  body: string;
  authorId: number;
  state: "open" | "closed";
  stateReason: string | null;
  locked: boolean;
  lockReason: string | null;
  labels: LabelRecord[];
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedById: number | null;
  pull: PullRecord | undefined;
  commentIds: number[];
  /** When a person last edited the body (GraphQL's `lastEditedAt`); null until then. */
  bodyEditedAt?: number | null;
  /** The body's edit history (GraphQL's `userContentEdits`), oldest first; empty until edited. */
  bodyEdits?: ContentEdit[];
  events: IssueEventRecord[];
  reviews: ReviewRecord[];
}

/**
 * One entry of an edit history. As on GitHub, the first edit adds two: the
 * text as created (by its author, at its creation) and the edit.
 */
export interface ContentEdit {
  at: number;
  editorId: number;
}

export interface CommentRecord {
  id: number;
  repo: string;
  issueNumber: number;
  body: string;
  authorId: number;
  createdAt: number;
  /** REST's `updated_at`: like github.com, sometimes a second after `createdAt` on a comment nobody edited. */
  updatedAt: number;
  seq: number;
  /** When a person last edited it (GraphQL's `lastEditedAt`); null or absent until then. */
  lastEditedAt?: number | null;
  /** Its edit history (GraphQL's `userContentEdits`), oldest first. */
  edits?: ContentEdit[];
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  defaultBranch: string;
  /** Branch name -> head commit sha. */
  branches: Map<string, string>;
  /** Branches with a classic branch protection rule, and what each rule requires. */
  protectedBranches?: Map<string, BranchProtectionRecord>;
  /** Rules of the repository's rulesets that apply to each branch (GitHub's `repository-rule` objects). */
  branchRules?: Map<string, Record<string, unknown>[]>;
  commits: Map<string, CommitRecord>;
  /** Keyed by lower-case name: GitHub label names are case-insensitive. */
  labels: Map<string, LabelRecord>;
  issues: Map<number, IssueRecord>;
  /** Issues transferred away: old number -> the issue, wherever it lives now (GitHub redirects the old URL). */
  movedIssues: Map<number, IssueRecord>;
  nextNumber: number;
  createdAt: number;
  pushedAt: number;
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string;
  message: string;
  title?: string;
  raw_details?: string;
  start_column?: number;
  end_column?: number;
}

export interface CheckRunRecord {
  id: number;
  repo: string;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  startedAt: number | null;
  completedAt: number | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: CheckAnnotation[];
}

export interface InstallationRecord {
  id: number;
  org: string;
  createdAt: number;
  /** What the organisation granted, when less than the app asks (an owner has not accepted new permissions). */
  permissions?: Record<string, string>;
}

/** What a classic branch protection rule requires; read through `GET …/branches/{branch}/protection`. */
export interface BranchProtectionRecord {
  /** Approving reviews a pull request needs; undefined: no pull request required. */
  requiredReviews: number | undefined;
  codeOwnerReviews: boolean;
  /** Whether the rule binds administrators too. */
  enforceAdmins: boolean;
  /** Status checks that must pass, by name. */
  requiredChecks: string[];
  /** The app each required check must come from, by name (GitHub's `checks[].app_id`); absent: any source. */
  requiredCheckApps?: Record<string, number>;
}

export interface TokenRecord {
  installationId: number;
  /** Clock time reported in `expires_at`. */
  expiresAt: number;
  /** Wall-clock deadline: the app's token cache counts real time, not the emulator clock. */
  validUntilWall: number;
}
