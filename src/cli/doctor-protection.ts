import type { Probot } from "probot";
import { statusOf } from "../github/errors.js";
import type { Finding } from "./doctor-checks.js";

type Octokit = Awaited<ReturnType<Probot["auth"]>>;

const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];
const GUIDE = 'see README "Protect policies/"';

/**
 * Whoever can push to the policy folder on the default branch decides who
 * joins which team: is a reviewed pull request required there (a ruleset's
 * `pull_request` rule, or a classic branch protection rule, whose details
 * need a permission the app does not ask for), and do code owners cover the folder?
 *
 * @example
 * const findings = await protectionFindings(octokit, { owner: "acme", repo: "access" }, "policies");
 */
export async function protectionFindings(octokit: Octokit, target: { owner: string; repo: string }, folder: string): Promise<Finding[]> {
  const where = `${target.owner}/${target.repo}`;
  const { default_branch: branch } = (await octokit.rest.repos.get(target)).data;
  const rules = await octokit.paginate(octokit.rest.repos.getBranchRules, { ...target, branch, per_page: 100 });
  const review = rules.find((rule) => rule.type === "pull_request");
  const findings: Finding[] = [];
  if (review) {
    const count = (review as { parameters?: { required_approving_review_count?: number } }).parameters?.required_approving_review_count ?? 0;
    findings.push(
      count > 0
        ? { ok: true, blocking: false, message: `a ruleset requires a pull request with ${count} approving review(s) on ${where}:${branch}` }
        : { ok: false, blocking: true, message: `a ruleset requires a pull request on ${where}:${branch} but no approving review: set "Required approvals" to at least 1 (${GUIDE})` },
    );
  } else if ((await octokit.rest.repos.getBranch({ ...target, branch })).data.protected) {
    findings.push({ ok: true, blocking: false, message: `${where}:${branch} has branch protection (make sure it requires a reviewed pull request and applies to administrators; the app cannot read its rules)` });
  } else {
    findings.push({ ok: false, blocking: true, message: `${where}:${branch} is not protected: anyone who can push there decides who joins which team, admin teams included; add a ruleset or branch protection requiring a reviewed pull request (${GUIDE})` });
  }
  findings.push(await codeOwnersFinding(octokit, target, branch, folder));
  return findings;
}

async function codeOwnersFinding(octokit: Octokit, target: { owner: string; repo: string }, branch: string, folder: string): Promise<Finding> {
  for (const path of CODEOWNERS_PATHS) {
    let text: string;
    try {
      const { data } = await octokit.rest.repos.getContent({ ...target, path, ref: branch });
      if (Array.isArray(data) || data.type !== "file" || !("content" in data)) continue;
      text = Buffer.from(data.content, "base64").toString("utf8");
    } catch (error) {
      if (statusOf(error) === 404) continue;
      throw error;
    }
    const owners = text.split("\n").map((line) => line.trim().split(/\s+/)).filter(([pattern, ...who]) => pattern !== undefined && !pattern.startsWith("#") && who.length > 0 && covers(pattern, folder));
    if (owners.length > 0) return { ok: true, blocking: false, message: `${path} names owners for ${folder}/: ${owners.at(-1)?.slice(1).join(" ")}` };
    return { ok: false, blocking: false, message: `${path} names no owner for ${folder}/: add "/${folder}/ @your-org/security" so the security team reviews every policy change (${GUIDE})` };
  }
  return { ok: false, blocking: false, message: `no CODEOWNERS file: add .github/CODEOWNERS with "/${folder}/ @your-org/security" so the security team reviews every policy change (${GUIDE})` };
}

/** Whether a CODEOWNERS pattern covers the folder: the folder itself (anchored or not, with or without a glob), or everything. */
function covers(pattern: string, folder: string): boolean {
  const bare = pattern.replace(/^\//, "").replace(/\/(\*\*?)?$/, "");
  return pattern === "*" || pattern === "/**" || bare === folder;
}
