import { LRUCache } from "lru-cache";
import type { Octokit } from "./client.js";

/** Installations whose Octokit is kept; one evicted is built again on its next call. */
const MAX_INSTALLATIONS = 1_000;

/**
 * One Octokit per installation for the process, built on first use and
 * shared by every reconcile, sweep and check of that installation. Building
 * one (Probot's plugins, auth strategy, endpoint methods) cost more than a
 * cheap reconcile's own work when every reconcile built its own. Sharing is
 * safe: the Octokit keeps no token of its own — each request asks the auth
 * strategy, which takes the installation token from Probot's cache and
 * fetches a new one when it expires — and the counting and pacing hooks are
 * added once, when it is built.
 *
 * @example
 * const octokits = new InstallationOctokits(async (id) => countCalls(paceWrites(await probot.auth(id), writes), String(id), seen));
 * const octokit = await octokits.get(42); // the same object on the next call
 */
export class InstallationOctokits {
  private readonly built = new LRUCache<number, Promise<Octokit>>({ max: MAX_INSTALLATIONS });

  constructor(private readonly build: (installationId: number) => Promise<Octokit>) {}

  get(installationId: number): Promise<Octokit> {
    const known = this.built.get(installationId);
    if (known) return known;
    const building = this.build(installationId);
    this.built.set(installationId, building);
    // A failed build is not kept: the next call tries again.
    building.catch(() => {
      if (this.built.get(installationId) === building) this.built.delete(installationId);
    });
    return building;
  }
}
