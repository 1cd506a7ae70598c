import type { BranchProtectionRecord, RepoRecord } from "../model.js";
import type { World } from "../world.js";

/**
 * GitHub's `branch-protection`, the answer to
 * `GET /repos/{owner}/{repo}/branches/{branch}/protection`: only the parts a
 * rule has (no `required_pull_request_reviews` when no pull request is
 * required, no `required_status_checks` when no check is), as GitHub answers.
 *
 * @example
 * branchProtection(world, repo, "main", rule).enforce_admins; // { url, enabled: true }
 */
export function branchProtection(world: World, repo: RepoRecord, name: string, rule: BranchProtectionRecord): Record<string, unknown> {
  const url = `${world.apiUrl}/repos/${repo.fullName}/branches/${encodeURIComponent(name)}/protection`;
  const off = { enabled: false };
  return {
    url,
    ...(rule.requiredChecks.length > 0
      ? {
          required_status_checks: {
            url: `${url}/required_status_checks`,
            strict: false,
            contexts: rule.requiredChecks,
            checks: rule.requiredChecks.map((context) => ({ context, app_id: rule.requiredCheckApps?.[context] ?? null })),
            contexts_url: `${url}/required_status_checks/contexts`,
          },
        }
      : {}),
    enforce_admins: { url: `${url}/enforce_admins`, enabled: rule.enforceAdmins },
    ...(rule.requiredReviews !== undefined
      ? {
          required_pull_request_reviews: {
            url: `${url}/required_pull_request_reviews`,
            dismiss_stale_reviews: true,
            require_code_owner_reviews: rule.codeOwnerReviews,
            required_approving_review_count: rule.requiredReviews,
            require_last_push_approval: false,
          },
        }
      : {}),
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
    required_linear_history: off,
    allow_force_pushes: off,
    allow_deletions: off,
    block_creations: off,
    required_conversation_resolution: off,
    lock_branch: off,
    allow_fork_syncing: off,
  };
}
