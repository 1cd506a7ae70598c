import type { Masker } from "../masking/index.js";
import type { Account, Conditional, IssueFacts, IssueRef, IssueSummary, ListedIssue, Octokit, TimelineEntry } from "./client-types.js";
import { allPages, cachedGet, cachedPage, conditional, PAGE_SIZE, type Answer, type Page } from "./conditional-get.js";
import { call, PermanentGitHubError, statusOf, TransientGitHubError } from "./errors.js";
import { GLANCE_QUERY, glancedIssues, type GlancedIssue, type GlanceQueryResult } from "./glance-query.js";
import { REQUEST_QUERY, issueFacts, timelineEntries, type RequestQueryResult } from "./request-query.js";
import { ResponseCache } from "./response-cache.js";

/**
 * What GitHubClient reads: requests (GraphQL), timelines, memberships,
 * policies' files and commits, listings. Each REST read is conditional where
 * GitHub allows it, so an unchanged answer costs no rate limit. Every
 * failure is a GitHubError of its kind (errors.ts).
 *
 * @example
 * const reads = new GitHubReads(octokit, masker);
 * await reads.teamMembership("acme", "ops", "jane"); // "active" | "pending" | "none"
 */
export class GitHubReads {
  constructor(
    protected readonly octokit: Octokit,
    protected readonly masker: Masker,
    private readonly cache: ResponseCache = new ResponseCache(),
    private readonly scope = "",
    // Listings get a cache of their own: reads of thousands of single requests
    // must never evict them, or every idle sweep would pay for its pages again.
    private readonly listings: ResponseCache = cache,
  ) {}

  /**
   * The request as GitHub's GraphQL API shows it, in one query a page:
   * the issue, its body's edit history, and its whole timeline with each
   * comment's edit history (GraphQL's own rate-limit budget, not REST's).
   */
  async readRequest(ref: IssueRef): Promise<{ issue: IssueFacts; entries: TimelineEntry[] }> {
    const entries: TimelineEntry[] = [];
    const missing = () => new PermanentGitHubError(`GitHub has no issue ${ref.owner}/${ref.repo}#${ref.number}`, 404, "POST /graphql");
    for (let after: string | null = null; ;) {
      const variables: Record<string, unknown> = { owner: ref.owner, name: ref.repo, number: ref.number, after };
      const data: RequestQueryResult = await call("POST /graphql", () => this.octokit.graphql<RequestQueryResult>(REQUEST_QUERY, variables).catch((error: unknown) => {
        // GitHub answers a missing repository or issue with a NOT_FOUND error in a 200 (REST's 404), its path
        // naming `repository` or `issueOrPullRequest`. One deeper in the answer (a node inside the timeline) is a
        // failure of the read, retried, never a deleted issue: that would end a live grant's reconciles.
        const errors = (error as { errors?: { type?: string; path?: unknown[] }[] }).errors;
        if (errors?.some((e) => e.type === "NOT_FOUND" && (e.path === undefined || e.path.length <= 2))) throw missing();
        if (errors?.some((e) => e.type === "NOT_FOUND")) throw new TransientGitHubError(`POST /graphql could not resolve a node inside ${ref.owner}/${ref.repo}#${ref.number}`, 0, "POST /graphql");
        throw error;
      }));
      const node = data.repository?.issueOrPullRequest;
      // GitHub answers a missing or deleted issue with null: the same as REST's 404.
      if (!node) throw missing();
      entries.push(...timelineEntries(node.timelineItems.nodes ?? []));
      const page = node.timelineItems.pageInfo;
      if (!page.hasNextPage || page.endCursor === null) return { issue: issueFacts(node, data.repository), entries };
      after = page.endCursor;
    }
  }

  /**
   * Many requests in one GraphQL query, by the node ids their listing gave
   * (at most 100): each issue's state, author and comments (see
   * GLANCE_QUERY). An id GitHub resolves to nothing (gone, moved out of
   * reach) is simply absent from the answer, as are pull requests: the
   * caller reads those in full.
   */
  async glanceRequests(nodeIds: readonly string[]): Promise<Map<string, GlancedIssue>> {
    const data = await call("POST /graphql", () => this.octokit.graphql<GlanceQueryResult>(GLANCE_QUERY, { ids: nodeIds }).catch((error: unknown) => {
      // GitHub answers ids it cannot resolve with null nodes and an error each, beside the rest of the data.
      const partial = (error as { data?: unknown }).data as GlanceQueryResult | undefined;
      if (partial && Array.isArray(partial.nodes)) return partial;
      throw error;
    }));
    return glancedIssues(data);
  }

  /** The whole timeline, page by page, each page conditional. */
  async listTimeline(ref: IssueRef): Promise<TimelineEntry[]> {
    return allPages(async (page) => (await this.page("GET /repos/{owner}/{repo}/issues/{issue_number}/timeline", { owner: ref.owner, repo: ref.repo, issue_number: ref.number, per_page: PAGE_SIZE, page }, (p) =>
      this.octokit.rest.issues.listEventsForTimeline(p))) as Page<TimelineEntry[]>);
  }

  /** Whether a person is an active member of the organisation. */
  async isOrgMember(org: string, login: string): Promise<boolean> {
    const data = await this.unlessMissing(this.cached("GET /orgs/{org}/memberships/{username}", { org, username: login }, (p) => this.octokit.rest.orgs.getMembershipForUser(p)));
    return data?.state === "active";
  }

  /**
   * The account that holds a login now: its numeric id and when it was
   * created (GitHub's `created_at`); undefined when no account holds it.
   * Conditional: an unchanged account costs no rate limit.
   */
  async account(login: string): Promise<Account | undefined> {
    const data = await this.unlessMissing(this.cached("GET /users/{username}", { username: login }, (p) => this.octokit.rest.users.getByUsername(p)));
    if (data === undefined || typeof data.id !== "number") return undefined;
    const created = Date.parse(data.created_at ?? "");
    return Number.isFinite(created) ? { id: data.id, createdAt: created } : { id: data.id };
  }

  /**
   * The id of the repository a name leads to now (GitHub follows a renamed
   * or transferred repository's old name to it); undefined when none.
   * Conditional: an unchanged repository costs no rate limit.
   */
  async repositoryId(owner: string, repo: string): Promise<number | undefined> {
    const data = await this.unlessMissing(this.cached("GET /repos/{owner}/{repo}", { owner, repo }, (p) => this.octokit.rest.repos.get(p)));
    return typeof data?.id === "number" ? data.id : undefined;
  }

  /** GET a repository path's contents at `ref` (default: the default branch), conditionally on an ETag. */
  async getContents(owner: string, repo: string, path: string, etag?: string, ref?: string): Promise<Conditional<unknown>> {
    return conditional<unknown>("GET /repos/{owner}/{repo}/contents/{path}", etag, (headers) =>
      this.octokit.rest.repos.getContent({ owner, repo, path, ...(ref === undefined ? {} : { ref }), headers }),
    );
  }

  /**
   * The newest commit of the default branch that changed `path`, or null
   * when none ever did; conditionally on an ETag, so asking again while
   * nothing changed is a 304 that costs no rate limit.
   */
  async latestCommitTouching(owner: string, repo: string, path: string, etag?: string): Promise<Conditional<{ sha: string; committedAt?: number } | null>> {
    let result: Conditional<unknown>;
    try {
      result = await conditional<unknown>("GET /repos/{owner}/{repo}/commits", etag, (headers) => this.octokit.rest.repos.listCommits({ owner, repo, path, per_page: 1, headers }));
    } catch (error) {
      // GitHub answers 409 for a repository without any commit: no policies yet.
      if (statusOf(error) === 409) return { status: "ok", data: null };
      throw error;
    }
    if (result.status !== "ok") return result;
    const newest = (result.data as { sha?: string; commit?: { committer?: { date?: string } | null } }[])[0];
    if (newest?.sha === undefined) return { ...result, data: null };
    const committedAt = Date.parse(newest.commit?.committer?.date ?? "");
    return { ...result, data: Number.isFinite(committedAt) ? { sha: newest.sha, committedAt } : { sha: newest.sha } };
  }

  /**
   * Every issue and pull request carrying a label, open or closed, oldest
   * first; with `since`, only those updated at or after it.
   */
  async listRequests(owner: string, repo: string, label: string, since?: string): Promise<IssueSummary[]> {
    const issues = await call("GET /repos/{owner}/{repo}/issues", () =>
      this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        owner, repo, labels: label, state: "all", sort: "created", direction: "asc", per_page: PAGE_SIZE, ...(since === undefined ? {} : { since }),
      }),
    );
    return issues.map((i) => ({
      number: i.number,
      title: i.title,
      author: i.user?.login ?? "ghost",
      state: i.state === "closed" ? "closed" : "open",
      locked: i.locked,
      createdAt: i.created_at,
      closedAt: i.closed_at,
    }));
  }

  /** The repositories this installation can see (conditional requests, page by page). */
  async listRepositories(): Promise<{ owner: string; repo: string }[]> {
    return allPages(async (page) => {
      const { items, next } = await this.page("GET /installation/repositories", { per_page: PAGE_SIZE, page }, (p) => this.octokit.rest.apps.listReposAccessibleToInstallation(p), this.listings);
      return { items: items.repositories.map((r) => ({ owner: r.owner.login, repo: r.name })), next };
    });
  }

  /**
   * Every issue in a state, carrying a label when one is given, updated at
   * or after `since` when given (conditional requests, page by page).
   */
  async listAllIssues(owner: string, repo: string, query: { label?: string; state: "open" | "closed" | "all"; since?: string; creator?: string }): Promise<ListedIssue[]> {
    const filters = {
      ...(query.label === undefined ? {} : { labels: query.label }),
      ...(query.since === undefined ? {} : { since: query.since }),
      ...(query.creator === undefined ? {} : { creator: query.creator }),
    };
    return allPages(async (page) => (await this.page("GET /repos/{owner}/{repo}/issues", { owner, repo, state: query.state, per_page: PAGE_SIZE, page, ...filters }, (p) =>
      this.octokit.rest.issues.listForRepo(p), this.listings)) as Page<ListedIssue[]>);
  }

  /**
   * A team's members as GitHub lists them (child teams' members included),
   * page by page and conditional: an unchanged team answers 304, which costs
   * no rate limit.
   */
  async listTeamMembers(org: string, team: string): Promise<{ login: string; id: number }[]> {
    return allPages(async (page) => {
      const { items, next } = await this.page("GET /orgs/{org}/teams/{team_slug}/members", { org, team_slug: team, per_page: PAGE_SIZE, page }, (p) => this.octokit.rest.teams.listMembersInOrg(p), this.listings);
      return { items: items.map((u) => ({ login: u.login, id: u.id })), next };
    });
  }

  /** The teams nested directly under a team (conditional, page by page). */
  async listChildTeams(org: string, team: string): Promise<string[]> {
    return allPages(async (page) => {
      const { items, next } = await this.page("GET /orgs/{org}/teams/{team_slug}/teams", { org, team_slug: team, per_page: PAGE_SIZE, page }, (p) => this.octokit.rest.teams.listChildInOrg(p), this.listings);
      return { items: items.map((t) => t.slug), next };
    });
  }

  /**
   * The comment on the issue whose body is exactly `body` (up to GitHub's
   * `\r\n` and trailing blanks), written by a GitHub App's bot: how a record
   * whose POST lost its answer is found before anything is sent again. Read
   * fresh, never from the cache; the oldest match wins, so a later copy by
   * anyone else is never taken for it.
   */
  async findPostedComment(ref: IssueRef, body: string): Promise<{ id: number } | undefined> {
    const wanted = sameBody(body);
    const comments = await call("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, { owner: ref.owner, repo: ref.repo, issue_number: ref.number, per_page: PAGE_SIZE }),
    );
    const found = comments.find((c) => c.user?.type === "Bot" && c.performed_via_github_app != null && sameBody(c.body ?? "") === wanted);
    return found ? { id: found.id } : undefined;
  }

  /**
   * A GET of `route` with `params`, conditional on the ETag of its last
   * answer, which the cache keeps under the installation, the route and the
   * parameters (one key for one request, written nowhere else).
   */
  protected cached<P extends object, T>(route: string, params: P, run: (request: P & { headers: Record<string, string> }) => Promise<Answer<T>>, cache = this.cache): Promise<T> {
    return cachedGet(cache, `${this.scope}:${route} ${JSON.stringify(params)}`, route, (headers) => run({ ...params, headers }));
  }

  /** One page of a listing, as {@link cached} reads it, with whether GitHub links a next page. */
  protected page<P extends object, T>(route: string, params: P, run: (request: P & { headers: Record<string, string> }) => Promise<Answer<T>>, cache = this.cache): Promise<Page<T>> {
    return cachedPage(cache, `${this.scope}:${route} ${JSON.stringify(params)}`, route, (headers) => run({ ...params, headers }));
  }

  /** The read's data, or undefined when GitHub answered 404. */
  protected async unlessMissing<T>(read: Promise<T>): Promise<T | undefined> {
    try {
      return await read;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }
}

/** A comment body as GitHub may hand it back: `\r\n` for `\n`, blanks added at the end. */
function sameBody(body: string): string {
  return body.replace(/\r\n?/g, "\n").trimEnd();
}
