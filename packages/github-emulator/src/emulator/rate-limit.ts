/** GitHub's hourly limit for an installation: REST requests, and apart from them GraphQL points. */
const LIMIT = 5000;
const WINDOW_MS = 60 * 60 * 1000;

/**
 * A primary rate limit: a budget per hour of the emulator's clock. REST's
 * `core` budget is spent one per request, except 304 answers to conditional
 * requests; GraphQL's budget is apart from it and spent in points per query
 * (graphqlPoints), as GitHub keeps them.
 *
 * @example
 * const limit = new RateLimit(Date.now);
 * limit.spend(); limit.headers(); // { "x-ratelimit-remaining": "4999", ... }
 * new RateLimit(Date.now, "graphql").spend(2);
 */
export class RateLimit {
  private used = 0;
  private resetAt: number;

  constructor(
    private readonly clock: () => number,
    readonly resource: "core" | "graphql" = "core",
  ) {
    this.resetAt = clock() + WINDOW_MS;
  }

  exhausted(cost = 1): boolean {
    this.roll();
    return this.used + cost > LIMIT;
  }

  spend(cost = 1): void {
    this.roll();
    this.used += cost;
  }

  /** What GraphQL's `rateLimit` object reports: the budget as it stands. */
  state(): { limit: number; used: number; remaining: number; resetAt: number } {
    this.roll();
    return { limit: LIMIT, used: this.used, remaining: Math.max(0, LIMIT - this.used), resetAt: this.resetAt };
  }

  headers(): Record<string, string> {
    this.roll();
    return {
      "x-ratelimit-limit": String(LIMIT),
      "x-ratelimit-remaining": String(Math.max(0, LIMIT - this.used)),
      "x-ratelimit-used": String(this.used),
      "x-ratelimit-reset": String(Math.floor(this.resetAt / 1000)),
      "x-ratelimit-resource": this.resource,
    };
  }

  private roll(): void {
    const now = this.clock();
    if (now < this.resetAt) return;
    this.used = 0;
    this.resetAt = now + WINDOW_MS;
  }
}
