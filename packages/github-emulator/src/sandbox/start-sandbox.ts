import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import { Writable } from "node:stream";
import { Probot, Server } from "probot";
import { createJitAccess, type JitAccess } from "jit-access/internal/app.js";
import type { Config } from "jit-access/internal/config.js";
import { GitHubEmulator } from "../emulator/index.js";
import type { SecondaryLimitOptions } from "../emulator/secondary-limits.js";
import { UnpacedOctokit } from "jit-access/internal/github/unpaced-octokit.js";
import { NO_PACING, type PacingTimer, type WritePacing } from "jit-access/internal/github/write-queue.js";
import { createMaskedLogger } from "jit-access/internal/masking/logger.js";
import { createMasker } from "jit-access/internal/masking/index.js";
import type { Clock } from "jit-access/internal/reconcile/clock.js";
import { systemClock } from "jit-access/internal/reconcile/clock.js";

export const SANDBOX_APP = { id: 4242, slug: "jit-access", name: "jit-access" };

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
  /** The emulator enforces GitHub's secondary rate limits (default off, so tests count calls exactly); a clock for them, else real time. */
  secondaryLimits?: boolean | Partial<SecondaryLimitOptions>;
}

/** The sandbox app's key pair, made once per process (an RSA key takes a tenth of a second or more, and tests start hundreds of sandboxes). */
let keyPair: { privateKey: string; publicKey: string } | undefined;

function sandboxKeyPair(): { privateKey: string; publicKey: string } {
  keyPair ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return keyPair;
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
  const { privateKey, publicKey } = sandboxKeyPair();
  const webhookSecret = `whsec-${Math.random().toString(36).slice(2)}-sandbox`;
  const config: Config = {
    signingKey: "sandbox-signing-key-0123456789abcdef0123456789",
    policyPath: "policies",
    requestLabel: "access-request",
    sweepIntervalMs: 60_000,
    secrets: [],
  };
  config.secrets = [config.signingKey, webhookSecret, privateKey];
  if (options.auditLogFile !== undefined) config.auditLogFile = options.auditLogFile;
  if (options.redisUrl !== undefined) config.redisUrl = options.redisUrl;

  const github = await GitHubEmulator.start({ clock: () => clock.now(), app: { ...SANDBOX_APP, webhookSecret, publicKey }, secondaryLimits: options.secondaryLimits ?? false });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const line = chunk.toString();
      logs.push(line);
      options.echo?.(line);
      done();
    },
  });
  const log = createMaskedLogger(createMasker({ secrets: config.secrets }), { level: options.logLevel ?? "info", destination: { write: (s: string) => destination.write(s) } });
  const startApp = async (receivesWebhooks = true) => {
    const port = await freePort();
    const server = new Server({
      host: "127.0.0.1",
      port,
      log,
      Probot: Probot.defaults({
        appId: SANDBOX_APP.id,
        privateKey,
        secret: webhookSecret,
        baseUrl: github.url,
        log,
        // As `npm start` runs it: the app's write queue paces, Probot's plugins do not.
        Octokit: UnpacedOctokit,
      }),
    });
    const pacing = { pacing: options.writePacing ?? NO_PACING, ...(options.pacingTimer ? { timer: options.pacingTimer } : {}) };
    const { app, ready } = createJitAccess({ config, clock, sweep: options.sweep ?? false, writes: pacing });
    await server.load(app);
    await server.start();
    if (receivesWebhooks) github.setWebhookUrl(`http://127.0.0.1:${port}/api/github/webhooks`);
    return { server, jit: await ready };
  };
  let running = await startApp();

  const settle = async () => {
    for (let i = 0; i < 50; i++) {
      await github.settle();
      await running.jit.idle();
      await github.settle();
      if (!running.jit.scheduler.busy) return;
    }
  };
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

/**
 * A TCP port on 127.0.0.1 that nobody listens on.
 *
 * @example
 * const port = await freePort();
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
