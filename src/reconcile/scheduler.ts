import type { Logger } from "pino";
import type { Decision } from "../core/decide.js";
import type { IssueRef } from "../github/client.js";
import { gitHubErrorIn } from "../github/errors.js";
import { localCoordinator, type Coordinator } from "../coordination/coordinator.js";
import { EXPECTED_CAUSES, failureCause } from "../operate/failure-cause.js";
import { FailureLog } from "../operate/failure-log.js";
import type { Clock } from "./clock.js";
import { memoryKey } from "./process-memory.js";

const RETRY_BASE_MS = 1_000;
const BUSY_RETRY_MS = 1_000;
const RETRY_MAX_MS = 60_000;
/** A lock wait longer than this is logged at info: another replica holds the request. */
const SLOW_LOCK_MS = 1_000;
/** Failures in a row (about two minutes of backoff) after which a request's retries need a person's look. */
const NEEDS_A_PERSON = 8;
/** Reconciles running at once below which the backlog may start one more (see `backlog`). */
const BACKLOG_SLOTS = 8;

export interface SchedulerOptions {
  /** Told of every wait for a lock another replica held (metrics). */
  onLockWait?: (lock: "issue", waitedMs: number) => void;
  /** Where repeated failures are counted and summarised (default: one of its own on `log`). */
  failureLog?: FailureLog;
  /** Told of every failed reconcile, before its retry is armed (metrics). */
  onFailure?: (error: unknown) => void;
  /** The logger for one request's failures (its installation's masking); default `log`. */
  logFor?: (ref: IssueRef) => Logger;
  /** Reconciles running at once (webhooks' included) below which the backlog starts another (default 8). */
  backlogSlots?: number;
}

/**
 * Decides when each request is reconciled, never how. Webhooks and timers
 * call `enqueue`, which starts a reconcile at once; the sweep calls
 * `backlog`, whose requests start in order, one at a time, only while fewer
 * than `backlogSlots` reconciles run: a webhook that comes while a sweep's
 * thousands wait is served first. Reconciles of one request never overlap:
 * a request asked for while it runs is run once more afterwards. A decision's
 * `wakeAt` arms a timer at that exact time; a failure is retried with backoff.
 *
 * @example
 * const scheduler = new Scheduler((ref) => reconcile(ref, deps), systemClock, log);
 * scheduler.enqueue({ installationId: 1, owner: "acme", repo: "access", number: 7 });
 * await scheduler.idle();
 */
export class Scheduler {
  private readonly runningNow = new Map<string, Promise<void>>();
  /** Requests the sweep asked for, not yet started, oldest first. */
  private readonly waiting = new Map<string, IssueRef>();
  /** Requests asked for while running; the check, when every asker gave one, says the run already saw it. */
  private readonly again = new Map<string, (() => boolean) | undefined>();
  private readonly timers = new Map<string, { at: number; cancel(): void }>();
  private readonly failures = new Map<string, number>();
  /** Since when each request has found its lock held by another replica, and whether that was logged. */
  private readonly blocked = new Map<string, { since: number; logged: boolean }>();
  private stopped = false;
  private readonly failureLog: FailureLog;

  constructor(
    private readonly run: (ref: IssueRef) => Promise<Decision | undefined>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly coordinator: Coordinator = localCoordinator,
    private readonly options: SchedulerOptions = {},
  ) {
    this.failureLog = options.failureLog ?? new FailureLog(log);
  }

  /**
   * Asks for a reconcile. `alreadySeen`, when given, is asked before a run
   * that this call would add behind a running one: true means the running
   * reconcile read the change this call is about, so no second run is needed.
   */
  enqueue(ref: IssueRef, alreadySeen?: () => boolean): void {
    if (this.stopped) return;
    const key = keyOf(ref);
    // Asked for now: no longer behind the backlog.
    this.waiting.delete(key);
    if (this.runningNow.has(key)) {
      const before = this.again.has(key) ? this.again.get(key) : alreadySeen;
      this.again.set(key, before && alreadySeen ? () => before() && alreadySeen() : undefined);
      return;
    }
    const task = this.execute(key, ref).finally(() => {
      this.runningNow.delete(key);
      if (this.again.has(key)) {
        const check = this.again.get(key);
        this.again.delete(key);
        if (!check?.()) this.enqueue(ref);
      }
      this.startWaiting();
    });
    this.runningNow.set(key, task);
  }

  /**
   * Asks for a reconcile behind everything asked for with `enqueue`: the
   * sweep's way. Requests wait in order and start only while fewer than
   * `backlogSlots` reconciles run, so webhooks and timers never wait behind
   * a sweep's backlog. A request already waiting or running is not added twice.
   *
   * @example
   * for (const ref of listed) scheduler.backlog(ref);
   */
  backlog(ref: IssueRef): void {
    if (this.stopped) return;
    const key = keyOf(ref);
    if (this.waiting.has(key)) return;
    if (this.runningNow.has(key)) {
      this.enqueue(ref);
      return;
    }
    this.waiting.set(key, ref);
    this.startWaiting();
  }

  /** Requests the sweep asked for that have not started yet. */
  get backlogged(): number {
    return this.waiting.size;
  }

  private startWaiting(): void {
    const slots = this.options.backlogSlots ?? BACKLOG_SLOTS;
    for (const [key, ref] of this.waiting) {
      if (this.stopped || this.runningNow.size >= slots) return;
      this.waiting.delete(key);
      this.enqueue(ref);
    }
  }

  /**
   * Makes sure the request is looked at by `at`: arms its timer unless one
   * fires earlier. Used the moment a grant's membership exists, so that its
   * removal never waits for the rest of the run's writes.
   */
  remindAt(ref: IssueRef, at: number): void {
    const key = keyOf(ref);
    const armed = this.timers.get(key);
    if (armed && armed.at <= at) return;
    this.arm(key, ref, at);
  }

  /** Requests with a timer armed, and when it fires. */
  wakeups(): Map<string, number> {
    return new Map([...this.timers].map(([key, timer]) => [key, timer.at]));
  }

  /** Whether a reconcile is running, waiting to run again, or waiting in the backlog. */
  get busy(): boolean {
    return this.runningNow.size > 0 || this.waiting.size > 0;
  }

  /** Reconciles running now (a drain says how many it waited for). */
  get running(): number {
    return this.runningNow.size;
  }

  /** Resolves once nothing is running, waiting to run again, or waiting in the backlog. */
  async idle(): Promise<void> {
    while (this.runningNow.size > 0) await Promise.allSettled([...this.runningNow.values()]);
  }

  stop(): void {
    this.stopped = true;
    // What the backlog held is the next sweep's (or another replica's) to find again.
    this.waiting.clear();
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  private async execute(key: string, ref: IssueRef): Promise<void> {
    try {
      const outcome = await this.coordinator.exclusive(`issue:${key}`, () => this.run(ref));
      if (!outcome.ran) {
        // Another replica is reconciling this request; look again shortly.
        this.noteBlocked(key);
        this.arm(key, ref, this.clock.now() + BUSY_RETRY_MS);
        return;
      }
      this.noteUnblocked(key);
      const decision = outcome.value;
      this.failures.delete(key);
      this.arm(key, ref, decision?.wakeAt);
    } catch (error) {
      const failures = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, failures);
      const delay = retryDelay(error, failures);
      this.options.onFailure?.(error);
      this.logFailure(error, { request: key, attempt: failures, retryInMs: delay }, this.options.logFor?.(ref) ?? this.log);
      this.arm(key, ref, this.clock.now() + delay);
    }
  }

  /**
   * Levels that mean something: a lagging read, a busy lock and Redis being
   * away are normal and retried (debug, no stack; the coordinator says once
   * that Redis is away); a failure of unknown kind is an error once per
   * request, with its stack; transient ones (GitHub 5xx, rate limits, the
   * network) are warnings, summarised per cause; a request that keeps failing
   * for such a cause is an error once, when it has failed `NEEDS_A_PERSON`
   * times in a row.
   */
  private logFailure(error: unknown, fields: { request: string; attempt: number; retryInMs: number }, log: Logger): void {
    const cause = failureCause(error);
    const reason = error instanceof Error ? error.message : String(error);
    if (EXPECTED_CAUSES.has(cause)) log.debug({ ...fields, cause, reason }, "reconcile will be retried");
    else if (fields.attempt === NEEDS_A_PERSON && cause !== "other") log.error({ ...fields, cause, reason }, "reconcile keeps failing; it is retried every minute until the cause is fixed");
    else if (cause === "other" && fields.attempt === 1) log.error({ err: error, ...fields, cause }, "reconcile failed; will retry");
    else this.failureLog.report(cause, { ...fields, reason }, "reconcile failed; will retry");
  }

  private noteBlocked(key: string): void {
    const blocked = this.blocked.get(key) ?? { since: this.clock.now(), logged: false };
    this.blocked.set(key, blocked);
    const waitedMs = this.clock.now() - blocked.since;
    if (waitedMs > SLOW_LOCK_MS && !blocked.logged) {
      blocked.logged = true;
      this.log.info({ lock: "issue", request: key, waitedMs }, "waiting for a lock another replica holds");
    }
  }

  private noteUnblocked(key: string): void {
    const blocked = this.blocked.get(key);
    if (!blocked) return;
    this.blocked.delete(key);
    const waitedMs = this.clock.now() - blocked.since;
    this.options.onLockWait?.("issue", waitedMs);
    if (waitedMs > SLOW_LOCK_MS) this.log.info({ lock: "issue", request: key, waitedMs }, "took a lock another replica held");
  }

  private arm(key: string, ref: IssueRef, at: number | undefined): void {
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
    if (at === undefined || this.stopped) return;
    const timer = this.clock.after(Math.max(0, at - this.clock.now()), () => {
      this.timers.delete(key);
      this.enqueue(ref);
    });
    this.timers.set(key, { at, cancel: timer.cancel });
  }
}

/**
 * How long to wait before reconciling a failed request again, from what the
 * failure says it is. A transient one (GitHub's 5xx, no answer, a rate limit)
 * backs off, and waits at least as long as GitHub asked (`retryAfterMs`). A
 * permanent or refused one (404, 422, a missing permission) is tried once
 * more after the first step, since a fresh read often decides otherwise (the
 * write raced a change on GitHub); after that, asking sooner than the longest
 * step only spends rate limit until a person changes something. A failure of
 * unknown kind is treated as transient: it may pass.
 *
 * @example
 * retryDelay(new TransientGitHubError("limited", 403, "POST /x", 30), 1); // 30_000
 * retryDelay(new PermanentGitHubError("gone", 422, "POST /x"), 2); // 60_000
 */
export function retryDelay(error: unknown, failures: number): number {
  const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1));
  const github = gitHubErrorIn(error);
  if (github === undefined) return backoff;
  if (!github.transient) return failures === 1 ? RETRY_BASE_MS : RETRY_MAX_MS;
  return Math.max(backoff, github.retryAfterMs ?? 0);
}

/**
 * The key a request is known by.
 *
 * @example
 * keyOf({ installationId: 1, owner: "acme", repo: "access", number: 7 }); // "1:acme/access#7"
 */
export function keyOf(ref: IssueRef): string {
  return memoryKey(ref.installationId, `${ref.owner}/${ref.repo}#${ref.number}`);
}
