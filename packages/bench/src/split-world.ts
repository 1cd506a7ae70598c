import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { SANDBOX_APP, sandboxKeys, sandboxLog, settleBoth, startSandboxApp } from "github-emulator/sandbox/start-app.js";
import { fastClock, realInstant, type FastClock } from "./clocks.js";
import type { EmulatorAnswer, EmulatorCall, EmulatorThreadData } from "./emulator-thread.js";
import type { EmulatorSide, StreamWorld } from "./stream-world.js";

export interface SplitWorldOptions {
  /** The clock's start and speed (see `fastClock`); the emulator's thread reads the same clock. */
  start: number;
  speed: number;
  requesters: number;
  repos: number;
  /** The app's log level (default "info", as in production). */
  logLevel?: string;
}

/** A stream world whose emulator runs on a thread of its own. */
export interface SplitWorld extends StreamWorld {
  clock: FastClock;
  /** Every line the app logged (masked). */
  logs: string[];
  stop(): Promise<void>;
}

/**
 * The bench's organisation in an emulator on a worker thread of its own,
 * and the real app, as the sandbox starts it, on this thread: the two talk
 * HTTP over 127.0.0.1 as in the sandbox (the app's calls, the signed
 * webhooks), so this thread does the app's work only, as a process talking
 * to github.com would. The bench drives the emulator by messages.
 *
 * @example
 * const world = await startSplitWorld({ start: BENCH_EPOCH, speed: 3600, requesters: 200, repos: 4 });
 * try { await measureStream(world, 3000); } finally { await world.stop(); }
 */
export async function startSplitWorld(options: SplitWorldOptions): Promise<SplitWorld> {
  const keys = sandboxKeys();
  const realStart = realInstant();
  const clock = fastClock(options.start, options.speed, realStart);
  const data: EmulatorThreadData = {
    clock: { start: options.start, speed: options.speed, realStart },
    app: { ...SANDBOX_APP, webhookSecret: keys.webhookSecret, publicKey: keys.publicKey },
    requesters: options.requesters,
    repos: options.repos,
  };
  // The emulator's thread has an environment of its own. graphql-js reads NODE_ENV when it loads:
  // outside "production" every type test of its executor falls back to a check for a second copy
  // of graphql-js (about a quarter of the emulator's time answering the app's queries). The app's
  // thread keeps the process's environment as it is.
  const worker = new Worker(threadEntry(), { workerData: data, env: { ...process.env, NODE_ENV: "production" } });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on("message", (answer: EmulatorAnswer) => {
    const w = waiting.get(answer.id);
    waiting.delete(answer.id);
    if ("error" in answer) w?.reject(new Error(`the emulator's thread: ${answer.error}`));
    else w?.resolve(answer.value);
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the emulator's thread ended (exit code ${code})`)));
  let next = 1;
  const call = <T>(method: EmulatorCall["method"], ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, method, args } satisfies EmulatorCall);
    });
  const url = await new Promise<string>((resolve, reject) => waiting.set(0, { resolve: resolve as (value: unknown) => void, reject }));
  const logs: string[] = [];
  const log = sandboxLog(keys.config, logs, { level: options.logLevel ?? "info" });
  const app = await startSandboxApp({ baseUrl: url, keys, log, clock }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  await call("setWebhookUrl", app.webhookUrl);
  const emulator: EmulatorSide = {
    openRequests: (duration) => call("openRequests", duration),
    queueStream: (requests, events) => call("queueStream", requests, events),
    openIgnored: (events) => call("openIgnored", events),
    tally: () => call("tally"),
    forget: () => call("forget"),
  };
  return {
    emulator,
    clock,
    logs,
    settle: () => settleBoth(() => call("settle"), () => app.jit),
    async forgetLogs() {
      await call("forget");
      logs.length = 0;
    },
    async stop() {
      app.jit.stop();
      await app.server.stop();
      await call("stop").catch(() => undefined);
      await worker.terminate();
    },
  };
}

/**
 * The emulator thread's module: beside this one when built; run from source
 * (the tests, through vitest) there is none, and a worker cannot load
 * TypeScript, so the built one (`npm run build:tools`, which `npm test` runs
 * first).
 */
function threadEntry(): URL {
  const beside = new URL("./emulator-thread.js", import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : new URL("../lib/emulator-thread.js", import.meta.url);
}
