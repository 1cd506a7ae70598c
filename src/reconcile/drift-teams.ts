import type { DriftPerson } from "../core/drift.js";
import type { GitHubClient } from "../github/client.js";
import type { ReconcileDeps } from "./reconcile.js";
import type { SweepFailures } from "./sweep-failures.js";

/**
 * The teams the default-branch policies of an installation's repositories
 * name, as `owner\u0000team`, added to `teams`, for the drift sweep. A
 * repository whose policies cannot be read is noted in `failures` and
 * skipped: it keeps no other repository's teams from their check.
 *
 * @example
 * await managedTeams(deps, github, 42, failures, teams);
 */
export async function managedTeams(deps: Pick<ReconcileDeps, "policies">, github: GitHubClient, installationId: number, failures: SweepFailures, teams: Set<string>): Promise<void> {
  for (const { owner, repo } of await github.listRepositories()) {
    await failures.attempt({ installationId, repo: `${owner}/${repo}` }, async () => {
      const load = await deps.policies.load(github, installationId, owner, repo);
      if (load.kind === "ok") for (const team of load.policies.teams.keys()) teams.add(`${owner}\u0000${team}`);
    });
  }
}

/**
 * The members of a policy's `standing.teams`, for the drift guard: a team
 * created under one of those slugs after the policy's commit took the slug
 * of the team the policy meant (renamed or deleted), so its members are not
 * standing (core/team-age.ts), and someone added by hand beside them is
 * drift. Such a team is logged, once per check.
 *
 * @example
 * const standing = await standingTeamMembers(github, "acme", ["sre"], committedAt, log);
 */
export async function standingTeamMembers(github: GitHubClient, org: string, slugs: readonly string[], committedAt: number | undefined, log: ReconcileDeps["log"]): Promise<DriftPerson[]> {
  const out: DriftPerson[] = [];
  for (const slug of slugs) {
    const created = committedAt === undefined ? undefined : await github.teamCreatedAt(org, slug);
    if (created !== undefined && committedAt !== undefined && created > committedAt) {
      log.warn({ team: slug, createdAt: new Date(created).toISOString(), policyCommittedAt: new Date(committedAt).toISOString() }, "a standing team was created after the policy naming it was committed: its members are not standing until the policy is committed again");
      continue;
    }
    out.push(...(await github.listTeamMembers(org, slug)));
  }
  return out;
}
