import type { RecordData, RequestState } from "../core/records.js";

/** States a request does not leave: it is forgotten then (the decisions counter keeps the tally). An invalid request can still be fixed. */
const ENDED = new Set<RequestState>(["expired", "revoked", "denied", "withdrawn", "failed", "timed-out", "tampered"]);

interface Tracked {
  state: RequestState;
  team?: string;
  expiresAt?: number;
}

/**
 * The last state of every open request this process has reconciled, for
 * the gauges. One entry per open request; an ended request is dropped, so
 * the map is bounded by the requests open at once. Lost on restart, and
 * rebuilt by the first sweep, which reconciles every open request.
 *
 * @example
 * const states = new RequestStates();
 * states.settle("acme/access#7", "granted", { team: "ops", expiresAt: Date.now() + 3_600_000 });
 * states.liveByTeam(); // Map { "ops" => 1 }
 */
export class RequestStates {
  private readonly open = new Map<string, Tracked>();

  /** Notes a request's state after a reconcile, with its grant's team and expiry when it has one. */
  settle(request: string, state: RequestState, grant: { team?: string; expiresAt?: number }): void {
    if (ENDED.has(state)) {
      this.open.delete(request);
      return;
    }
    this.open.set(request, { state, ...grant });
  }

  /** Drops a request (it moved: its next reconcile notes it under its new place). */
  forget(request: string): void {
    this.open.delete(request);
  }

  byState(): Map<RequestState, number> {
    const counts = new Map<RequestState, number>();
    for (const { state } of this.open.values()) counts.set(state, (counts.get(state) ?? 0) + 1);
    return counts;
  }

  /** Memberships held for a grant: granted, or owing a removal. */
  liveByTeam(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { state, team } of this.open.values()) {
      if ((state === "granted" || state === "revoke-failed") && team !== undefined) counts.set(team, (counts.get(team) ?? 0) + 1);
    }
    return counts;
  }

  /** Requests whose membership should be gone by `now`: a failed removal, or a grant past its expiry. */
  owingRemoval(now: number): number {
    let owed = 0;
    for (const { state, expiresAt } of this.open.values()) {
      if (state === "revoke-failed" || (state === "granted" && expiresAt !== undefined && expiresAt <= now)) owed++;
    }
    return owed;
  }
}

/**
 * The grant a request's records describe: its team and the expiry in force.
 *
 * @example
 * grantOf([{ event: "granted", requester: "jane", team: "ops", expiresAt: 5, standing: false }]); // { team: "ops", expiresAt: 5 }
 */
export function grantOf(records: readonly RecordData[]): { team?: string; expiresAt?: number } {
  const grant: { team?: string; expiresAt?: number } = {};
  for (const data of records) {
    if (data.event === "granted" || data.event === "extended") {
      grant.team = data.team;
      grant.expiresAt = data.expiresAt;
    }
  }
  return grant;
}
