import type { ProbotOctokit } from "probot";

/** An Octokit plugin, as Octokit's classes list them. */
type Plugin = (typeof ProbotOctokit.plugins)[number];
type PluginOctokit = Parameters<Plugin>[0];
/** pino's way: the fields first, then the message. */
type DebugLine = (fields: object, message: string) => void;

/** Probot's plugin that logs every answer from GitHub at debug; identified by its function's name. */
export const PROBOT_REQUEST_LOGGING = "probotRequestLogging";

/**
 * Probot's request logging (`probotRequestLogging`: a debug line
 * "GitHub request: GET /repos/… - 200" for every answer, and for every
 * failed request with a status), written only when the Octokit's logger
 * writes debug. Probot's own parses each request's endpoint again for the
 * line (`octokit.request.endpoint.parse`) before pino drops it at info,
 * which cost about as much as the request's own parse. The line, its fields
 * and when it is written are Probot's; a logger without `isLevelEnabled`
 * gets every line as before. The level is read per request, so a level
 * changed at run time applies to the next request.
 *
 * @example
 * class Quiet extends ProbotOctokit { static plugins = ProbotOctokit.plugins.map((p) => (p.name === PROBOT_REQUEST_LOGGING ? levelledRequestLogging : p)); }
 */
export const levelledRequestLogging: Plugin = (octokit: PluginOctokit) => {
  const log = octokit.log as PluginOctokit["log"] & { isLevelEnabled?: (level: string) => boolean };
  const writesDebug = () => typeof log.isLevelEnabled !== "function" || log.isLevelEnabled("debug");
  // Probot's line: the request's body as its fields, then the method, URL and status.
  const line = (options: Parameters<typeof octokit.request.endpoint.parse>[0], status: number) => {
    const { method, url, ...params } = octokit.request.endpoint.parse(options);
    (octokit.log.debug as unknown as DebugLine)((params.body as object | undefined) || {}, `GitHub request: ${method} ${url} - ${status}`);
  };
  octokit.hook.error("request", (error, options) => {
    if (writesDebug() && "status" in error) line(options, error.status as number);
    throw error;
  });
  octokit.hook.after("request", (result, options) => {
    if (writesDebug()) line(options, result.status);
  });
};
