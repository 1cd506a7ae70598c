import type { Octokit } from "./client.js";
import { rateLimitWaitSeconds } from "./errors.js";
import type { WriteKind, WriteQueue, WriteTicket } from "./write-queue.js";

const MUTATING = new Set(["POST", "PATCH", "PUT", "DELETE"]);
/**
 * A team membership's route, by slug or by GitHub's id form
 * (`/organizations/{org_id}/team/{team_id}/…`, how a grant's removal goes).
 * Routes may come as templates ("{team_slug}") or expanded, relative or absolute.
 */
export const MEMBERSHIP = /(?:\/orgs\/[^/]+\/teams\/[^/]+|\/organizations\/[^/]+\/team\/[^/]+)\/memberships\/[^/]+$/;
// GitHub's content-creating routes the app uses: comments (and issues, should it ever open one).
const CONTENT = /\/repos\/[^/]+\/[^/]+\/issues(\/[^/]+\/comments)?$/;
const COMMENTS = /\/issues\/[^/]+\/comments$/;

/**
 * Sends every write this Octokit makes through the process's write queue,
 * ranked by what it does, and lets every answer that is a rate limit pause
 * the queue for as long as GitHub asked. Reads are not queued behind writes,
 * only held to the queue's number at once. Nothing is ever sent again by this layer: a failed write
 * fails its reconcile, which reads GitHub afresh before deciding again.
 *
 * @example
 * const github = new GitHubClient(paceWrites(await probot.auth(installationId), queue), masker);
 */
export function paceWrites(octokit: Octokit, queue: WriteQueue, now: () => number = Date.now): Octokit {
  octokit.hook.wrap("request", async (request, options) => {
    const method = String(options.method ?? "GET").toUpperCase();
    const url = String(options.url ?? "").split("?")[0] ?? "";
    const send = async () => {
      try {
        return await request(options);
      } catch (error) {
        const wait = rateLimitWaitSeconds(error, now());
        if (wait !== undefined) queue.pauseUntil(now() + wait * 1000, `${statusText(error)} on ${method} ${routeOf(url)}`);
        throw error;
      }
    };
    // An installation token is no content and no change: it never waits behind writes.
    if (!MUTATING.has(method) || isGraphqlQuery(url, options) || /\/access_tokens$/.test(url)) return queue.read(send);
    return queue.schedule(ticketOf(method, url, typeof options.query === "string" ? options.query : undefined), send);
  });
  return octokit;
}

/**
 * What a write is, for the queue. A GraphQL mutation (`query`) that adds a
 * comment is one record and one content-creating request, whatever else it
 * changes with it (GitHub counts its limits per request).
 *
 * @example
 * ticketOf("DELETE", "/orgs/{org}/teams/{team_slug}/memberships/{username}"); // { kind: "removal", … }
 * ticketOf("POST", "/graphql", "mutation { comment: addComment(…) { … } lock: lockLockable(…) { … } }"); // { kind: "record", contentCreating: true, … }
 */
export function ticketOf(method: string, url: string, query?: string): WriteTicket {
  const route = `${method} ${routeOf(url)}`;
  if (/\/graphql$/.test(url)) {
    const comments = query !== undefined && /\baddComment\s*\(/.test(query);
    return { kind: comments ? "record" : "other", contentCreating: comments, route };
  }
  const contentCreating = method === "POST" && CONTENT.test(url);
  let kind: WriteKind = "other";
  if (MEMBERSHIP.test(url) && method === "DELETE") kind = "removal";
  else if (MEMBERSHIP.test(url) && method === "PUT") kind = "grant";
  else if (method === "POST" && COMMENTS.test(url)) kind = "record";
  return { kind, contentCreating, route };
}

/**
 * The route's template, for logs and metrics; an expanded path (a next page)
 * could name a person, so only its first segment is kept.
 *
 * @example
 * routeOf("/repos/{owner}/{repo}/issues"); // "/repos/{owner}/{repo}/issues"
 * routeOf("https://api.github.com/repositories/1/issues?page=2"); // "/repositories/…"
 */
export function routeOf(url: string): string {
  const path = url.replace(/^https?:\/\/[^/]+/, "").replace(/^\/api\/v3/, "");
  return path.includes("{") || !/\/[^/]+\//.test(path) ? path : `/${path.split("/")[1] ?? ""}/…`;
}

/** A GraphQL query (not a mutation) is a read, though it is sent with POST. */
function isGraphqlQuery(url: string, options: Record<string, unknown>): boolean {
  if (!/\/graphql$/.test(url)) return false;
  const query = typeof options.query === "string" ? options.query : "";
  return !/^\s*mutation\b/.test(query);
}

function statusText(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? String(status) : "no answer";
}
