import { notFound } from "./http-error.js";
import type { IssueRecord, PullRecord, RepoRecord } from "./model.js";
import { checkRun } from "./shapes/check-run.js";
import { emit } from "./webhook-payloads.js";
import type { World } from "./world.js";

/**
 * "Re-run" on a check run in the Checks tab: GitHub sends
 * `check_run.rerequested` to the app that made it, naming the open pull
 * requests whose head is the run's commit.
 *
 * @example
 * rerequestCheckRun(world, "alice", "acme/access", 1042);
 */
export function rerequestCheckRun(world: World, login: string, fullName: string, id: number): void {
  const repo = world.repo(fullName);
  const record = world.checkRuns.get(id);
  if (!record || record.repo !== repo.fullName) throw notFound(`check run ${id} in ${repo.fullName}`);
  const pulls = [...repo.issues.values()].filter((issue): issue is IssueRecord & { pull: PullRecord } => issue.pull !== undefined && issue.state === "open" && issue.pull.headSha === record.headSha);
  const run = checkRun(world, record);
  // Webhooks spell an unset external id as "", and the details URL falls back to the run's page.
  const unset = { external_id: run["external_id"] ?? "", details_url: run["details_url"] ?? run["html_url"] };
  emit(world, repo.fullName, "check_run", { action: "rerequested", check_run: { ...run, ...unset, pull_requests: pulls.map((issue) => pullRequestMinimal(world, repo, issue)) } }, login);
}

/** GitHub's `pull-request-minimal`, as check runs and suites name their pull requests. */
function pullRequestMinimal(world: World, repo: RepoRecord, issue: IssueRecord & { pull: PullRecord }): Record<string, unknown> {
  const repoRef = { id: repo.id, url: `${world.apiUrl}/repos/${repo.fullName}`, name: repo.name };
  return {
    id: issue.pull.id,
    number: issue.number,
    url: `${world.apiUrl}/repos/${repo.fullName}/pulls/${issue.number}`,
    head: { ref: issue.pull.headRef, sha: issue.pull.headSha, repo: repoRef },
    base: { ref: issue.pull.baseRef, sha: issue.pull.baseSha, repo: repoRef },
  };
}
