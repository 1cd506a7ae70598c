import type { Octokit } from "./client.js";
import { MEMBERSHIP, routeOf } from "./pace-writes.js";

/** One answer from GitHub as the metrics see it: no path, no body, no person. */
export interface CallSeen {
  method: string;
  /** The route template ("/repos/{owner}/{repo}/issues"), never the expanded path. */
  route: string;
  /** The HTTP status, undefined when no answer came. */
  status: number | undefined;
  installation: string;
  /** x-ratelimit-remaining and x-ratelimit-resource, when GitHub sent them. */
  remaining?: number;
  resource?: string;
  /** A membership removal (DELETE …/memberships/{username}). */
  removal: boolean;
}

/**
 * Tells `seen` of every request this Octokit makes and what came back,
 * including the rate limit GitHub reports in each answer's headers. Wraps
 * outside the write pacing, so a write is counted once, when it is answered.
 *
 * @example
 * countCalls(octokit, "42", (call) => metrics.githubCall(call));
 */
export function countCalls(octokit: Octokit, installation: string, seen: (call: CallSeen) => void): Octokit {
  octokit.hook.wrap("request", async (request, options) => {
    const method = String(options.method ?? "GET").toUpperCase();
    const url = String(options.url ?? "").split("?")[0] ?? "";
    const base = { method, route: routeOf(url), installation, removal: method === "DELETE" && MEMBERSHIP.test(url) };
    try {
      const response = await request(options);
      seen({ ...base, status: response.status, ...limits(response.headers) });
      return response;
    } catch (error) {
      const failure = error as { status?: unknown; response?: { headers?: Record<string, unknown> } } | null;
      const status = typeof failure?.status === "number" && failure.status > 0 ? failure.status : undefined;
      seen({ ...base, status, ...limits(failure?.response?.headers ?? {}) });
      throw error;
    }
  });
  return octokit;
}

function limits(headers: Record<string, unknown>): { remaining?: number; resource?: string } {
  const remaining = Number(headers["x-ratelimit-remaining"]);
  const resource = headers["x-ratelimit-resource"];
  return {
    ...(headers["x-ratelimit-remaining"] !== undefined && Number.isFinite(remaining) ? { remaining } : {}),
    ...(typeof resource === "string" ? { resource } : {}),
  };
}
