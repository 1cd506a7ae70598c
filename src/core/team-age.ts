import type { Directory } from "./input.js";
import { numberFor } from "./pinned-account.js";

/*
 * Teams a policy names by slug (approvers, requesters, break-glass
 * requesters). A slug follows its team's name: a team renamed or deleted
 * gives it up, and any member of the organisation who may create teams can
 * create one under it and be its member. A team created after the commit of
 * the policy naming it is not the team that policy meant, as a login held by
 * an account created after the commit is not the person it meant
 * (eligibility.ts). Its members do not count until a maintainer commits the
 * policy again after the team's creation. The managed team itself is held
 * by its ids (team-ids.ts).
 */

/**
 * When the team now under `slug` was created, if after the commit of the
 * policies in force; otherwise undefined (older, or either date unknown).
 *
 * @example
 * takenAfterPolicy("platform-leads", { org: {}, teams: {}, teamsCreated: { "platform-leads": 5 }, policyCommittedAt: 1 }); // 5
 */
export function takenAfterPolicy(slug: string, directory: Directory): number | undefined {
  const created = numberFor(directory.teamsCreated, slug);
  const committed = directory.policyCommittedAt;
  return created === undefined || committed === undefined || created <= committed ? undefined : created;
}

/**
 * Whether `login` (lower case) is an active member of one of `teams` that
 * counts: one not created after the policy's commit.
 *
 * @example
 * inCountedTeam("bob", ["platform-leads"], directory); // true
 */
export function inCountedTeam(login: string, teams: readonly string[], directory: Directory): boolean {
  return teams.some((t) => directory.teams[t]?.[login] === true && takenAfterPolicy(t, directory) === undefined);
}

/**
 * Why a member of a listed team does not count through it: the team was
 * created after the policy naming it in `field` was committed. Undefined
 * when `login` is a member of no such team.
 *
 * @example
 * takenTeamProblem("bob", ["platform-leads"], directory, "approvers.teams");
 * // "@bob is a member of team `platform-leads`, but the team now under that name was created on …"
 */
export function takenTeamProblem(login: string, teams: readonly string[], directory: Directory, field: string): string | undefined {
  const lower = login.toLowerCase();
  for (const slug of teams) {
    const created = directory.teams[slug]?.[lower] === true ? takenAfterPolicy(slug, directory) : undefined;
    if (created === undefined) continue;
    return `@${login} is a member of team \`${slug}\`, but the team now under that name was created on ${new Date(created).toISOString()}, after the policy naming it in \`${field}\` was committed (${new Date(directory.policyCommittedAt!).toISOString()}): the team the policy meant was renamed or deleted and another took its name, so its members do not count; a maintainer must confirm the team in the policy again (commit it anew)`;
  }
  return undefined;
}
