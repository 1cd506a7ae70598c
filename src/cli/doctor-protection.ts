import type { Octokit } from "../github/client.js";
import { branchProtected, branchProtection, branchRules, defaultBranch, fileText } from "../github/doctor-reads.js";
import { statusOf } from "../github/errors.js";
import { CHECK_NAME } from "../policy-check/check-result.js";
import type { Finding } from "./doctor-checks.js";

const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];
const GUIDE = 'see README "Protect policies/"';

/** What a rule on the default branch requires of a change to it, as far as doctor could read. */
interface Requirement {
  /** Who set it, for the messages: "a ruleset" or "branch protection". */
  source: string;
  /** Approving reviews a pull request needs; undefined: no pull request required. */
  reviews: number | undefined;
  codeOwners: boolean;
  /** Whether administrators are bound too; undefined: doctor cannot read it (rulesets' bypass list). */
  admins: boolean | undefined;
  /** Required status checks, by name, each with the app it must come from (undefined or null: any source). */
  checks: { context: string; app?: number | null | undefined }[];
}

/**
 * Whoever can push to the policy folder on the default branch decides who
 * joins which team: is a reviewed pull request required there (a ruleset's
 * `pull_request` rule, or a classic branch protection rule), from code
 * owners, for administrators too, with the \`jit-access policies\` check
 * required; and do code owners cover the folder? A classic rule's details
 * need `administration: read`, which the app does not ask for: they are read
 * with `reader` (an owner's token when given), and when GitHub refuses, the
 * findings say what could not be checked.
 *
 * @example
 * const findings = await protectionFindings(octokit, octokit, { owner: "acme", repo: "access" }, "policies");
 */
export async function protectionFindings(octokit: Octokit, reader: Octokit, target: { owner: string; repo: string }, folder: string, appId?: number): Promise<Finding[]> {
  const where = `${target.owner}/${target.repo}`;
  const branch = await defaultBranch(octokit, target);
  const rules = await branchRules(octokit, target, branch);
  const review = rules.find((rule) => rule.type === "pull_request") as { parameters?: { required_approving_review_count?: number; require_code_owner_review?: boolean } } | undefined;
  const findings: Finding[] = [];
  if (review) {
    const checks = rules.flatMap((rule) => (rule.type === "required_status_checks" ? ((rule as { parameters?: { required_status_checks?: { context: string; integration_id?: number }[] } }).parameters?.required_status_checks ?? []).map((c) => ({ context: c.context, app: c.integration_id })) : []));
    const codeOwners = review.parameters?.require_code_owner_review ?? false;
    findings.push(...requirementFindings(`${where}:${branch}`, { source: "a ruleset", reviews: review.parameters?.required_approving_review_count ?? 0, codeOwners, admins: undefined, checks }, appId));
  } else if (await branchProtected(octokit, target, branch)) {
    findings.push(...(await classicFindings(reader, target, branch, appId)));
  } else {
    findings.push({ ok: false, blocking: true, message: `${where}:${branch} is not protected: anyone who can push there decides who joins which team, admin teams included; add a ruleset or branch protection requiring a reviewed pull request (${GUIDE})` });
  }
  findings.push(await codeOwnersFinding(octokit, target, branch, folder));
  return findings;
}

async function classicFindings(reader: Octokit, target: { owner: string; repo: string }, branch: string, appId?: number): Promise<Finding[]> {
  const where = `${target.owner}/${target.repo}:${branch}`;
  let rule;
  try {
    rule = await branchProtection(reader, target, branch);
  } catch (error) {
    const status = statusOf(error);
    if (status !== 401 && status !== 403 && status !== 404) throw error;
    const why = status === 401 ? "GitHub refused JIT_ACCESS_DOCTOR_TOKEN (401): make a new token" : `GitHub answered ${status}: reading them needs administration: read, an optional permission jit-access does not ask for`;
    return [
      { ok: true, blocking: false, message: `${where} has branch protection` },
      {
        ok: false,
        blocking: false,
        message: `cannot read the rules of ${where}'s branch protection (${why}): make sure it requires a pull request with an approving review, review from code owners, applies to administrators, and requires the check "${CHECK_NAME}"; or grant the app administration: read, or set JIT_ACCESS_DOCTOR_TOKEN to an organisation owner's token, and run doctor again (${GUIDE})`,
      },
    ];
  }
  const reviews = rule.required_pull_request_reviews;
  // A check listed in `checks` says which app it must come from; one listed only in `contexts`, none.
  const pinned = (rule.required_status_checks?.checks ?? []).map((c) => ({ context: c.context, app: c.app_id }));
  const checks = [...(rule.required_status_checks?.contexts ?? []).filter((context) => !pinned.some((c) => c.context === context)).map((context) => ({ context })), ...pinned];
  return requirementFindings(where, { source: "branch protection", reviews: reviews ? (reviews.required_approving_review_count ?? 0) : undefined, codeOwners: reviews?.require_code_owner_reviews ?? false, admins: rule.enforce_admins?.enabled ?? false, checks }, appId);
}

function requirementFindings(where: string, rule: Requirement, appId?: number): Finding[] {
  if (rule.reviews === undefined) {
    return [{ ok: false, blocking: true, message: `${rule.source} on ${where} does not require a pull request: anyone who can push there decides who joins which team; tick "Require a pull request before merging" with at least 1 approval (${GUIDE})` }];
  }
  if (rule.reviews < 1) {
    return [{ ok: false, blocking: true, message: `${rule.source} requires a pull request on ${where} but no approving review: set "Required approvals" to at least 1 (${GUIDE})` }];
  }
  const findings: Finding[] = [{ ok: true, blocking: false, message: `${rule.source} requires a pull request with ${rule.reviews} approving review(s) on ${where}` }];
  const advise = (message: string) => findings.push({ ok: false, blocking: false, message: `${rule.source} on ${where} ${message} (${GUIDE})` });
  if (!rule.codeOwners) advise(`does not require review from code owners: tick "Require review from Code Owners", so the owners of policies/ must approve every change`);
  if (rule.admins === false) advise(`does not apply to administrators, who can change policies/ unreviewed: tick "Do not allow bypassing the above settings"`);
  const check = rule.checks.filter((c) => c.context === CHECK_NAME);
  if (check.length === 0) advise(`does not require the check "${CHECK_NAME}", so an invalid policy can merge: add it under "Require status checks to pass"`);
  else if (appId !== undefined && !check.some((c) => c.app === appId)) {
    // Any source may report a check of that name: a commit status, or an Actions job named so, by anyone who can push.
    advise(`requires the check "${CHECK_NAME}" without the jit-access app (id ${appId}) as its source, so another source may pass it (anyone who can push, with a commit status or a workflow of that name): choose the jit-access app as the check's source`);
  }
  return findings;
}

async function codeOwnersFinding(octokit: Octokit, target: { owner: string; repo: string }, branch: string, folder: string): Promise<Finding> {
  for (const path of CODEOWNERS_PATHS) {
    const text = await fileText(octokit, target, path, branch);
    if (text === undefined) continue;
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
