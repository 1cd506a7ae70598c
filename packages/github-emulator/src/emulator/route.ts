import type { InstallationRecord } from "./model.js";
import type { World } from "./world.js";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestContext {
  world: World;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The full request URL, which pagination links are built from. */
  url: URL;
  /** Who the request acts as: the app's bot for installation tokens. */
  login: string;
  /** The installation whose token authenticated the request (undefined for app JWTs). */
  installation: InstallationRecord | undefined;
  /** GraphQL's budget before this request, and what the request costs in points (GraphQL's `rateLimit` object). */
  graphqlBudget?: { cost: number; limit: number; used: number; remaining: number; resetAt: number };
}

/**
 * One REST route: `pattern` segments starting with ":" capture one path
 * segment, "*" captures the rest of the path (for contents paths).
 */
export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  pattern: string;
  /** "app": needs an app JWT; "installation": needs an installation token; "token": an installation token or a person's token; "none": GitHub asks for none (the code is the credential). */
  auth: "app" | "installation" | "token" | "none";
  handle(ctx: RequestContext): Reply;
}

/**
 * Matches a decoded path against a route pattern.
 *
 * @example
 * matchPattern("/repos/:owner/:repo", ["repos", "acme", "access"]); // { owner: "acme", repo: "access" }
 */
export function matchPattern(pattern: string, segments: string[]): Record<string, string> | undefined {
  return matchParts(patternParts(pattern), segments);
}

/**
 * A route pattern's segments, split once so that a server matching every
 * request against its routes does not split each pattern again.
 *
 * @example
 * patternParts("/repos/:owner/:repo"); // ["repos", ":owner", ":repo"]
 */
export function patternParts(pattern: string): string[] {
  return pattern.split("/").filter(Boolean);
}

/**
 * `matchPattern` for a pattern already split by `patternParts`.
 *
 * @example
 * matchParts(["users", ":username"], ["users", "alice"]); // { username: "alice" }
 */
export function matchParts(parts: readonly string[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    if (part.startsWith("*")) {
      params[part.slice(1)] = segments.slice(index).join("/");
      return params;
    }
    const segment = segments[index];
    if (segment === undefined) return undefined;
    if (part.startsWith(":")) {
      // Ids and numbers are digits on GitHub: "/issues/comments" is another route, not issue "comments".
      if (/(_id|_number)$/.test(part) && !/^\d+$/.test(segment)) return undefined;
      params[part.slice(1)] = segment;
    } else if (part !== segment) return undefined;
  }
  return segments.length === parts.length ? params : undefined;
}
