import { ProbotOctokit } from "probot";

/**
 * Probot's Octokit with its throttling and retry plugins off. The app paces
 * its own writes (`WriteQueue`, most urgent first, one process's writes in
 * one queue) and its scheduler retries a failed reconcile after reading
 * GitHub afresh; Probot's plugins would put every write behind every other in
 * one FIFO queue and resend writes blindly. Probot layers its own throttle
 * options over plain defaults, so they are forced off last.
 *
 * @example
 * await run(app, { Octokit: UnpacedOctokit });
 */
export const UnpacedOctokit: typeof ProbotOctokit = ProbotOctokit.defaults((instance: Record<string, unknown>) => ({
  ...instance,
  throttle: { ...(instance.throttle as object | undefined), enabled: false },
  retry: { enabled: false },
}));
