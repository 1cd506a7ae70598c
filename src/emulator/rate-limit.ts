/** GitHub's hourly limit for an installation's REST requests. */
const LIMIT = 5000;
const WINDOW_MS = 60 * 60 * 1000;

/**
 * The primary rate limit: a budget per hour of the emulator's clock, spent
 * by every request except 304 answers to conditional requests.
 *
 * @example
 * const limit = new RateLimit(Date.now);
 * limit.spend(); limit.headers(); // { "x-ratelimit-remaining": "4999", ... }
 */
export class RateLimit {
  private used = 0;
  private resetAt: number;

  constructor(private readonly clock: () => number) {
    this.resetAt = clock() + WINDOW_MS;
  }

  exhausted(): boolean {
    this.roll();
    return this.used >= LIMIT;
  }

  spend(): void {
    this.roll();
    this.used++;
  }

  headers(): Record<string, string> {
    this.roll();
    return {
      "x-ratelimit-limit": String(LIMIT),
      "x-ratelimit-remaining": String(Math.max(0, LIMIT - this.used)),
      "x-ratelimit-used": String(this.used),
      "x-ratelimit-reset": String(Math.floor(this.resetAt / 1000)),
      "x-ratelimit-resource": "core",
    };
  }

  private roll(): void {
    const now = this.clock();
    if (now < this.resetAt) return;
    this.used = 0;
    this.resetAt = now + WINDOW_MS;
  }
}
