import type { Logger } from "pino";
import type { GitHubClient } from "../github/client.js";
import type { PolicyLoader } from "../github/load-policies.js";
import type { Masker } from "../masking/index.js";
import { CHECK_NAME, policyCheckResult, type PolicyCheckResult } from "./check-result.js";

/** GitHub takes at most this many annotations per create or update request. */
const ANNOTATIONS_PER_REQUEST = 50;

export interface PolicyCheckDeps {
  github(installationId: number): Promise<GitHubClient>;
  policies: PolicyLoader;
  log: Logger;
  /** The masker of an installation (its policies' patterns too), for the log of a failed handler. */
  masker: (installationId: number) => Masker;
}

export interface PullRequestHead {
  installationId: number;
  owner: string;
  repo: string;
  number: number;
  headSha: string;
}

/**
 * Checks the policies of a pull request that changes the policy folder and
 * posts the result as the check run "jit-access policies" on its head
 * commit: annotations go 50 to a request, the first with the run, the rest
 * as updates that GitHub appends. A pull request that does not touch the
 * policies gets a passing run that says so: README asks for the check to be
 * required on the default branch, and GitHub waits for a required check that
 * never comes, so every other pull request could not merge.
 *
 * @example
 * await runPolicyCheck({ installationId: 42, owner: "acme", repo: "access", number: 7, headSha }, deps);
 */
export async function runPolicyCheck(pr: PullRequestHead, deps: PolicyCheckDeps): Promise<PolicyCheckResult> {
  const github = await deps.github(pr.installationId);
  const folder = `${deps.policies.folder}/`;
  const files = await github.listPullRequestFiles(pr.owner, pr.repo, pr.number);
  // GitHub lists at most 3,000 files: a longer list may hide a policy file past its end, so it is checked in full.
  if (files.length < MAX_LISTED_FILES && !files.some((f) => f.filename.startsWith(folder) || f.previousFilename?.startsWith(folder))) {
    const unchanged: PolicyCheckResult = { conclusion: "success", title: "No policy file changed", summary: `This pull request changes nothing under \`${folder}\`: the policies in force stay as they are.`, annotations: [] };
    await github.createCheckRun(pr.owner, pr.repo, { name: CHECK_NAME, headSha: pr.headSha, conclusion: unchanged.conclusion, output: { title: unchanged.title, summary: unchanged.summary, annotations: [] } });
    return unchanged;
  }

  const [head, base] = await Promise.all([
    deps.policies.loadAt(github, pr.installationId, pr.owner, pr.repo, pr.headSha),
    deps.policies.load(github, pr.installationId, pr.owner, pr.repo),
  ]);
  const result = policyCheckResult(head, base);
  const { title, summary } = result;
  const [first = [], ...rest] = batches(result.annotations, ANNOTATIONS_PER_REQUEST);
  const { id } = await github.createCheckRun(pr.owner, pr.repo, { name: CHECK_NAME, headSha: pr.headSha, conclusion: result.conclusion, output: { title, summary, annotations: first } });
  for (const annotations of rest) await github.updateCheckRun(pr.owner, pr.repo, id, { title, summary, annotations });
  deps.log.info({ pull: `${pr.owner}/${pr.repo}#${pr.number}`, conclusion: result.conclusion, annotations: result.annotations.length }, "policy check");
  return result;
}

/** The most files GitHub lists for a pull request ("Responses include a maximum of 3000 files"). */
const MAX_LISTED_FILES = 3000;

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
