import type { Logger } from "pino";
import type { PolicyLoad } from "../core/policy.js";
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
 * Checks the policies at a pull request's head commit and posts the result
 * as the check run "jit-access policies" on that commit: annotations go 50
 * to a request, the first with the run, the rest as updates that GitHub
 * appends. Every pull request is checked in full, whatever files it lists:
 * README asks for the check to be required, and a run posted from the file
 * list alone ("no policy file changed") could be wrong for the commit it
 * lands on (GitHub lists at most 3,000 files, lists the pull request's
 * current head rather than the event's, and a base changed later does not
 * move the head). What is read is the policy folder at the head commit,
 * compared with the default branch: a pull request that changes no policy
 * passes as "no change to who can get access", one whose head holds invalid
 * policies fails, wherever the invalid file came from. A repository with no
 * policies at its head or on its default branch passes as such.
 *
 * @example
 * await runPolicyCheck({ installationId: 42, owner: "acme", repo: "access", number: 7, headSha }, deps);
 */
export async function runPolicyCheck(pr: PullRequestHead, deps: PolicyCheckDeps): Promise<PolicyCheckResult> {
  const github = await deps.github(pr.installationId);
  const [head, base] = await Promise.all([
    deps.policies.loadAt(github, pr.installationId, pr.owner, pr.repo, pr.headSha),
    deps.policies.load(github, pr.installationId, pr.owner, pr.repo),
  ]);
  // A repository the list leaves out is told so without the list: the check shows on every pull request there, to whoever can read it.
  const none = (load: Extract<PolicyLoad, { kind: "missing" }>) => NO_POLICIES(load.unlisted ? "it is not one of the repositories whose policies this app obeys (JIT_ACCESS_REPOSITORIES)" : load.message);
  const result = base.kind === "missing" && base.pinMismatch ? PINNED_ELSEWHERE(base.message) : head.kind === "missing" && base.kind === "missing" ? none(base) : policyCheckResult(head, base);
  const { title, summary } = result;
  const [first = [], ...rest] = batches(result.annotations, ANNOTATIONS_PER_REQUEST);
  const { id } = await github.createCheckRun(pr.owner, pr.repo, { name: CHECK_NAME, headSha: pr.headSha, conclusion: result.conclusion, output: { title, summary, annotations: first } });
  for (const annotations of rest) await github.updateCheckRun(pr.owner, pr.repo, id, { title, summary, annotations });
  deps.log.info({ pull: `${pr.owner}/${pr.repo}#${pr.number}`, conclusion: result.conclusion, annotations: result.annotations.length }, "policy check");
  return result;
}

/** Neither the head nor the default branch has policies that count: nothing is granted from here before or after. */
const NO_POLICIES = (why: string): PolicyCheckResult => ({
  conclusion: "success",
  title: "No policies in this repository",
  summary: `Nothing is granted from this repository, before or after this change: ${why}.`,
  annotations: [],
});

/**
 * JIT_ACCESS_REPOSITORIES pins this name to another repository: nothing here
 * is obeyed, and the change cannot be judged against the policies that
 * count; failed, so that a wrong pin is seen before policies merge unchecked.
 */
const PINNED_ELSEWHERE = (why: string): PolicyCheckResult => ({
  conclusion: "failure",
  title: "JIT_ACCESS_REPOSITORIES pins another repository under this name",
  summary: `${why}.`,
  annotations: [],
});

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
