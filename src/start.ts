import { run } from "probot";
import { createJitAccess, type JitAccess } from "./app.js";
import { checkServerStart } from "./environment/check-server-start.js";
import { setupFlowOptions } from "./setup/setup-flow.js";
import { setupModeLog } from "./setup/setup-log.js";
import { environmentSecrets, readShutdownMs } from "./config.js";
import { createMasker } from "./masking/index.js";
import { UnpacedOctokit } from "./github/unpaced-octokit.js";
import { onShutdown } from "./operate/shutdown.js";

/**
 * `npm start`: Probot's own `run()` (the same environment variables, the
 * same setup flow on first start, the same server), with two differences.
 * Probot's throttling and retry plugins are off: the app's write queue paces
 * writes, most urgent first, and its scheduler retries. And Probot does not
 * see REDIS_URL: it would share its throttling through Bottleneck's Redis
 * datastore, whose slots a dead replica holds for a minute; REDIS_URL stays
 * for the app's own locks. SIGTERM and SIGINT drain (see `onShutdown`) within
 * JIT_ACCESS_SHUTDOWN_SECONDS, then the process exits 0.
 *
 * @example
 * // bin/start.js, which `npm start` runs
 * await start();
 */
export async function start(): Promise<void> {
  if (!checkServerStart()) {
    process.exitCode = 1;
    return;
  }
  // Read first: a bad bound stops the start with its message, before any server listens.
  const boundMs = readShutdownMs();
  const { app, ready } = createJitAccess();
  // Probot's run() exits on SIGINT at once, without draining: its handler is replaced by ours.
  const before = new Set(process.listeners("SIGINT"));
  let server: Awaited<ReturnType<typeof run>>;
  try {
    server = await run(app, await runOptions(process.env));
  } catch (error) {
    const refusal = listenRefusal(error, process.env);
    if (refusal === undefined) throw error;
    // One line, as for a bad configuration (Probot has logged the error itself), masked as that one is.
    process.stderr.write(`${createMasker({ secrets: environmentSecrets(process.env) }).mask(`jit-access cannot start: ${refusal}`)}\n`);
    process.exitCode = 1;
    return;
  }
  for (const listener of process.listeners("SIGINT")) if (!before.has(listener)) process.off("SIGINT", listener);
  // In Probot's setup mode (no APP_ID yet) the app is never loaded, so nothing needs draining.
  let jit: JitAccess | undefined;
  void ready.then((loaded) => (jit = loaded));
  onShutdown(() => jit && { drain: (ms) => jit!.drain(ms), stopServer: () => server.stop(), log: jit.log }, { boundMs });
}

/**
 * What `start` gives Probot's `run()`: the environment without REDIS_URL,
 * the unpaced Octokit, the setup flow's options, and in setup mode (no
 * APP_ID; the start-up check lets that through only outside production) a
 * logger masked from its first line (`setupModeLog`): setup mode never
 * loads the app, which masks Probot's logger when it loads.
 *
 * @example
 * await run(app, await runOptions(process.env));
 */
export async function runOptions(env: NodeJS.ProcessEnv, setupDestination?: NodeJS.WritableStream): Promise<NonNullable<Parameters<typeof run>[1]>> {
  const options = { env: hideFromProbot(env, ["REDIS_URL"]), Octokit: UnpacedOctokit, ...setupFlowOptions() };
  return env.APP_ID ? options : { ...options, log: await setupModeLog(env, setupDestination) };
}

/**
 * The environment as Probot reads it, without `names`. A view, not a copy:
 * Probot loads `.env` into `process.env` before it reads its options.
 *
 * @example
 * hideFromProbot({ REDIS_URL: "redis://r:6379", APP_ID: "1" }, ["REDIS_URL"]).REDIS_URL; // undefined
 */
export function hideFromProbot(env: NodeJS.ProcessEnv, names: readonly string[]): NodeJS.ProcessEnv {
  return new Proxy(env, {
    get: (target, name) => (typeof name === "string" && names.includes(name) ? undefined : Reflect.get(target, name)),
    has: (target, name) => !(typeof name === "string" && names.includes(name)) && Reflect.has(target, name),
  });
}

/**
 * What to tell an operator when the server cannot listen: the address or
 * port named by HOST and PORT, and how to fix it; undefined for any other
 * failure (its stack then says more than a line could).
 *
 * @example
 * listenRefusal(Object.assign(new Error("…"), { code: "EADDRINUSE" }), { PORT: "3000" }); // "port 3000 is already in use: …"
 */
export function listenRefusal(error: unknown, env: NodeJS.ProcessEnv): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const port = env.PORT ?? "3000";
  const host = env.HOST ?? "localhost";
  if (code === "EADDRINUSE") return `port ${port} is already in use on ${host}: stop what listens there, or set PORT to a free port`;
  if (code === "EACCES") return `port ${port} needs privileges this process does not have: set PORT to 1024 or above`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `HOST "${host}" does not resolve to an address of this machine: set HOST to 0.0.0.0 (every interface), 127.0.0.1, or one of this machine's addresses`;
  if (code === "EADDRNOTAVAIL") return `HOST "${host}" is not an address of this machine: set HOST to 0.0.0.0 (every interface), 127.0.0.1, or one of this machine's addresses`;
  return undefined;
}
