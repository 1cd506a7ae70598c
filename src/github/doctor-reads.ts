import { ProbotOctokit } from "probot";
import type { Octokit } from "./client.js";
import { call, statusOf, toGitHubError } from "./errors.js";

/**
 * The reads `jit-access doctor` makes of a repository, an organisation and
 * its teams, beyond what the app itself reads through GitHubClient. Each
 * failure is a GitHubError of its kind; what doctor makes of a 404 or a 403
 * stays in src/cli.
 */

type Target = { owner: string; repo: string };

/**
 * An Octokit on a person's token (an organisation owner's, for what GitHub
 * does not let apps read).
 *
 * @example
 * const reader = tokenOctokit(env.JIT_ACCESS_DOCTOR_TOKEN, undefined);
 */
export function tokenOctokit(token: string, baseUrl: string | undefined): Octokit {
  return new ProbotOctokit({ auth: { token }, ...(baseUrl ? { baseUrl } : {}) });
}

/**
 * The names of a repository's labels, every page.
 *
 * @example
 * (await labelNames(octokit, { owner: "acme", repo: "access" })).includes("access-request");
 */
export async function labelNames(octokit: Octokit, target: Target): Promise<string[]> {
  const labels = await call("GET /repos/{owner}/{repo}/labels", () => octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...target, per_page: 100 }));
  return labels.map((l) => l.name);
}

/**
 * A repository's full name and id now: GitHub answers a renamed or
 * transferred repository's old name with a redirect to it, which Octokit
 * follows.
 *
 * @example
 * await repoNow(octokit, { owner: "acme", repo: "access" }); // { fullName: "acme/access-requests", id: 1296269 } once renamed
 */
export async function repoNow(octokit: Octokit, target: Target): Promise<{ fullName: string; id: number }> {
  const { data } = await call("GET /repos/{owner}/{repo}", () => octokit.rest.repos.get(target));
  return { fullName: data.full_name, id: data.id };
}

/**
 * Whether a team exists in the organisation (and the token can see it).
 *
 * @example
 * await teamExists(octokit, "acme", "platform-admins"); // true
 */
export async function teamExists(octokit: Octokit, org: string, team: string): Promise<boolean> {
  try {
    await octokit.rest.teams.getByName({ org, team_slug: team });
    return true;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw toGitHubError(error, "GET /orgs/{org}/teams/{team_slug}");
  }
}

/** The slug of the team `team` is nested under; undefined when none, or when the team does not exist. */
export async function teamParent(octokit: Octokit, org: string, team: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.teams.getByName({ org, team_slug: team });
    return data.parent?.slug ?? undefined;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw toGitHubError(error, "GET /orgs/{org}/teams/{team_slug}");
  }
}

/**
 * A repository's default branch.
 *
 * @example
 * await defaultBranch(octokit, { owner: "acme", repo: "access" }); // "main"
 */
export async function defaultBranch(octokit: Octokit, target: Target): Promise<string> {
  const { data } = await call("GET /repos/{owner}/{repo}", () => octokit.rest.repos.get(target));
  return data.default_branch;
}

/** One rule that applies to a branch (rulesets), as GitHub lists it. */
export interface BranchRule {
  type: string;
  parameters?: unknown;
}

/**
 * The rules every ruleset applies to a branch, every page.
 *
 * @example
 * (await branchRules(octokit, target, "main")).some((rule) => rule.type === "pull_request");
 */
export async function branchRules(octokit: Octokit, target: Target, branch: string): Promise<BranchRule[]> {
  return call("GET /repos/{owner}/{repo}/rules/branches/{branch}", () => octokit.paginate(octokit.rest.repos.getBranchRules, { ...target, branch, per_page: 100 }));
}

/**
 * Whether a classic branch protection rule protects the branch.
 *
 * @example
 * await branchProtected(octokit, target, "main"); // true
 */
export async function branchProtected(octokit: Octokit, target: Target, branch: string): Promise<boolean> {
  const { data } = await call("GET /repos/{owner}/{repo}/branches/{branch}", () => octokit.rest.repos.getBranch({ ...target, branch }));
  return data.protected;
}

export type BranchProtection = Awaited<ReturnType<Octokit["rest"]["repos"]["getBranchProtection"]>>["data"];

/**
 * A classic branch protection rule's settings; GitHub answers 403 to a
 * token without `administration: read`.
 *
 * @example
 * (await branchProtection(reader, target, "main")).enforce_admins?.enabled;
 */
export async function branchProtection(octokit: Octokit, target: Target, branch: string): Promise<BranchProtection> {
  const { data } = await call("GET /repos/{owner}/{repo}/branches/{branch}/protection", () => octokit.rest.repos.getBranchProtection({ ...target, branch }));
  return data;
}

/**
 * A file's text at a ref, or undefined when there is no such file (a
 * folder, a link and a submodule are no file either).
 *
 * @example
 * await fileText(octokit, target, ".github/CODEOWNERS", "main");
 */
export async function fileText(octokit: Octokit, target: Target, path: string, ref: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...target, path, ref });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return undefined;
    return Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw toGitHubError(error, "GET /repos/{owner}/{repo}/contents/{path}");
  }
}

const TEAM_SYNC = "GET /orgs/{org}/teams/{team_slug}/team-sync/group-mappings";

/**
 * The identity-provider groups a team is synced with (none: not synced).
 * GitHub opens this API to an organisation owner's token only.
 *
 * @example
 * await teamSyncGroups(reader, "acme", "platform-admins"); // ["Platform admins"]
 */
export async function teamSyncGroups(octokit: Octokit, org: string, team: string): Promise<string[]> {
  const { data } = await call(TEAM_SYNC, () => octokit.request(TEAM_SYNC, { org, team_slug: team }));
  return ((data as { groups?: { group_name: string }[] }).groups ?? []).map((g) => g.group_name);
}
