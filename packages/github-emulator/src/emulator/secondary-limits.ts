/**
 * GitHub's documented secondary rate limits for the REST API ("Rate limits
 * for the REST API" → "About secondary rate limits"). They may change without
 * notice; these are the published figures.
 */
export interface SecondaryLimitOptions {
  /** Content-creating requests in any minute (GitHub: "generally, no more than 80"). */
  contentPerMinute: number;
  /** Content-creating requests in any hour (GitHub: "no more than 500"). */
  contentPerHour: number;
  /** REST points in any minute (GitHub: 900; GET/HEAD/OPTIONS cost 1, POST/PATCH/PUT/DELETE 5). */
  restPointsPerMinute: number;
  /** GraphQL points in any minute (GitHub: 2,000; a query costs 1, a mutation 5). */
  graphqlPointsPerMinute: number;
  /** Requests in flight at once, REST and GraphQL together (GitHub: 100). */
  concurrent: number;
  /** The status of a refusal: GitHub documents "a 403 or 429"; Probot's throttling reads both. */
  status: 403 | 429;
  /** GitHub's limits run on real time, never on a test's compressed clock. Epoch ms; default Date.now. */
  clock: () => number;
}

export const GITHUB_SECONDARY_LIMITS: Omit<SecondaryLimitOptions, "clock"> = {
  contentPerMinute: 80,
  contentPerHour: 500,
  restPointsPerMinute: 900,
  graphqlPointsPerMinute: 2_000,
  concurrent: 100,
  status: 403,
};

/** A request as the secondary limits weigh it. */
export interface WeighedRequest {
  method: string;
  /** The API path without the Enterprise prefix. */
  path: string;
  /** For POST /graphql: whether the document is a mutation. */
  mutation?: boolean;
  /** For POST /graphql: whether the mutation creates content (`addComment`, …): GitHub counts the request once against the content-creation limits. */
  createsContent?: boolean;
}

/** A refusal: the status, GitHub's message and the `retry-after` seconds. */
export interface SecondaryRefusal {
  status: 403 | 429;
  message: string;
  retryAfterSeconds: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
// GitHub's own wording, so that clients recognise it (Octokit's throttling matches /secondary rate/).
const GENERAL = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
const CONTENT = "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.";
// Routes of the emulator that create content on GitHub: issues, comments, reviews, pull requests.
const CONTENT_CREATING = /^\/repos\/[^/]+\/[^/]+\/(issues|pulls)(\/[^/]+\/(comments|reviews))?$/;

/**
 * Sliding windows over GitHub's secondary limits. `admit` is asked before a
 * request is served: it answers a refusal (with how long until the window
 * that refused has room) or counts the request and answers undefined. A
 * refused request costs nothing, as on GitHub a refused request creates
 * nothing.
 *
 * @example
 * const limits = new SecondaryLimits({ ...GITHUB_SECONDARY_LIMITS, clock: Date.now });
 * limits.admit({ method: "POST", path: "/repos/acme/access/issues/1/comments" }, 1); // undefined: served
 */
export class SecondaryLimits {
  private readonly content: number[] = [];
  private readonly restPoints: Array<[at: number, points: number]> = [];
  private readonly graphqlPoints: Array<[at: number, points: number]> = [];
  // Running sums of the two windows, so a request costs no walk over the minute.
  private readonly sums = { rest: 0, graphql: 0 };

  constructor(private readonly options: SecondaryLimitOptions) {}

  /** `inFlight` counts this request too. */
  admit(request: WeighedRequest, inFlight: number): SecondaryRefusal | undefined {
    const now = this.options.clock();
    this.expire(now);
    if (inFlight > this.options.concurrent) return this.refuse(GENERAL, 1);
    const graphql = request.path === "/graphql";
    const points = secondaryPoints(request);
    const window = graphql ? this.graphqlPoints : this.restPoints;
    const limit = graphql ? this.options.graphqlPointsPerMinute : this.options.restPointsPerMinute;
    const key = graphql ? "graphql" : "rest";
    const used = this.sums[key];
    if (used + points > limit) return this.refuse(GENERAL, untilRoom(window, used + points - limit, now));
    const creates = createsContent(request);
    if (creates) {
      const inHour = this.content.length;
      const inMinute = this.content.filter((at) => at > now - MINUTE).length;
      if (inMinute >= this.options.contentPerMinute) return this.refuse(CONTENT, secondsUntil(this.content[inHour - inMinute]! + MINUTE, now));
      if (inHour >= this.options.contentPerHour) return this.refuse(CONTENT, secondsUntil(this.content[0]! + HOUR, now));
      this.content.push(now);
    }
    window.push([now, points]);
    this.sums[key] += points;
    return undefined;
  }

  private refuse(message: string, retryAfterSeconds: number): SecondaryRefusal {
    return { status: this.options.status, message, retryAfterSeconds };
  }

  private expire(now: number): void {
    while (this.content.length > 0 && this.content[0]! <= now - HOUR) this.content.shift();
    for (const [key, window] of [["rest", this.restPoints], ["graphql", this.graphqlPoints]] as const) {
      while (window.length > 0 && window[0]![0] <= now - MINUTE) this.sums[key] -= window.shift()![1];
    }
  }
}

/**
 * The points a request costs in its secondary-limit minute: REST reads 1 and
 * writes 5 (of 900), GraphQL queries 1 and mutations 5 (of 2,000).
 *
 * @example
 * secondaryPoints({ method: "PUT", path: "/orgs/acme/teams/t/memberships/jane" }); // 5
 */
export function secondaryPoints(request: WeighedRequest): number {
  if (request.path === "/graphql") return request.mutation ? 5 : 1;
  return ["GET", "HEAD", "OPTIONS"].includes(request.method) ? 1 : 5;
}

/**
 * Whether GitHub counts a request against its content-creation limits (80 a
 * minute, 500 an hour): creating an issue, a pull request, a comment or a review,
 * by REST or by a GraphQL mutation (`addComment`, …), once per request.
 *
 * @example
 * createsContent({ method: "POST", path: "/repos/acme/access/issues/7/comments" }); // true
 */
export function createsContent(request: WeighedRequest): boolean {
  if (request.path === "/graphql") return request.createsContent === true;
  return request.method === "POST" && CONTENT_CREATING.test(request.path);
}

/**
 * Whether a GraphQL request body is a mutation (5 secondary points, not 1).
 *
 * @example
 * isMutation({ query: "mutation { addComment(input: {}) { clientMutationId } }" }); // true
 */
export function isMutation(body: unknown): boolean {
  const query = (body as { query?: unknown } | undefined)?.query;
  return typeof query === "string" && /^\s*mutation\b/.test(query);
}

/** Seconds until enough of the oldest points leave the minute's window. */
function untilRoom(window: Array<[number, number]>, excess: number, now: number): number {
  let freed = 0;
  for (const [at, points] of window) {
    freed += points;
    if (freed >= excess) return secondsUntil(at + MINUTE, now);
  }
  return 60;
}

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}
