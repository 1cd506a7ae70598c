import { Probot } from "probot";
import { createJitAccess } from "../app.js";
import { ConfigError, readConfig } from "../config.js";
import { UnpacedOctokit } from "../github/unpaced-octokit.js";
import type { Output } from "./output.js";

/**
 * `jit-access sweep`: one sweep over every installation, every open request
 * reconciled as needed, then exit. For cron or a scheduled GitHub Actions
 * workflow when no long-running process is wanted. Reads the same
 * environment as `npm start`.
 *
 * @example
 * process.exitCode = await sweepOnce(consoleOutput());
 */
export async function sweepOnce(out: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config;
  try {
    config = readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      out.error(error.message);
      return 1;
    }
    throw error;
  }
  if (!env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) {
    out.error("jit-access sweep needs APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH), as `npm start` does");
    return 1;
  }
  const { readFile } = await import("node:fs/promises");
  const privateKey = env.PRIVATE_KEY ?? (await readFile(env.PRIVATE_KEY_PATH ?? "", "utf8"));
  // As `npm start`: the app's write queue paces writes, Probot's plugins do not.
  const probot = new Probot({ appId: env.APP_ID, privateKey, Octokit: UnpacedOctokit, ...(env.GHE_HOST ? { baseUrl: `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3` } : {}) });
  const { app, ready } = createJitAccess({ config, sweep: false });
  await probot.load(app);
  const jit = await ready;
  const result = await jit.sweeper.sweep();
  await jit.idle();
  jit.stop();
  out.line(`sweep: ${result.listed} open request(s) listed, ${result.enqueued} reconciled`);
  return 0;
}
