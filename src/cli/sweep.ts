import { Probot } from "probot";
import { createJitAccess } from "../app.js";
import { UnpacedOctokit } from "../github/unpaced-octokit.js";
import { withCredentials } from "./checked-environment.js";
import { authenticateApp, probotOptions } from "./connect.js";
import type { Output } from "./output.js";

/**
 * `jit-access sweep`: one sweep over every installation, every open request
 * reconciled as needed, then exit. For cron or a scheduled GitHub Actions
 * workflow when no long-running process is wanted. Reads the same
 * environment as `npm start`, checked all at once before anything runs.
 *
 * @example
 * process.exitCode = await sweepOnce(consoleOutput());
 */
export async function sweepOnce(out: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { config, credentials } = withCredentials(env, "sweep");
  // As `npm start`: the app's write queue paces writes, Probot's plugins do not.
  const probot = new Probot({ ...probotOptions(credentials), Octokit: UnpacedOctokit });
  // A wrong APP_ID is said once, plainly, before the sweep starts.
  await authenticateApp(await probot.auth());
  const { app, ready } = createJitAccess({ config, sweep: false });
  await probot.load(app);
  const jit = await ready;
  const result = await jit.sweeper.sweep();
  // The drift check of every managed team, as the server's sweep runs it.
  await jit.driftSweep();
  await jit.idle();
  jit.stop();
  // Live grants a glance vouched for need nothing before their end: this run's timers die with it, and the next run's sweep finds them due.
  const glanced = result.glanced ? `, ${result.glanced} live grant(s) checked from their signed records` : "";
  out.line(`sweep: ${result.listed} open request(s) listed, ${result.enqueued} reconciled${glanced}; managed teams checked for drift`);
  return 0;
}
