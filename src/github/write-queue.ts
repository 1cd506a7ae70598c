import type { Logger } from "pino";

/**
 * What a write does, most urgent first: a removal ends access and must never
 * wait behind comments; a grant is what a person is waiting for; a record is
 * the audit trail; everything else (labels, close, lock, check runs) last.
 */
export const WRITE_KINDS = ["removal", "grant", "record", "other"] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

/** How fast writes may go. GitHub's documented secondary limits are the default. */
export interface WritePacing {
  /** Least time between the starts of two writes ("wait at least one second between each request"). */
  gapMs: number;
  /** Content-creating writes (comments) allowed in any minute (GitHub: 80). */
  contentPerMinute: number;
  /** Content-creating writes allowed in any hour (GitHub: 500). */
  contentPerHour: number;
  /** Reads are not paced, only held to this many at once (GitHub allows 100; Probot's throttling held 10). */
  concurrentReads: number;
}

/** GitHub's "best practices" and secondary rate limits for the REST API. */
export const GITHUB_PACING: WritePacing = { gapMs: 1_000, contentPerMinute: 80, contentPerHour: 500, concurrentReads: 10 };

/** No pacing at all: tests and the compressed-clock demo. */
export const NO_PACING: WritePacing = { gapMs: 0, contentPerMinute: Infinity, contentPerHour: Infinity, concurrentReads: Infinity };

/** Real time for pacing; tests inject a manual one. Pacing follows GitHub's clock, never the app's compressed one. */
export interface PacingTimer {
  now(): number;
  after(ms: number, fn: () => void): { cancel(): void };
}

const realTimer: PacingTimer = {
  now: () => Date.now(),
  after(ms, fn) {
    // Queued writes alone never keep a process alive (`jit-access sweep` exits when its work is done).
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/** One write as the queue sees it. */
export interface WriteTicket {
  kind: WriteKind;
  /** Counts against GitHub's content-creation limit (a comment). */
  contentCreating: boolean;
  /** "METHOD /route/{template}", for logs: never the expanded path (it can name a person). */
  route: string;
}

/** The queue's state, for logs and metrics. */
export interface WriteQueueStats {
  depth: Record<WriteKind, number>;
  inFlight: boolean;
  /** Until when a rate-limit answer paused every write (epoch ms), if it is paused now. */
  pausedUntil?: number;
  /** Writes done since start, and the longest any of them waited for its turn. */
  done: number;
  longestWaitMs: number;
}

interface Waiting {
  ticket: WriteTicket;
  seq: number;
  queuedAt: number;
  /** How many writes had started when this one was queued. */
  startsBefore: number;
  start(): void;
  fail(error: Error): void;
}

/** Writes that waited longer than this are logged at info; shorter waits at debug. */
const SLOW_WAIT_MS = 10_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * One process's writes to GitHub, one at a time, most urgent first, paced as
 * GitHub asks. A rate-limit answer pauses every write until the time GitHub
 * named. Reads never pass through it.
 *
 * @example
 * const queue = new WriteQueue({ pacing: GITHUB_PACING, log });
 * await queue.schedule({ kind: "removal", contentCreating: false, route: "DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}" }, () => octokit.request(...));
 */
export class WriteQueue {
  private readonly waiting: Waiting[] = [];
  private readonly pacing: WritePacing;
  private readonly timer: PacingTimer;
  private readonly log: Logger | undefined;
  private readonly onStart: ((kind: WriteKind, waitedMs: number) => void) | undefined;
  private readonly contentStarts: number[] = [];
  private inFlight = false;
  private lastStart = -Infinity;
  private pausedUntil = -Infinity;
  private wake: { at: number; cancel(): void } | undefined;
  private seq = 0;
  private done = 0;
  private starts = 0;
  private longestWaitMs = 0;
  private closed: Error | undefined;
  private readonly reads: { active: number; waiting: (() => void)[] } = { active: 0, waiting: [] };

  /** `onStart` is told how long each write waited for its turn (metrics). */
  constructor(options: { pacing?: WritePacing; timer?: PacingTimer; log?: Logger; onStart?: (kind: WriteKind, waitedMs: number) => void } = {}) {
    this.pacing = options.pacing ?? GITHUB_PACING;
    this.timer = options.timer ?? realTimer;
    this.log = options.log;
    this.onStart = options.onStart;
  }

  /** Runs `run` when its turn comes; rejects without running when the queue was closed first. */
  schedule<T>(ticket: WriteTicket, run: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise<T>((resolve, reject) => {
      const queuedAt = this.timer.now();
      const entry: Waiting = {
        ticket,
        seq: this.seq++,
        queuedAt,
        startsBefore: this.starts,
        fail: reject,
        start: () => {
          const waitedMs = this.timer.now() - queuedAt;
          this.longestWaitMs = Math.max(this.longestWaitMs, waitedMs);
          this.onStart?.(ticket.kind, waitedMs);
          // startedMeanwhile: writes that went out while this one waited; passed: earlier writes it overtook.
          const passed = this.waiting.filter((w) => w.seq < entry.seq).length;
          const fields = { write: ticket.kind, route: ticket.route, waitedMs, queued: this.waiting.length, startedMeanwhile: this.starts - 1 - entry.startsBefore, passed };
          if (waitedMs >= SLOW_WAIT_MS) this.log?.info(fields, "write waited for its turn");
          else this.log?.debug(fields, "write");
          run().then(resolve, reject).finally(() => {
            this.inFlight = false;
            this.done++;
            this.pump();
          });
        },
      };
      this.waiting.push(entry);
      this.waiting.sort(byUrgency);
      this.pump();
    });
  }

  /**
   * Runs a read at once, or as soon as fewer than `concurrentReads` are
   * running. Reads are never paced nor ranked.
   */
  async read<T>(run: () => Promise<T>): Promise<T> {
    // A finishing read hands its place straight to the next in line, so none can slip in between.
    if (this.reads.active < this.pacing.concurrentReads) this.reads.active++;
    else await new Promise<void>((resolve) => this.reads.waiting.push(resolve));
    try {
      return await run();
    } finally {
      const next = this.reads.waiting.shift();
      if (next) next();
      else this.reads.active--;
    }
  }

  /**
   * Holds every write until `until` (epoch ms): GitHub answered a rate limit.
   * A later pause extends it; an earlier one changes nothing.
   */
  pauseUntil(until: number, reason: string): void {
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.log?.warn({ pausedForMs: until - this.timer.now(), reason, queued: this.waiting.length }, "GitHub asked to slow down; writes paused");
    this.rearm();
  }

  /** Rejects every write still waiting and refuses new ones; a write already sent finishes. */
  close(reason = "the app is shutting down"): void {
    this.closed = new Error(`write not sent: ${reason}`);
    this.wake?.cancel();
    this.wake = undefined;
    for (const entry of this.waiting.splice(0)) entry.fail(this.closed);
  }

  stats(): WriteQueueStats {
    const depth = { removal: 0, grant: 0, record: 0, other: 0 };
    for (const entry of this.waiting) depth[entry.ticket.kind]++;
    const paused = this.pausedUntil > this.timer.now() ? { pausedUntil: this.pausedUntil } : {};
    return { depth, inFlight: this.inFlight, ...paused, done: this.done, longestWaitMs: this.longestWaitMs };
  }

  private pump(): void {
    if (this.inFlight || this.closed) return;
    const next = this.waiting[0];
    if (!next) return;
    const at = this.earliestStart(next.ticket);
    if (at > this.timer.now()) {
      this.rearm();
      return;
    }
    this.waiting.shift();
    this.wake?.cancel();
    this.wake = undefined;
    this.inFlight = true;
    this.starts++;
    this.lastStart = this.timer.now();
    if (next.ticket.contentCreating) this.contentStarts.push(this.lastStart);
    next.start();
  }

  /** When the write may start: after the gap, after any pause, and within the content windows. */
  private earliestStart(ticket: WriteTicket): number {
    let at = Math.max(this.lastStart + this.pacing.gapMs, this.pausedUntil);
    if (ticket.contentCreating) {
      const now = this.timer.now();
      while (this.contentStarts.length > 0 && (this.contentStarts[0] ?? 0) <= now - HOUR) this.contentStarts.shift();
      at = Math.max(at, windowOpensAt(this.contentStarts, MINUTE, this.pacing.contentPerMinute), windowOpensAt(this.contentStarts, HOUR, this.pacing.contentPerHour));
    }
    return at;
  }

  private rearm(): void {
    const next = this.waiting[0];
    if (!next || this.inFlight || this.closed) return;
    const at = this.earliestStart(next.ticket);
    if (this.wake && this.wake.at === at) return;
    this.wake?.cancel();
    const timer = this.timer.after(Math.max(0, at - this.timer.now()), () => {
      this.wake = undefined;
      this.pump();
    });
    this.wake = { at, cancel: timer.cancel };
  }
}

function byUrgency(a: Waiting, b: Waiting): number {
  return WRITE_KINDS.indexOf(a.ticket.kind) - WRITE_KINDS.indexOf(b.ticket.kind) || a.seq - b.seq;
}

/** When one more start fits in a sliding window that allows `limit` starts (sorted `starts`). */
function windowOpensAt(starts: readonly number[], windowMs: number, limit: number): number {
  if (!Number.isFinite(limit) || starts.length < limit) return -Infinity;
  return (starts[starts.length - limit] ?? 0) + windowMs;
}
