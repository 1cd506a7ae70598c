import { ConfigError, environmentSecrets } from "../config.js";
import { createMasker } from "../masking/index.js";
import { checkEnvironment } from "./check-environment.js";
import { loadDotEnv } from "./load-dot-env.js";

/**
 * Before `npm start` hands over to Probot: reads `./.env` as Probot will,
 * then runs the one configuration check for the server (webhook secret
 * included). With no APP_ID outside production it is Probot's setup flow,
 * which needs nothing yet. Every problem is written at once, one line each,
 * masked (the environment's secrets by value too); false means do not start.
 *
 * @example
 * if (!checkServerStart()) process.exitCode = 1;
 */
export function checkServerStart(env: NodeJS.ProcessEnv = process.env, write: (text: string) => void = (text) => void process.stderr.write(text), cwd: string = process.cwd()): boolean {
  const problems = loadDotEnv(env, cwd);
  if (env.APP_ID || env.NODE_ENV === "production") {
    try {
      checkEnvironment(env, "server", cwd);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length === 0) return true;
  // Masked with the secrets the environment holds: a message may quote a value put in the wrong variable.
  write(`${createMasker({ secrets: environmentSecrets(env) }).mask(new ConfigError(problems).message)}\n`);
  return false;
}
