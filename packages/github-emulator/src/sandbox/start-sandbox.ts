import type { Server } from "probot";
import type { JitAccess } from "jit-access/internal/app.js";
import type { Config } from "jit-access/internal/config.js";
import { GitHubEmulator } from "../emulator/index.js";
import type { SecondaryLimitOptions } from "../emulator/secondary-limits.js";
import type { PacingTimer, WritePacing } from "jit-access/internal/github/write-queue.js";
import type { Clock } from "jit-access/internal/reconcile/clock.js";
import { systemClock } from "jit-access/internal/reconcile/clock.js";
import { SANDBOX_APP, sandboxKeys, sandboxLog, settleBoth, startSandboxApp } from "./start-app.js";

export { freePort, SANDBOX_APP } from "./start-app.js";

export interface Sandbox {
  github: GitHubEmulator;
  jit: JitAccess;
  server: Server;
  config: Config;
  /** Every line the app logged, as written (masked). */
  logs: string[];
  /** Waits until webhooks are delivered and every reconcile they caused is done. */
  settle(): Promise<void>;
  /** Stops the app (not the emulator), runs `between`, and starts a fresh app process state. */
  restart(between?: () => void | Promise<void>): Promise<void>;
  /** Starts another app process on the same emulator and clock (a replica behind the same Redis); webhooks still go to the first. */
  addReplica(): Promise<{ jit: JitAccess; server: Server; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

export interface SandboxOptions {
  clock?: Clock;
  sweep?: boolean;
  logLevel?: string;
  /** Also copy each log line here (already masked). */
  echo?: (line: string) => void;
  /** The app's AUDIT_LOG_FILE. */
  auditLogFile?: string;
  /** How the app paces its writes (default: not at all, so tests and the demo run fast). */
  writePacing?: WritePacing;
  /** The pacing's own time (default: real time, never the compressed clock). */
  pacingTimer?: PacingTimer;
  /** The app's REDIS_URL (replicas' locks). */
  redisUrl?: string;
  /** The app's JIT_ACCESS_REPOSITORIES (default: every repository it is installed on). */
  repositories?: readonly string[];
  /** The emulator enforces GitHub's secondary rate limits (default off, so tests count calls exactly); a clock for them, else real time. */
  secondaryLimits?: boolean | Partial<SecondaryLimitOptions>;
}

/**
 * Starts the local GitHub emulator and the real app behind Probot's real HTTP
 * server, wired with real keys and signed webhooks. Used by the demo, the
 * end-to-end tests and the benchmarks.
 *
 * @example
 * const sandbox = await startSandbox();
 * sandbox.github.as("jane").openIssue("acme/access", { title, body, labels: ["access-request"] });
 * await sandbox.settle();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? systemClock;
  const keys = sandboxKeys(options);
  const { config } = keys;
  const github = await GitHubEmulator.start({ clock: () => clock.now(), app: { ...SANDBOX_APP, webhookSecret: keys.webhookSecret, publicKey: keys.publicKey }, secondaryLimits: options.secondaryLimits ?? false });
  const logs: string[] = [];
  const log = sandboxLog(config, logs, { ...(options.logLevel ? { level: options.logLevel } : {}), ...(options.echo ? { echo: options.echo } : {}) });
  const startApp = async (receivesWebhooks = true) => {
    const pacing = { ...(options.writePacing ? { writePacing: options.writePacing } : {}), ...(options.pacingTimer ? { pacingTimer: options.pacingTimer } : {}) };
    const { server, jit, webhookUrl } = await startSandboxApp({ baseUrl: github.url, keys, log, clock, sweep: options.sweep ?? false, ...pacing });
    if (receivesWebhooks) github.setWebhookUrl(webhookUrl);
    return { server, jit };
  };
  let running = await startApp();

  const settle = () => settleBoth(() => github.settle(), () => running.jit);
  const stopApp = async () => {
    running.jit.stop();
    await running.server.stop();
  };
  return {
    github,
    get jit() {
      return running.jit;
    },
    get server() {
      return running.server;
    },
    config,
    logs,
    settle,
    async restart(between?: () => void | Promise<void>) {
      await stopApp();
      await between?.();
      running = await startApp();
    },
    async addReplica() {
      const replica = await startApp(false);
      return {
        ...replica,
        stop: async () => {
          replica.jit.stop();
          await replica.server.stop();
        },
      };
    },
    async stop() {
      await stopApp();
      await github.stop();
    },
  };
}
