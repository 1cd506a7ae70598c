import type { Probot } from "probot";
import { failingPlainly } from "../webhook-failure.js";
import { CHECK_NAME } from "./check-result.js";
import { runPolicyCheck, type PolicyCheckDeps } from "./run-policy-check.js";

/** The pull request events after which its head may hold different policies. */
const EVENTS = ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"] as const;

/**
 * Checks policy changes on pull requests: on each new head of a pull
 * request that touches the policy folder, and when someone re-runs the
 * check, the check run "jit-access policies" says whether the policies are
 * valid and what the change does.
 *
 * @example
 * registerPolicyCheck(probot, { github, policies, log });
 */
export function registerPolicyCheck(probot: Probot, deps: PolicyCheckDeps): void {
  probot.on([...EVENTS], failingPlainly(async (context) => {
    const { installation, repository, pull_request: pull } = context.payload;
    if (!installation) return;
    await runPolicyCheck(
      { installationId: installation.id, owner: repository.owner.login, repo: repository.name, number: pull.number, headSha: pull.head.sha },
      { ...deps, log: context.log },
    );
  }, deps.masker));
  // "Re-run" in the Checks tab: check the pull requests of that commit again (GitHub names those of this repository only).
  probot.on("check_run.rerequested", failingPlainly(async (context) => {
    const { installation, repository, check_run: run } = context.payload;
    if (!installation || run.name !== CHECK_NAME) return;
    for (const pull of run.pull_requests) {
      await runPolicyCheck(
        { installationId: installation.id, owner: repository.owner.login, repo: repository.name, number: pull.number, headSha: run.head_sha },
        { ...deps, log: context.log },
      );
    }
  }, deps.masker));
}
