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
  // The write queue's pauses between writes do not hold a process open (a server's must not keep it from
  // stopping): this one is held open until its own work is done, or it would end at the first pause.
  const held = setInterval(() => undefined, 60_000);
  try {
    // One installation or team GitHub refuses fails its part only: the rest is swept, the drift checked, the work
    // finished; the command then says what failed and exits 1.
    const failed: string[] = [];
    const result = await jit.sweeper.sweep().catch((error: unknown) => void failed.push(messageOf(error)));
    // The drift check of every managed team, as the server's sweep runs it.
    await jit.driftSweep().catch((error: unknown) => void failed.push(messageOf(error)));
    await jit.idle();
    jit.stop();
    for (const message of failed) out.error(`sweep: ${message}`);
    if (result === undefined) return 1;
    // Live grants a glance vouched for need nothing before their end: this run's timers die with it, and the next run's sweep finds them due.
    const glanced = result.glanced ? `, ${result.glanced} live grant(s) checked from their signed records` : "";
    out.line(`sweep: ${result.listed} open request(s) listed, ${result.enqueued} reconciled${glanced}; managed teams ${failed.length > 0 ? "checked for drift where GitHub allowed" : "checked for drift"}`);
    return failed.length > 0 ? 1 : 0;
  } finally {
    clearInterval(held);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
