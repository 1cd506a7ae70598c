import type { TeamIds } from "../core/team-ids.js";
import { GitHubReads } from "./client-reads.js";
import { allPages, PAGE_SIZE, type Answer } from "./conditional-get.js";

/**
 * GitHubClient's reads of teams and memberships: by slug, and by a grant's
 * team ids (GitHub's `/organizations/{org_id}/team/{team_id}/…` form, which
 * a rename does not change and a new team under an old slug does not take).
 *
 * @example
 * await github.teamMembership("acme", "ops", "jane", { org: 1, team: 7 }); // "active" | "pending" | "none"
 */
export class TeamReads extends GitHubReads {
  /**
   * A person's membership of a team as GitHub reports it (child teams'
   * members included). Given a grant's team ids, of the team with those ids
   * whatever its slug now (never another team that took its old slug); "none"
   * too when no team has them (deleted).
   */
  async teamMembership(org: string, team: string, login: string, ids?: TeamIds): Promise<"active" | "pending" | "none"> {
    const bySlug = (slug: string) =>
      this.unlessMissing(this.cached("GET /orgs/{org}/teams/{team_slug}/memberships/{username}", { org, team_slug: slug, username: login }, (p) => this.octokit.rest.teams.getMembershipForUserInOrg(p)));
    let data = await (ids === undefined
      ? bySlug(team)
      : this.unlessMissing(this.cached("GET /organizations/{org_id}/team/{team_id}/memberships/{username}", { org_id: ids.org, team_id: ids.team, username: login }, (p) =>
          this.octokit.request("GET /organizations/{org_id}/team/{team_id}/memberships/{username}", p) as Promise<Answer<{ state: string }>>)));
    if (data === undefined && ids !== undefined) {
      const found = await this.afterIdMiss(org, team, ids);
      if (found.kind === "slug") data = await bySlug(found.slug);
    }
    return data === undefined ? "none" : data.state === "active" ? "active" : "pending";
  }

  /**
   * The slug the team with these ids goes by now; undefined when no team has
   * them (deleted).
   */
  async teamSlug(org: string, team: string, ids: TeamIds): Promise<string | undefined> {
    const found = await this.slugByIds(ids);
    if (found !== undefined) return found;
    const after = await this.afterIdMiss(org, team, ids);
    return after.kind === "gone" ? undefined : after.slug;
  }

  /**
   * After a 404 under a team's ids, where the team is: "ids" when the ids
   * name it (so it is the membership that is missing); "slug" with the slug
   * it goes by when only its slug reaches it (a server that does not serve
   * GitHub's id form: the grant's slug when it still names the very team,
   * else the slug the organisation's team list gives the id); "gone" only
   * when no team in that list has the id (deleted, with its memberships).
   */
  protected async afterIdMiss(org: string, team: string, ids: TeamIds): Promise<{ kind: "ids" | "slug"; slug: string } | { kind: "gone" }> {
    const byIds = await this.slugByIds(ids);
    if (byIds !== undefined) return { kind: "ids", slug: byIds };
    if ((await this.teamIdsNamed(org, team))?.team === ids.team) return { kind: "slug", slug: team };
    // Every page, each answer checked: a failed page must never read as "no such team" (Octokit's paginator takes a 409 for an empty page).
    const teams = await allPages(async (page) => this.page("GET /orgs/{org}/teams", { org, per_page: PAGE_SIZE, page }, (p) => this.octokit.rest.teams.list(p)));
    const listed = teams.find((t) => t.id === ids.team);
    return listed === undefined ? { kind: "gone" } : { kind: "slug", slug: listed.slug };
  }

  /** The ids of the team the slug names now (conditional: unchanged, a 304 that costs nothing); undefined when it names none. */
  async teamIdsNamed(org: string, team: string): Promise<TeamIds | undefined> {
    const named = await this.teamNamed(org, team);
    return named === undefined ? undefined : { org: named.organization.id, team: named.id };
  }

  /**
   * The team the slug names now: its id, and when it was created (GitHub's
   * `created_at`). A team that took a slug another team gave up (renamed or
   * deleted) has another id, and, created since, a later date: it is not the
   * team a policy written before named. Undefined when the slug names no team.
   */
  async teamNow(org: string, team: string): Promise<{ id: number; createdAt?: number } | undefined> {
    const named = await this.teamNamed(org, team);
    if (named === undefined) return undefined;
    const created = Date.parse(named.created_at);
    return Number.isNaN(created) ? { id: named.id } : { id: named.id, createdAt: created };
  }

  private teamNamed(org: string, team: string) {
    return this.unlessMissing(this.cached("GET /orgs/{org}/teams/{team_slug}", { org, team_slug: team }, (p) => this.octokit.rest.teams.getByName(p)));
  }

  private async slugByIds(ids: TeamIds): Promise<string | undefined> {
    const team = await this.unlessMissing(this.cached("GET /organizations/{org_id}/team/{team_id}", { org_id: ids.org, team_id: ids.team }, (p) =>
      this.octokit.request("GET /organizations/{org_id}/team/{team_id}", p) as Promise<Answer<{ slug: string }>>));
    return team?.slug;
  }
}

/**
 * The team's ids in a team membership's `url`, where GitHub names the team
 * by them (`…/organizations/{org_id}/team/{team_id}/memberships/{login}`);
 * undefined for any other shape (GitHub's older `…/teams/{team_id}/…` names
 * no organisation).
 *
 * @example
 * teamIdsIn("https://api.github.com/organizations/1/team/42/memberships/jane"); // { org: 1, team: 42 }
 */
export function teamIdsIn(url: string): TeamIds | undefined {
  const ids = /\/organizations\/(\d{1,15})\/team\/(\d{1,15})\/memberships\/[^/]+$/.exec(url);
  return ids === null ? undefined : { org: Number(ids[1]), team: Number(ids[2]) };
}
