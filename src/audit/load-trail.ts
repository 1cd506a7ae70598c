import type { IssueRef, IssueSummary, TimelineEntry } from "../github/client.js";
import { readTimeline, type AppIdentity } from "../reconcile/read-timeline.js";
import { checkChain, trailName, type CheckedRecord } from "./check-chain.js";

/** What reading trails needs from GitHub; GitHubClient is one. */
export interface TrailSource {
  listRequests(owner: string, repo: string, label: string, since?: string): Promise<IssueSummary[]>;
  listTimeline(ref: IssueRef): Promise<TimelineEntry[]>;
}

/** One repository to read, with the installation that can read it. */
export interface TrailRepo {
  installationId: number;
  owner: string;
  repo: string;
  source: TrailSource;
}

/** A record-bearing comment, checked, with who wrote it. */
export interface AuditedRecord extends CheckedRecord {
  author: string;
}

/** One request and every record-bearing comment on it, in timeline order. */
export interface RequestTrail {
  /** "owner/repo#number". */
  request: string;
  issue: IssueSummary;
  records: AuditedRecord[];
}

export interface LoadOptions {
  app: AppIdentity;
  signingKey: string;
  requestLabel: string;
  /** Only requests updated at or after this time (epoch ms); a request untouched since cannot hold a later record. */
  since?: number;
}

// Timelines are read a few at a time: quick on a large repository, gentle on the rate limit.
const PARALLEL = 4;

/**
 * Reads the trail of every request in a repository: the issues and pull
 * requests with the request label, open and closed, and each one's timeline;
 * every record-bearing comment is checked (author, signature, chain).
 *
 * @example
 * const trails = await loadTrails({ installationId, owner: "acme", repo: "access", source: github }, { app, signingKey, requestLabel: "access-request" });
 * trails[0]?.records.map((r) => r.status); // ["verified", "verified", …]
 */
export async function loadTrails(repo: TrailRepo, options: LoadOptions): Promise<RequestTrail[]> {
  const since = options.since === undefined ? undefined : new Date(options.since).toISOString();
  const issues = await repo.source.listRequests(repo.owner, repo.repo, options.requestLabel, since);
  const trails: RequestTrail[] = [];
  for (let i = 0; i < issues.length; i += PARALLEL) {
    trails.push(...(await Promise.all(issues.slice(i, i + PARALLEL).map((issue) => loadOne(repo, issue, options)))));
  }
  return trails;
}

async function loadOne(repo: TrailRepo, issue: IssueSummary, options: LoadOptions): Promise<RequestTrail> {
  const ref = { installationId: repo.installationId, owner: repo.owner, repo: repo.repo, number: issue.number };
  const request = `${repo.owner}/${repo.repo}#${issue.number}`;
  const entries = await repo.source.listTimeline(ref);
  const authors = new Map(entries.flatMap((e) => (e.event === "commented" && e.id !== undefined ? [[e.id, e.user?.login ?? "ghost"] as const] : [])));
  const { comments } = readTimeline(entries, options.app);
  const records = checkChain(comments, trailName(comments, request, options.signingKey), options.signingKey).map((checked) => ({ ...checked, author: authors.get(checked.commentId) ?? "ghost" }));
  return { request, issue, records };
}
