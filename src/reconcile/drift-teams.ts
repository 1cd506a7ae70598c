import type { DriftPerson } from "../core/drift.js";
import type { Policies, Principals, TeamPolicy } from "../core/policy.js";
import type { RecordData } from "../core/records.js";
import { readDriftIssues, type DriftIssue, type DriftIssueDeps } from "./drift-issues.js";
import type { AppIdentity } from "./read-timeline.js";
import { numberFor } from "../core/pinned-account.js";
import { notTheTeamMeant } from "../core/team-age.js";
import type { GitHubClient } from "../github/client.js";
import type { ReconcileDeps } from "./reconcile.js";
import type { SweepFailures } from "./sweep-failures.js";

/**
 * The teams the default-branch policies of an installation's repositories
 * name, as `owner\u0000team`, added to `teams`, for the drift sweep. A
 * repository whose policies cannot be read is noted in `failures` and
 * skipped: it keeps no other repository's teams from their check.
 *
 * @example
 * await managedTeams(deps, github, 42, failures, teams);
 */
export async function managedTeams(deps: Pick<ReconcileDeps, "policies">, github: GitHubClient, installationId: number, failures: SweepFailures, teams: Set<string>): Promise<void> {
  for (const { owner, repo } of await github.listRepositories()) {
    await failures.attempt({ installationId, repo: `${owner}/${repo}` }, async () => {
      const load = await deps.policies.load(github, installationId, owner, repo);
      if (load.kind === "ok") for (const team of load.policies.teams.keys()) teams.add(`${owner}\u0000${team}`);
    });
  }
}

/** A repository whose default-branch policies name a managed team, with those policies. */
export interface ManagingPlace {
  owner: string;
  repo: string;
  policies: Policies;
  policy: TeamPolicy;
}

/**
 * Every repository of the installation whose default-branch policies name
 * the team, and whether a repository's policies could not be read (logged):
 * one that keeps failing keeps no other's check from running, but may name
 * the team too, so the caller then only reports. With no repository to check
 * the team under, a failed read fails the check (the next one tries again).
 *
 * @example
 * const { places, unread } = await placesManaging(deps, github, 42, "acme", "platform-admins");
 */
export async function placesManaging(deps: Pick<ReconcileDeps, "policies" | "log">, github: GitHubClient, installationId: number, org: string, team: string): Promise<{ places: ManagingPlace[]; unread: boolean }> {
  const places: ManagingPlace[] = [];
  const unread: { repo: string; error: unknown }[] = [];
  for (const { owner, repo } of await github.listRepositories()) {
    if (owner.toLowerCase() !== org.toLowerCase()) continue;
    try {
      const load = await deps.policies.load(github, installationId, owner, repo);
      const policy = load.kind === "ok" ? load.policies.teams.get(team) : undefined;
      if (load.kind === "ok" && policy) places.push({ owner, repo, policies: load.policies, policy });
    } catch (error) {
      unread.push({ repo: `${owner}/${repo}`, error });
    }
  }
  // Nothing to check it under: the check failed, and the next one tries again.
  if (places.length === 0 && unread.length > 0) throw unread[0]!.error;
  for (const { repo, error } of unread) deps.log.warn({ err: error, repo, team }, "policies could not be read; the drift check of this team only reports until they can");
  return { places, unread: unread.length > 0 };
}

/**
 * The members of a policy's `standing.teams`, and the teams that count, for
 * the drift guard: a team holding one of those slugs that is not the team
 * the policy meant (another than the one the slug is pinned to, or,
 * unpinned, one created after the policy's commit: core/team-age.ts) makes
 * nobody standing, someone added by hand beside its members is drift, and
 * it is no allowed child team either. Such a team is logged, once per check.
 *
 * @example
 * const { members, teams } = await standingTeamMembers(github, "acme", ["sre"], { sre: 4217 }, committedAt, log);
 */
export async function standingTeamMembers(github: GitHubClient, org: string, slugs: readonly string[], teamIds: Readonly<Record<string, number>> | undefined, committedAt: number | undefined, log: ReconcileDeps["log"]): Promise<{ members: DriftPerson[]; teams: string[] }> {
  const out: DriftPerson[] = [];
  const teams: string[] = [];
  for (const slug of slugs) {
    const pinned = numberFor(teamIds, slug);
    const now = committedAt === undefined && pinned === undefined ? undefined : await github.teamNow(org, slug);
    const why = notTheTeamMeant(slug, { teams: [...slugs], ...(teamIds === undefined ? {} : { teamIds }) }, { org: {}, teams: {}, ...(now === undefined ? {} : { teamsNow: { [slug]: now } }), ...(committedAt === undefined ? {} : { policyCommittedAt: committedAt }) });
    if (why !== undefined) {
      log.warn({ team: slug, ...why }, "a standing team is not the team the policy meant (another team holds its name): its members are not standing until the policy names the right one");
      continue;
    }
    teams.push(slug);
    out.push(...(await github.listTeamMembers(org, slug)));
  }
  return { members: out, teams };
}

/**
 * Who a policy's `standing` names: its users (a login pinned to an account,
 * `{ login, id }`, is that account only: another holding the login is
 * drift) and the members of its standing teams that count (see
 * {@link standingTeamMembers}), with those teams.
 *
 * @example
 * const { members, teams } = await standingPeople(github, "acme", policy.standing, committedAt, log);
 */
export async function standingPeople(github: GitHubClient, org: string, standing: Principals, committedAt: number | undefined, log: ReconcileDeps["log"]): Promise<{ members: DriftPerson[]; teams: string[] }> {
  const users = standing.users.map((login): DriftPerson => {
    const id = numberFor(standing.ids, login);
    return id === undefined ? { login } : { login, id };
  });
  const counted = await standingTeamMembers(github, org, standing.teams, standing.teamIds, committedAt, log);
  return { members: [...users, ...counted.members], teams: counted.teams };
}

/** Who may stand in a managed team under one repository's policy: people, and child teams. */
export interface Standing {
  members: DriftPerson[];
  teams: string[];
  /** Its baseline may have been deleted: whom it let stand is unknown. */
  doubted?: boolean;
}

/**
 * For a team several repositories' policies name: who may stand in it under
 * each (its `standing`, or else its recorded baseline), in the order of
 * `places`, so that one repository's check counts the others' too. A
 * policy's `standing`, read once, is kept in `known` for the next call; a
 * baseline is read each time (it may have been recorded since).
 *
 * @example
 * const byPlace = await standingByPlace(deps, github, check, places, identity, new Map());
 */
export async function standingByPlace(deps: DriftIssueDeps & Pick<ReconcileDeps, "policies" | "log">, github: GitHubClient, check: { installationId: number; org: string; team: string }, places: readonly ManagingPlace[], identity: AppIdentity, known: Map<ManagingPlace, Standing>): Promise<Standing[]> {
  return Promise.all(places.map(async (place): Promise<Standing> => {
    if (place.policy.standing) {
      const standing = known.get(place) ?? (await standingPeople(github, check.org, place.policy.standing, deps.policies.committedAt(check.installationId, place.owner, place.repo), deps.log));
      known.set(place, standing);
      return standing;
    }
    const issues = await readDriftIssues(deps, github, check.installationId, place.owner, place.repo, identity);
    const baseline = baselineOf(issues, check.team);
    if (baseline !== undefined) return baselineStanding(baseline);
    return { members: [], teams: [], ...(issues.some((i) => i.tampered && mayHoldBaseline(i, check.team)) ? { doubted: true } : {}) };
  }));
}

type Baseline = Extract<RecordData, { event: "drift-baseline" }>;

/**
 * The team's recorded baseline on a repository's drift issues, if any.
 *
 * @example
 * const baseline = baselineOf(issues, "platform-admins");
 */
export function baselineOf(issues: readonly DriftIssue[], team: string): Baseline | undefined {
  return issues.flatMap((i) => i.records).find((r): r is Baseline => r.event === "drift-baseline" && r.team === team);
}

/**
 * Whether a drift issue whose trail was tampered with may have held the
 * team's baseline: one whose opening record is gone (every record deleted,
 * or a gap before the first left), and whose records left, if any, are all
 * this team's. A baseline is an issue's opening record, and the app opens
 * one issue per team and finding: a comment forged on an issue whose
 * opening record stands, or on another team's, takes nothing from this
 * team's baseline.
 *
 * @example
 * issues.some((i) => i.tampered && mayHoldBaseline(i, "ops"));
 */
export function mayHoldBaseline(issue: DriftIssue, team: string): boolean {
  return issue.openerGone === true && issue.records.every((r) => !("team" in r) || r.team === team);
}

/**
 * Who a baseline lets stand: its members (by account, where it kept the
 * id) and its child teams.
 *
 * @example
 * baselineStanding(baseline).members; // [{ login: "bob", id: 7 }]
 */
export function baselineStanding(baseline: Baseline): Standing {
  return { members: baseline.members.map((login, i) => (baseline.memberIds[i] === undefined ? { login } : { login, id: baseline.memberIds[i]! })), teams: baseline.childTeams };
}
