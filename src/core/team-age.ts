import type { Directory } from "./input.js";
import { numberFor } from "./pinned-account.js";
import type { Principals } from "./policy.js";

/*
 * Teams a policy names by slug (approvers, requesters, break-glass
 * requesters, standing). A slug follows its team's name: a team renamed or
 * deleted gives it up, and another team can take it, a new one (any member
 * who may create teams can make one) or an older one renamed (by its
 * maintainers). A slug pinned to its team (`{ slug, id }`) counts only while
 * that team holds it, whatever happened since. An unpinned slug held by a
 * team created after the commit of the policy naming it is not the team the
 * policy meant either, as a login held by an account created after the
 * commit is not the person it meant (eligibility.ts); an older team renamed
 * into it shows nothing that tells it apart, which only a pin closes. The
 * managed team itself is held by its ids (team-ids.ts).
 */

/** Which teams a policy names, and the slugs it pins. */
type NamedTeams = Pick<Principals, "teams" | "teamIds">;

/**
 * Why the team now under `slug` is not the team `who` names: the slug is
 * pinned to another team (`now`: the id of the team holding it, if any), or,
 * unpinned, it is held by a team created after the policy's commit.
 * Undefined when it is the team meant, as far as can be told.
 *
 * @example
 * notTheTeamMeant("platform-leads", { teams: ["platform-leads"], teamIds: { "platform-leads": 42 } }, directory); // { pinned: 42, now: 99 }
 */
export function notTheTeamMeant(slug: string, who: NamedTeams, directory: Directory): { pinned: number; now?: number } | { created: number } | undefined {
  const now = directory.teamsNow !== undefined && Object.hasOwn(directory.teamsNow, slug) ? directory.teamsNow[slug] : undefined;
  const pinned = numberFor(who.teamIds, slug);
  if (pinned !== undefined) return now?.id === pinned ? undefined : now === undefined ? { pinned } : { pinned, now: now.id };
  const committed = directory.policyCommittedAt;
  return now?.createdAt === undefined || committed === undefined || now.createdAt <= committed ? undefined : { created: now.createdAt };
}

/**
 * Whether `login` (lower case) is an active member of one of the teams
 * `who` names that is the team meant (see {@link notTheTeamMeant}).
 *
 * @example
 * inCountedTeam("bob", policy.approvers, directory); // true
 */
export function inCountedTeam(login: string, who: NamedTeams, directory: Directory): boolean {
  return who.teams.some((t) => directory.teams[t]?.[login] === true && notTheTeamMeant(t, who, directory) === undefined);
}

/**
 * Why a member of a team `who` names in `field` does not count through it:
 * the team holding the slug is not the team meant. Undefined when `login`
 * is a member of no such team.
 *
 * @example
 * takenTeamProblem("bob", policy.approvers, directory, "approvers.teams");
 * // "@bob is a member of team `platform-leads`, but the team now under that name was created on …"
 */
export function takenTeamProblem(login: string, who: NamedTeams, directory: Directory, field: string): string | undefined {
  const lower = login.toLowerCase();
  for (const slug of who.teams) {
    const why = directory.teams[slug]?.[lower] === true ? notTheTeamMeant(slug, who, directory) : undefined;
    if (why === undefined) continue;
    if ("pinned" in why) {
      const holder = why.now === undefined ? "jit-access could not read which team holds it now" : `it is now held by the team with id ${why.now}`;
      return `@${login} is a member of team \`${slug}\`, but \`${field}\` pins that name to the team with id ${why.pinned} and ${holder} (renamed into it or created under it since), so its members do not count; a maintainer must pin the name to the right team in the policy`;
    }
    return `@${login} is a member of team \`${slug}\`, but the team now under that name was created on ${new Date(why.created).toISOString()}, after the policy naming it in \`${field}\` was committed (${new Date(directory.policyCommittedAt!).toISOString()}): the team the policy meant was renamed or deleted and another took its name, so its members do not count; a maintainer must confirm the team in the policy again (commit it anew, or pin it: \`{ slug: ${slug}, id: <its id> }\`)`;
  }
  return undefined;
}
