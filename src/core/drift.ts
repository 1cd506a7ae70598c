import type { DriftMode } from "./policy-drift-schema.js";

/**
 * The drift guard's rules, on plain data. A member of a managed team is
 * allowed when they are standing (listed, a member of a standing team, or in
 * the recorded baseline), when a live grant backs them (an approved or
 * granted request not yet ended: the approval record is written before the
 * PUT, so the moment between the PUT and the grant record is covered), or
 * when they were recorded as a standing member at the time of a grant.
 * Everyone else is drift; so is a child team that is not itself standing.
 * Anything unknown counts against the member (fail closed): the shell
 * passes only what it could read and verify.
 */

/** A person as GitHub names them; logins compare case-insensitively, ids win when both are known. */
export interface DriftPerson {
  login: string;
  id?: number;
}

/** What the shell read about one managed team. */
export interface TeamObservation {
  team: string;
  /** Direct and inherited members, as GitHub lists them (child teams' members included). */
  members: DriftPerson[];
  /** Child teams nested under the team, with their members (so those are not reported twice). */
  childTeams: { slug: string; members: DriftPerson[] }[];
}

/** Who the policy and the trail allow, resolved by the shell. */
export interface TeamAllowance {
  /** Standing users, members of standing teams, or the baseline when the policy lists none. */
  standing: DriftPerson[];
  /** Standing team slugs (a child team listed there is allowed). */
  standingTeams: string[];
  /** People backed by a live grant (approved or granted, not ended), or standing when it was made. */
  granted: DriftPerson[];
  /** Drift already recorded for this team (person logins and child-team slugs), so each is recorded once. */
  recorded: { people: DriftPerson[]; childTeams: string[] };
}

export interface DriftSettings {
  mode: DriftMode;
  revertChildTeams: boolean;
}

export type DriftAction = "report" | "revert";

export type DriftFinding =
  | { kind: "member"; team: string; person: DriftPerson; action: DriftAction; actor?: string; reason: string }
  | { kind: "child-team"; team: string; childTeam: string; action: DriftAction; actor?: string; reason: string };

/**
 * The drift in one team: members and child teams nothing allows, each with
 * what to do. Members that are there only through a drifting child team are
 * covered by that child team's finding.
 *
 * @example
 * findDrift(
 *   { team: "ops", members: [{ login: "mallory" }], childTeams: [] },
 *   { standing: [], standingTeams: [], granted: [], recorded: { people: [], childTeams: [] } },
 *   { mode: "report", revertChildTeams: false },
 * );
 * // [{ kind: "member", team: "ops", person: { login: "mallory" }, action: "report", reason: "…" }]
 */
export function findDrift(seen: TeamObservation, allowed: TeamAllowance, settings: DriftSettings): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const standingTeams = new Set(allowed.standingTeams.map((t) => t.toLowerCase()));
  const recordedTeams = new Set(allowed.recorded.childTeams.map((t) => t.toLowerCase()));
  const viaChildTeam: DriftPerson[] = [];
  for (const child of seen.childTeams) {
    if (standingTeams.has(child.slug.toLowerCase())) continue;
    viaChildTeam.push(...child.members);
    if (recordedTeams.has(child.slug.toLowerCase())) continue;
    findings.push({
      kind: "child-team",
      team: seen.team,
      childTeam: child.slug,
      action: settings.mode === "revert" && settings.revertChildTeams ? "revert" : "report",
      reason: `team \`${child.slug}\` is nested under \`${seen.team}\`, so its members are members, and no policy lists it under standing.teams`,
    });
  }
  for (const person of seen.members) {
    if (includes(allowed.standing, person) || includes(allowed.granted, person)) continue;
    if (includes(viaChildTeam, person) || includes(allowed.recorded.people, person)) continue;
    findings.push({
      kind: "member",
      team: seen.team,
      person,
      action: settings.mode,
      reason: `@${person.login} is a member of \`${seen.team}\` but is not a standing member and has no live grant`,
    });
  }
  return findings;
}

/** A change the `membership` webhook reported, with its sender. */
export interface MembershipChange {
  action: "added" | "removed";
  team: string;
  person: DriftPerson;
  /** The sender's login. */
  actor: string;
  /** The sender is this app (its own grant or revocation). */
  byApp: boolean;
}

export type MembershipVerdict =
  | { kind: "ignore"; reason: string }
  | { kind: "check"; person: DriftPerson; actor: string }
  | { kind: "removed-early"; person: DriftPerson; actor: string };

/**
 * What a `membership` webhook means for the drift guard. The app's own
 * changes mean nothing (its grant is being made or ended); an addition by
 * anyone else is checked against the team's allowance; a removal by anyone
 * else of a member backed by a live grant ends that grant early, which its
 * request records.
 *
 * @example
 * judgeMembershipChange({ action: "added", team: "ops", person: { login: "mallory" }, actor: "owner", byApp: false }, { managed: true, granted: [] });
 * // { kind: "check", person: { login: "mallory" }, actor: "owner" }
 */
export function judgeMembershipChange(change: MembershipChange, context: { managed: boolean; granted: DriftPerson[] }): MembershipVerdict {
  if (!context.managed) return { kind: "ignore", reason: `team \`${change.team}\` is not named by any policy` };
  if (change.byApp) return { kind: "ignore", reason: "the app made this change itself" };
  if (change.action === "added") return { kind: "check", person: change.person, actor: change.actor };
  if (includes(context.granted, change.person)) return { kind: "removed-early", person: change.person, actor: change.actor };
  return { kind: "ignore", reason: "a member without a live grant left; nothing to record" };
}

/**
 * The same person: by numeric id when both are known, else by login
 * ignoring case.
 *
 * @example
 * samePerson({ login: "Jane", id: 1 }, { login: "jane-renamed", id: 1 }); // true
 */
export function samePerson(a: DriftPerson, b: DriftPerson): boolean {
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  return a.login.toLowerCase() === b.login.toLowerCase();
}

function includes(list: readonly DriftPerson[], person: DriftPerson): boolean {
  return list.some((p) => samePerson(p, person));
}

/**
 * The title of the drift issue for one team and one person or child team:
 * the key by which the app finds it again, so each is recorded once.
 *
 * @example
 * driftIssueTitle("ops", { kind: "member", login: "mallory" }); // "Drift: @mallory in team ops"
 */
export function driftIssueTitle(team: string, subject: { kind: "member"; login: string } | { kind: "child-team"; slug: string }): string {
  return subject.kind === "member" ? `Drift: @${subject.login} in team ${team}` : `Drift: child team ${subject.slug} under team ${team}`;
}
