/**
 * Errors from GitHub, translated once at the boundary so the rest of the app
 * reasons about what happened, not about HTTP.
 */
export class GitHubError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly route: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "GitHubError";
  }

  /** 5xx, 429, a secondary rate limit or no answer at all: worth trying again later. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429 || this.retryAfterSeconds !== undefined;
  }
}

/** GitHub refused a membership change for a reason that retrying will not fix. */
export class MembershipRefusedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "MembershipRefusedError";
  }
}

/**
 * Runs one GitHub call and translates its failure into a GitHubError.
 *
 * @example
 * const issue = await call("GET /repos/{owner}/{repo}/issues/{n}", () => octokit.rest.issues.get(params));
 */
export async function call<T>(route: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toGitHubError(error, route);
  }
}

/** The HTTP status of an Octokit failure, or 0 when no response came back. */
export function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : 0;
}

/**
 * Translates an Octokit failure into a GitHubError.
 *
 * @example
 * throw toGitHubError(error, "PUT /orgs/{org}/teams/{team_slug}/memberships/{username}");
 */
export function toGitHubError(error: unknown, route: string): GitHubError {
  if (error instanceof GitHubError) return error;
  const status = statusOf(error);
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
  const retryAfter = Number(headers["retry-after"]);
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  const detail = typeof data?.message === "string" ? data.message : error instanceof Error ? error.message : String(error);
  return new GitHubError(`${route} failed (${status || "no response"}): ${detail}`, status, route, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}
