/**
 * The records of the drift guard. Drift has issues of its own (one per team
 * and person or child team), so these records never join a request's
 * lifecycle; `removed-early` is the one written on a request, when someone
 * else removed a live grant's membership.
 */
export type DriftRecordData =
  /** A member or child team that nothing allows; `actor` is who added them when GitHub said. */
  /** `held`: why a policy under `drift: revert` only reported this time. */
  | { event: "drift-found"; team: string; subject: DriftSubject; reason: string; action: "report" | "revert"; addedBy?: string; held?: string; notify: { users: string[]; teams: string[] }; foundBy: "webhook" | "sweep"; policyRef: string }
  /** The app removed the membership (or detached the child team) under `drift: revert`. */
  | { event: "drift-reverted"; team: string; subject: DriftSubject; removed: boolean }
  /** The members a team without `standing` had when its policy first loaded: its standing members from then on. */
  | { event: "drift-baseline"; team: string; members: string[]; memberIds: number[]; childTeams: string[]; policyRef: string }
  /**
   * Someone other than the app removed a live grant's membership; `by` is who,
   * when a `membership` webhook said (absent: found gone with no webhook).
   */
  | { event: "removed-early"; requester: string; team: string; by?: string };

/** Who removed a membership when no webhook said: it was found gone. */
export const UNREPORTED_REMOVER = "someone (not reported)";

/** A person (login, and numeric id when GitHub gave one) or a child team. */
export type DriftSubject = { kind: "member"; login: string; id?: number } | { kind: "child-team"; slug: string };

/** The label every drift issue carries. */
export const DRIFT_LABEL = "access:drift";

/**
 * Whether the first trusted record of an issue makes it a drift issue,
 * which the request lifecycle leaves alone.
 *
 * @example
 * isDriftIssue({ event: "drift-baseline", team: "ops", members: [], memberIds: [], childTeams: [], policyRef: "abc" }); // true
 */
export function isDriftIssue(first: { event: string } | undefined): boolean {
  return first?.event === "drift-found" || first?.event === "drift-baseline";
}
