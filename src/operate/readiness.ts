import type { Masker } from "../masking/index.js";

/** One thing the app needs to do its work; `run` throws, saying what is wrong, when it is not there. */
export interface ReadinessCheck {
  name: string;
  run(): Promise<void> | void;
}

export interface ReadinessReport {
  ready: boolean;
  /** Each check: "ok", or what failed (masked). */
  checks: Record<string, string>;
}

/** Probes answer within this; a check still running then counts as failed. */
const CHECK_TIMEOUT_MS = 3_000;

/**
 * Answers "can this process do its work?" for `/readyz`. Checks run
 * together, each bounded in time; the report is kept for `cacheMs` (probes
 * come every few seconds, and a GitHub call per probe would be waste), and
 * callers that arrive while checks run share them. Every failure message
 * passes through the masker: it may quote an error from GitHub or Redis.
 *
 * @example
 * const readiness = new Readiness([{ name: "redis", run: () => coordinator.check() }], masker);
 * (await readiness.report()).ready; // true
 */
export class Readiness {
  private cached: { at: number; report: Promise<ReadinessReport> } | undefined;

  constructor(
    private readonly checks: readonly ReadinessCheck[],
    private readonly masker: Masker,
    private readonly cacheMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  report(): Promise<ReadinessReport> {
    if (this.cached && this.now() - this.cached.at < this.cacheMs) return this.cached.report;
    const report = this.run();
    this.cached = { at: this.now(), report };
    return report;
  }

  /** Forgets the cached report: the next probe checks afresh. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async run(): Promise<ReadinessReport> {
    const results = await Promise.all(this.checks.map(async (check) => [check.name, await this.attempt(check)] as const));
    return { ready: results.every(([, r]) => r === "ok"), checks: Object.fromEntries(results) };
  }

  private async attempt(check: ReadinessCheck): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
      timer.unref();
    });
    try {
      await Promise.race([Promise.resolve().then(() => check.run()), timeout]);
      return "ok";
    } catch (error) {
      return this.masker.mask(error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
  }
}
