import { LRUCache } from "lru-cache";
import type { Effect } from "../core/decide.js";
import { labelKey } from "../core/records.js";

/** How many records this process has seen on a request, and when it last wrote one (see trailFindings). */
export interface RecordCount {
  count: number;
  at: number;
  /** The issue's node id: a count remembered under the same name for another issue (its repository renamed, another made under the name) says nothing of this one. */
  nodeId?: string;
}

/** The last record this process wrote on a request, and when. */
export interface LastWrite {
  commentId: number;
  at: number;
  /** As RecordCount.nodeId. */
  nodeId?: string;
}

/**
 * Everything one process remembers between reconciles, in one place, keyed
 * by `memoryKey` and bounded (least recently used first out). None of it is
 * needed for correctness: GitHub holds the state, and each entry is lost on
 * restart (see docs/architecture.md, "What a process remembers"). An entry
 * pushed out by the bound is lost the same way.
 */
export interface ProcessMemory {
  /** What each request looked like when a reconcile or a glance last read it (issueFingerprint). */
  seen: LRUCache<string, string>;
  /** Records seen per request: a drop means records were deleted. */
  recordCounts: LRUCache<string, RecordCount>;
  /** The last record written per request: a read without it is a lagging copy, not the truth. */
  lastWritten: LRUCache<string, LastWrite>;
  /** Label changes (and closes, locks) queued but not yet written, per request; emptied as each lands. */
  labelsInFlight: Map<string, Effect[]>;
  /** What each listed issue looked like at the sweep's last listing. */
  listed: LRUCache<string, string>;
  /** Repositories whose policy settings have been read (`memoryKey(installation, "owner/repo")`). */
  settledRepos: LRUCache<string, true>;
  /** Request labels named by the configuration and any policy read. */
  requestLabels: Set<string>;
  /** Approval labels any policy read names (lower case). */
  approvalLabels: Set<string>;
}

/** Bounds: requests and repositories remembered at most (a few hundred bytes each). */
export const MEMORY_BOUNDS = { requests: 100_000, repositories: 20_000 };

/**
 * The key of a request (`owner/repo#number`) or a repository (`owner/repo`)
 * of an installation, for every memory of the process.
 *
 * @example
 * memoryKey(1, "acme/access#7"); // "1:acme/access#7"
 */
/**
 * What the process remembers under a request's name, if it is of the issue
 * with this node id: not when both ids are known and differ (a repository
 * renamed and another made under its name starts its issues at #1 again).
 *
 * @example
 * ofIssue({ count: 3, at: 0, nodeId: "I_old" }, "I_new"); // undefined
 */
export function ofIssue<T extends { nodeId?: string }>(remembered: T | undefined, nodeId: string | undefined): T | undefined {
  return remembered === undefined || remembered.nodeId === undefined || nodeId === undefined || remembered.nodeId === nodeId ? remembered : undefined;
}

export function memoryKey(installationId: number, name: string): string {
  return `${installationId}:${name}`;
}

/**
 * A process's memory, empty, with the configured request label known.
 *
 * @example
 * const memory = createProcessMemory("access-request");
 * memory.seen.set(memoryKey(1, "acme/access#7"), "2026-11-02T09:00:00Z|access-request");
 */
export function createProcessMemory(requestLabel: string, bounds: typeof MEMORY_BOUNDS = MEMORY_BOUNDS): ProcessMemory {
  return {
    seen: new LRUCache({ max: bounds.requests }),
    recordCounts: new LRUCache({ max: bounds.requests }),
    lastWritten: new LRUCache({ max: bounds.requests }),
    labelsInFlight: new Map(),
    listed: new LRUCache({ max: bounds.requests }),
    settledRepos: new LRUCache({ max: bounds.repositories }),
    requestLabels: new Set([labelKey(requestLabel)]),
    approvalLabels: new Set(),
  };
}
