import type { RecordedRequest } from "github-emulator/emulator/index.js";
import { matchPattern } from "github-emulator/emulator/route.js";
import { graphqlRoutes, routes } from "github-emulator/emulator/routes/index.js";
import { graphqlPoints } from "github-emulator/emulator/graphql-points.js";

/** Calls to one route: those that spent rate limit, and those answered 304 (free). */
export interface RouteCost {
  route: string;
  limited: number;
  notModified: number;
}

/**
 * The route template a request was served by, in GitHub's notation, so that
 * calls to different issues or people add up under one name.
 *
 * @example
 * routeOf({ method: "GET", path: "/repos/acme/access/issues/7/timeline" });
 * // "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline"
 */
export function routeOf(request: Pick<RecordedRequest, "method" | "path">): string {
  // GitHub's id form of the team routes (how a grant's removal goes) is served as the slug route it stands for.
  const byIds = /^\/organizations\/\d+\/team\/\d+(\/.*)?$/.exec(request.path);
  const path = byIds ? `/orgs/-/teams/-${byIds[1] ?? ""}` : request.path;
  const segments = path.split("/").filter(Boolean).map(decode);
  const route = [...routes, ...graphqlRoutes].find((r) => r.method === request.method && matchPattern(r.pattern, segments));
  const template = route ? route.pattern.replace(/[:*](\w+)/g, "{$1}") : `${request.path} (not served)`;
  return `${request.method} ${byIds && route ? template.replace("/orgs/{org}/teams/{team_slug}", "/organizations/{org_id}/team/{team_id}") : template}`;
}

/**
 * Rate-limited calls and 304s per route, most expensive first.
 *
 * @example
 * costsByRoute(sandbox.github.requests.slice(before)); // [{ route: "GET /repos/…/timeline", limited: 4, notModified: 2 }, …]
 */
export function costsByRoute(requests: readonly RecordedRequest[]): RouteCost[] {
  const byRoute = new Map<string, RouteCost>();
  for (const request of requests) {
    const route = routeOf(request);
    const cost = byRoute.get(route) ?? { route, limited: 0, notModified: 0 };
    if (request.rateLimited) cost.limited++;
    else cost.notModified++;
    byRoute.set(route, cost);
  }
  return [...byRoute.values()].sort((a, b) => b.limited - a.limited || b.notModified - a.notModified || a.route.localeCompare(b.route));
}

/** Calls to GitHub's GraphQL endpoint: a budget of their own, in points, apart from REST's core budget. */
export function isGraphql(request: Pick<RecordedRequest, "path">): boolean {
  return /^(\/api)?\/graphql\/?$/.test(request.path);
}

/** Whether a request is a GraphQL mutation (a batched issue write), and whether it adds a comment. */
function mutationOf(request: Pick<RecordedRequest, "path" | "requestBody">): { comments: boolean } | undefined {
  if (!isGraphql(request)) return undefined;
  const query = (request.requestBody as { query?: unknown } | undefined)?.query;
  if (typeof query !== "string" || !/^\s*mutation\b/.test(query)) return undefined;
  return { comments: /\baddComment\s*\(/.test(query) };
}

const COMMENTS = /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/;

/**
 * Whether a request is a write, as GitHub's secondary limits weigh it: REST
 * `POST`/`PATCH`/`PUT`/`DELETE` (installation tokens left out) and GraphQL
 * mutations, each request once however many changes it carries.
 *
 * @example
 * isWrite({ method: "POST", path: "/graphql", requestBody: { query: "mutation { … }" } }); // true
 */
export function isWrite(request: Pick<RecordedRequest, "method" | "path" | "requestBody">): boolean {
  if (isGraphql(request)) return mutationOf(request) !== undefined;
  return request.method !== "GET" && request.method !== "HEAD" && !request.path.endsWith("/access_tokens");
}

/**
 * Whether a request creates a comment: a REST comment, or a GraphQL mutation that adds one (one content-generating request).
 *
 * @example
 * isCommentWrite({ method: "POST", path: "/repos/acme/access/issues/7/comments" }); // true
 */
export function isCommentWrite(request: Pick<RecordedRequest, "method" | "path" | "requestBody">): boolean {
  return (request.method === "POST" && COMMENTS.test(request.path)) || mutationOf(request)?.comments === true;
}

/** What some requests cost: REST and GraphQL apart, as GitHub keeps their budgets. */
export interface CallTotals {
  /** Every rate-limited call, REST and GraphQL together. */
  limited: number;
  /** Rate-limited REST calls: what they take from the installation's core budget. */
  core: number;
  /** Requests to the GraphQL endpoint. */
  graphql: number;
  /** Their points, by GitHub's documented formula (graphqlPoints). */
  graphqlPoints: number;
  /** GraphQL requests that are mutations (the batched issue writes). */
  mutations: number;
  /** Writes: REST POST, PATCH, PUT and DELETE (installation tokens left out) and GraphQL mutations, each request once. */
  writes: number;
  notModified: number;
  refused: number;
}

/**
 * Totals over some requests: rate-limited (REST core and GraphQL apart,
 * GraphQL also in points), answered 304, and refused because the
 * emulator's budget ran out (a bench that sees those measured a queue, not
 * a cost).
 *
 * @example
 * callTotals(requests); // { limited: 11, core: 4, graphql: 7, graphqlPoints: 10, mutations: 4, writes: 6, notModified: 10, refused: 0 }
 */
export function callTotals(requests: readonly RecordedRequest[]): CallTotals {
  let limited = 0;
  let core = 0;
  let graphql = 0;
  let graphqlPointsSum = 0;
  let refused = 0;
  let mutations = 0;
  let writes = 0;
  for (const request of requests) {
    if (request.rateLimited) limited++;
    if (request.rateLimited && !isGraphql(request)) core++;
    if (isGraphql(request)) {
      graphql++;
      const body = (request.requestBody ?? {}) as { query?: unknown; variables?: unknown };
      graphqlPointsSum += graphqlPoints(typeof body.query === "string" ? body.query : "", (body.variables ?? {}) as Record<string, unknown>);
      if (mutationOf(request)) mutations++;
    }
    if (isWrite(request)) writes++;
    if (request.status === 403 && /rate limit exceeded/i.test(JSON.stringify(request.responseBody ?? ""))) refused++;
  }
  return { limited, core, graphql, graphqlPoints: graphqlPointsSum, mutations, writes, notModified: requests.length - limited, refused };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
