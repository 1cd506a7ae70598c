import { LRUCache } from "lru-cache";
import type { Effect } from "../core/decide.js";

/**
 * The requests one process remembers at most, per memory: an open request
 * touched in the last days is far below this in any organisation; the least
 * recently used are forgotten first (closed, locked requests nobody touches).
 */
export const MAX_REMEMBERED_REQUESTS = 100_000;

/** The repositories one process remembers policy facts of. */
export const MAX_REMEMBERED_REPOSITORIES = 20_000;

/** A request as the memories know it: by installation and issue. */
export interface RequestRef {
  installationId: number;
  owner: string;
  repo: string;
  number: number;
}

/**
 * The one key of a request in every memory: the installation, then the issue
 * (`7:acme/access#12`). An issue number is only unique within its repository,
 * and a repository's name only within the installation that sees it.
 *
 * @example
 * requestKey({ installationId: 7, owner: "acme", repo: "access", number: 12 }); // "7:acme/access#12"
 */
export function requestKey(ref: RequestRef): string {
  return `${ref.installationId}:${ref.owner}/${ref.repo}#${ref.number}`;
}

/**
 * The one key of a repository in the memories (`7:acme/access`).
 *
 * @example
 * repositoryKey(7, "acme/access"); // "7:acme/access"
 */
export function repositoryKey(installationId: number, repository: string): string {
  return `${installationId}:${repository}`;
}

/** The records this process has seen on a request, and when it last wrote one. */
export interface RecordCount {
  count: number;
  at: number;
}

/** The last record this process wrote on a request, and when. */
export interface LastWritten {
  commentId: number;
  at: number;
}

export interface ProcessMemoryOptions {
  maxRequests?: number;
  maxRepositories?: number;
}

/**
 * Everything a process remembers between reconciles, in one place, bounded.
 * None of it is the truth (the issues and their signed records are): each
 * memory saves a read or catches what a read alone cannot, and each says
 * below what is lost on restart or eviction and why that is safe. Keys come
 * from `requestKey` and `repositoryKey` only.
 *
 * @example
 * const memory = new ProcessMemory();
 * memory.reads.set(requestKey(ref), issueFingerprint(updatedAt, labels));
 */
export class ProcessMemory {
  /**
   * What each request looked like when last read (see `issueFingerprint`): a
   * label webhook showing the same is not read again. Lost: the next webhook
   * or sweep reads the request in full.
   */
  readonly reads: LRUCache<string, string>;
  /**
   * What each request looked like when the sweep last listed it: an unchanged
   * request with nothing due is not reconciled again. Lost: the sweep
   * reconciles (or glances at) it once more.
   */
  readonly listed: LRUCache<string, string>;
  /**
   * How many trusted records this process has seen on each request: a later
   * read with fewer means records were deleted, and the request ends as
   * tampered. Lost: deletions of the newest records are no longer caught by
   * this process (deletions in the middle still break the hash chain, and
   * `jit-access audit verify --file` compares against the AUDIT_LOG_FILE copy).
   */
  readonly recordCounts: LRUCache<string, RecordCount>;
  /**
   * The last record this process wrote on each request: a read that does not
   * show it within a minute is a lagging copy, tried again, not the truth.
   * Only the last minute's entries matter, and writes are paced at about one
   * a second, so eviction never reaches one that does. Lost on restart: the
   * records the previous process wrote are older than the restart takes, and
   * a copy lagging that long is not what GitHub serves.
   */
  readonly lastWritten: LRUCache<string, LastWritten>;
  /**
   * Label changes (and closes) queued but not yet written, per request: the
   * next decision reads the labels as they will be. Bounded by the writes in
   * flight (each entry leaves when its write ends). Lost on restart with the
   * queue itself.
   */
  readonly labelsInFlight = new Map<string, Effect[]>();
  /**
   * Repositories whose policies this process has loaded: a webhook there about
   * a label no policy names changes nothing. Lost: webhooks there are
   * reconciled until the policies are loaded again.
   */
  readonly settledRepositories: LRUCache<string, true>;
  /**
   * Request labels (the configured one and policies' `settings.request_label`)
   * and approval labels (lower-cased) seen in loaded policies: a webhook about
   * any of them is never skipped. Lost: as for settledRepositories.
   */
  readonly requestLabels: LRUCache<string, true>;
  readonly approvalLabels: LRUCache<string, true>;

  constructor(options: ProcessMemoryOptions = {}) {
    const max = options.maxRequests ?? MAX_REMEMBERED_REQUESTS;
    const repositories = options.maxRepositories ?? MAX_REMEMBERED_REPOSITORIES;
    this.reads = new LRUCache({ max });
    this.listed = new LRUCache({ max });
    this.recordCounts = new LRUCache({ max });
    this.lastWritten = new LRUCache({ max });
    this.settledRepositories = new LRUCache({ max: repositories });
    this.requestLabels = new LRUCache({ max: repositories });
    this.approvalLabels = new LRUCache({ max: repositories });
  }

  /**
   * Notes a label change queued for a request until its write ends (see
   * `labelsInFlight`); the returned function ends it.
   *
   * @example
   * const done = memory.queueLabelChange(key, effect);
   * write.finally(done);
   */
  queueLabelChange(key: string, effect: Effect): () => void {
    this.labelsInFlight.set(key, [...(this.labelsInFlight.get(key) ?? []), effect]);
    return () => {
      const left = (this.labelsInFlight.get(key) ?? []).filter((e) => e !== effect);
      if (left.length > 0) this.labelsInFlight.set(key, left);
      else this.labelsInFlight.delete(key);
    };
  }
}
