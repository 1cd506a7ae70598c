import type { EventEmitter } from "node:events";
import type { Logger } from "pino";

/** What a shutdown drains: the app (absent in Probot's setup mode) and the HTTP server. */
export interface ShutdownTarget {
  drain(boundMs: number): Promise<void>;
  stopServer(): Promise<void>;
  log: Logger;
}

export interface ShutdownOptions {
  /** The whole shutdown's bound (JIT_ACCESS_SHUTDOWN_SECONDS). */
  boundMs: number;
  /** Where the signals come from (default: the process). */
  signals?: Pick<EventEmitter, "on">;
  /** How the process ends (default: process.exit). */
  exit?: (code: number) => void;
}

/** Time kept for what follows the drain: closing the server, flushing the log. */
const CLOSING_MS = 5_000;

/**
 * On SIGTERM or SIGINT, once: drains the app (webhooks answered 503, no new
 * reconcile, running ones finish within the bound less the closing time,
 * queued writes dropped, the audit file flushed, locks released), stops the
 * server, flushes the log and exits 0. Whatever still hangs when the bound
 * is reached is abandoned: the process exits 0 all the same, and says so.
 * A second signal changes nothing.
 *
 * @example
 * onShutdown(() => ({ drain: (ms) => jit.drain(ms), stopServer: () => server.stop(), log }), { boundMs: 25_000 });
 */
export function onShutdown(target: () => ShutdownTarget | undefined, options: ShutdownOptions): void {
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started = false;
  const shutDown = async (signal: string) => {
    if (started) return;
    started = true;
    const app = target();
    const bound = setTimeout(() => {
      app?.log.warn({ signal, boundMs: options.boundMs }, "shutdown bound reached (JIT_ACCESS_SHUTDOWN_SECONDS); exiting with work left to the next start or another replica");
      void flush(app?.log).finally(() => exit(0));
    }, options.boundMs);
    bound.unref();
    try {
      if (app) await app.drain(Math.max(options.boundMs / 2, options.boundMs - CLOSING_MS));
      await Promise.race([app?.stopServer().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000).unref())]);
    } catch (error) {
      app?.log.error({ err: error, signal }, "shutdown failed part-way; exiting");
    } finally {
      clearTimeout(bound);
      await flush(app?.log);
      exit(0);
    }
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) signals.on(signal, () => void shutDown(signal));
}

/** Waits until every line logged so far has reached its destination. */
async function flush(log: Logger | undefined): Promise<void> {
  if (log) await new Promise<void>((resolve) => log.flush(() => resolve()));
  // Probot's formatting stream passes lines on in the next turn.
  await new Promise((resolve) => setImmediate(resolve));
}
