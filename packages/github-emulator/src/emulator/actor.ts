import { createComment, deleteComment, editComment } from "./comment-actions.js";
import { addLabels, deleteIssue, editIssue, openIssue, removeLabel, setIssueState, setLocked } from "./issue-actions.js";
import { transferIssue } from "./issue-transfer.js";
import type { ReviewEvent } from "./review-actions.js";
import { rerequestCheckRun } from "./check-run-actions.js";
import { dismissReview, submitReview } from "./review-actions.js";
import { renameRepo } from "./repo-rename.js";
import { deleteMembership, deleteTeam, putMembership, renameTeam, setParent } from "./team-actions.js";
import type { World } from "./world.js";

/** What a person does on GitHub; each call changes state and queues GitHub's webhook(s). */
export interface Actor {
  /** Sends issues.opened, then issues.labeled per label. Returns the issue number. */
  openIssue(repo: string, issue: { title: string; body: string; labels?: string[] }): number;
  /** Sends pull_request.opened (then labeled per label); `files` are path -> content on the head branch. */
  openPullRequest(repo: string, pr: { title: string; body: string; labels?: string[]; files?: Record<string, string> }): number;
  /** Sends issues.edited / pull_request.edited with `changes.{title,body}.from`. */
  editIssue(repo: string, n: number, edit: { title?: string; body?: string }): void;
  /** Sends issue_comment.created; returns the comment id. */
  comment(repo: string, n: number, body: string): number;
  /** Sends issue_comment.edited with `changes.body.from`. */
  editComment(repo: string, commentId: number, body: string): void;
  /** Sends issue_comment.deleted; the comment leaves the comments list and timeline. */
  deleteComment(repo: string, commentId: number): void;
  /** Sends one issues.labeled (pull_request.labeled) per label not already present. */
  addLabels(repo: string, n: number, labels: string[]): void;
  /** Sends issues.unlabeled (pull_request.unlabeled). */
  removeLabel(repo: string, n: number, label: string): void;
  close(repo: string, n: number): void;
  /** Deletes the issue, as an organisation admin can. */
  deleteIssue(repo: string, n: number): void;
  reopen(repo: string, n: number): void;
  /** Locks the conversation (sends issues.locked); then only people may comment, not bots. */
  lock(repo: string, n: number, reason?: "off-topic" | "too heated" | "resolved" | "spam"): void;
  /** Sends issues.unlocked. */
  unlock(repo: string, n: number): void;
  /**
   * Moves the issue to `target` (same owner); sends issues.transferred for the
   * old repository and issues.opened for the new one. Returns the new number.
   */
  transferIssue(repo: string, n: number, target: string): number;
  /** Sends pull_request_review.submitted (state in lower case there); returns the review id. */
  review(repo: string, n: number, state: ReviewEvent, body?: string): number;
  /** Sends pull_request_review.dismissed. */
  dismissReview(repo: string, n: number, reviewId: number): void;
  /** "Re-run" in the Checks tab: sends check_run.rerequested. */
  rerequestCheckRun(repo: string, checkRunId: number): void;
  /** Adds a member to a team by hand, as an owner or team maintainer can: sends membership.added. */
  addTeamMember(org: string, team: string, login: string): void;
  /** Removes a direct member by hand: sends membership.removed. */
  removeTeamMember(org: string, team: string, login: string): void;
  /** Nests a team under another (undefined: to the top level): sends team.edited. */
  setParentTeam(org: string, team: string, parent: string | undefined): void;
  /** Renames a team (its slug follows the name): sends team.edited. */
  renameTeam(org: string, team: string, name: string): void;
  /** Deletes a team, its memberships and its child teams: sends team.deleted. */
  deleteTeam(org: string, team: string): void;
  /** Renames a repository (an admin's Settings): the old name redirects until a repository takes it. No webhook: the app does not subscribe to `repository`. */
  renameRepo(repo: string, name: string): void;
}

/**
 * The actions of one user (who must exist in the world).
 *
 * @example
 * const alice = actorFor(world, "alice");
 * const n = alice.openIssue("acme/access", { title: "Access", body: "…", labels: ["access-request"] });
 */
export function actorFor(world: World, login: string): Actor {
  const record = world.user(login);
  // Held by account, not login: an actor made before a rename acts under the new login.
  const user = (): string => record.login;
  return {
    openIssue: (repo, issue) => openIssue(world, user(), repo, issue).number,
    openPullRequest: (repo, { files, ...issue }) => openIssue(world, user(), repo, issue, files ?? {}).number,
    editIssue: (repo, n, edit) => editIssue(world, user(), repo, n, edit),
    comment: (repo, n, body) => createComment(world, user(), repo, n, body).id,
    editComment: (repo, id, body) => void editComment(world, user(), repo, id, body),
    deleteComment: (repo, id) => deleteComment(world, user(), repo, id),
    addLabels: (repo, n, labels) => void addLabels(world, user(), repo, n, labels),
    removeLabel: (repo, n, label) => void removeLabel(world, user(), repo, n, label),
    close: (repo, n) => setIssueState(world, user(), repo, n, "closed", "completed"),
    deleteIssue: (repo, n) => deleteIssue(world, user(), repo, n),
    reopen: (repo, n) => setIssueState(world, user(), repo, n, "open"),
    lock: (repo, n, reason) => setLocked(world, user(), repo, n, true, reason ?? null),
    unlock: (repo, n) => setLocked(world, user(), repo, n, false),
    transferIssue: (repo, n, target) => transferIssue(world, user(), repo, n, target).number,
    review: (repo, n, state, body) => submitReview(world, user(), repo, n, state, body).id,
    dismissReview: (repo, n, reviewId) => dismissReview(world, user(), repo, n, reviewId),
    rerequestCheckRun: (repo, id) => rerequestCheckRun(world, user(), repo, id),
    addTeamMember: (org, team, login) => void putMembership(world, user(), world.team(org, team), login),
    removeTeamMember: (org, team, login) => deleteMembership(world, user(), world.team(org, team), login),
    setParentTeam: (org, team, parent) => setParent(world, user(), world.team(org, team), parent),
    renameTeam: (org, team, name) => renameTeam(world, user(), world.team(org, team), name),
    deleteTeam: (org, team) => deleteTeam(world, user(), world.team(org, team)),
    renameRepo: (repo, name) => renameRepo(world, world.repo(repo), name),
  };
}
