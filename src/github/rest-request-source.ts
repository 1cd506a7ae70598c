import type { RequestSource } from "../reconcile/request-source.js";
import type { GitHubClient } from "./client.js";

/**
 * The request source over GitHub's API: every read delegates to the
 * GitHubClient, which keeps its conditional requests (an unchanged answer
 * costs no rate limit), its masking and its typed errors.
 *
 * @example
 * const source = cachedSource(restRequestSource(await deps.github(installationId)));
 * const { issue, entries } = await source.readRequest(ref);
 */
export function restRequestSource(github: GitHubClient): RequestSource {
  return {
    readRequest: (ref) => github.readRequest(ref),
    isOrgMember: (org, login) => github.isOrgMember(org, login),
    account: (login) => github.account(login),
    teamNow: (org, team) => github.teamNow(org, team),
    teamMembership: (org, team, login, ids) => github.teamMembership(org, team, login, ids),
    teamMemberLogin: async (org, team, id, ids) => {
      const slug = ids === undefined ? team : await github.teamSlug(org, team, ids);
      return slug === undefined ? undefined : (await github.listTeamMembers(org, slug)).find((m) => m.id === id)?.login;
    },
    listRepositories: () => github.listRepositories(),
    listAllIssues: (owner, repo, query) => github.listAllIssues(owner, repo, query),
    listTimeline: (ref) => github.listTimeline(ref),
  };
}
