import type { RecordedRequest } from "github-emulator/emulator/index.js";
import type { BenchWorld, OpenedRequest } from "./bench-world.js";
import { waitUntil } from "./wait.js";

/** How a request opened while a sweep ran was answered. */
export interface AnswerDuringSweep {
  /** Real time from opening the request to GitHub serving its first write (the `received` record), ms. */
  answeredMs: number;
  /** Real time from opening it to the sweep's last reconcile finishing, ms (negative: the sweep was done first). */
  sweepLeftMs: number;
  /** Reconciles the sweep still had waiting in the backlog when the request was answered. */
  backlogWhenAnswered: number;
}

const GIVE_UP_MS = 600_000;
/** Polls often: the answer time is the figure. */
const POLL_MS = 2;

async function until(done: () => boolean, what: string): Promise<void> {
  if (!(await waitUntil(done, GIVE_UP_MS, POLL_MS))) throw new Error(`gave up waiting for ${what}`);
}

/**
 * Runs `sweep` and, once GitHub has served its first GraphQL query (the
 * sweep is reading requests), opens a new request with webhooks flowing
 * again, as a person would during a restart. Measures when the request's
 * first write is served, and how much of the sweep was still left.
 *
 * @example
 * const { answer, result } = await answerDuringSweep(world, newcomer, () => sandbox.jit.sweeper.sweep());
 */
export async function answerDuringSweep<T>(world: BenchWorld, newcomer: { requester: string; repo: string }, sweep: () => Promise<T>): Promise<{ answer: AnswerDuringSweep; result: T; request: OpenedRequest & { nodeId: string } }> {
  const { sandbox } = world;
  const { github } = sandbox;
  const from = github.requests.length;
  const sweeping = sweep().then(async (result) => {
    await sandbox.settle();
    return { result, at: performance.now() };
  });
  await until(() => github.requests.slice(from).some((r) => r.path === "/graphql"), "the sweep's first GraphQL query");
  github.stopDroppingWebhooks();
  const number = world.open(newcomer.requester, newcomer.repo);
  const opened = performance.now();
  let answered = 0;
  let backlogWhenAnswered = 0;
  await until(() => {
    // Its first record, however it was sent (a REST comment, or a GraphQL write with its label).
    if (!github.comments(newcomer.repo, number).some((c) => c.viaApp)) return false;
    answered = performance.now();
    backlogWhenAnswered = sandbox.jit.scheduler.backlogged;
    return true;
  }, "the new request's received record");
  const done = await sweeping;
  return {
    answer: { answeredMs: answered - opened, sweepLeftMs: done.at - opened, backlogWhenAnswered },
    result: done.result,
    request: { repo: newcomer.repo, number, requester: newcomer.requester, nodeId: github.issue(newcomer.repo, number).nodeId },
  };
}

/**
 * Whether a request the emulator served was about one issue or its
 * requester: the newcomer's own calls, left out of the sweep's cost.
 *
 * @example
 * requests.filter((r) => !isAbout(r, newcomer));
 */
export function isAbout(request: RecordedRequest, about: OpenedRequest & { nodeId?: string }): boolean {
  if (request.path.startsWith(`/repos/${about.repo}/issues/${about.number}/`) || request.path === `/repos/${about.repo}/issues/${about.number}`) return true;
  if (request.path.split("/").includes(about.requester)) return true;
  const variables = (request.requestBody as { variables?: { name?: unknown; number?: unknown; subject?: unknown } } | undefined)?.variables;
  // A batched write names its issue by node id.
  if (request.path === "/graphql" && about.nodeId !== undefined && variables?.subject === about.nodeId) return true;
  return request.path === "/graphql" && variables?.number === about.number && `${about.repo.split("/")[0]}/${String(variables.name)}` === about.repo;
}
