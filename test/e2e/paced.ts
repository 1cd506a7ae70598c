import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { GITHUB_PACING } from "../../src/github/write-queue.js";
import type { ManualClock } from "../../src/reconcile/clock.js";

/** Waits (real time, bounded) until `done` holds; nothing moves the pacing clock meanwhile. */
export async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1_000 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!done()) throw new Error(`never happened: ${what}`);
}

/** Lets paced writes go, one pacing gap at a time, until nothing is left to do. */
export async function drain(s: Sandbox, pacing: ManualClock): Promise<void> {
  const quiet = () => {
    const { depth, inFlight } = s.jit.writes.stats();
    return !inFlight && !s.jit.scheduler.busy && Object.values(depth).every((n) => n === 0);
  };
  for (let i = 0; i < 2_000; i++) {
    await s.github.settle();
    if (quiet()) return;
    pacing.advance(GITHUB_PACING.gapMs);
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error("writes never drained");
}
