import type { Logger } from "pino";
import { systemClock, type Clock } from "../reconcile/clock.js";
import { failureCause } from "./failure-cause.js";

type Level = "warn" | "error";

interface Window {
  count: number;
  level: Level;
  message: string;
}

/**
 * Keeps the log readable while something keeps failing the same way (Redis
 * away, GitHub answering 5xx): the first failure of a cause is logged at
 * once; the ones after it within `windowMs` (30 s) are only counted, and one
 * line at the end of the window says how many there were. A cause that goes
 * on failing gives one line per window.
 *
 * The clock is real time by default, never the app's compressed demo clock:
 * the window is about how many lines a person reads.
 *
 * @example
 * const failures = new FailureLog(log);
 * failures.report("github-5xx", { request }, "reconcile failed; will retry"); // logged
 * failures.report("github-5xx", { request }, "reconcile failed; will retry"); // counted
 */
export class FailureLog {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly log: Logger,
    private readonly windowMs = 30_000,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Logs a failure of `cause`, or counts it when one was logged less than a window ago. */
  report(cause: string, fields: object, message: string, level: Level = "warn"): void {
    const open = this.windows.get(cause);
    if (open) {
      open.count++;
      return;
    }
    this.log[level]({ cause, ...fields }, message);
    const window: Window = { count: 0, level, message };
    this.windows.set(cause, window);
    this.clock.after(this.windowMs, () => this.close(cause, window));
  }

  /**
   * Logs a failed attempt at `what` that will be tried again: a failure
   * nobody foresaw is an error with its stack; a known cause (GitHub, the
   * network, Redis) is reported per cause, summarised.
   */
  failed(what: string, error: unknown, message: string): void {
    const cause = failureCause(error);
    if (cause === "other") this.log.error({ err: error }, message);
    else this.report(`${what}:${cause}`, { reason: error instanceof Error ? error.message : String(error) }, message);
  }

  /**
   * Says how many failures the window counted and opens the next one, so a
   * cause that goes on failing gives one line per window; a window that
   * counted none ends, and the next failure is logged at once.
   */
  private close(cause: string, window: Window): void {
    if (window.count === 0) {
      this.windows.delete(cause);
      return;
    }
    this.log[window.level]({ cause, count: window.count, windowMs: this.windowMs }, `${window.message} (${window.count} more like it in the last ${Math.round(this.windowMs / 1000)} s)`);
    window.count = 0;
    this.clock.after(this.windowMs, () => this.close(cause, window));
  }
}
