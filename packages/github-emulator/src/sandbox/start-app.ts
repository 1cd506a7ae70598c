import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import { Writable } from "node:stream";
import type { Logger } from "pino";
import { Probot, Server } from "probot";
import { createJitAccess, type JitAccess } from "jit-access/internal/app.js";
import type { Config } from "jit-access/internal/config.js";
import { UnpacedOctokit } from "jit-access/internal/github/unpaced-octokit.js";
import { NO_PACING, type PacingTimer, type WritePacing } from "jit-access/internal/github/write-queue.js";
import { createMaskedLogger } from "jit-access/internal/masking/logger.js";
import { createMasker } from "jit-access/internal/masking/index.js";
import type { Clock } from "jit-access/internal/reconcile/clock.js";

export const SANDBOX_APP = { id: 4242, slug: "jit-access", name: "jit-access" };

/** What the app and the emulator must agree on: the webhook secret, the app's key pair, and the app's configuration. */
export interface SandboxKeys {
  webhookSecret: string;
  privateKey: string;
  publicKey: string;
  config: Config;
}

/** The sandbox app's key pair, made once per process (an RSA key takes a tenth of a second or more, and tests start hundreds of sandboxes). */
let keyPair: { privateKey: string; publicKey: string } | undefined;

/**
 * A fresh webhook secret, the process's key pair and the app's
 * configuration, its secrets listed so that the masker knows them.
 *
 * @example
 * const keys = sandboxKeys({ redisUrl: "redis://127.0.0.1:6379" });
 * keys.config.secrets.includes(keys.webhookSecret); // true
 */
export function sandboxKeys(options: { auditLogFile?: string; redisUrl?: string; repositories?: readonly string[] } = {}): SandboxKeys {
  keyPair ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const webhookSecret = `whsec-${Math.random().toString(36).slice(2)}-sandbox`;
  const config: Config = {
    signingKey: "sandbox-signing-key-0123456789abcdef0123456789",
    policyPath: "policies",
    requestLabel: "access-request",
    sweepIntervalMs: 60_000,
    secrets: [],
  };
  config.secrets = [config.signingKey, webhookSecret, keyPair.privateKey];
  if (options.auditLogFile !== undefined) config.auditLogFile = options.auditLogFile;
  if (options.redisUrl !== undefined) config.redisUrl = options.redisUrl;
  if (options.repositories !== undefined) config.repositories = options.repositories;
  return { webhookSecret, ...keyPair, config };
}

/**
 * The app's masked logger, writing every line (masked) into `logs` and to `echo`.
 *
 * @example
 * const logs: string[] = [];
 * const log = sandboxLog(keys.config, logs, { level: "info" });
 */
export function sandboxLog(config: Config, logs: string[], options: { level?: string; echo?: (line: string) => void } = {}): Logger {
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const line = chunk.toString();
      logs.push(line);
      options.echo?.(line);
      done();
    },
  });
  return createMaskedLogger(createMasker({ secrets: config.secrets }), { level: options.level ?? "info", destination: { write: (s: string) => destination.write(s) } });
}

export interface SandboxAppOptions {
  /** The emulator's REST base URL. */
  baseUrl: string;
  keys: SandboxKeys;
  log: Logger;
  clock: Clock;
  sweep?: boolean;
  writePacing?: WritePacing;
  pacingTimer?: PacingTimer;
}

/**
 * The real app behind Probot's real HTTP server on a free port of
 * 127.0.0.1, talking to the GitHub at `baseUrl` as `npm start` runs it (the
 * app's write queue paces, Probot's plugins do not). Where webhooks go is
 * the caller's to tell the emulator (`webhookUrl`).
 *
 * @example
 * const app = await startSandboxApp({ baseUrl: github.url, keys, log, clock: systemClock });
 * github.setWebhookUrl(app.webhookUrl);
 */
export async function startSandboxApp(options: SandboxAppOptions): Promise<{ server: Server; jit: JitAccess; webhookUrl: string }> {
  const { keys, log } = options;
  const port = await freePort();
  const server = new Server({
    host: "127.0.0.1",
    port,
    log,
    Probot: Probot.defaults({ appId: SANDBOX_APP.id, privateKey: keys.privateKey, secret: keys.webhookSecret, baseUrl: options.baseUrl, log, Octokit: UnpacedOctokit }),
  });
  const pacing = { pacing: options.writePacing ?? NO_PACING, ...(options.pacingTimer ? { timer: options.pacingTimer } : {}) };
  const { app, ready } = createJitAccess({ config: keys.config, clock: options.clock, sweep: options.sweep ?? false, writes: pacing });
  await server.load(app);
  await server.start();
  return { server, jit: await ready, webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks` };
}

/**
 * Waits until the emulator has delivered every webhook and the app has
 * finished every reconcile they caused, and the app's writes have come
 * back as webhooks and been taken in too (at most 50 rounds).
 *
 * @example
 * await settleBoth(() => github.settle(), () => jit);
 */
export async function settleBoth(settleEmulator: () => Promise<void>, jit: () => JitAccess): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await settleEmulator();
    await jit().idle();
    await settleEmulator();
    if (!jit().scheduler.busy) return;
  }
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
