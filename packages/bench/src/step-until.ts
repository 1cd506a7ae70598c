import type { WriteQueue } from "jit-access/internal/github/write-queue.js";
import type { BenchWorld } from "./bench-world.js";
import type { SteppedClock } from "./clocks.js";

/** Runs a world on a stepped clock until a condition holds. */
export type StepUntil = (what: string, done: () => boolean) => Promise<void>;

/**
 * A driver for a world on a stepped clock: `until(what, done)` lets
 * everything that can happen at this instant happen, then moves the clock to
 * the next due timer — the app's own, the write queue's pacing, or one the
 * bench armed — and again, until `done` holds. The work in between takes no
 * time on the clock, so every figure read from it is queueing and pacing alone.
 *
 * "Everything has happened" is: the emulator has been quiet for a moment (no
 * webhook queued or in flight, no call being served) and no call of the app
 * is on its way (a write sent, or a read, until the app has taken its
 * answer). The second part counts calls as the app's write queue passes them
 * on; without it a call whose answer has not reached the app yet looks like
 * quiet, and the clock would jump past work still to be done. It waits on
 * neither the app's reconciles nor its queue's depth: a reconcile waiting for
 * its write's turn waits on this clock.
 *
 * @example
 * const until = stepper(world, clock, 120_000);
 * await until("the writes to drain", () => world.sandbox.jit.writes.stats().done > 10);
 */
export function stepper(world: BenchWorld, clock: SteppedClock, timeoutMs: number): StepUntil {
  const queue = world.sandbox.jit.writes;
  const reads = countReads(queue);
  return async (what, done) => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      await world.sandbox.github.settle();
      if (reads.active > 0 || queue.stats().inFlight) continue;
      if (done()) return;
      const next = clock.next();
      if (next === undefined) throw new Error(`nothing left to happen, and still waiting for ${what}`);
      if (performance.now() > deadline) throw new Error(`gave up after ${Math.round(timeoutMs / 1000)} s of real time waiting for ${what}`);
      clock.advance(Math.max(0, next - clock.now()));
    }
  };
}

/** Counts the reads passing through the queue, from their call until their caller has the answer. Their order and limit stay the queue's. */
function countReads(queue: WriteQueue): { active: number } {
  const count = { active: 0 };
  const read = queue.read.bind(queue);
  queue.read = async <T>(run: () => Promise<T>): Promise<T> => {
    count.active++;
    try {
      return await read(run);
    } finally {
      count.active--;
    }
  };
  return count;
}
