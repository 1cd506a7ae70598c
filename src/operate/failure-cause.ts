/**
 * Why a reconcile failed, in a word an operator can alert on and a log can
 * group by. The first three are expected and retried at once: a read that
 * lags behind the app's own write, a lock another replica holds, and Redis
 * being away (said once by the coordinator itself).
 */
export type FailureCause = "stale-read" | "lock-busy" | "redis" | "rate-limit" | "github-5xx" | "github-4xx" | "network" | "other";

/** Causes that are part of normal operation: logged at debug, never with a stack. */
export const EXPECTED_CAUSES: ReadonlySet<FailureCause> = new Set(["stale-read", "lock-busy", "redis"]);

const NO_CONNECTION = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE)\b|fetch failed|other side closed/;

/**
 * Classifies a failure by walking its `cause` chain (an effect's failure
 * wraps GitHub's).
 *
 * @example
 * failureCause(Object.assign(new Error("bad gateway"), { status: 502 })); // "github-5xx"
 */
export function failureCause(error: unknown): FailureCause {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (e.name === "StaleReadError") return "stale-read";
    if (e.name === "LockBusyError") return "lock-busy";
    if (e.name === "RedisUnavailableError") return "redis";
    const { status, retryAfterSeconds } = e as { status?: unknown; retryAfterSeconds?: unknown };
    // Octokit reports a refused or dropped connection as a 500 whose message names the socket error.
    if (NO_CONNECTION.test(e.message)) return "network";
    if (typeof retryAfterSeconds === "number" && retryAfterSeconds > 0) return "rate-limit";
    if (typeof status === "number" && status >= 500) return "github-5xx";
    if (status === 429) return "rate-limit";
    if (typeof status === "number" && status >= 400) return "github-4xx";
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^(ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|UND_ERR)/.test(code)) return "network";
    if ((e.name === "HttpError" || e.name === "GitHubError") && status === 0) return "network";
  }
  return "other";
}
