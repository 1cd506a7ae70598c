import { HttpError } from "./http-error.js";
import type { IssueRecord, LabelRecord, RepoRecord } from "./model.js";
import { issue as issueShape } from "./shapes/issue.js";
import { repository } from "./shapes/repository.js";
import { touch } from "./issue-actions.js";
import { emit, emitIssue } from "./webhook-payloads.js";
import type { World } from "./world.js";

/**
 * Moves an issue to another repository of the same owner, as GitHub's
 * "Transfer issue" does, and returns it. The issue gets a new id and the
 * next number there; its comments (ids kept), events and state move with
 * it; of its labels only those the target has (matched by name) stay. The
 * old URL redirects (see `movedIssues`). Sends `issues.transferred` for the
 * old repository, with `changes.new_issue` and `changes.new_repository`,
 * then `issues.opened` for the new one, with `changes.old_issue` and
 * `changes.old_repository`.
 *
 * @example
 * transferIssue(world, "admin", "acme/access", 7, "acme/other").number; // 1
 */
export function transferIssue(world: World, login: string, fullName: string, n: number, targetName: string): IssueRecord {
  const source = world.repo(fullName);
  const target = world.repo(targetName);
  const issue = world.issue(source.fullName, n);
  assertTransferable(source, target, issue);
  const oldIssue = issueShape(world, issue);
  const oldRepository = repository(world, source);
  source.issues.delete(n);
  source.movedIssues.set(n, issue);
  issue.id = world.nextId();
  issue.number = target.nextNumber++;
  issue.repo = target.fullName;
  issue.labels = issue.labels.flatMap((label) => sameLabelIn(target, label));
  for (const id of issue.commentIds) {
    const comment = world.comments.get(id);
    if (comment) Object.assign(comment, { repo: target.fullName, issueNumber: issue.number });
  }
  target.issues.set(issue.number, issue);
  touch(world, issue);
  const changes = { new_issue: issueShape(world, issue), new_repository: repository(world, target) };
  emit(world, source.fullName, "issues", { action: "transferred", issue: oldIssue, changes }, login);
  emitIssue(world, issue, "opened", login, { changes: { old_issue: oldIssue, old_repository: oldRepository } });
  return issue;
}

function assertTransferable(source: RepoRecord, target: RepoRecord, issue: IssueRecord): void {
  const refuse = (message: string): never => {
    throw new HttpError(422, "Validation Failed", { errors: [{ resource: "Issue", code: "custom", message }] }, message);
  };
  if (issue.pull) refuse("Pull requests cannot be transferred.");
  if (source === target) refuse("The issue is already in this repository.");
  if (source.owner.toLowerCase() !== target.owner.toLowerCase()) {
    refuse("Issues can only be transferred between repositories owned by the same user or organization account.");
  }
  if (source.private && !target.private) refuse("An issue in a private repository cannot be transferred to a public repository.");
}

function sameLabelIn(target: RepoRecord, label: LabelRecord): LabelRecord[] {
  const match = target.labels.get(label.name.toLowerCase());
  return match ? [match] : [];
}
