import type { Logger } from "pino";
import { localCoordinator, type Coordinator } from "../coordination/coordinator.js";
import type { OtherGrant, Person } from "../core/input.js";
import { waitExclusive, type LockKind } from "../coordination/wait-exclusive.js";
import { sameIds, teamIdsOf, type TeamIds } from "../core/team-ids.js";

export { LockBusyError } from "../coordination/wait-exclusive.js";

/** A grant as this process remembers it: with the login it was last removed or added under. */
export interface KnownGrant extends OtherGrant {
  login: string;
  /**
   * The membership was seen gone, removed by someone other than the app
   * (`by` when a webhook said): the request's next reconcile reads the
   * membership and, if it is gone, records the grant removed early. Lost on
   * restart, safe to lose: the drift guard's next look at the team sees the
   * membership gone again.
   */
  removed?: { by?: string; at: number };
  /**
   * The expiry at which the app itself removed the membership, from a run
   * still waiting to write when the time came: the reconcile that records the
   * end does not send the `DELETE` again. Lost on restart, safe to lose: the
   * end's reconcile then removes it again (GitHub answers 404).
   */
  removedAtExpiry?: number;
  /** The request issue's node id, when read (see RecordCount.nodeId): the grant is of that issue, not of another under its name. */
  nodeId?: string;
  /**
   * The hash of the request's last record this process saw: if the issue is
   * deleted, the record of the grant's end (written to the audit file only)
   * chains to it. Lost on restart, safe to lose: nothing is left to read of
   * a deleted issue after a restart anyway.
   */
  lastHash?: string;
  /**
   * The name the request's records go by (see trailName: the issue it was
   * opened as, which a transferred request keeps): the end's record of a
   * deleted request carries it, so it joins the request's chain.
   */
  trail?: string;
}

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
  private readonly live = new Map<string, Map<string, KnownGrant>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  /**
   * True when other replicas share the work (a coordinator other than this
   * process's own): then a grant remembered here may have been ended by
   * another, and is checked against its trail before it counts (see
   * withoutEnded). Alone, this process ends every grant it remembers itself.
   */
  readonly shared: boolean;

  constructor(
    private readonly coordinator: Coordinator = localCoordinator,
    private readonly log?: Logger,
    /** Told of every wait for a lock another replica held (metrics). */
    private readonly onLockWait?: (lock: LockKind, waitedMs: number) => void,
  ) {
    this.shared = coordinator !== localCoordinator;
  }

  /** Notes the grant a request holds now, or that it holds none. */
  set(key: string, request: string, grant: KnownGrant | undefined): void {
    const grants = this.live.get(key) ?? new Map<string, KnownGrant>();
    if (grant) grants.set(request, grant);
    else grants.delete(request);
    if (grants.size > 0) this.live.set(key, grants);
    else this.live.delete(key);
  }

  /**
   * A request moved (GitHub transferred its issue): whatever grant it held is
   * known under its new key from now on, so that the grant still ends on
   * time even if the new place cannot be read.
   */
  move(from: string, to: string): void {
    const known = this.byRequest(from);
    if (!known) return;
    this.set(known.key, from, undefined);
    this.set(known.key, to, { ...known.grant, ref: to });
  }

  /** The grant a request holds, by the request's key, with its team-and-person key. */
  byRequest(request: string): { key: string; grant: KnownGrant } | undefined {
    for (const [key, grants] of this.live) {
      const grant = grants.get(request);
      if (grant) return { key, grant };
    }
    return undefined;
  }

  /**
   * Notes that a live grant's membership was seen gone (see KnownGrant.removed).
   * The first observation stands: a webhook that named who removed it is not
   * replaced by a later look that only saw it gone. True when it was news.
   */
  noteRemoved(request: string, removed: { by?: string; at: number }): boolean {
    const known = this.byRequest(request);
    if (!known || known.grant.removed) return false;
    known.grant.removed = removed;
    return true;
  }

  /** Notes that the app removed a request's membership at the grant's expiry `at` (see KnownGrant.removedAtExpiry). */
  noteRemovedAtExpiry(request: string, at: number): void {
    const known = this.byRequest(request);
    if (known) known.grant.removedAtExpiry = at;
  }

  /**
   * The live grants of a team (to anyone), with the key of their team and
   * person, for the drift guard to compare with the team's members.
   *
   * @example
   * index.liveOf("acme", "ops", now); // [{ key: "acme/ops/#42", request: "acme/access#7", grant }]
   */
  liveOf(org: string, team: string, now: number): { key: string; request: string; grant: KnownGrant }[] {
    const prefix = `${org}/${team}/`.toLowerCase();
    const out: { key: string; request: string; grant: KnownGrant }[] = [];
    for (const [key, grants] of this.live) {
      if (!key.startsWith(prefix)) continue;
      for (const [request, grant] of grants) if (grant.expiresAt > now) out.push({ key, request, grant });
    }
    return out;
  }

  /**
   * Live grants to a person of the team with these ids, under whatever slug
   * each was made (a team renamed since, and its policy's key with it).
   *
   * @example
   * index.liveByIds("acme", { org: 1, team: 7 }, { login: "jane", bot: false, id: 42 }, now); // [{ ref: "acme/access#7", … }]
   */
  liveByIds(org: string, ids: TeamIds, person: Person, now: number): OtherGrant[] {
    const prefix = `${org}/`.toLowerCase();
    const suffix = `/${person.id === undefined ? person.login : `#${person.id}`}`.toLowerCase();
    const out: OtherGrant[] = [];
    for (const [key, grants] of this.live) {
      if (!key.startsWith(prefix) || !key.endsWith(suffix)) continue;
      for (const grant of grants.values()) {
        if (grant.expiresAt > now && sameIds(grant.teamIds, ids)) out.push(asOther(grant));
      }
    }
    return out;
  }

  /**
   * Live grants of a team to a person, other than on `request`. With
   * `notEnded`, also those past their expiry whose end has not been
   * reconciled yet (they still hold the membership until it is).
   */
  others(key: string, request: string, now: number, notEnded = false): OtherGrant[] {
    return [...(this.live.get(key)?.entries() ?? [])].filter(([ref, g]) => ref !== request && (notEnded || g.expiresAt > now)).map(([, g]) => asOther(g));
  }

  /**
   * Runs `run` alone for this key, in this process and across replicas;
   * `waited` tells whether another run held it first.
   */
  async withLock<T>(key: string, run: (waited: boolean) => Promise<T>): Promise<T> {
    const before = this.locks.get(key);
    const turn = (before ?? Promise.resolve()).catch(() => undefined).then(() => waitExclusive(this.coordinator, "grant", `grant:${key}`, (waited) => run(before !== undefined || waited), { log: this.log, onLockWait: this.onLockWait }));
    this.locks.set(key, turn);
    try {
      return await turn;
    } finally {
      if (this.locks.get(key) === turn) this.locks.delete(key);
    }
  }
}

/**
 * The key of a team and a person: the person's numeric id when GitHub gave
 * one (a renamed account stays the same person), else their login.
 *
 * @example
 * grantKey("acme", "ops", { login: "Jane", bot: false, id: 42 }); // "acme/ops/#42"
 * grantKey("acme", "ops", { login: "Jane", bot: false });         // "acme/ops/jane"
 */
export function grantKey(org: string, team: string, person: Person): string {
  return `${org}/${team}/${person.id === undefined ? person.login : `#${person.id}`}`.toLowerCase();
}

/**
 * The person a grant key names (see grantKey): `login` as last seen, with
 * the numeric id the key holds, if it holds one.
 *
 * @example
 * grantPerson("acme/ops/#42", "jane"); // { login: "jane", id: 42 }
 * grantPerson("acme/ops/jane", "jane"); // { login: "jane" }
 */
export function grantPerson(key: string, login: string): { login: string; id?: number } {
  const id = /\/#(\d+)$/.exec(key)?.[1];
  return id === undefined ? { login } : { login, id: Number(id) };
}

/**
 * The team a grant key names (see grantKey).
 *
 * @example
 * grantTeam("acme/ops/#42"); // "ops"
 */
export function grantTeam(key: string): string {
  return key.split("/")[1] ?? "";
}

/** A remembered grant as the core counts other grants: without the index's own notes. */
function asOther(grant: KnownGrant): OtherGrant {
  return { ref: grant.ref, expiresAt: grant.expiresAt, standing: grant.standing, ...teamIdsOf(grant) };
}
