import { z } from "zod";

/** The app's own settings, read once at start-up. Probot reads its own (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, …). */
export interface Config {
  signingKey: string;
  policyPath: string;
  requestLabel: string;
  sweepIntervalMs: number;
  /** AUDIT_LOG_FILE: where an append-only copy of every record is written, when set. */
  auditLogFile?: string;
  /** Values that must never appear in any output, masked by value. */
  secrets: string[];
  /** Redis shared by replicas (Probot's REDIS_URL); one process needs none. */
  redisUrl?: string;
  /** JIT_ACCESS_METRICS_TOKEN: when set, `/metrics` answers only a request that bears it. */
  metricsToken?: string;
  /**
   * JIT_ACCESS_REPOSITORIES: the repositories whose policies the app obeys
   * (`owner/repo`, lower case); unset, every repository it is installed on
   * (`npm start` and the sweep refuse to run so: see checkEnvironment).
   */
  repositories?: readonly string[];
  /**
   * The repository ids JIT_ACCESS_REPOSITORIES pins its names to
   * (`owner/repo@id`), by lower-case name: a pinned name counts only while
   * the repository with that id holds it.
   */
  repositoryIds?: ReadonlyMap<string, number>;
}

/** Why an entry point that acts on GitHub refuses to run without JIT_ACCESS_REPOSITORIES, and what to set. */
export const REPOSITORIES_MISSING =
  "JIT_ACCESS_REPOSITORIES is missing: name the repositories whose policies the app obeys, as owner/repo separated by commas (for example acme/access); without it a policy folder in any repository the app is installed on could grant any team, one a member created included";

/**
 * True when JIT_ACCESS_REPOSITORIES names the repository, in any case.
 *
 * @example
 * isListed(["acme/access"], "Acme", "Access"); // true
 */
export function isListed(repositories: readonly string[], owner: string, repo: string): boolean {
  const name = `${owner}/${repo}`.toLowerCase();
  return repositories.some((listed) => listed.toLowerCase() === name);
}

/** One `owner/repo` as GitHub allows the names, optionally pinned to the repository's numeric id (`@id`). */
const REPOSITORY = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+(?:@[1-9][0-9]{0,14})?";

const schema = z.object({
  JIT_ACCESS_SIGNING_KEY: z
    .string({ error: "JIT_ACCESS_SIGNING_KEY is missing: set it to a random secret of at least 32 characters (e.g. `openssl rand -hex 32`); it signs the audit records" })
    .min(32, "JIT_ACCESS_SIGNING_KEY is too short: use at least 32 characters (e.g. `openssl rand -hex 32`)"),
  JIT_ACCESS_POLICY_PATH: z
    .string()
    .regex(/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/, "JIT_ACCESS_POLICY_PATH must be a folder path in the repository such as `policies` (no leading or trailing slash)")
    // GitHub names files by their plain path: `./policies` or `x/../policies` would name no folder it lists.
    .refine((path) => !path.split("/").some((segment) => segment === "." || segment === ".."), "JIT_ACCESS_POLICY_PATH must be a plain folder path such as `policies`, without `.` or `..` segments")
    .default("policies"),
  JIT_ACCESS_REQUEST_LABEL: z.string().min(1).max(50).default("access-request"),
  JIT_ACCESS_SWEEP_INTERVAL: z.coerce
    .number({ error: "JIT_ACCESS_SWEEP_INTERVAL must be a whole number of seconds, such as 60" })
    .int("JIT_ACCESS_SWEEP_INTERVAL must be a whole number of seconds, such as 60")
    .min(5, "JIT_ACCESS_SWEEP_INTERVAL must be at least 5 seconds")
    .max(3600, "JIT_ACCESS_SWEEP_INTERVAL must be at most 3600 seconds")
    .default(60),
  // Kubernetes waits 30 s between SIGTERM and SIGKILL by default: 25 leaves room.
  JIT_ACCESS_SHUTDOWN_SECONDS: z.coerce
    .number({ error: "JIT_ACCESS_SHUTDOWN_SECONDS must be a whole number of seconds, such as 25" })
    .int("JIT_ACCESS_SHUTDOWN_SECONDS must be a whole number of seconds, such as 25")
    .min(2, "JIT_ACCESS_SHUTDOWN_SECONDS must be at least 2 seconds")
    .max(600, "JIT_ACCESS_SHUTDOWN_SECONDS must be at most 600 seconds; keep it below your platform's kill timeout (Kubernetes: terminationGracePeriodSeconds, 30 by default)")
    .default(25),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, "REDIS_URL must be a redis:// or rediss:// URL such as redis://localhost:6379")
    .optional(),
  // An empty value, as a blank line in an .env file gives, means not set.
  AUDIT_LOG_FILE: z.preprocess((value) => (value === "" ? undefined : value), z.string().optional()),
  JIT_ACCESS_REPOSITORIES: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z
      .string()
      .regex(
        new RegExp(`^\\s*${REPOSITORY}\\s*(?:,\\s*${REPOSITORY}\\s*)*$`),
        "JIT_ACCESS_REPOSITORIES must list repositories as owner/repo, separated by commas, each optionally pinned to its numeric id, such as `acme/access`, `acme/access@123456789` (pinned) or `acme/access,acme/infra-access`",
      )
      .superRefine((value, ctx) => {
        const twice = pinnedTwice(value);
        if (twice !== undefined) ctx.addIssue({ code: "custom", message: `JIT_ACCESS_REPOSITORIES pins ${twice} to two different ids: keep the one GitHub gives it (\`jit-access doctor\` prints it)` });
      })
      .optional(),
  ),
  JIT_ACCESS_METRICS_TOKEN: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().min(16, "JIT_ACCESS_METRICS_TOKEN is too short: use at least 16 characters (e.g. `openssl rand -hex 16`), or leave it unset to serve /metrics to anyone who reaches the port").optional(),
  ),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`jit-access is not configured correctly:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Reads the configuration from the environment, with one clear message per
 * missing or bad variable. No secret has a default.
 *
 * @example
 * const config = readConfig({ JIT_ACCESS_SIGNING_KEY: "…32+ chars…" });
 * config.sweepIntervalMs; // 60000
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(namedMessage));
  const data = parsed.data;
  const secrets = environmentSecrets(env);
  const config: Config = {
    signingKey: data.JIT_ACCESS_SIGNING_KEY,
    policyPath: data.JIT_ACCESS_POLICY_PATH,
    requestLabel: data.JIT_ACCESS_REQUEST_LABEL,
    sweepIntervalMs: data.JIT_ACCESS_SWEEP_INTERVAL * 1000,
    secrets,
  };
  if (data.REDIS_URL) config.redisUrl = data.REDIS_URL;
  if (data.AUDIT_LOG_FILE !== undefined) config.auditLogFile = data.AUDIT_LOG_FILE;
  if (data.JIT_ACCESS_METRICS_TOKEN !== undefined) config.metricsToken = data.JIT_ACCESS_METRICS_TOKEN;
  if (data.JIT_ACCESS_REPOSITORIES !== undefined) Object.assign(config, listedRepositories(data.JIT_ACCESS_REPOSITORIES));
  return config;
}

/** JIT_ACCESS_REPOSITORIES' entries (already checked against its pattern): each name in lower case, and the id it is pinned to. */
function entries(value: string): { name: string; id?: number }[] {
  return value.split(",").map((entry) => {
    const [name = "", id] = entry.trim().toLowerCase().split("@");
    return id === undefined ? { name } : { name, id: Number(id) };
  });
}

/** A name JIT_ACCESS_REPOSITORIES pins to two different ids, if any. */
function pinnedTwice(value: string): string | undefined {
  const seen = new Map<string, number>();
  for (const { name, id } of entries(value)) {
    if (id === undefined) continue;
    if (seen.has(name) && seen.get(name) !== id) return name;
    seen.set(name, id);
  }
  return undefined;
}

/**
 * JIT_ACCESS_REPOSITORIES (already checked against its pattern) as names in
 * lower case and the ids some of them are pinned to.
 *
 * @example
 * listedRepositories("acme/Access@42, acme/infra");
 * // { repositories: ["acme/access", "acme/infra"], repositoryIds: Map { "acme/access" => 42 } }
 */
export function listedRepositories(value: string): Pick<Config, "repositories" | "repositoryIds"> {
  const repositories: string[] = [];
  const repositoryIds = new Map<string, number>();
  for (const { name, id } of entries(value)) {
    repositories.push(name);
    if (id !== undefined) repositoryIds.set(name, id);
  }
  return repositoryIds.size > 0 ? { repositories, repositoryIds } : { repositories };
}

/** Every message names its variable, even zod's own ("Too small: …"). */
function namedMessage(issue: z.core.$ZodIssue): string {
  const name = String(issue.path[0] ?? "");
  return name === "" || issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
}

/**
 * JIT_ACCESS_SHUTDOWN_SECONDS alone (how long SIGTERM may take, all of it),
 * in milliseconds, for `npm start`; `readConfig` checks it with the rest. Read
 * before Probot starts (in its first-start setup mode the app, and so the
 * rest of the configuration, is not loaded yet).
 *
 * @example
 * readShutdownMs({ JIT_ACCESS_SHUTDOWN_SECONDS: "10" }); // 10000
 */
export function readShutdownMs(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = schema.pick({ JIT_ACCESS_SHUTDOWN_SECONDS: true }).safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message));
  return parsed.data.JIT_ACCESS_SHUTDOWN_SECONDS * 1000;
}

/** The shortest value masked by value: shorter ones would garble ordinary text. */
const MIN_SECRET = 8;

/**
 * The secret values the process holds in its environment, masked by value
 * wherever they would appear (logs, start-up refusals, CLI output): the
 * signing key; Probot's webhook secret, private key and OAuth client secret;
 * the smee.io channel webhooks come through (whoever holds its URL reads
 * every webhook, and smee-client logs it on connecting); the doctor's and
 * the metrics scraper's tokens; a Sentry DSN (it holds a key); a password
 * inside REDIS_URL.
 *
 * @example
 * createMasker({ secrets: environmentSecrets(process.env) });
 */
export function environmentSecrets(env: NodeJS.ProcessEnv): string[] {
  const values = [env.JIT_ACCESS_SIGNING_KEY, env.WEBHOOK_SECRET, env.PRIVATE_KEY, env.GITHUB_CLIENT_SECRET, env.WEBHOOK_PROXY_URL, env.JIT_ACCESS_DOCTOR_TOKEN, env.JIT_ACCESS_METRICS_TOKEN, env.SENTRY_DSN];
  const secrets = values.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET);
  if (env.REDIS_URL) secrets.push(...passwordOf(env.REDIS_URL));
  return secrets;
}

/** A password inside a Redis URL is a secret too. */
function passwordOf(url: string): string[] {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password.length >= MIN_SECRET ? [password] : [];
  } catch {
    return [];
  }
}
