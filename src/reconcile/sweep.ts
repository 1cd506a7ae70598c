import type { Logger } from "pino";
import { statusLabel } from "../core/records.js";
import type { GitHubClient, IssueRef } from "../github/client.js";

export interface SweepDeps {
  installations(): Promise<number[]>;
  github(installationId: number): Promise<GitHubClient>;
  requestLabel: string;
  enqueue(ref: IssueRef): void;
  /** Requests with a known wake-up time (armed timers). */
  wakeups(): Map<string, number>;
  now(): number;
  log: Logger;
}

interface PageCache {
  etag?: string;
  issues: { number: number; updated_at: string }[];
}

/**
 * The safety net under webhooks and timers. Lists open requests in every
 * repository of every installation with conditional requests — an unchanged
 * list is answered 304, which costs no rate limit — and reconciles those that
 * changed since the last sweep or are due. The first sweep after a start
 * reconciles every open request, which re-arms every timer.
 *
 * It also lists closed requests still labelled granted: a grant whose request
 * was closed while the app was down must still be revoked.
 *
 * @example
 * const sweeper = new Sweeper(deps);
 * await sweeper.sweep(); // { listed: 12, enqueued: 3 }
 */
export class Sweeper {
  private readonly pages = new Map<string, PageCache>();
  private readonly seen = new Map<string, string>();

  constructor(private readonly deps: SweepDeps) {}

  async sweep(): Promise<{ listed: number; enqueued: number }> {
    let listed = 0;
    let enqueued = 0;
    const due = new Set([...this.deps.wakeups()].filter(([, at]) => at <= this.deps.now()).map(([key]) => key));
    for (const installationId of await this.deps.installations()) {
      const github = await this.deps.github(installationId);
      for (const { owner, repo } of await github.listRepositories()) {
        const queries = [
          { label: this.deps.requestLabel, state: "open" as const },
          { label: statusLabel("granted"), state: "closed" as const },
        ];
        for (const query of queries) {
          for (const issue of await this.list(github, installationId, owner, repo, query)) {
            listed++;
            const ref = { installationId, owner, repo, number: issue.number };
            const key = `${installationId}:${owner}/${repo}#${issue.number}`;
            if (this.seen.get(key) !== issue.updated_at || due.has(key) || query.state === "closed") {
              this.seen.set(key, issue.updated_at);
              this.deps.enqueue(ref);
              enqueued++;
            }
          }
        }
      }
    }
    this.deps.log.debug({ listed, enqueued }, "sweep done");
    return { listed, enqueued };
  }

  private async list(github: GitHubClient, installationId: number, owner: string, repo: string, query: { label: string; state: "open" | "closed" }) {
    const all: { number: number; updated_at: string }[] = [];
    for (let page = 1; ; page++) {
      const key = `${installationId}:${owner}/${repo}:${query.state}:${query.label}:${page}`;
      const cached = this.pages.get(key);
      const answer = await github.listIssues(owner, repo, { ...query, page }, cached?.etag);
      let issues: { number: number; updated_at: string }[];
      if (answer.status === "not-modified" && cached) issues = cached.issues;
      else if (answer.status === "ok") {
        issues = answer.data.map((i) => ({ number: i.number, updated_at: i.updated_at }));
        this.pages.set(key, answer.etag !== undefined ? { etag: answer.etag, issues } : { issues });
      } else issues = [];
      all.push(...issues);
      if (issues.length < 100) return all;
    }
  }
}
