/**
 * Errors from GitHub, translated once at the boundary so the rest of the app
 * reasons about what happened, not about HTTP. Every failure that leaves
 * src/github is one of three kinds:
 * - transient (`TransientGitHubError`): 5xx, no answer, a rate limit; worth
 *   trying again, after `retryAfterMs` when GitHub said how long to wait;
 * - permanent (`PermanentGitHubError`): 404, 410, 422…; the same call will
 *   get the same answer until something changes on GitHub;
 * - refused (`RefusedGitHubError`, `MembershipRefusedError`): 401, a 403 that
 *   is no rate limit, a membership GitHub will not make; a person must act.
 */
export class GitHubError extends Error {
  /** How long GitHub asked to wait before trying again, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    readonly status: number,
    readonly route: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    // Every kind keeps this name: logs and failure causes group GitHub's failures by it.
    this.name = "GitHubError";
    this.retryAfterMs = retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000;
  }

  /** 5xx, 429, a secondary rate limit or no answer at all: worth trying again later. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429 || this.retryAfterSeconds !== undefined;
  }
}

/** A failure that may pass: 5xx, no answer, a rate limit (with GitHub's wait in `retryAfterMs`). */
export class TransientGitHubError extends GitHubError {
  override get transient(): boolean {
    return true;
  }
}

/** GitHub answered, and will answer the same until something changes there (404, 410, 422, …). */
export class PermanentGitHubError extends GitHubError {
  override get transient(): boolean {
    return false;
  }
}

/** GitHub refused the app (401, a 403 that is no rate limit): a person must grant or fix something. */
export class RefusedGitHubError extends GitHubError {
  override get transient(): boolean {
    return false;
  }
}

const MEMBERSHIP_ROUTE = "PUT /orgs/{org}/teams/{team_slug}/memberships/{username}";

/**
 * GitHub refused a membership change for a reason that retrying will not
 * fix; `status` is what GitHub answered (403 team sync, 404/422 no such
 * team or user, 200 with an invitation instead of a membership).
 */
export class MembershipRefusedError extends RefusedGitHubError {
  constructor(
    readonly reason: string,
    status = 403,
  ) {
    super(reason, status, MEMBERSHIP_ROUTE);
    this.name = "MembershipRefusedError";
  }
}

/**
 * The app itself refused to send a record: masking would have changed a
 * signed body, so its signature would no longer verify. Not GitHub's answer,
 * and no retry fixes it.
 */
export class UnmaskedRecordError extends Error {
  constructor() {
    super("refusing to post a record that was not masked before it was signed");
    this.name = "UnmaskedRecordError";
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

/**
 * The HTTP status of an Octokit failure (or of a GitHubError), or 0 when no
 * response came back.
 *
 * @example
 * statusOf(new PermanentGitHubError("gone", 410, "GET /x")); // 410
 */
export function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : 0;
}

/**
 * The GitHubError a failure is or wraps (an effect's failure carries
 * GitHub's as its `cause`), if any.
 *
 * @example
 * gitHubErrorIn(new Error("effect failed", { cause: new TransientGitHubError("x", 502, "GET /x") }))?.transient; // true
 */
export function gitHubErrorIn(error: unknown): GitHubError | undefined {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (e instanceof GitHubError) return e;
  }
  return undefined;
}

/**
 * Translates an Octokit or fetch failure into the GitHubError of its kind.
 *
 * @example
 * throw toGitHubError(error, "PUT /orgs/{org}/teams/{team_slug}/memberships/{username}");
 */
export function toGitHubError(error: unknown, route: string): GitHubError {
  if (error instanceof GitHubError) return error;
  const graphql = graphqlFailure(error);
  const status = graphql?.status ?? statusOf(error);
  const detail = gitHubMessage(error) ?? (error instanceof Error ? error.message : String(error));
  const message = `${route} failed (${status || "no response"}): ${detail}`;
  const wait = graphql?.waitSeconds ?? rateLimitWaitSeconds(error, Date.now());
  if (wait !== undefined || status === 0 || status >= 500 || status === 429) return new TransientGitHubError(message, status, route, wait);
  if (status === 401 || status === 403) return new RefusedGitHubError(message, status, route);
  return new PermanentGitHubError(message, status, route);
}

// "Otherwise, wait for at least one minute before retrying" (GitHub, secondary rate limits).
const SECONDARY_DEFAULT_WAIT_S = 60;

/**
 * What a GraphQL answer's errors mean in HTTP's terms: GitHub answers 200
 * and names the failure in `errors[].type`. Types not named here stay "no
 * answer" (status 0), retried like any transient failure.
 */
function graphqlFailure(error: unknown): { status: number; waitSeconds?: number } | undefined {
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const types = new Set(errors.map((e) => (e as { type?: unknown } | null)?.type));
  if (types.has("RATE_LIMITED")) return { status: 429, waitSeconds: SECONDARY_DEFAULT_WAIT_S };
  if (types.has("FORBIDDEN")) return { status: 403 };
  if (types.has("NOT_FOUND")) return { status: 404 };
  return undefined;
}

// GitHub waits an hour at most for a primary limit; a reset further away is a clock out of step.
const LONGEST_WAIT_S = 3_600;

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
  const response = (error as { response?: { headers?: Record<string, unknown> } } | null)?.response;
  const headers = response?.headers ?? {};
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter, LONGEST_WAIT_S);
  if (status !== 403 && status !== 429) return undefined;
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    if (Number.isFinite(reset)) return Math.min(LONGEST_WAIT_S, Math.max(1, Math.ceil(reset - nowMs / 1000)));
  }
  return status === 429 || /secondary rate limit|abuse/i.test(gitHubMessage(error) ?? "") ? SECONDARY_DEFAULT_WAIT_S : undefined;
}

/**
 * The `message` of GitHub's error body, when the failure carries one.
 *
 * @example
 * gitHubMessage(error); // "Resource not accessible by integration"
 */
export function gitHubMessage(error: unknown): string | undefined {
  const message = (error as { response?: { data?: { message?: unknown } } } | null)?.response?.data?.message;
  return typeof message === "string" ? message : undefined;
}
