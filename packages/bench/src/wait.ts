/**
 * Polls `done` (which may settle the sandbox in between) until it holds or
 * `timeoutMs` of real time has passed; returns whether it held.
 *
 * @example
 * const removed = await waitUntil(() => allRemoved(), 60_000);
 */
export async function waitUntil(done: () => boolean | Promise<boolean>, timeoutMs: number, pollMs = 50): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}

/**
 * Like `waitUntil`, but a timeout is an error naming `what`.
 *
 * @example
 * await waitFor(() => allExpired(), 60_000, "every grant to expire");
 */
export async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  if (!(await waitUntil(done, timeoutMs))) throw new Error(`gave up after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
}

/**
 * Whether `work` finished within `timeoutMs` of real time. When it did not,
 * it is left running: the caller stops what it runs on, and its failure
 * after that is expected and not reported.
 *
 * @example
 * if (!(await finishesWithin(run(), 180_000))) notes.push("did not finish in 180 s");
 */
export async function finishesWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    const finished = await Promise.race([work.then(() => true), expired]);
    if (!finished) work.catch(() => undefined);
    return finished;
  } finally {
    clearTimeout(timer);
  }
}
