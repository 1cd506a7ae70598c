import { getTransformStream } from "@probot/pino";
import { pino, type Logger } from "pino";
import { environmentSecrets } from "../config.js";
import { createMasker } from "../masking/index.js";
import { maskLogger } from "../masking/logger.js";

/**
 * The logger for Probot's setup mode (no APP_ID yet), masked from its first
 * line. The app masks Probot's logger when it loads, and in setup mode it
 * is never loaded; yet setup mode logs every request it serves, headers and
 * query included, and an operator's browser sends it the cookies and
 * tokens it holds for anything else on localhost. Made as Probot's `run()`
 * makes its own (`@probot/pino`'s formatting, from LOG_LEVEL, LOG_FORMAT,
 * LOG_LEVEL_IN_STRING, LOG_MESSAGE_KEY and SENTRY_DSN, to standard output),
 * with the built-in masking, the environment's secrets and the manifest
 * flow's one-time `code` in front.
 *
 * @example
 * await run(app, { log: await setupModeLog(process.env), … });
 */
export async function setupModeLog(env: NodeJS.ProcessEnv, destination: NodeJS.WritableStream = pino.destination(1) as unknown as NodeJS.WritableStream): Promise<Logger> {
  const logFormat = env.LOG_FORMAT ? (env.LOG_FORMAT === "pretty" ? "pretty" : "json") : env.NODE_ENV === "production" ? "json" : "pretty";
  const transform = await getTransformStream({ logFormat, logLevelInString: env.LOG_LEVEL_IN_STRING === "true", sentryDsn: env.SENTRY_DSN });
  transform.pipe(destination);
  const log = pino({ level: env.LOG_LEVEL || "info", name: "probot", messageKey: env.LOG_MESSAGE_KEY || "msg" }, transform);
  // The manifest flow's one-time code comes back in a query (`/probot/setup?code=…`): whoever holds it within the hour
  // can exchange it for the app's credentials if the setup's own exchange failed.
  maskLogger(log, createMasker({ secrets: environmentSecrets(env), patterns: ["code=[0-9A-Za-z_-]+"] }));
  return log;
}
