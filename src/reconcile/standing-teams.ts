import type { GitHubClient } from "../github/client.js";
import type { ReconcileDeps } from "./reconcile.js";
import type { DriftPerson } from "../core/drift.js";

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
