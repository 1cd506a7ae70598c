import type { GitHubEmulator } from "github-emulator/emulator/index.js";
import { forgetLogs, openRequests, type BenchWorld, type OpenedRequest } from "./bench-world.js";
import { queueMixedStream, type EventKind } from "./mixed-stream.js";
import { callTotals, costsByRoute, type RouteCost } from "./route-costs.js";

/** What the emulator saw while the stream ran. */
export interface StreamTally {
  /** Every webhook sent: the stream's and those the app's own writes caused. */
  delivered: number;
  /** The app's calls that spent rate limit. */
  limited: number;
  routes: RouteCost[];
}

/** The stream as queued: how many of each kind, and how many webhooks in all. */
export interface QueuedStream {
  kinds: Record<EventKind, number>;
  queued: number;
}

/**
 * The emulator's part of the throughput bench, wherever the emulator runs:
 * on the app's thread, or on a thread of its own (`split-world.ts`), where
 * every call crosses between threads and so returns a promise.
 */
export interface EmulatorSide {
  /** Opens a request per requester, spread over the repositories; webhooks queued. */
  openRequests(duration: string): OpenedRequest[] | Promise<OpenedRequest[]>;
  /** Queues the mixed stream at once (see `queueMixedStream`). */
  queueStream(requests: readonly OpenedRequest[], events: number): QueuedStream | Promise<QueuedStream>;
  /** Opens `events` issues that are not requests. */
  openIgnored(events: number): void | Promise<void>;
  tally(): StreamTally | Promise<StreamTally>;
  /** Empties the emulator's records of requests and webhooks. */
  forget(): void | Promise<void>;
}

/** A world the stream is measured in: the emulator's part, and the app's. */
export interface StreamWorld {
  emulator: EmulatorSide;
  /** Waits until every webhook is delivered and every reconcile they caused is done. */
  settle(): Promise<void>;
  /** Empties the emulator's records and the app's log lines, once counted. */
  forgetLogs(): Promise<void>;
}

/**
 * The emulator's part of the stream, done on `github` in the thread it runs in.
 *
 * @example
 * const side = emulatorSide(github, populateWorld(github, { requesters: 200, repos: 4 }));
 * const requests = side.openRequests("30d");
 */
export function emulatorSide(github: GitHubEmulator, world: Pick<BenchWorld, "repos" | "requesters" | "open">): EmulatorSide & { forget(): void } {
  const { repos, requesters } = world;
  return {
    openRequests: (duration) => openRequests(world, requesters, duration),
    queueStream: (requests, events) => ({ kinds: queueMixedStream({ github, requesters }, requests, events), queued: github.deliveries.length }),
    openIgnored(events) {
      for (let i = 0; i < events; i++) github.as(requesters[i % requesters.length]!).openIssue(repos[i % repos.length]!, { title: "Docs typo", body: "On the front page." });
    },
    tally: () => ({ delivered: github.deliveries.length, limited: callTotals(github.requests).limited, routes: costsByRoute(github.requests) }),
    forget() {
      github.requests.length = 0;
      github.deliveries.length = 0;
    },
  };
}

/**
 * A bench world whose emulator runs on the app's thread, as the sandbox runs it.
 *
 * @example
 * await inBenchWorld({ clock, requesters: 200, repos: 4 }, (world) => measureStream(inProcessStreamWorld(world), 3000));
 */
export function inProcessStreamWorld(world: BenchWorld): StreamWorld {
  return {
    emulator: emulatorSide(world.sandbox.github, world),
    settle: () => world.sandbox.settle(),
    forgetLogs: () => Promise.resolve(forgetLogs(world)),
  };
}
