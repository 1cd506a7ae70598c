import { commitChange } from "./git-store.js";
import { HttpError, notFound, validationFailed } from "./http-error.js";
import type { ContentEdit, IssueEventRecord, IssueRecord, LabelRecord, RepoRecord } from "./model.js";
import { label as labelShape } from "./shapes/label.js";
import { emitIssue } from "./webhook-payloads.js";
import type { World } from "./world.js";

/**
 * Changes to issues and pull requests made by someone (a person or the app's
 * bot). Each one changes the state, records the issue event GitHub would
 * record, bumps `updated_at` and queues the webhook GitHub would send, so a
 * person's action and the app's own REST write look alike to the app.
 */

export interface NewIssue {
  title: string;
  body: string;
  labels?: string[];
}

/**
 * Opens an issue, or a pull request when `files` is given (path -> content on
 * its head branch). Sends `opened`, then one `labeled` per label, as GitHub does.
 *
 * @example
 * const issue = openIssue(world, "alice", "acme/access", { title: "Access", body: "### Team\n\nops" });
 */
export function openIssue(world: World, login: string, fullName: string, input: NewIssue, files?: Record<string, string>): IssueRecord {
  const repo = world.repo(fullName);
  if (input.title.trim() === "") throw validationFailed("Issue", "title", "missing_field");
  const now = world.now();
  const number = repo.nextNumber++;
  const issue: IssueRecord = {
    id: world.nextId(),
    number,
    repo: repo.fullName,
    title: input.title,
    body: input.body,
    authorId: world.user(login).id,
    state: "open",
    stateReason: null,
    locked: false,
    lockReason: null,
    labels: [],
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedById: null,
    pull: files ? openPull(world, repo, login, number, input.title, files) : undefined,
    commentIds: [],
    events: [],
    reviews: [],
  };
  repo.issues.set(number, issue);
  // An issue created with labels carries them already in `opened`; `labeled` follows per label.
  const added = attachLabels(world, login, issue, input.labels ?? []);
  emitIssue(world, issue, "opened", login);
  emitLabeled(world, login, issue, added);
  return issue;
}

function openPull(world: World, repo: RepoRecord, login: string, number: number, title: string, files: Record<string, string>): NonNullable<IssueRecord["pull"]> {
  const baseSha = repo.branches.get(repo.defaultBranch);
  if (baseSha === undefined) throw new HttpError(422, "Validation Failed", {}, `${repo.fullName} has no commits to base a pull request on`);
  const headRef = `${login}-patch-${number}`;
  const head = commitChange(repo, headRef, files, title, world.now());
  return { id: world.nextId(), headRef, headSha: head.sha, baseRef: repo.defaultBranch, baseSha };
}

/**
 * Edits title and/or body; sends `edited` with `changes.{title,body}.from`
 * and records a `renamed` event for a new title.
 *
 * @example
 * editIssue(world, "alice", "acme/access", 1, { body: "### Team\n\nsecurity" });
 */
export function editIssue(world: World, login: string, fullName: string, n: number, edit: { title?: string; body?: string }): void {
  const issue = world.issue(fullName, n);
  const changes: Record<string, { from: string }> = {};
  if (edit.title !== undefined && edit.title !== issue.title) {
    if (edit.title.trim() === "") throw validationFailed("Issue", "title", "missing_field");
    changes["title"] = { from: issue.title };
    recordEvent(world, issue, login, { event: "renamed", rename: { from: issue.title, to: edit.title } });
    issue.title = edit.title;
  }
  if (edit.body !== undefined && edit.body !== issue.body) {
    changes["body"] = { from: issue.body };
    issue.body = edit.body;
    issue.bodyEdits = withEdit(issue.bodyEdits, { at: issue.createdAt, editorId: issue.authorId }, { at: world.now(), editorId: world.user(login).id });
    issue.bodyEditedAt = world.now();
  }
  if (Object.keys(changes).length === 0) return;
  touch(world, issue);
  emitIssue(world, issue, "edited", login, { changes });
}

/**
 * Closes or reopens; sends `closed` / `reopened`.
 *
 * @example
 * setIssueState(world, "bob", "acme/access", 1, "closed", "completed");
 */
export function setIssueState(world: World, login: string, fullName: string, n: number, state: "open" | "closed", reason?: string | null): void {
  const issue = world.issue(fullName, n);
  if (issue.state === state) return;
  const now = world.now();
  issue.state = state;
  if (state === "closed") {
    issue.stateReason = reason ?? "completed";
    issue.closedAt = now;
    issue.closedById = world.user(login).id;
    recordEvent(world, issue, login, { event: "closed", stateReason: issue.stateReason });
  } else {
    issue.stateReason = "reopened";
    issue.closedAt = null;
    recordEvent(world, issue, login, { event: "reopened", stateReason: "reopened" });
  }
  touch(world, issue);
  emitIssue(world, issue, state === "closed" ? "closed" : "reopened", login);
}

/**
 * Deletes an issue (an admin's action on GitHub); sends `deleted`. Later
 * requests for it answer 404.
 *
 * @example
 * deleteIssue(world, "admin", "acme/access", 1);
 */
export function deleteIssue(world: World, login: string, fullName: string, n: number): void {
  const issue = world.issue(fullName, n);
  emitIssue(world, issue, "deleted", login);
  world.repo(fullName).issues.delete(n);
}

/**
 * Adds labels (creating missing repository labels); one `labeled` webhook and
 * event per label that was not already there, each payload showing the
 * issue with all of them. Returns the issue's labels.
 *
 * @example
 * addLabels(world, "bob", "acme/access", 1, ["access-approved"]);
 */
export function addLabels(world: World, login: string, fullName: string, n: number, names: string[]): LabelRecord[] {
  const issue = world.issue(fullName, n);
  emitLabeled(world, login, issue, attachLabels(world, login, issue, names));
  return issue.labels;
}

function attachLabels(world: World, login: string, issue: IssueRecord, names: string[]): LabelRecord[] {
  const repo = world.repo(issue.repo);
  const added: LabelRecord[] = [];
  for (const name of names) {
    if (issue.labels.some((existing) => sameName(existing.name, name))) continue;
    const record = ensureLabel(world, repo, name);
    issue.labels.push(record);
    added.push(record);
    recordEvent(world, issue, login, { event: "labeled", label: { name: record.name, color: record.color, id: record.id } });
  }
  if (added.length) touch(world, issue);
  return added;
}

function emitLabeled(world: World, login: string, issue: IssueRecord, added: LabelRecord[]): void {
  const repo = world.repo(issue.repo);
  for (const record of added) emitIssue(world, issue, "labeled", login, { label: labelShape(world, repo, record) });
}

/**
 * Removes one label; sends `unlabeled`. A label the issue does not carry is a 404, as on GitHub.
 *
 * @example
 * removeLabel(world, "bob", "acme/access", 1, "access-approved");
 */
export function removeLabel(world: World, login: string, fullName: string, n: number, name: string): LabelRecord[] {
  const issue = world.issue(fullName, n);
  const repo = world.repo(fullName);
  const record = issue.labels.find((existing) => sameName(existing.name, name));
  if (!record) throw new HttpError(404, "Label does not exist", {}, `${name} on ${fullName}#${n}`);
  issue.labels = issue.labels.filter((existing) => existing !== record);
  recordEvent(world, issue, login, { event: "unlabeled", label: { name: record.name, color: record.color, id: record.id } });
  touch(world, issue);
  emitIssue(world, issue, "unlabeled", login, { label: labelShape(world, repo, record) });
  return issue.labels;
}

/**
 * Makes the issue carry exactly `names`: removes the others, adds the new ones.
 *
 * @example
 * setLabels(world, "jit-access[bot]", "acme/access", 1, ["access-request", "access:granted"]);
 */
export function setLabels(world: World, login: string, fullName: string, n: number, names: string[]): LabelRecord[] {
  const issue = world.issue(fullName, n);
  for (const record of [...issue.labels]) {
    if (!names.some((name) => sameName(name, record.name))) removeLabel(world, login, fullName, n, record.name);
  }
  return addLabels(world, login, fullName, n, names);
}

/**
 * Locks or unlocks the conversation; sends `locked` / `unlocked`.
 *
 * @example
 * setLocked(world, "jit-access[bot]", "acme/access", 1, true, "resolved");
 */
export function setLocked(world: World, login: string, fullName: string, n: number, locked: boolean, reason: string | null = null): void {
  const issue = world.issue(fullName, n);
  if (issue.locked === locked) return;
  issue.locked = locked;
  issue.lockReason = locked ? reason : null;
  recordEvent(world, issue, login, locked ? { event: "locked", lockReason: reason } : { event: "unlocked" });
  touch(world, issue);
  emitIssue(world, issue, locked ? "locked" : "unlocked", login);
}

/**
 * Finds a repository label by name (case-insensitively) or creates it, as
 * adding an unknown label to an issue does on GitHub.
 *
 * @example
 * ensureLabel(world, repo, "access:granted").color; // "ededed"
 */
export function ensureLabel(world: World, repo: RepoRecord, name: string, color = "ededed", description: string | null = null): LabelRecord {
  const existing = repo.labels.get(name.toLowerCase());
  if (existing) return existing;
  if (name.trim() === "") throw validationFailed("Label", "name", "missing_field");
  const record: LabelRecord = { id: world.nextId(), name, color, description, createdAt: world.now(), updatedAt: world.now() };
  repo.labels.set(name.toLowerCase(), record);
  return record;
}

/**
 * Renames a repository's label and sets its colour or description, as
 * `PATCH /repos/{owner}/{repo}/labels/{name}` does (`new_name`). Issues
 * carrying it show the new name; their timelines' REST events keep the name
 * each had when added, and GraphQL's `LabeledEvent.label` is the label as it
 * is now. Returns the label.
 */
export function updateLabel(world: World, repo: RepoRecord, name: string, changes: { newName?: string; color?: string; description?: string | null }): LabelRecord {
  const record = repo.labels.get(name.toLowerCase());
  if (!record) throw notFound(`label ${name}`);
  if (changes.newName !== undefined && changes.newName.toLowerCase() !== record.name.toLowerCase()) {
    if (changes.newName.trim() === "") throw validationFailed("Label", "name", "missing_field");
    if (repo.labels.has(changes.newName.toLowerCase())) throw validationFailed("Label", "name", "already_exists");
    repo.labels.delete(record.name.toLowerCase());
    repo.labels.set(changes.newName.toLowerCase(), record);
  }
  if (changes.newName !== undefined) record.name = changes.newName;
  if (changes.color !== undefined) record.color = changes.color;
  if (changes.description !== undefined) record.description = changes.description;
  record.updatedAt = world.now();
  return record;
}

/**
 * Appends an issue event by `login` at the current time.
 *
 * @example
 * recordEvent(world, issue, "bob", { event: "review_dismissed", dismissedReview: {...} });
 */
export function recordEvent(
  world: World,
  issue: IssueRecord,
  login: string,
  detail: Omit<IssueEventRecord, "id" | "actorId" | "at" | "seq">,
): IssueEventRecord {
  const record: IssueEventRecord = { id: world.nextId(), actorId: world.user(login).id, at: world.now(), seq: world.nextSeq(), ...detail };
  issue.events.push(record);
  return record;
}

/**
 * Bumps `updated_at`, which every change to an issue does on GitHub.
 *
 * @example
 * touch(world, issue);
 */
export function touch(world: World, issue: IssueRecord): void {
  issue.updatedAt = world.now();
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * An edit history with one more edit, as GitHub keeps it: the first edit
 * also adds the text as created (its author, its creation time).
 *
 * @example
 * comment.edits = withEdit(comment.edits, { at: comment.createdAt, editorId: comment.authorId }, { at: world.now(), editorId: 7 });
 */
export function withEdit(edits: readonly ContentEdit[] | undefined, created: ContentEdit, edit: ContentEdit): ContentEdit[] {
  return [...(edits === undefined || edits.length === 0 ? [created] : edits), edit];
}
