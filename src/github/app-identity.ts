import { authenticatedApp } from "./app-client.js";
import type { Octokit } from "./client.js";
import { PermanentGitHubError } from "./errors.js";

/** The app as its records and comments name it: its id, and its slug (its bot is `<slug>[bot]`). */
export interface AppIdentityAnswer {
  id: number;
  slug: string;
}

/**
 * The app's identity, asked of GitHub (`GET /app`) once and kept for the
 * process: it does not change while the app runs. A failed ask is not kept,
 * so the next one asks again.
 *
 * @example
 * const identity = new AppIdentityCache(() => probot.auth());
 * const { slug } = await identity.get();
 */
export class AppIdentityCache {
  private kept: Promise<AppIdentityAnswer> | undefined;

  constructor(private readonly appOctokit: () => Promise<Octokit>) {}

  /** Asks GitHub now, whatever is kept (the readiness check). */
  async fresh(): Promise<AppIdentityAnswer> {
    const { id, slug } = await authenticatedApp(await this.appOctokit());
    if (!slug) throw new PermanentGitHubError("GET /app failed: GitHub did not return the app's slug", 200, "GET /app");
    return { id, slug };
  }

  /** The kept identity, asked for on first use. */
  get(): Promise<AppIdentityAnswer> {
    return (this.kept ??= this.fresh().catch((error: unknown) => {
      this.kept = undefined;
      throw error;
    }));
  }
}
