import type { ProbotOctokit } from "probot";
import type { Masker } from "../masking/index.js";
import { call, GitHubError, MembershipRefusedError, rateLimitWaitSeconds, statusOf, toGitHubError, UnmaskedRecordError } from "./errors.js";
import { GLANCE_QUERY, glancedIssues, type GlancedIssue, type GlanceQueryResult } from "./glance-query.js";
import { issueWriteDocument, issueWriteResult, type IssueWrite, type IssueWriteResult } from "./issue-write.js";
import { REQUEST_QUERY, issueFacts, timelineEntries, type LastEdit, type RequestQueryResult } from "./request-query.js";
import { ResponseCache } from "./response-cache.js";

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** An issue or pull request: the unit a reconcile works on. */
export interface IssueRef {
  installationId: number;
  owner: string;
  repo: string;
  number: number;
}

export interface IssueFacts {
  author: { login: string; type: string; id?: number };
  body: string;
  state: "open" | "closed";
  labels: string[];
  isPullRequest: boolean;
  locked: boolean;
  updatedAt: string;
  /**
   * The body's edit history as GitHub keeps it (`userContentEdits`): how many
   * entries it holds and the last edit, if the body was ever edited.
   */
  bodyEdits: { count: number; last?: LastEdit };
  /** GraphQL's node id of the issue or pull request: what a batched write names it by. */
  nodeId?: string;
  /** Node ids of labels, by lower-case name: those on the issue and the app's labels in the repository. */
  labelIds?: Record<string, string>;
}

/** An issue or pull request as a listing shows it, for reading trails. */
export interface IssueSummary {
  number: number;
  title: string;
  author: string;
  state: "open" | "closed";
  locked: boolean;
  createdAt: string;
  closedAt: string | null;
}

/** A timeline entry, reduced to what the app reads. */
export interface TimelineEntry {
  event: string;
  id?: number;
  body?: string;
  user?: { login: string; type: string; id?: number };
  actor?: { login: string; type: string; id?: number };
  label?: { name: string };
  created_at?: string;
  updated_at?: string;
  /** Reviews: lower case in the timeline ("approved", "dismissed", …). */
  state?: string;
  submitted_at?: string;
  performed_via_github_app?: { id: number } | null;
  /** Read through GraphQL: the login of the app whose bot wrote the comment (GraphQL's Bot login). */
  app_slug?: string;
  /** Read through GraphQL: the last edit by a person (null: never edited). The REST timeline has no such field. */
  last_edit?: LastEdit | null;
}

/** An issue as a listing shows it: enough to tell whether it changed. */
export interface ListedIssue {
  number: number;
  /** GitHub's global id, for reading many issues in one GraphQL query. */
  node_id?: string;
  updated_at: string;
  /** Present on pull requests (GitHub lists them among issues). */
  pull_request?: unknown;
  user?: { login: string; id?: number } | null;
  comments?: number;
  state?: string;
  labels?: ({ name?: string } | string)[];
}

export type Conditional<T> = { status: "not-modified" } | { status: "ok"; data: T; etag?: string } | { status: "not-found" };

/** One line annotation of a check run, as GitHub takes it. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  /** Only when start_line and end_line are the same line. */
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
}

/** A check run's visible output; GitHub takes at most 50 annotations per request. */
export interface CheckOutput {
  title: string;
  summary: string;
  annotations?: CheckAnnotation[];
}

/** A file a pull request changes. */
export interface ChangedFile {
  filename: string;
  previousFilename?: string;
  status: string;
}

/**
 * The only code that talks to GitHub. Every string it sends — comment
 * bodies, labels — passes through the masker here, at the last moment.
 *
 * @example
 * const github = new GitHubClient(octokit, masker);
 * await github.teamMembership("acme", "ops", "jane"); // "active" | "pending" | "none"
 */
export class GitHubClient {
  constructor(
    private readonly octokit: Octokit,
    private readonly masker: Masker,
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
    for (let after: string | null = null; ;) {
      const variables: Record<string, unknown> = { owner: ref.owner, name: ref.repo, number: ref.number, after };
      const data: RequestQueryResult = await call("POST /graphql", () => this.octokit.graphql<RequestQueryResult>(REQUEST_QUERY, variables).catch((error: unknown) => {
        // GitHub answers a missing issue with a NOT_FOUND error in a 200: REST's 404.
        const errors = (error as { errors?: { type?: string }[] }).errors;
        if (errors?.some((e) => e.type === "NOT_FOUND")) throw new GitHubError(`GitHub has no issue ${ref.owner}/${ref.repo}#${ref.number}`, 404, "POST /graphql");
        throw error;
      }));
      const node = data.repository?.issueOrPullRequest;
      // GitHub answers a missing or deleted issue with null: the same as REST's 404.
      if (!node) throw new GitHubError(`GraphQL has no issue ${ref.owner}/${ref.repo}#${ref.number}`, 404, "POST /graphql");
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
    const all: TimelineEntry[] = [];
    for (let page = 1; ; page++) {
      const entries = (await this.cachedGet(`GET /repos/${ref.owner}/${ref.repo}/issues/${ref.number}/timeline?page=${page}`, "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline", (headers) =>
        this.octokit.rest.issues.listEventsForTimeline({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, per_page: 100, page, headers }),
      )) as TimelineEntry[];
      all.push(...entries);
      if (entries.length < 100) return all;
    }
  }

  /** Whether a person is an active member of the organisation. */
  async isOrgMember(org: string, login: string): Promise<boolean> {
    try {
      const data = await this.cachedGet(`GET /orgs/${org}/memberships/${login}`, "GET /orgs/{org}/memberships/{username}", (headers) =>
        this.octokit.rest.orgs.getMembershipForUser({ org, username: login, headers }),
      );
      return data.state === "active";
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw toGitHubError(error, "GET /orgs/{org}/memberships/{username}");
    }
  }

  /**
   * When the account that holds a login now was created (GitHub's
   * `created_at`), undefined when no account holds it. Conditional: an
   * unchanged account costs no rate limit.
   */
  async accountCreatedAt(login: string): Promise<number | undefined> {
    try {
      const data = await this.cachedGet(`GET /users/${login}`, "GET /users/{username}", (headers) => this.octokit.rest.users.getByUsername({ username: login, headers }));
      const created = Date.parse(data.created_at);
      return Number.isFinite(created) ? created : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toGitHubError(error, "GET /users/{username}");
    }
  }

  /** A person's membership of a team as GitHub reports it (child teams' members included). */
  async teamMembership(org: string, team: string, login: string): Promise<"active" | "pending" | "none"> {
    try {
      const data = await this.cachedGet(`GET /orgs/${org}/teams/${team}/memberships/${login}`, "GET /orgs/{org}/teams/{team_slug}/memberships/{username}", (headers) =>
        this.octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: team, username: login, headers }),
      );
      return data.state === "active" ? "active" : "pending";
    } catch (error) {
      if (statusOf(error) === 404) return "none";
      throw toGitHubError(error, "GET /orgs/{org}/teams/{team_slug}/memberships/{username}");
    }
  }

  /** Adds a member. GitHub's refusals that retrying cannot fix become MembershipRefusedError. */
  async addTeamMember(org: string, team: string, login: string): Promise<void> {
    try {
      const { data, status } = await this.octokit.rest.teams.addOrUpdateMembershipForUserInOrg({ org, team_slug: team, username: login, role: "member" });
      if (data.state !== "active") {
        // An invitation, once accepted, would be a membership nobody removes: withdraw it.
        await this.removeTeamMember(org, team, login);
        throw new MembershipRefusedError(`GitHub made the membership "${data.state}" (an invitation), not active; the invitation was withdrawn`, status);
      }
    } catch (error) {
      if (error instanceof MembershipRefusedError) throw error;
      const status = statusOf(error);
      // A rate limit answers 403 too: that one is waited out and retried, never a refusal.
      if (status === 403 && rateLimitWaitSeconds(error, Date.now()) === undefined) {
        throw new MembershipRefusedError("the team's membership is managed by an identity provider (team synchronization), so GitHub does not allow adding members directly");
      }
      if (status === 404 || status === 422) {
        throw new MembershipRefusedError(`the team \`${team}\` or the user could not be found in the organisation (${status})`, status);
      }
      throw toGitHubError(error, "PUT /orgs/{org}/teams/{team_slug}/memberships/{username}");
    }
  }

  /** Removes a member; "absent" when GitHub says there was nothing to remove. */
  async removeTeamMember(org: string, team: string, login: string): Promise<"removed" | "absent"> {
    try {
      await this.octokit.rest.teams.removeMembershipForUserInOrg({ org, team_slug: team, username: login });
      return "removed";
    } catch (error) {
      if (statusOf(error) === 404) return "absent";
      throw toGitHubError(error, "DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}");
    }
  }

  /**
   * Posts a comment. A sealed record must already be masked: if masking
   * would change it, its signature would no longer verify, so it is refused
   * rather than posted broken. A sealed record is sent once: the retry plugin
   * must not send it again when its answer is lost (GitHub may have made the
   * comment already), the caller looks for it with findPostedComment instead.
   */
  async createComment(ref: IssueRef, body: string, options: { sealed: boolean }): Promise<{ id: number }> {
    const masked = this.masker.mask(body);
    if (options.sealed && masked !== body) throw new UnmaskedRecordError();
    const { data } = await call("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", () =>
      this.octokit.rest.issues.createComment({
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.number,
        body: masked,
        ...(options.sealed ? { request: { retries: 0 } } : {}),
      }),
    );
    return { id: data.id };
  }

  /**
   * Several changes to one issue in one GraphQL request (issue-write.ts): a
   * comment, label changes, closing, locking, run by GitHub in that order.
   * The comment is masked here like any other; a sealed record that masking
   * would change is refused before anything is sent. Sent once: when the
   * answer is lost, the caller looks for the comment (findPostedComment).
   * Fields GitHub refused come back in `failed`; the others were done.
   */
  async writeIssue(write: IssueWrite, options: { sealed: boolean }): Promise<IssueWriteResult> {
    let masked = write;
    if (write.comment !== undefined) {
      const body = this.masker.mask(write.comment);
      if (options.sealed && body !== write.comment) throw new UnmaskedRecordError();
      masked = { ...write, comment: body };
    }
    const { query, variables, fields } = issueWriteDocument(masked);
    return call("POST /graphql", async () => {
      try {
        const data = await this.octokit.graphql<Record<string, unknown>>(query, { ...variables, request: { retries: 0 } });
        return issueWriteResult(data, [], fields);
      } catch (error) {
        // Some fields ran, some did not: GitHub answers 200 with both data and errors.
        const partial = error as { errors?: unknown; data?: unknown };
        if (!Array.isArray(partial.errors) || statusOf(error) !== 0) throw error;
        return issueWriteResult(partial.data as Record<string, unknown> | undefined, partial.errors as { path?: string[]; message?: string }[], fields);
      }
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
      this.octokit.paginate(this.octokit.rest.issues.listComments, { owner: ref.owner, repo: ref.repo, issue_number: ref.number, per_page: 100 }),
    );
    const found = comments.find((c) => c.user?.type === "Bot" && c.performed_via_github_app != null && sameBody(c.body ?? "") === wanted);
    return found ? { id: found.id } : undefined;
  }

  async addLabel(ref: IssueRef, label: string): Promise<void> {
    await call("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", () =>
      this.octokit.rest.issues.addLabels({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, labels: [this.masker.mask(label)] }),
    );
  }

  async removeLabel(ref: IssueRef, label: string): Promise<void> {
    try {
      await this.octokit.rest.issues.removeLabel({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, name: label });
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw toGitHubError(error, "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}");
    }
  }

  /** Replaces the issue's labels with these. */
  async setLabels(ref: IssueRef, labels: readonly string[]): Promise<void> {
    await call("PUT /repos/{owner}/{repo}/issues/{issue_number}/labels", () =>
      this.octokit.rest.issues.setLabels({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, labels: labels.map((l) => this.masker.mask(l)) }),
    );
  }

  /** Closes the issue, and sets its labels in the same call when given. */
  async close(ref: IssueRef, reason: "completed" | "not_planned", labels?: readonly string[]): Promise<void> {
    await call("PATCH /repos/{owner}/{repo}/issues/{issue_number}", () =>
      this.octokit.rest.issues.update({
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.number,
        state: "closed",
        state_reason: reason,
        ...(labels ? { labels: labels.map((l) => this.masker.mask(l)) } : {}),
      }),
    );
  }

  /** Locks the conversation of a finished request so its trail cannot grow. */
  async lock(ref: IssueRef): Promise<void> {
    await call("PUT /repos/{owner}/{repo}/issues/{issue_number}/lock", () =>
      this.octokit.rest.issues.lock({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, lock_reason: "resolved" }),
    );
  }

  /** Unlocks the conversation; already unlocked (404) is fine. */
  async unlock(ref: IssueRef): Promise<void> {
    try {
      await this.octokit.rest.issues.unlock({ owner: ref.owner, repo: ref.repo, issue_number: ref.number });
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw toGitHubError(error, "DELETE /repos/{owner}/{repo}/issues/{issue_number}/lock");
    }
  }

  /** GET a repository path's contents at `ref` (default: the default branch), conditionally on an ETag. */
  async getContents(owner: string, repo: string, path: string, etag?: string, ref?: string): Promise<Conditional<unknown>> {
    return this.conditional("GET /repos/{owner}/{repo}/contents/{path}", etag, (headers) =>
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
      result = await this.conditional("GET /repos/{owner}/{repo}/commits", etag, (headers) =>
        this.octokit.rest.repos.listCommits({ owner, repo, path, per_page: 1, headers }),
      );
    } catch (error) {
      // GitHub answers 409 for a repository without any commit: no policies yet.
      if (error instanceof GitHubError && error.status === 409) return { status: "ok", data: null };
      throw error;
    }
    if (result.status !== "ok") return result;
    const newest = (result.data as { sha?: string; commit?: { committer?: { date?: string } | null } }[])[0];
    if (newest?.sha === undefined) return { ...result, data: null };
    const committedAt = Date.parse(newest.commit?.committer?.date ?? "");
    return { ...result, data: Number.isFinite(committedAt) ? { sha: newest.sha, committedAt } : { sha: newest.sha } };
  }

  async listPullRequestFiles(owner: string, repo: string, pullNumber: number): Promise<ChangedFile[]> {
    const files = await call("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", () =>
      this.octokit.paginate(this.octokit.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 }),
    );
    return files.map((f) => (f.previous_filename ? { filename: f.filename, previousFilename: f.previous_filename, status: f.status } : { filename: f.filename, status: f.status }));
  }

  /** Creates a completed check run on a commit. */
  async createCheckRun(owner: string, repo: string, run: { name: string; headSha: string; conclusion: "success" | "failure"; output: CheckOutput }): Promise<{ id: number }> {
    const { data } = await call("POST /repos/{owner}/{repo}/check-runs", () =>
      this.octokit.rest.checks.create({ owner, repo, name: this.masker.mask(run.name), head_sha: run.headSha, status: "completed", conclusion: run.conclusion, output: this.maskOutput(run.output) }),
    );
    return { id: data.id };
  }

  /** Updates a check run's output; GitHub appends the annotations to those it has. */
  async updateCheckRun(owner: string, repo: string, id: number, output: CheckOutput): Promise<void> {
    await call("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", () =>
      this.octokit.rest.checks.update({ owner, repo, check_run_id: id, output: this.maskOutput(output) }),
    );
  }

  /**
   * Every issue and pull request carrying a label, open or closed, oldest
   * first; with `since`, only those updated at or after it.
   */
  async listRequests(owner: string, repo: string, label: string, since?: string): Promise<IssueSummary[]> {
    const issues = await call("GET /repos/{owner}/{repo}/issues", () =>
      this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        owner, repo, labels: label, state: "all", sort: "created", direction: "asc", per_page: 100, ...(since === undefined ? {} : { since }),
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
    const all: { owner: string; repo: string }[] = [];
    for (let page = 1; ; page++) {
      const data = await this.cachedGet(`GET /installation/repositories?page=${page}`, "GET /installation/repositories", (headers) =>
        this.octokit.rest.apps.listReposAccessibleToInstallation({ per_page: 100, page, headers }),
      this.listings);
      all.push(...data.repositories.map((r) => ({ owner: r.owner.login, repo: r.name })));
      if (data.repositories.length < 100) return all;
    }
  }

  /**
   * Every issue in a state, carrying a label when one is given, updated at
   * or after `since` when given (conditional requests, page by page).
   */
  async listAllIssues(owner: string, repo: string, query: { label?: string; state: "open" | "closed" | "all"; since?: string; creator?: string }): Promise<ListedIssue[]> {
    const all: ListedIssue[] = [];
    for (let page = 1; ; page++) {
      const data = (await this.cachedGet(`GET /repos/${owner}/${repo}/issues?labels=${query.label ?? "*"}&state=${query.state}&since=${query.since ?? ""}&creator=${query.creator ?? ""}&page=${page}`, "GET /repos/{owner}/{repo}/issues", (headers) =>
        this.octokit.rest.issues.listForRepo({
          owner, repo, state: query.state, per_page: 100, page, headers,
          ...(query.label === undefined ? {} : { labels: query.label }),
          ...(query.since === undefined ? {} : { since: query.since }),
          ...(query.creator === undefined ? {} : { creator: query.creator }),
        }),
      this.listings)) as ListedIssue[];
      all.push(...data);
      if (data.length < 100) return all;
    }
  }

  /**
   * A team's members as GitHub lists them (child teams' members included),
   * page by page and conditional: an unchanged team answers 304, which costs
   * no rate limit.
   */
  async listTeamMembers(org: string, team: string): Promise<{ login: string; id: number }[]> {
    const all: { login: string; id: number }[] = [];
    for (let page = 1; ; page++) {
      const data = await this.cachedGet(`GET /orgs/${org}/teams/${team}/members?page=${page}`, "GET /orgs/{org}/teams/{team_slug}/members", (headers) =>
        this.octokit.rest.teams.listMembersInOrg({ org, team_slug: team, per_page: 100, page, headers }),
      this.listings);
      all.push(...data.map((u) => ({ login: u.login, id: u.id })));
      if (data.length < 100) return all;
    }
  }

  /** The teams nested directly under a team (conditional, page by page). */
  async listChildTeams(org: string, team: string): Promise<string[]> {
    const all: string[] = [];
    for (let page = 1; ; page++) {
      const data = await this.cachedGet(`GET /orgs/${org}/teams/${team}/teams?page=${page}`, "GET /orgs/{org}/teams/{team_slug}/teams", (headers) =>
        this.octokit.rest.teams.listChildInOrg({ org, team_slug: team, per_page: 100, page, headers }),
      this.listings);
      all.push(...data.map((t) => t.slug));
      if (data.length < 100) return all;
    }
  }

  /** Moves a child team to the top level of the organisation (parent_team_id null). */
  async detachChildTeam(org: string, team: string): Promise<void> {
    await call("PATCH /orgs/{org}/teams/{team_slug}", () => this.octokit.rest.teams.updateInOrg({ org, team_slug: team, parent_team_id: null }));
  }

  /** Opens an issue; title, body and labels are masked here. */
  async createIssue(owner: string, repo: string, issue: { title: string; body: string; labels: string[] }): Promise<{ number: number }> {
    const mask = (text: string) => this.masker.mask(text);
    const { data } = await call("POST /repos/{owner}/{repo}/issues", () =>
      this.octokit.rest.issues.create({ owner, repo, title: mask(issue.title), body: mask(issue.body), labels: issue.labels.map(mask) }),
    );
    return { number: data.number };
  }

  /**
   * A GET made conditional on the ETag of its last answer: a 304 costs no
   * rate limit and returns the cached data. Errors (404 included) forget the
   * cached answer and are thrown as the GitHubError of their kind.
   */
  private async cachedGet<T>(
    key: string,
    route: string,
    run: (headers: Record<string, string>) => Promise<{ data: T; headers: Record<string, unknown> }>,
    cache = this.cache,
    answered?: (headers: Record<string, unknown>) => void,
  ): Promise<T> {
    const cacheKey = `${this.scope}:${key}`;
    const cached = cache.get(cacheKey);
    try {
      const response = await run(cached ? { "if-none-match": cached.etag } : {});
      answered?.(response.headers);
      const etag = response.headers.etag;
      if (typeof etag === "string") cache.put(cacheKey, etag, response.data);
      return response.data;
    } catch (error) {
      if (statusOf(error) === 304 && cached) {
        answered?.((error as { response?: { headers?: Record<string, unknown> } }).response?.headers ?? {});
        return cached.data as T;
      }
      cache.delete(cacheKey);
      throw toGitHubError(error, route);
    }
  }

  private maskOutput(output: CheckOutput): CheckOutput {
    const mask = (text: string) => this.masker.mask(text);
    const masked: CheckOutput = { title: mask(output.title), summary: mask(output.summary) };
    if (output.annotations) {
      masked.annotations = output.annotations.map((a) => ({ ...a, path: mask(a.path), message: mask(a.message), ...(a.title === undefined ? {} : { title: mask(a.title) }) }));
    }
    return masked;
  }

  private async conditional(route: string, etag: string | undefined, run: (headers: Record<string, string>) => Promise<{ data: unknown; headers: Record<string, unknown> }>): Promise<Conditional<unknown>> {
    try {
      const response = await run(etag ? { "if-none-match": etag } : {});
      const tag = response.headers.etag;
      return typeof tag === "string" ? { status: "ok", data: response.data, etag: tag } : { status: "ok", data: response.data };
    } catch (error) {
      const status = statusOf(error);
      if (status === 304) return { status: "not-modified" };
      if (status === 404) return { status: "not-found" };
      throw toGitHubError(error, route);
    }
  }
}

/** A comment body as GitHub may hand it back: `\r\n` for `\n`, blanks added at the end. */
function sameBody(body: string): string {
  return body.replace(/\r\n?/g, "\n").trimEnd();
}
