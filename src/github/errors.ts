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
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  const detail = typeof data?.message === "string" ? data.message : error instanceof Error ? error.message : String(error);
  return new GitHubError(`${route} failed (${status || "no response"}): ${detail}`, status, route, rateLimitWaitSeconds(error, Date.now()));
}

// GitHub waits an hour at most for a primary limit; a reset further away is a clock out of step.
const LONGEST_WAIT_S = 3_600;
// "Otherwise, wait for at least one minute before retrying" (GitHub, secondary rate limits).
const SECONDARY_DEFAULT_WAIT_S = 60;

/**
 * How long GitHub asked to wait before trying again, in seconds, or
 * undefined when the failure is no rate limit. As GitHub documents it:
 * `retry-after` when present; else, when `x-ratelimit-remaining` is 0, until
 * `x-ratelimit-reset`; else, for a 429 or a 403 that names a secondary rate
 * limit, a minute. Any other 403 (a team synced with an identity provider,
 * a missing permission) is no rate limit.
 *
 * @example
 * rateLimitWaitSeconds({ status: 429, response: { headers: { "retry-after": "3" } } }, Date.now()); // 3
 */
export function rateLimitWaitSeconds(error: unknown, nowMs: number): number | undefined {
  const status = statusOf(error);
  const response = (error as { response?: { headers?: Record<string, unknown>; data?: { message?: unknown } } } | null)?.response;
  const headers = response?.headers ?? {};
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter, LONGEST_WAIT_S);
  if (status !== 403 && status !== 429) return undefined;
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    if (Number.isFinite(reset)) return Math.min(LONGEST_WAIT_S, Math.max(1, Math.ceil(reset - nowMs / 1000)));
  }
  const message = typeof response?.data?.message === "string" ? response.data.message : "";
  return status === 429 || /secondary rate limit|abuse/i.test(message) ? SECONDARY_DEFAULT_WAIT_S : undefined;
}
