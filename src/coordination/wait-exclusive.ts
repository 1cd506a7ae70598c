import type { Logger } from "pino";
import type { Coordinator } from "./coordinator.js";

/** The kinds of lock a replica may wait for; logs and metrics name only the kind, never the key (keys name people). */
export type LockKind = "grant" | "drift";

/** How one wait for a lock is told: the log at info once it took longer than a second, the metric every time. */
export interface LockWaitReport {
  log?: Logger | undefined;
  onLockWait?: ((lock: LockKind, waitedMs: number) => void) | undefined;
}

/**
 * Runs `run` while holding `name` in every replica, waiting (100 ms at a
 * time) while another replica holds it; `waited` tells whether it did.
 * Gives up with a LockBusyError after longer than a lock's lease (6 s), so
 * a holder that died has freed it first: the caller retries later.
 *
 * @example
 * await waitExclusive(coordinator, "grant", "grant:acme/ops/jane", async (waited) => decide(waited));
 */
export async function waitExclusive<T>(coordinator: Coordinator, kind: LockKind, name: string, run: (waited: boolean) => Promise<T>, report: LockWaitReport = {}): Promise<T> {
  const since = Date.now();
  for (let attempt = 0; attempt < REPLICA_ATTEMPTS; attempt++) {
    const outcome = await coordinator.exclusive(name, () => {
      if (attempt > 0) report.onLockWait?.(kind, Date.now() - since);
      if (Date.now() - since > SLOW_LOCK_MS) report.log?.info({ lock: kind, waitedMs: Date.now() - since }, "took a lock another replica held");
      return run(attempt > 0);
    });
    if (outcome.ran) return outcome.value;
    await new Promise((resolve) => setTimeout(resolve, REPLICA_WAIT_MS));
  }
  report.log?.info({ lock: kind, waitedMs: Date.now() - since }, `gave up waiting for a lock another replica holds; ${kind === "grant" ? "the reconcile" : "the check"} will be retried`);
  throw new LockBusyError(kind);
}

/** Another replica held a lock for longer than this process waits; the work is retried. */
export class LockBusyError extends Error {
  constructor(kind: LockKind = "grant") {
    super(kind === "grant" ? "another replica kept the decision for this team and person; the reconcile will be retried" : "another replica kept checking this team for drift; the next webhook or sweep checks it again");
    this.name = "LockBusyError";
  }
}

const REPLICA_WAIT_MS = 100;
// Longer than a lock's lease (6 s): a holder that died frees it before this gives up.
const REPLICA_ATTEMPTS = 100;
const SLOW_LOCK_MS = 1_000;
