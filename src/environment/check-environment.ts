import { createPrivateKey } from "node:crypto";
import { getPrivateKey } from "@probot/get-private-key";
import { ConfigError, readConfig, REPOSITORIES_MISSING, type Config } from "../config.js";

/**
 * What an entry point needs: the server also receives webhooks; `sweep` acts
 * on GitHub as the server does, without receiving webhooks; the other GitHub
 * commands only read it; `settings`, neither.
 */
export type Needs = "server" | "sweep" | "github" | "settings";

/** The app's credentials, checked: a numeric id and a private key that parses. */
export interface Credentials {
  appId: number;
  privateKey: string;
  /** GitHub Enterprise Server's API, when GHE_HOST is set. */
  baseUrl: string | undefined;
}

export interface CheckedEnvironment {
  config: Config;
  credentials: Credentials | undefined;
}

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];
const SETTINGS_PAGE = "the app's settings page (GitHub → Settings → Developer settings → GitHub Apps → the app)";

/**
 * The one configuration check of every entry point (`npm start` and every
 * command): every problem at once, each naming the variable, what is wrong
 * and how to fix it, thrown as one ConfigError. Nothing here prints a value
 * of a secret.
 *
 * @example
 * const { config, credentials } = checkEnvironment(process.env, "server");
 * credentials?.appId; // 123456
 */
export function checkEnvironment(env: NodeJS.ProcessEnv, needs: Needs, cwd: string = process.cwd()): CheckedEnvironment {
  const problems: string[] = [];
  let config: Config | undefined;
  try {
    config = readConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (env.LOG_LEVEL && !LOG_LEVELS.includes(env.LOG_LEVEL)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${env.LOG_LEVEL}")`);
  let credentials: Credentials | undefined;
  if (needs !== "settings") {
    const appId = checkAppId(env, problems);
    const privateKey = checkPrivateKey(env, cwd, problems);
    const baseUrl = checkEnterpriseHost(env, problems);
    if (appId !== undefined && privateKey !== undefined) credentials = { appId, privateKey, baseUrl };
  }
  if (needs === "server") checkServer(env, problems);
  // What acts on a real organisation obeys named repositories only: the server (with the app's credentials; the
  // setup flow is not checked here) and every sweep, whatever NODE_ENV says (README's run steps set none).
  if (needs === "server" || needs === "sweep") checkRepositories(env, problems);
  if (problems.length > 0 || !config) throw new ConfigError(problems);
  return { config, credentials };
}

function checkAppId(env: NodeJS.ProcessEnv, problems: string[]): number | undefined {
  if (!env.APP_ID) {
    problems.push(`APP_ID is missing: set it to the app's numeric ID ("App ID" on ${SETTINGS_PAGE}); \`npm start\` without it runs the setup that creates the app`);
    return undefined;
  }
  if (!/^[1-9][0-9]{0,11}$/.test(env.APP_ID)) {
    problems.push(`APP_ID must be the app's numeric ID, such as 123456 (got "${env.APP_ID}"): copy "App ID" from ${SETTINGS_PAGE}, not its name or client ID`);
    return undefined;
  }
  return Number(env.APP_ID);
}

/** The key as Probot finds it (PRIVATE_KEY, then PRIVATE_KEY_PATH, then a lone *.pem in the folder), then parsed. */
function checkPrivateKey(env: NodeJS.ProcessEnv, cwd: string, problems: string[]): string | undefined {
  const source = env.PRIVATE_KEY ? "PRIVATE_KEY" : env.PRIVATE_KEY_PATH ? "PRIVATE_KEY_PATH" : "a .pem file in the working folder";
  const fix = "generate a private key on the app's settings page and set PRIVATE_KEY_PATH to the downloaded .pem file, or PRIVATE_KEY to its whole contents (-----BEGIN … to -----END …-----, line breaks as \\n)";
  let key: string | null;
  try {
    key = getPrivateKey({ env, cwd });
  } catch (error) {
    problems.push(describeKeyError(error, env, fix));
    return undefined;
  }
  if (key === null) {
    problems.push(`PRIVATE_KEY and PRIVATE_KEY_PATH are both missing: ${fix}`);
    return undefined;
  }
  try {
    createPrivateKey(key);
  } catch {
    const what = source === "PRIVATE_KEY_PATH" ? `PRIVATE_KEY_PATH: ${env.PRIVATE_KEY_PATH ?? ""} does not hold` : `${source} is not`;
    problems.push(`${what} a readable PEM private key: ${fix}`);
    return undefined;
  }
  return key;
}

function describeKeyError(error: unknown, env: NodeJS.ProcessEnv, fix: string): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (env.PRIVATE_KEY) return `PRIVATE_KEY is not a PEM private key (no BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY line): ${fix}`;
  if (env.PRIVATE_KEY_PATH) {
    if (/does not exists? at path/.test(message)) return `PRIVATE_KEY_PATH: no file at ${env.PRIVATE_KEY_PATH}: ${fix}`;
    const why = code === "EACCES" ? "permission denied; let the app's user read it" : code === "EISDIR" ? "it is a folder, not the .pem file" : (code ?? "unreadable");
    return `PRIVATE_KEY_PATH: cannot read ${env.PRIVATE_KEY_PATH} (${why}): ${fix}`;
  }
  if (/More than one file found/.test(message)) return `PRIVATE_KEY_PATH is missing and the working folder holds more than one .pem file: set PRIVATE_KEY_PATH to the app's key`;
  return `PRIVATE_KEY: cannot read the app's key (${code ?? message}): ${fix}`;
}

function checkEnterpriseHost(env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  if (env.GHE_PROTOCOL && env.GHE_PROTOCOL !== "https" && env.GHE_PROTOCOL !== "http") problems.push(`GHE_PROTOCOL must be https or http (got "${env.GHE_PROTOCOL}")`);
  if (!env.GHE_HOST) return undefined;
  if (!/^[A-Za-z0-9.-]+(?::[0-9]{1,5})?$/.test(env.GHE_HOST)) {
    problems.push(`GHE_HOST must be the host name of GitHub Enterprise Server, such as github.example.com, with no https:// or path (got "${env.GHE_HOST}")`);
    return undefined;
  }
  return `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3`;
}

/** JIT_ACCESS_REPOSITORIES, required (see checkEnvironment): installed on "All repositories" (GitHub's first choice), any repository a member creates could hold policies. */
function checkRepositories(env: NodeJS.ProcessEnv, problems: string[]): void {
  if (env.JIT_ACCESS_REPOSITORIES?.trim()) return;
  problems.push(REPOSITORIES_MISSING);
}

/** A smee.io channel, as the setup flow makes one (a relay of an organisation's own is its choice). */
function isSmeeChannel(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === "smee.io" || host.endsWith(".smee.io");
  } catch {
    return false;
  }
}

function checkServer(env: NodeJS.ProcessEnv, problems: string[]): void {
  if (!env.WEBHOOK_SECRET) {
    problems.push("WEBHOOK_SECRET is missing: set it to the webhook secret on the app's settings page (GitHub signs every delivery with it; without it anyone who reaches the server could send it events)");
  }
  if (env.JIT_ACCESS_DOCTOR_TOKEN) {
    problems.push("JIT_ACCESS_DOCTOR_TOKEN is set, but only `jit-access doctor` reads it and an organisation owner's token must not live in the server's environment: remove it here (and from .env), and give it to doctor's run alone");
  }
  if (env.WEBHOOK_PROXY_URL && env.NODE_ENV === "production" && isSmeeChannel(env.WEBHOOK_PROXY_URL)) {
    // The setup flow writes it into .env; reused as a deployment's env file, webhooks would go through a
    // third party's relay (whoever holds the URL reads every delivery), and a process that cannot reach it crashes.
    problems.push("WEBHOOK_PROXY_URL is set, but it is for local development only (a smee.io channel that relays GitHub's webhooks to this machine): in production GitHub delivers them to the app's webhook URL, https://<your host>/api/github/webhooks on the app's settings page; remove WEBHOOK_PROXY_URL here (and from .env)");
  }
  if (env.PORT && !(/^[0-9]{1,5}$/.test(env.PORT) && Number(env.PORT) >= 1 && Number(env.PORT) <= 65535)) {
    problems.push(`PORT must be a TCP port number from 1 to 65535 (got "${env.PORT}")`);
  }
}
