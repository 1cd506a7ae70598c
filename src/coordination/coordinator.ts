/**
 * Mutual exclusion across every replica of the app. Reconciles of one
 * request must never run at the same time, even in two processes; one
 * process needs nothing more than its own scheduler, two share Redis.
 */
export interface Coordinator {
  /**
   * Runs `run` while holding `name` in every replica; `{ ran: false }` when
   * another holds it now (the caller tries again later).
   */
  exclusive<T>(name: string, run: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  close(): Promise<void>;
  /** Throws, saying why, when the shared store cannot be reached now (for /readyz); absent for one process. */
  check?(): Promise<void>;
  /** Locks held now (for the drain's log line). */
  readonly holding?: number;
}

/**
 * One process: its scheduler already serialises, so every call runs.
 *
 * @example
 * await localCoordinator.exclusive("issue:acme/access#7", async () => reconcile());
 */
export const localCoordinator: Coordinator = {
  async exclusive(_name, run) {
    return { ran: true, value: await run() };
  },
  async close() {},
};
