import type { OtherGrant } from "../core/input.js";

/**
 * The live grants this process has made or seen, by team and person, and a
 * lock per team and person. Two requests for the same team by the same person
 * are decided one after the other, each seeing the other's grant: otherwise
 * both could take the membership the other just added for a standing one,
 * and neither would ever remove it.
 *
 * @example
 * await index.withLock("acme/ops/jane", async () => { … });
 */
export class GrantIndex {
  private readonly live = new Map<string, Map<string, OtherGrant>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  /** Notes the grant a request holds now, or that it holds none. */
  set(key: string, request: string, grant: OtherGrant | undefined): void {
    const grants = this.live.get(key) ?? new Map<string, OtherGrant>();
    if (grant) grants.set(request, grant);
    else grants.delete(request);
    if (grants.size > 0) this.live.set(key, grants);
    else this.live.delete(key);
  }

  /** The grant a request holds, by the request's key, with its team-and-person key. */
  byRequest(request: string): { key: string; grant: OtherGrant } | undefined {
    for (const [key, grants] of this.live) {
      const grant = grants.get(request);
      if (grant) return { key, grant };
    }
    return undefined;
  }

  /** Live grants of a team to a person, other than on `request`. */
  others(key: string, request: string, now: number): OtherGrant[] {
    return [...(this.live.get(key)?.entries() ?? [])].filter(([ref, g]) => ref !== request && g.expiresAt > now).map(([, g]) => g);
  }

  /** Runs `run` alone for this key; `waited` tells whether another run held it first. */
  async withLock<T>(key: string, run: (waited: boolean) => Promise<T>): Promise<T> {
    const before = this.locks.get(key);
    const turn = (before ?? Promise.resolve()).catch(() => undefined).then(() => run(before !== undefined));
    this.locks.set(key, turn);
    try {
      return await turn;
    } finally {
      if (this.locks.get(key) === turn) this.locks.delete(key);
    }
  }
}

/**
 * The key of a team and a person.
 *
 * @example
 * grantKey("acme", "ops", "Jane"); // "acme/ops/jane"
 */
export function grantKey(org: string, team: string, login: string): string {
  return `${org}/${team}/${login}`.toLowerCase();
}
