import { manualClock, type Clock, type ManualClock } from "jit-access/internal/reconcile/clock.js";

export { manualClock, type ManualClock };

/** When every bench world's clock starts: a fixed date, so runs compare. */
export const BENCH_EPOCH = Date.parse("2026-11-02T09:00:00Z");

/** A clock running `speed` times real time, and the conversion back. */
export interface FastClock extends Clock {
  speed: number;
  /** Real milliseconds for a span of this clock's milliseconds. */
  real(clockMs: number): number;
  /**
   * Moves the clock forward at once. Timers already armed fire late (at
   * their real deadline), so use it only when none is armed, such as while
   * the app is stopped.
   */
  advance(ms: number): void;
}

/**
 * A clock that runs `speed` times faster than real time, read from
 * `performance.now()` so that spans converted back to real time keep
 * sub-millisecond precision (Date.now() has whole milliseconds). Two reasons
 * to run fast: a one-hour grant ends in a real second, and the emulator's
 * hourly budget of 5000 calls renews every real second at 3600×, so a bench
 * that makes tens of thousands of calls is counted, not refused.
 *
 * `realStart` (a real instant, `realInstant()`) is when the clock read
 * `start`; two threads given the same one read the same time, as the app
 * and an emulator on a thread of its own must.
 *
 * @example
 * const clock = fastClock(BENCH_EPOCH, 3600);
 * clock.real(3_600_000); // 1000 (real ms)
 * clock.advance(86_400_000); // a day later, at once
 */
export function fastClock(start: number, speed: number, realStart = realInstant()): FastClock {
  let skipped = 0;
  // Whole milliseconds: the app writes times into records and ISO strings.
  const now = () => Math.floor(start + skipped + (realInstant() - realStart) * speed);
  // Node's timers overflow past about 24.8 days; a longer wait is re-armed when it ends.
  const wait = (at: number) => Math.min(2 ** 31 - 1, Math.max(0, Math.ceil((at - now()) / speed)));
  return {
    speed,
    now,
    real: (clockMs) => clockMs / speed,
    after(ms, fn) {
      const due = now() + ms;
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        timer = setTimeout(() => (now() >= due ? fn() : arm()), wait(due));
        timer.unref();
      };
      arm();
      return { cancel: () => clearTimeout(timer) };
    },
    advance(ms) {
      skipped += ms;
    },
  };
}

/**
 * Real time in milliseconds since the epoch, with sub-millisecond precision,
 * comparable between threads (each thread's `performance.now()` counts from
 * its own start).
 *
 * @example
 * const t0 = realInstant(); … realInstant() - t0; // real ms since
 */
export function realInstant(): number {
  return performance.timeOrigin + performance.now();
}

/** A manual clock that also says when its next timer is due, so a bench can jump from one event to the next. */
export interface SteppedClock extends ManualClock {
  /** When the earliest timer armed and not yet fired is due; undefined when none is. */
  next(): number | undefined;
}

/**
 * A manual clock that knows its next timer: time moves only when the bench
 * moves it, from one due timer to the next, so that waits (GitHub's write
 * pacing among them) are exact in this clock's time however long the work in
 * between takes in real time, and hours of paced writes run in seconds.
 *
 * @example
 * const clock = steppedClock(BENCH_EPOCH);
 * clock.after(1000, () => console.log("fired"));
 * clock.advance(clock.next()! - clock.now()); // fired
 */
export function steppedClock(start: number): SteppedClock {
  const inner = manualClock(start);
  const due = new Set<{ at: number }>();
  return {
    now: inner.now,
    advance: inner.advance,
    pending: inner.pending,
    after(ms, fn) {
      const entry = { at: inner.now() + ms };
      due.add(entry);
      const timer = inner.after(ms, () => {
        due.delete(entry);
        fn();
      });
      return {
        cancel() {
          due.delete(entry);
          timer.cancel();
        },
      };
    },
    next() {
      let earliest: number | undefined;
      for (const entry of due) if (earliest === undefined || entry.at < earliest) earliest = entry.at;
      return earliest;
    },
  };
}
