import { HttpError } from "./http-error.js";
import type { IssueRecord } from "./model.js";
import type { World } from "./world.js";

/** GitHub's 403 message for a comment on a locked issue or pull request. */
export const LOCKED_MESSAGE = "Unable to create comment because issue is locked.";

const LOCKING_DOCS = "https://docs.github.com/communities/moderating-comments-and-conversations/locking-conversations";

/**
 * Refuses (403) a comment on a locked conversation from anyone GitHub
 * refuses: everyone without write access, and apps' bots even with the
 * issues permission (observed on github.com). The emulator models no
 * repository permissions, so every person counts as having write access and
 * may still comment; bot accounts may not.
 *
 * @example
 * assertMayComment(world, issue, "jit-access[bot]"); // throws 403 when the issue is locked
 */
export function assertMayComment(world: World, issue: IssueRecord, login: string): void {
  if (!issue.locked) return;
  const user = world.user(login);
  if (user.type === "User") return;
  throw new HttpError(403, LOCKED_MESSAGE, { documentation_url: LOCKING_DOCS }, `${issue.repo}#${issue.number} is locked and ${user.login} is a ${user.type}`);
}
