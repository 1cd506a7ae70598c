import type { Clock } from "../../src/reconcile/clock.js";

/** A clock that moves only when the test says so; timers fire as it passes them. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  pending(): number;
}

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
