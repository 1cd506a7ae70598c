import type { Logger } from "pino";

/** A sweep that went through everything it could and failed somewhere (each failure was logged where it happened). */
export class SweepFailedError extends Error {
  constructor(what: string, count: number, first: unknown) {
    super(`the ${what} failed in ${count} place(s) and went on past each (logged); the first: ${first instanceof Error ? first.message : String(first)}`, { cause: first });
    this.name = "SweepFailedError";
  }
}

/**
 * The failures of one sweep. A sweep goes on past an installation, a
 * repository or a team that GitHub refuses (an installation suspended, a
 * permission withdrawn, a listing failing): one organisation's trouble must
 * not keep another's grants from ending. Each failure is logged where it
 * happens; the sweep fails at its end if any did, so that the caller (a cron
 * `jit-access sweep`) still sees it.
 *
 * @example
 * const failures = new SweepFailures(log, "sweep");
 * await failures.attempt({ installationId: 7 }, () => sweepInstallation(7));
 * failures.throwIfAny();
 */
export class SweepFailures {
  private count = 0;
  private first: unknown;

  constructor(private readonly log: Pick<Logger, "error">, private readonly what: string) {}

  /** Runs `run`; a failure is logged with `where` and noted. Returns whether it went through. */
  async attempt(where: Record<string, unknown>, run: () => Promise<void>): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (error) {
      this.note(error, where);
      return false;
    }
  }

  note(error: unknown, where: Record<string, unknown>): void {
    this.count++;
    if (this.count === 1) this.first = error;
    this.log.error({ err: error, ...where }, `${this.what} failed here; the rest of it goes on, and the next one tries again`);
  }

  throwIfAny(): void {
    if (this.count > 0) throw new SweepFailedError(this.what, this.count, this.first);
  }
}
