import type { RecordedRequest } from "github-emulator/emulator/index.js";
import { GITHUB_SECONDARY_LIMITS, createsContent, isMutation, secondaryPoints } from "github-emulator/emulator/secondary-limits.js";
import { GITHUB_PACING } from "jit-access/internal/github/write-queue.js";
import { num } from "./stats.js";
import { callTotals, isCommentWrite, isGraphql, isWrite } from "./route-costs.js";

const HOUR_MS = 3_600_000;
/** GitHub's primary limit for an installation: 5,000 REST calls an hour, and 5,000 GraphQL points apart. */
const PRIMARY_PER_HOUR = 5_000;

/** One of GitHub's limits, what a lifecycle spends of it, and how many lifecycles an hour it lets through. */
export interface LimitUse {
  limit: string;
  /** GitHub's figure, as documented. */
  allowance: string;
  /** What a lifecycle spends of it, and in what unit. */
  perLifecycle: number;
  unit: string;
  lifecyclesPerHour: number;
}

/**
 * Lifecycles an hour each of GitHub's limits allows, from the calls some
 * lifecycles made: the documented secondary limits (content-creating
 * requests a minute and an hour, REST points and GraphQL points a minute),
 * one write a second (GitHub's advice for many writes, which the app's write
 * queue keeps), and the primary budgets. Per-minute limits are taken as 60
 * minutes' worth: sustained, not in a burst. A REST read answered 304 is
 * counted at 1 point: GitHub documents that it spares the primary budget,
 * not the secondary points.
 *
 * @example
 * const uses = limitsPerLifecycle(warmRequests, 1);
 * bindingLimit(uses).limit; // "content-creating requests an hour"
 */
export function limitsPerLifecycle(requests: readonly RecordedRequest[], lifecycles: number): LimitUse[] {
  const limits = GITHUB_SECONDARY_LIMITS;
  const rest = requests.filter((r) => !isGraphql(r));
  const graphql = requests.filter((r) => isGraphql(r));
  // A batched GraphQL write that adds a comment is one content-generating request, as a REST comment is.
  const content = (rest.filter((r) => createsContent(r)).length + graphql.filter(isCommentWrite).length) / lifecycles;
  const restPoints = rest.reduce((sum, r) => sum + secondaryPoints(r), 0) / lifecycles;
  const graphqlPoints = graphql.reduce((sum, r) => sum + secondaryPoints({ ...r, path: "/graphql", mutation: isMutation(r.requestBody) }), 0) / lifecycles;
  const writes = requests.filter(isWrite).length / lifecycles;
  const totals = callTotals(requests);
  const use = (limit: string, allowance: string, perHour: number, perLifecycle: number, unit: string): LimitUse => ({
    limit,
    allowance,
    perLifecycle,
    unit,
    lifecyclesPerHour: perLifecycle > 0 ? perHour / perLifecycle : Number.POSITIVE_INFINITY,
  });
  return [
    use("content-creating requests a minute", `${num(limits.contentPerMinute)} a minute`, limits.contentPerMinute * 60, content, "comments"),
    use("content-creating requests an hour", `${num(limits.contentPerHour)} an hour`, limits.contentPerHour, content, "comments"),
    use("REST points a minute (read 1, write 5)", `${num(limits.restPointsPerMinute)} a minute`, limits.restPointsPerMinute * 60, restPoints, "points"),
    use("GraphQL points a minute (query 1, mutation 5)", `${num(limits.graphqlPointsPerMinute)} a minute`, limits.graphqlPointsPerMinute * 60, graphqlPoints, "points"),
    use("one write a second (the app's write queue keeps it)", `1 every ${GITHUB_PACING.gapMs / 1000} s`, HOUR_MS / GITHUB_PACING.gapMs, writes, "writes"),
    use("primary: REST core budget", `${num(PRIMARY_PER_HOUR)} an hour`, PRIMARY_PER_HOUR, totals.core / lifecycles, "calls"),
    use("primary: GraphQL budget (documented point formula)", `${num(PRIMARY_PER_HOUR)} points an hour`, PRIMARY_PER_HOUR, totals.graphqlPoints / lifecycles, "points"),
  ];
}

/**
 * The limit that lets the fewest lifecycles through: the one that binds.
 *
 * @example
 * bindingLimit(limitsPerLifecycle(warm, 1)).lifecyclesPerHour; // 125
 */
export function bindingLimit(uses: readonly LimitUse[]): LimitUse {
  return uses.reduce((least, use) => (use.lifecyclesPerHour < least.lifecyclesPerHour ? use : least));
}
