/**
 * Time as the app sees it. Production uses the wall clock; the demo runs a
 * compressed clock so a one-hour grant ends in seconds. There is no
 * environment variable for it: an operator cannot speed up expiry by mistake.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` once `ms` of this clock's time has passed. */
  after(ms: number, fn: () => void): { cancel(): void };
}

// Node's timers overflow past about 24.8 days; longer waits are re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The wall clock.
 *
 * @example
 * systemClock.after(1000, () => console.log("a second later"));
 */
export const systemClock: Clock = scaledClock(Date.now(), Date.now(), 1);

/**
 * A clock that runs `speed` times faster than real time from `start`.
 *
 * @example
 * const clock = scaledClock(Date.parse("2026-01-01T00:00:00Z"), Date.now(), 720); // an hour in 5 s
 */
export function scaledClock(start: number, realStart: number, speed: number): Clock {
  const now = () => start + (Date.now() - realStart) * speed;
  return {
    now,
    after(ms, fn) {
      let timer: NodeJS.Timeout | undefined;
      const due = now() + ms;
      const arm = () => {
        const wait = Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil((due - now()) / speed)));
        timer = setTimeout(() => (now() >= due ? fn() : arm()), wait);
        timer.unref();
      };
      arm();
      return { cancel: () => clearTimeout(timer) };
    },
  };
}

/** A clock that moves only when told to; timers fire as it passes them. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  /** Timers armed and not yet fired. */
  pending(): number;
}

/**
 * A clock for tests and exact benchmarks: nothing happens between two
 * `advance` calls except what the caller does, so a run is the same every time.
 *
 * @example
 * const clock = manualClock(Date.parse("2026-11-02T09:00:00Z"));
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
    pending: () => timers.filter((t) => t.live).length,
  };
}
