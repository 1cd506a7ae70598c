import type { PacingTimer, WritePacing } from "jit-access/internal/github/write-queue.js";
import type { Clock } from "jit-access/internal/reconcile/clock.js";
import type { GitHubEmulator } from "github-emulator/emulator/index.js";
import { startSandbox, type Sandbox } from "github-emulator/sandbox/start-sandbox.js";

export const ORG = "acme";
export const TEAM = "platform-admins";
/** A listed approver. */
export const APPROVER = "alice";
/** An organisation member who is no approver. */
export const BYSTANDER = "bob";
export const REQUEST_LABEL = "access-request";

// Grants last from minutes to days across the scenarios; 30d leaves room for all.
const POLICY = `version: 1
teams:
  ${TEAM}:
    max_duration: 30d
    default_duration: 1h
    approvers:
      users: [${APPROVER}]
      teams: [platform-leads]
    approvals: 1
`;

export interface BenchWorldOptions {
  clock: Clock;
  /** Repositories, each with the policy: acme/access-01, acme/access-02, … (default 1). */
  repos?: number;
  /** Distinct requesters: dev-00001, dev-00002, … (default 1). */
  requesters?: number;
  sweep?: boolean;
  /** The app's log level (default "info", as in production). */
  logLevel?: string;
  /** How the app paces its writes (default: not at all) and the time that pacing follows (default: real time). */
  writePacing?: WritePacing;
  pacingTimer?: PacingTimer;
  /** The emulator enforces GitHub's secondary rate limits, on this clock (default: off). */
  secondaryLimits?: { clock: () => number };
}

/** One access request in a bench world. */
export interface OpenedRequest {
  repo: string;
  number: number;
  requester: string;
}

export interface BenchWorld {
  sandbox: Sandbox;
  clock: Clock;
  repos: string[];
  requesters: string[];
  /** Opens an access request as `requester`; returns its number. */
  open(requester: string, repo: string, duration?: string): number;
}

/**
 * The sandbox (emulator + real app) with one organisation, its people, the
 * team to grant, repositories holding the policy, and the app installed.
 *
 * @example
 * const world = await startBenchWorld({ clock: manualClock(BENCH_EPOCH), requesters: 2 });
 * const n = world.open(world.requesters[0]!, world.repos[0]!);
 * await world.sandbox.settle();
 */
export async function startBenchWorld(options: BenchWorldOptions): Promise<BenchWorld> {
  const pacing = { ...(options.writePacing ? { writePacing: options.writePacing } : {}), ...(options.pacingTimer ? { pacingTimer: options.pacingTimer } : {}) };
  const limits = options.secondaryLimits ? { secondaryLimits: options.secondaryLimits } : {};
  const sandbox = await startSandbox({ clock: options.clock, sweep: options.sweep ?? false, logLevel: options.logLevel ?? "info", ...pacing, ...limits });
  return { sandbox, clock: options.clock, ...populateWorld(sandbox.github, options) };
}

/**
 * Puts the bench's organisation into an emulator: its people, the team to
 * grant, repositories holding the policy, and the app installed. Returns
 * who and where, and how to open a request there.
 *
 * @example
 * const { repos, requesters, open } = populateWorld(github, { requesters: 200, repos: 4 });
 */
export function populateWorld(github: GitHubEmulator, options: { requesters?: number; repos?: number }): Pick<BenchWorld, "repos" | "requesters" | "open"> {
  github.addOrg(ORG);
  const requesters = numbered("dev", options.requesters ?? 1);
  for (const login of [APPROVER, BYSTANDER, "carol", ...requesters]) github.addUser(login, { orgs: { [ORG]: "active" } });
  github.addTeam(ORG, TEAM);
  github.addTeam(ORG, "platform-leads");
  github.setTeamMember(ORG, "platform-leads", "carol", "active");
  const repos = numbered(`${ORG}/access`, options.repos ?? 1, 2);
  for (const repo of repos) {
    github.addRepo(repo, { private: true });
    github.putFile(repo, "policies/platform.yml", POLICY);
  }
  github.install(ORG);
  const open = (requester: string, repo: string, duration = "1h") =>
    github.as(requester).openIssue(repo, { title: "Access request", body: requestBody(duration), labels: [REQUEST_LABEL] });
  return { repos, requesters, open };
}

/**
 * Opens one request per requester at once, spread over the world's
 * repositories in turn. Webhooks are queued, not yet delivered.
 *
 * @example
 * const requests = openRequests(world, world.requesters, "1h");
 * await world.sandbox.settle();
 */
export function openRequests(world: Pick<BenchWorld, "repos" | "open">, requesters: readonly string[], duration = "1h"): OpenedRequest[] {
  return requesters.map((requester, i) => {
    const repo = world.repos[i % world.repos.length]!;
    return { repo, requester, number: world.open(requester, repo, duration) };
  });
}

/**
 * Runs `use` in a fresh bench world and stops the world afterwards, whatever happens.
 *
 * @example
 * const calls = await inBenchWorld({ clock }, async (world) => world.sandbox.github.requests.length);
 */
export async function inBenchWorld<T>(options: BenchWorldOptions, use: (world: BenchWorld) => Promise<T>): Promise<T> {
  const world = await startBenchWorld(options);
  try {
    return await use(world);
  } finally {
    await world.sandbox.stop();
  }
}

/**
 * Empties the records the world keeps of what happened — the emulator's
 * requests (with every response body) and webhooks, the app's log lines —
 * once they are counted, so that a heap measured afterwards holds what the
 * app and the emulator's GitHub hold, not the bench's bookkeeping.
 *
 * @example
 * forgetLogs(world);
 */
export function forgetLogs(world: BenchWorld): void {
  const { github, logs } = world.sandbox;
  github.requests.length = 0;
  github.deliveries.length = 0;
  logs.length = 0;
}

/**
 * GitHub's rendering of the access-request form. The justification carries an
 * e-mail address, as real ones do, so every record goes through the masker.
 *
 * @example
 * requestBody("2h"); // "### Team\r\n\r\nplatform-admins\r\n\r\n### Duration\r\n\r\n2h…"
 */
export function requestBody(duration: string): string {
  return [
    "### Team", "", TEAM, "",
    "### Duration", "", duration, "",
    "### Justification", "", "INC-4711, on call; contact jane.doe@example.com", "",
    "### Ticket", "", "_No response_",
  ].join("\r\n");
}

function numbered(prefix: string, count: number, width = 5): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(width, "0")}`);
}
