import { run } from "probot";
import { createJitAccess, type JitAccess } from "./app.js";
import { checkServerStart } from "./environment/check-server-start.js";
import { setupFlowOptions } from "./setup/setup-flow.js";
import { UnpacedOctokit } from "./github/unpaced-octokit.js";

/**
 * `npm start`: Probot's own `run()` (the same environment variables, the
 * same setup flow on first start, the same server), with two differences.
 * Probot's throttling and retry plugins are off: the app's write queue paces
 * writes, most urgent first, and its scheduler retries. And Probot does not
 * see REDIS_URL: it would share its throttling through Bottleneck's Redis
 * datastore, whose slots a dead replica holds for a minute; REDIS_URL stays
 * for the app's own locks. SIGTERM drains: no new reconcile, running ones
 * finish within a bound, every lock is released, then the process exits.
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
  const { app, ready } = createJitAccess();
  const server = await run(app, { env: hideFromProbot(process.env, ["REDIS_URL"]), Octokit: UnpacedOctokit, ...setupFlowOptions() });
  // In Probot's setup mode (no APP_ID yet) the app is never loaded, so nothing needs draining.
  let jit: JitAccess | undefined;
  void ready.then((loaded) => (jit = loaded));
  process.once("SIGTERM", () => {
    const stopping = server.stop().catch(() => undefined);
    void (jit?.drain() ?? Promise.resolve())
      .then(() => Promise.race([stopping, new Promise((r) => setTimeout(r, 2_000).unref())]))
      .finally(() => process.exit(0));
  });
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
