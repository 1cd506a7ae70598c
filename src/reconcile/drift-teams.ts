import type { DriftPerson } from "../core/drift.js";
import { numberFor } from "../core/pinned-account.js";
import { notTheTeamMeant } from "../core/team-age.js";
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
 * The members of a policy's `standing.teams`, and the teams that count, for
 * the drift guard: a team holding one of those slugs that is not the team
 * the policy meant (another than the one the slug is pinned to, or,
 * unpinned, one created after the policy's commit: core/team-age.ts) makes
 * nobody standing, someone added by hand beside its members is drift, and
 * it is no allowed child team either. Such a team is logged, once per check.
 *
 * @example
 * const { members, teams } = await standingTeamMembers(github, "acme", ["sre"], { sre: 4217 }, committedAt, log);
 */
export async function standingTeamMembers(github: GitHubClient, org: string, slugs: readonly string[], teamIds: Readonly<Record<string, number>> | undefined, committedAt: number | undefined, log: ReconcileDeps["log"]): Promise<{ members: DriftPerson[]; teams: string[] }> {
  const out: DriftPerson[] = [];
  const teams: string[] = [];
  for (const slug of slugs) {
    const pinned = numberFor(teamIds, slug);
    const now = committedAt === undefined && pinned === undefined ? undefined : await github.teamNow(org, slug);
    const why = notTheTeamMeant(slug, { teams: [...slugs], ...(teamIds === undefined ? {} : { teamIds }) }, { org: {}, teams: {}, ...(now === undefined ? {} : { teamsNow: { [slug]: now } }), ...(committedAt === undefined ? {} : { policyCommittedAt: committedAt }) });
    if (why !== undefined) {
      log.warn({ team: slug, ...why }, "a standing team is not the team the policy meant (another team holds its name): its members are not standing until the policy names the right one");
      continue;
    }
    teams.push(slug);
    out.push(...(await github.listTeamMembers(org, slug)));
  }
  return { members: out, teams };
}
