import type { Conditional } from "./client-types.js";
import { PermanentGitHubError, statusOf, toGitHubError } from "./errors.js";
import type { ResponseCache } from "./response-cache.js";

/**
 * Conditional GETs, the one way the app uses ETags: a GET sent with
 * `If-None-Match` is answered 304 while nothing changed, which costs no rate
 * limit. The caller keeps the ETag (`conditional`, the installation list)
 * or a ResponseCache keeps it with the answer (`cachedGet`).
 */

/** An Octokit answer, as far as a conditional GET reads it. */
export interface Answer<T> {
  data: T;
  headers: Record<string, unknown>;
}

/** Sends the GET with the headers given (`if-none-match` when there is an ETag). */
export type ConditionalRun<T> = (headers: Record<string, string>) => Promise<Answer<T>>;

/**
 * One GET, conditional on `etag` when given: the answer with its ETag, or
 * "not-modified". Any other failure (a 404 included) is the GitHubError of
 * its kind.
 *
 * @example
 * const answer = await getConditionally("GET /app/installations", etag, (headers) => octokit.rest.apps.listInstallations({ headers }));
 */
export async function getConditionally<T>(route: string, etag: string | undefined, run: ConditionalRun<T>): Promise<{ status: "ok"; data: T; etag?: string; link?: string } | { status: "not-modified" }> {
  try {
    const response = await run(etag ? { "if-none-match": etag } : {});
    const { etag: tag, link } = response.headers;
    return { status: "ok", data: response.data, ...(typeof tag === "string" ? { etag: tag } : {}), ...(typeof link === "string" ? { link } : {}) };
  } catch (error) {
    if (statusOf(error) === 304) return { status: "not-modified" };
    throw toGitHubError(error, route);
  }
}

/**
 * One conditional GET whose 404 is an answer ("not-found"), not a failure.
 *
 * @example
 * const policies = await conditional("GET /repos/{owner}/{repo}/contents/{path}", etag, (headers) => octokit.rest.repos.getContent({ owner, repo, path, headers }));
 */
export async function conditional<T>(route: string, etag: string | undefined, run: ConditionalRun<T>): Promise<Conditional<T>> {
  try {
    return await getConditionally(route, etag, run);
  } catch (error) {
    if (statusOf(error) === 404) return { status: "not-found" };
    throw error;
  }
}

/**
 * A GET made conditional on the ETag of its last answer kept in `cache`
 * under `key`: a 304 returns the kept data. A failure (a 404 included)
 * forgets the kept answer and is thrown as the GitHubError of its kind.
 *
 * @example
 * const user = await cachedGet(cache, "1:GET /users/{username} jane", "GET /users/{username}", (headers) => octokit.rest.users.getByUsername({ username: "jane", headers }));
 */
export async function cachedGet<T>(cache: ResponseCache, key: string, route: string, run: ConditionalRun<T>): Promise<T> {
  return (await cachedPage(cache, key, route, run)).items;
}

/**
 * One page of a listing, as {@link cachedGet} reads it, with whether GitHub's
 * `link` header names a next page (kept with the answer, so a 304 knows it
 * too).
 *
 * @example
 * const { items, next } = await cachedPage(cache, key, "GET /orgs/{org}/teams", (headers) => octokit.rest.teams.list({ org, per_page: 100, page: 2, headers }));
 */
export async function cachedPage<T>(cache: ResponseCache, key: string, route: string, run: ConditionalRun<T>): Promise<Page<T>> {
  const kept = cache.get(key);
  try {
    const answer = await getConditionally(route, kept?.etag, run);
    if (answer.status === "ok") {
      const next = linksNext(answer.link);
      if (answer.etag !== undefined) cache.put(key, answer.etag, answer.data, next);
      return { items: answer.data, next };
    }
    if (kept) return { items: kept.data as T, next: kept.next };
    throw new PermanentGitHubError(`${route} failed (304): not modified, and no earlier answer is kept`, 304, route);
  } catch (error) {
    cache.delete(key);
    throw error;
  }
}

/**
 * True when a `link` header names a next page (`<…&page=3>; rel="next"`).
 * GitHub leaves the header out when every result fits on one page.
 */
export function linksNext(link: unknown): boolean {
  return typeof link === "string" && link.split(",").some((part) => /;\s*rel="?next"?\s*(;|$)/.test(part));
}

/** One page of a listing: its items, and whether GitHub links a next page. */
export interface Page<T> {
  items: T;
  next: boolean;
}

/** GitHub's largest page. */
export const PAGE_SIZE = 100;

/**
 * Every item of a listing read page by page (`page` from 1, PAGE_SIZE to a
 * page), for as long as GitHub's `link` header names a next page or a page
 * is full. A short page is not the last when the header says so: GitHub
 * documents the header as the way on, and a page may hold fewer items than
 * asked for. A full page is followed whatever its header: a page answered
 * 304 keeps the header it had when it was kept (its ETag covers the body,
 * not the header), and a listing that ended on it may have grown since.
 *
 * @example
 * const members = await allPages((page) => readMembers(page)); // each read: { items, next }
 */
export async function allPages<T>(read: (page: number) => Promise<Page<T[]>>): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const { items, next } = await read(page);
    all.push(...items);
    if (!next && items.length < PAGE_SIZE) return all;
  }
}
