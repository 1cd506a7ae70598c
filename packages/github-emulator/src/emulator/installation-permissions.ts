import type { InstallationRecord, IssueRecord } from "./model.js";
import { HttpError } from "./http-error.js";
import { APP_PERMISSIONS } from "./shapes/app.js";
import type { World } from "./world.js";

/** GitHub's answer when an installation token lacks the permission an endpoint needs. */
export const NOT_ACCESSIBLE = "Resource not accessible by integration";

type Access = "read" | "write";

/**
 * What an endpoint asks of an installation token: `access` to one of
 * `permissions` (several: any one will do), or, for `"subject"`, to the
 * permission of the issue or pull request it acts on (`issues` for an issue,
 * `pull_requests` for a pull request: GitHub's GITHUB_TOKEN documentation,
 * "pull-requests: write permits an action to add a label to a pull request").
 */
interface Need {
  readonly permissions: readonly string[] | "subject";
  readonly access: Access;
}

const need = (permissions: readonly string[] | "subject", access: Access): Need => ({ permissions, access });
const SUBJECT_READ = need("subject", "read");
const SUBJECT_WRITE = need("subject", "write");
const MEMBERS_READ = need(["members"], "read");
const MEMBERS_WRITE = need(["members"], "write");
const METADATA = need(["metadata"], "read");

/**
 * Every route an installation token may call, with the permission GitHub
 * asks for it ("Permissions required for GitHub Apps",
 * docs.github.com/rest/authentication/permissions-required-for-github-apps;
 * the same as `x-accepted-github-permissions` names). `null`: any token of
 * the installation (GraphQL is checked field by field, see
 * {@link mayWriteIssue}). A route served to installation tokens without a
 * row here is refused, so that a new route says what it needs.
 */
export const ROUTE_NEEDS: Readonly<Record<string, Need | null>> = {
  "GET /installation/repositories": null,
  "POST /graphql": null,
  "POST /api/graphql": null,
  "GET /users/:username": METADATA,
  "GET /repos/:owner/:repo": METADATA,
  "GET /repos/:owner/:repo/rules/branches/*branch": METADATA,
  "GET /orgs/:org/members/:username": METADATA,
  "GET /repos/:owner/:repo/branches/*branch": need(["contents"], "read"),
  "GET /repos/:owner/:repo/commits": need(["contents"], "read"),
  "GET /repos/:owner/:repo/contents/*path": need(["contents"], "read"),
  "GET /repos/:owner/:repo/branches/:branch/protection": need(["administration"], "read"),
  "POST /repos/:owner/:repo/check-runs": need(["checks"], "write"),
  "PATCH /repos/:owner/:repo/check-runs/:check_run_id": need(["checks"], "write"),
  "GET /repos/:owner/:repo/issues": need(["issues"], "read"),
  "POST /repos/:owner/:repo/issues": need(["issues"], "write"),
  "GET /repos/:owner/:repo/issues/:issue_number": SUBJECT_READ,
  "PATCH /repos/:owner/:repo/issues/:issue_number": SUBJECT_WRITE,
  "PUT /repos/:owner/:repo/issues/:issue_number/lock": SUBJECT_WRITE,
  "DELETE /repos/:owner/:repo/issues/:issue_number/lock": SUBJECT_WRITE,
  "GET /repos/:owner/:repo/issues/:issue_number/events": SUBJECT_READ,
  "GET /repos/:owner/:repo/issues/:issue_number/timeline": SUBJECT_READ,
  "GET /repos/:owner/:repo/issues/:issue_number/comments": SUBJECT_READ,
  "POST /repos/:owner/:repo/issues/:issue_number/comments": SUBJECT_WRITE,
  "GET /repos/:owner/:repo/issues/comments/:comment_id": SUBJECT_READ,
  "PATCH /repos/:owner/:repo/issues/comments/:comment_id": SUBJECT_WRITE,
  "DELETE /repos/:owner/:repo/issues/comments/:comment_id": SUBJECT_WRITE,
  "GET /repos/:owner/:repo/issues/:issue_number/labels": SUBJECT_READ,
  "POST /repos/:owner/:repo/issues/:issue_number/labels": SUBJECT_WRITE,
  "PUT /repos/:owner/:repo/issues/:issue_number/labels": SUBJECT_WRITE,
  "DELETE /repos/:owner/:repo/issues/:issue_number/labels/:name": SUBJECT_WRITE,
  "GET /repos/:owner/:repo/labels": need(["issues", "pull_requests"], "read"),
  "POST /repos/:owner/:repo/labels": need(["issues", "pull_requests"], "write"),
  "PATCH /repos/:owner/:repo/labels/:name": need(["issues", "pull_requests"], "write"),
  "GET /repos/:owner/:repo/pulls/:pull_number": need(["pull_requests"], "read"),
  "GET /repos/:owner/:repo/pulls/:pull_number/reviews": need(["pull_requests"], "read"),
  "GET /repos/:owner/:repo/pulls/:pull_number/files": need(["pull_requests"], "read"),
  "GET /orgs/:org/memberships/:username": MEMBERS_READ,
  "GET /orgs/:org/teams": MEMBERS_READ,
  "GET /orgs/:org/teams/:team_slug": MEMBERS_READ,
  "PATCH /orgs/:org/teams/:team_slug": MEMBERS_WRITE,
  "GET /orgs/:org/teams/:team_slug/teams": MEMBERS_READ,
  "GET /orgs/:org/teams/:team_slug/members": MEMBERS_READ,
  "GET /orgs/:org/teams/:team_slug/memberships/:username": MEMBERS_READ,
  "PUT /orgs/:org/teams/:team_slug/memberships/:username": MEMBERS_WRITE,
  "DELETE /orgs/:org/teams/:team_slug/memberships/:username": MEMBERS_WRITE,
  // GitHub does not open team sync to apps at all; the route refuses installation tokens itself.
  "GET /orgs/:org/teams/:team_slug/team-sync/group-mappings": null,
};

/**
 * What the installation granted: the app's permissions, or less where an
 * owner has not accepted a change. `metadata: read` comes with every app.
 *
 * @example
 * granted(installation).members; // "write"
 */
export function granted(installation: InstallationRecord): Readonly<Record<string, string>> {
  const permissions: Record<string, string> = installation.permissions ?? APP_PERMISSIONS;
  return permissions["metadata"] === undefined ? { ...permissions, metadata: "read" } : permissions;
}

/** True when `level` (`read`, `write`, `admin` or absent) gives `access`. */
function allows(level: string | undefined, access: Access): boolean {
  return level === "write" || level === "admin" || (access === "read" && level === "read");
}

/** The permission an issue or pull request asks of the endpoints that act on it. */
function subjectPermission(issue: IssueRecord): string {
  return issue.pull ? "pull_requests" : "issues";
}

/**
 * GitHub's check of an installation token before the route runs: refused
 * with its 403 "Resource not accessible by integration" when the
 * installation lacks what the route needs (see {@link ROUTE_NEEDS}). An
 * issue or comment that does not exist is left to the route's own 404.
 * Tokens of people and app JWTs are not checked here.
 *
 * @example
 * checkPermission(world, installation, "PUT /orgs/:org/teams/:team_slug/memberships/:username", params);
 */
export function checkPermission(world: World, installation: InstallationRecord | undefined, route: string, params: Readonly<Record<string, string>>): void {
  if (installation === undefined) return;
  if (!(route in ROUTE_NEEDS)) throw new HttpError(403, NOT_ACCESSIBLE, {}, `the emulator names no permission for ${route}`);
  const needed = ROUTE_NEEDS[route];
  if (needed === null || needed === undefined) return;
  const permissions = granted(installation);
  if (needed.permissions !== "subject") {
    if (!needed.permissions.some((p) => allows(permissions[p], needed.access))) throw refused(needed.permissions, needed.access);
    return;
  }
  const issue = subjectOf(world, params);
  if (issue === undefined) return;
  const permission = subjectPermission(issue);
  if (!allows(permissions[permission], needed.access)) throw refused([permission], needed.access);
}

/**
 * True when the installation may write to the issue or pull request: what
 * GitHub checks of a GraphQL mutation on it (`addComment`, labels, close,
 * lock), refusing the field with type FORBIDDEN otherwise.
 *
 * @example
 * if (!mayWriteIssue(installation, issue)) throw forbidden();
 */
export function mayWriteIssue(installation: InstallationRecord | undefined, issue: IssueRecord): boolean {
  return installation === undefined || allows(granted(installation)[subjectPermission(issue)], "write");
}

function refused(permissions: readonly string[], access: Access): HttpError {
  return new HttpError(403, NOT_ACCESSIBLE, {}, `needs ${permissions.map((p) => `${p}: ${access}`).join(" or ")}`);
}

/** The issue or pull request the route's parameters name, by number or through a comment; undefined if there is none. */
function subjectOf(world: World, params: Readonly<Record<string, string>>): IssueRecord | undefined {
  const repo = world.repos.get(`${params["owner"] ?? ""}/${params["repo"] ?? ""}`.toLowerCase());
  if (repo === undefined) return undefined;
  const commentId = params["comment_id"];
  if (commentId !== undefined) {
    const comment = world.comments.get(Number(commentId));
    return comment === undefined ? undefined : repo.issues.get(comment.issueNumber);
  }
  return repo.issues.get(Number(params["issue_number"]));
}
