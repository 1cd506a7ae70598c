import type { Clock } from "../reconcile/clock.js";

/** When every bench world's clock starts: a fixed date, so runs compare. */
export const BENCH_EPOCH = Date.parse("2026-11-02T09:00:00Z");

/** A clock that moves only when told to; timers fire as it passes them. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

/**
 * A clock for exact call counts: nothing happens between two `advance` calls
 * except what the bench does, so a run is the same every time.
 *
 * @example
 * const clock = manualClock(BENCH_EPOCH);
 * clock.after(1000, () => console.log("fired"));
 * clock.advance(1000); // fired
 */
export function manualClock(start: number): ManualClock {
  let now = start;
  let timers: { due: number; fn: () => void; live: boolean }[] = [];
  return {
    now: () => now,
    after(ms, fn) {
      const timer = { due: now + ms, fn, live: true };
      timers.push(timer);
      return { cancel: () => void (timer.live = false) };
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.live && t.due <= now).sort((a, b) => a.due - b.due);
      timers = timers.filter((t) => t.live && t.due > now);
      for (const timer of due) timer.fn();
    },
  };
}

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
 * @example
 * const clock = fastClock(BENCH_EPOCH, 3600);
 * clock.real(3_600_000); // 1000 (real ms)
 * clock.advance(86_400_000); // a day later, at once
 */
export function fastClock(start: number, speed: number): FastClock {
  const realStart = performance.now();
  let skipped = 0;
  // Whole milliseconds: the app writes times into records and ISO strings.
  const now = () => Math.floor(start + skipped + (performance.now() - realStart) * speed);
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
