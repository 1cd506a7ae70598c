import { ProbotOctokit } from "probot";
import { createHttpFetch } from "./http-fetch.js";
import { levelledRequestLogging, PROBOT_REQUEST_LOGGING } from "./levelled-request-logging.js";

// One set of kept-alive connections for every Octokit of the process.
const httpFetch = createHttpFetch();

/**
 * Probot's Octokit with its throttling and retry plugins off. The app paces
 * its own writes (`WriteQueue`, most urgent first, one process's writes in
 * one queue) and its scheduler retries a failed reconcile after reading
 * GitHub afresh; Probot's plugins would put every write behind every other in
 * one FIFO queue and resend writes blindly. Probot layers its own throttle
 * options over plain defaults, so they are forced off last. Requests go
 * through `createHttpFetch` (Node's HTTP client, connections kept alive)
 * unless the caller gives a `fetch` of its own, as tests do. Probot's
 * request logging is replaced by `levelledRequestLogging`: the same debug
 * lines, without their cost when debug is not written.
 *
 * @example
 * await run(app, { Octokit: UnpacedOctokit });
 */
const Unpaced: typeof ProbotOctokit = ProbotOctokit.defaults((instance: Record<string, unknown>) => {
  const request = instance.request as { fetch?: unknown } | undefined;
  return {
    ...instance,
    throttle: { ...(instance.throttle as object | undefined), enabled: false },
    retry: { enabled: false },
    request: { ...request, fetch: request?.fetch ?? httpFetch },
  };
});

// Octokit applies its class's plugins, in order, to each instance it builds.
export const UnpacedOctokit: typeof ProbotOctokit = class extends Unpaced {
  static override plugins = Unpaced.plugins.map((plugin) => (plugin.name === PROBOT_REQUEST_LOGGING ? levelledRequestLogging : plugin));
};
