import type { Logger } from "probot";
import type { Config } from "./config.js";
import type { WriteQueue, PacingTimer, WritePacing } from "./github/write-queue.js";
import type { Masker } from "./masking/index.js";
import type { InstallationMaskers } from "./masking/installation-maskers.js";
import type { AppMetrics } from "./operate/metrics.js";
import type { Operations } from "./operate/operations.js";
import type { Clock } from "./reconcile/clock.js";
import type { DriftGuard } from "./reconcile/drift-guard.js";
import type { Scheduler } from "./reconcile/scheduler.js";
import type { Sweeper } from "./reconcile/sweep.js";

/** How `createJitAccess` is set up, and what it hands back (app.ts). */

export interface JitAccessOptions {
  /** Defaults to reading the environment. */
  config?: Config;
  clock?: Clock;
  /** Sweep at start-up and every interval (default true). */
  sweep?: boolean;
  /** How writes are paced (default: as GitHub documents, in real time). */
  writes?: { pacing?: WritePacing; timer?: PacingTimer };
}

/** A running app, for the CLI, the demo and tests. */
export interface JitAccess {
  /** The built-in masking, for what belongs to no installation. */
  masker: Masker;
  /** Each installation's masker: the built-ins plus its policies' settings.masking. */
  maskers: InstallationMaskers;
  scheduler: Scheduler;
  sweeper: Sweeper;
  /** The process's writes to GitHub, most urgent first. */
  writes: WriteQueue;
  /** Prometheus metrics (served at /metrics). */
  metrics: AppMetrics;
  /** The app's logger (masked). */
  log: Logger;
  /** Readiness and the webhook refusal of a shutdown (/readyz). */
  operations: Operations;
  /** The drift guard of managed teams (membership and team webhooks, and `driftSweep`). */
  drift: DriftGuard;
  /** Checks every team any policy names, once (the sweep's drift part). */
  driftSweep(): Promise<void>;
  /** Resolves once no reconcile is running or queued. */
  idle(): Promise<void>;
  stop(): void;
  /**
   * For SIGTERM: answers webhooks 503, takes no new reconcile, lets running
   * ones finish for at most `boundMs`, drops writes still queued, waits for
   * the audit file, releases every lock and closes Redis; logs one line
   * saying what it drained.
   */
  drain(boundMs?: number): Promise<void>;
}

