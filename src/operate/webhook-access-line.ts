import type { ServerResponse } from "node:http";

type LogMethod = (this: unknown, ...args: unknown[]) => void;

/**
 * Moves Probot's access line for a webhook that was answered with success
 * (below 400) to debug; a refused webhook (a bad signature, a shutdown's
 * 503, a handler's 500) keeps its line at info. Probot's server logs every
 * request through pino-http at info (Probot 14 takes no logging options for
 * it), which at a webhook a request costs more than the app's own handling
 * of a webhook it ignores: the request and response serialised, the line
 * masked. What an operator needs of a delivery is still there: each one is
 * counted (`jit_access_webhooks_total`), one about a request is logged by the
 * app with its delivery id, GitHub keeps every delivery with its answer, and
 * with LOG_LEVEL=debug each access line is written as before.
 *
 * Works on pino-http's documented `res.log`, the request's logger, which
 * writes the line when the answer is finished; without one it does nothing.
 *
 * @example
 * quietWebhookAccessLine(res); // in the webhook route, before it answers
 */
export function quietWebhookAccessLine(res: ServerResponse): void {
  const log = (res as ServerResponse & { log?: Record<string, unknown> }).log;
  const info = log?.["info"];
  const debug = log?.["debug"];
  if (typeof info !== "function" || typeof debug !== "function") return;
  log!["info"] = function (this: unknown, ...args: unknown[]) {
    (res.statusCode >= 400 ? (info as LogMethod) : (debug as LogMethod)).apply(this, args);
  };
}
