import { ConfigError } from "../config.js";
import { checkEnvironment, type CheckedEnvironment, type Credentials, type Needs } from "../environment/check-environment.js";
import { CliError } from "./cli-error.js";

/**
 * The one configuration check, for a command: every problem in one CliError
 * (exit 1), one line each, no stack.
 *
 * @example
 * const { config } = checkedEnvironment(process.env, "settings");
 */
export function checkedEnvironment(env: NodeJS.ProcessEnv, needs: Needs): CheckedEnvironment {
  try {
    return checkEnvironment(env, needs);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 1);
    throw error;
  }
}

/**
 * The app's checked credentials and settings, for a command that reads
 * GitHub (`github`) or acts on it as the server does (`sweep`).
 *
 * @example
 * const { config, credentials } = withCredentials(process.env);
 */
export function withCredentials(env: NodeJS.ProcessEnv, needs: "github" | "sweep" = "github"): CheckedEnvironment & { credentials: Credentials } {
  const checked = checkedEnvironment(env, needs);
  // checkEnvironment throws unless both the id and the key are good, so this holds.
  if (!checked.credentials) throw new CliError("APP_ID and the private key are needed to read GitHub", 1);
  return { ...checked, credentials: checked.credentials };
}
