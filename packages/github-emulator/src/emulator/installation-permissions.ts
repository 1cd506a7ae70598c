import type { InstallationRecord } from "./model.js";
import { HttpError } from "./http-error.js";
import { APP_PERMISSIONS } from "./shapes/app.js";
import type { World } from "./world.js";

/** A write to one issue or pull request through the issues endpoints: its comments, labels, lock, or the issue itself. */
const ISSUE_WRITE = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)(?:\/comments|\/labels(?:\/.*)?|\/lock)?$/;

/**
 * What GitHub checks of an installation token's permissions before an
 * issues-endpoint write: on an issue, `issues: write`; on a pull request,
 * `pull_requests: write` (GitHub's GITHUB_TOKEN documentation: "pull-requests:
 * write permits an action to add a label to a pull request"). Refused with
 * GitHub's 403 "Resource not accessible by integration". Other permissions
 * are not checked here.
 *
 * @example
 * checkIssueWrite(world, installation, "POST", "/repos/acme/access/issues/7/comments");
 */
export function checkIssueWrite(world: World, installation: InstallationRecord | undefined, method: string, path: string): void {
  if (installation === undefined || method === "GET") return;
  const match = ISSUE_WRITE.exec(path);
  if (!match) return;
  const repo = world.repos.get(`${match[1]}/${match[2]}`.toLowerCase());
  const issue = repo?.issues.get(Number(match[3]));
  if (!issue) return;
  const needed = issue.pull ? "pull_requests" : "issues";
  const granted = installation.permissions?.[needed] ?? APP_PERMISSIONS[needed];
  if (granted !== "write") throw new HttpError(403, "Resource not accessible by integration");
}
