import { localCoordinator, type Coordinator } from "../coordination/coordinator.js";
import { LockBusyError, waitExclusive, type LockKind } from "../coordination/wait-exclusive.js";
import { driftIssueTitle, findDrift, judgeMembershipChange, samePerson, type DriftFinding, type DriftPerson } from "../core/drift.js";
import type { DriftRecordData, DriftSubject } from "../core/drift-records.js";
import type { OtherGrant } from "../core/input.js";
import { sameIds, type TeamIds } from "../core/team-ids.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import { appendDriftRecord, openDriftIssue, readDriftIssues, revertDue, unresolvedDrift, type DriftIssue } from "./drift-issues.js";
import { findOtherGrants, namedRequest, withoutEnded } from "./find-other-grants.js";
import { grantKey, grantPerson } from "./grant-index.js";
import type { AppIdentity } from "./read-timeline.js";
import type { ReconcileDeps } from "./reconcile.js";
import { baselineOf, baselineStanding, managedTeams, mayHoldBaseline, placesManaging, standingByPlace, standingPeople, type ManagingPlace, type Standing } from "./drift-teams.js";
import { SweepFailures } from "./sweep-failures.js";

/** Why a check under `revert` only reported: another repository's policies unread (see placesManaging), or a baseline maybe deleted, here or there. */
const HELD = "the policies of another repository of the organisation could not be read, and they may name this team too; it is reverted at the first check after they can be";
const DOUBTED = "a drift issue's trail in this repository was tampered with and may have held this team's baseline, so nobody is taken as standing from it and nothing is reverted; an owner looks into that issue (an admin deletes it once settled, and the next check records a new baseline)";
const DOUBTED_ELSEWHERE = "a drift issue's trail in another repository whose policies name this team was tampered with and may have held its baseline, so whom that baseline lets stand is unknown and nothing is reverted; an owner looks into that issue";
/** What the guard needs: the same GitHub access, policies, grant index, masker and key as a reconcile. */
export type DriftGuardDeps = Pick<ReconcileDeps, "github" | "identity" | "policies" | "grants" | "masker" | "signingKey" | "now" | "log"> & {
  /** Asks for a reconcile of a request (a live grant whose membership someone else removed). */
  enqueue?: (ref: IssueRef) => void;
  /** Replicas' locks (REDIS_URL): a team is checked by one replica at a time. */
  coordinator?: Coordinator;
  /** Told of every wait for a lock another replica held (metrics). */
  onLockWait?: (lock: LockKind, waitedMs: number) => void;
};

/** What prompted a check: a webhook (with who changed what, when GitHub said) or the sweep. */
export interface DriftCheck {
  installationId: number;
  org: string;
  team: string;
  foundBy: "webhook" | "sweep";
  /** Who added whom, from a `membership` webhook's sender. */
  addedBy?: { person: DriftPerson; actor: string };
  /** Who removed whom, from a `membership` webhook's sender (never the app): a live grant may have ended early. */
  removed?: { person: DriftPerson; actor: string };
}

/**
 * The drift guard's shell: reads a managed team's members and child teams
 * (conditional requests, so an unchanged team costs nothing), what the
 * policy and the trail allow, and records each drift once, on its own issue
 * labelled `access:drift` in the repository whose policy names the team.
 * Checks of one team never overlap, in this process or across replicas
 * (the coordinator's `drift:` lock), so a webhook and a sweep arriving
 * together, or two replicas' sweeps, open one issue, not two.
 *
 * @example
 * await guard.check({ installationId: 1, org: "acme", team: "ops", foundBy: "webhook" });
 */
export class DriftGuard {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly deps: DriftGuardDeps) {}

  /** Checks one team, after any check of it already running. */
  check(check: DriftCheck): Promise<void> {
    const key = `${check.installationId}:${check.org}/${check.team}`.toLowerCase();
    const before = this.running.get(key) ?? Promise.resolve();
    const turn = before.catch(() => undefined).then(() => this.checkLocked(check, key));
    this.running.set(key, turn);
    void turn.finally(() => {
      if (this.running.get(key) === turn) this.running.delete(key);
    }).catch(() => undefined);
    return turn;
  }

  /**
   * Checks the team under its cross-replica lock. Another replica's check
   * may have read the team before this webhook's change: a webhook's check
   * waits a second turn rather than leave the change to the next sweep; a
   * sweep's gives up after one (the next sweep looks again).
   */
  private async checkLocked(check: DriftCheck, key: string): Promise<void> {
    const { coordinator = localCoordinator, log, onLockWait } = this.deps;
    const turns = check.foundBy === "webhook" ? 2 : 1;
    for (let turn = 1; ; turn++) {
      try {
        return await waitExclusive(coordinator, "drift", `drift:${key}`, () => this.checkNow(check), { log, onLockWait });
      } catch (error) {
        if (!(error instanceof LockBusyError) || turn === turns) throw error;
      }
    }
  }

  /**
   * The sweep's part: checks every team any default-branch policy names, in
   * every installation. Team listings are conditional, so a sweep over
   * unchanged teams costs no rate limit.
   */
  async sweep(installationIds: readonly number[]): Promise<void> {
    const failures = new SweepFailures(this.deps.log, "drift sweep");
    for (const installationId of installationIds) {
      const teams = new Set<string>();
      const listed = await failures.attempt({ installationId }, async () => managedTeams(this.deps, await this.deps.github(installationId), installationId, failures, teams));
      if (!listed) continue;
      for (const entry of teams) {
        const [org = "", team = ""] = entry.split("\u0000");
        // Another replica checking this team for longer than a lease is checking it now: the next sweep looks again.
        await this.check({ installationId, org, team, foundBy: "sweep" }).catch((error: unknown) => {
          if (!(error instanceof LockBusyError)) failures.note(error, { installationId, team });
        });
      }
    }
    failures.throwIfAny();
  }

  private async checkNow(check: DriftCheck): Promise<void> {
    if (check.removed) {
      this.removedByWebhook(check, check.removed);
      return;
    }
    const github = await this.deps.github(check.installationId);
    const { places, unread } = await placesManaging(this.deps, github, check.installationId, check.org, check.team);
    // Standing under any policy naming the team is standing (drift is what no policy allows), whichever repository's check finds
    // it. One whose policies could not be read, or whose baseline may be deleted, may let others stand: report only.
    // Repositories without `standing` first: a baseline they record now is standing under the others' checks that follow.
    const known = new Map<ManagingPlace, Standing>();
    for (const pass of [places.filter((p) => !p.policy.standing), places.filter((p) => p.policy.standing)]) {
      if (pass.length === 0) continue;
      const byPlace = places.length > 1 ? await standingByPlace(this.deps, github, check, places, await this.deps.identity(), known) : undefined;
      for (const place of pass) {
        const k = places.indexOf(place);
        const others = (byPlace ?? []).filter((_, j) => j !== k);
        const held = unread ? HELD : others.some((o) => o.doubted === true) ? DOUBTED_ELSEWHERE : undefined;
        await this.checkIn(github, check, place, held, { members: others.flatMap((o) => o.members), teams: others.flatMap((o) => o.teams) }, byPlace?.[k]);
      }
    }
  }

  private async checkIn(github: GitHubClient, check: DriftCheck, place: ManagingPlace, reportOnly: string | undefined, elsewhere: Standing, own?: Standing): Promise<void> {
    const { org, team } = check;
    const identity = await this.deps.identity();
    const issues = await readDriftIssues(this.deps, github, check.installationId, place.owner, place.repo, identity);
    const members = await github.listTeamMembers(org, team);
    this.noteGone(check, members);
    // A grant backs a member only if it is of the team the slug names now (a renamed team's old slug may name a new one).
    let named: Promise<TeamIds | undefined> | undefined;
    const teamNow = () => (named ??= github.teamIdsNamed(org, team));
    const children = await github.listChildTeams(org, team);
    const childTeams = await Promise.all(children.map(async (slug) => ({ slug, members: await github.listTeamMembers(org, slug) })));

    const baseline = baselineOf(issues, team);
    // A deleted baseline must not be replaced by today's members: where a tampered issue may have held it, none is taken (checked, reported only).
    const doubted = !place.policy.standing && !baseline && issues.some((i) => i.tampered && mayHoldBaseline(i, team));
    if (!place.policy.standing && !baseline && !doubted) {
      // First load of a policy without standing: today's members are its standing members, recorded once;
      // a member there through a live grant is not (their grant still ends, and a re-add is drift). One whose
      // grant found them a member already (a standing grant) is: the grant removes nothing at its end.
      const kept: typeof members = [];
      for (const member of members) if (!(await this.hasLiveGrant(github, check, place, member, identity, teamNow, true))) kept.push(member);
      await openDriftIssue(this.deps, github, check.installationId, place, `Drift baseline: team ${team}`, {
        event: "drift-baseline", team, members: kept.map((m) => m.login), memberIds: kept.map((m) => m.id), childTeams: children, policyRef: place.policies.ref,
      });
      return;
    }
    const standing: DriftPerson[] = [...elsewhere.members];
    let standingTeams = [...elsewhere.teams, ...(baseline?.childTeams ?? [])];
    if (place.policy.standing) {
      // Only the standing teams that are the teams meant: one that took a listed slug is no allowed child team either.
      const counted = own ?? await standingPeople(github, org, place.policy.standing, this.deps.policies.committedAt(check.installationId, place.owner, place.repo), this.deps.log);
      standing.push(...counted.members);
      standingTeams = [...elsewhere.teams, ...counted.teams];
    } else if (baseline) {
      standing.push(...baselineStanding(baseline).members);
    }
    // Drift stays recorded until reverted (re-added, drift again on the same issue); a locked issue refuses records: passed over.
    const open = issues.filter((i) => !i.locked);
    const recorded = open.flatMap((i) => unresolvedDrift(i.records, team));
    const candidates = members.filter((m) => !standing.some((s) => samePerson(s, m)) && !recorded.some((r) => r.subject.kind === "member" && samePerson(r.subject, m)));
    const granted: DriftPerson[] = [];
    for (const person of candidates) if (await this.hasLiveGrant(github, check, place, person, identity, teamNow)) granted.push(person);

    const policySettings = { mode: place.policies.settings?.drift ?? "report", revertChildTeams: place.policies.settings?.revertChildTeams ?? false } as const;
    const held = doubted ? DOUBTED : reportOnly;
    const settings = held !== undefined ? ({ mode: "report", revertChildTeams: false } as const) : policySettings;
    const findings = findDrift({ team, members, childTeams }, {
      standing,
      standingTeams,
      granted,
      recorded: { people: recorded.flatMap((r) => (r.subject.kind === "member" ? [r.subject] : [])), childTeams: recorded.flatMap((r) => (r.subject.kind === "child-team" ? [r.subject.slug] : [])) },
    }, settings);
    for (const finding of findings) {
      const earlier = finding.kind === "member" ? open.find((i) => i.records.some((r) => r.event === "drift-found" && r.team === team && r.subject.kind === "member" && samePerson(r.subject, finding.person))) : undefined;
      // Held back only where the policy would have reverted it (a child team needs revert_child_teams too).
      const wouldRevert = policySettings.mode === "revert" && (finding.kind === "member" || policySettings.revertChildTeams);
      await this.record(github, check, place, finding, earlier, wouldRevert ? held : undefined);
    }
    if (settings.mode !== "revert") return;
    // Drift recorded, still there, never tried under `revert` (its removal failed, or it was recorded under `report`), or
    // tried and not removed (through a child team) but a direct member now: reverted now unless something backs it.
    for (const issue of open) {
      const direct = (subject: DriftSubject) => subject.kind === "member" && members.some((m) => samePerson(subject, m)) && !childTeams.some((c) => c.members.some((m) => samePerson(subject, m)));
      for (const { subject } of unresolvedDrift(issue.records, team).filter((found) => revertDue(issue.records, found, direct(found.subject)))) {
        try {
          if (subject.kind === "member") {
            const person = members.find((m) => samePerson(subject, m));
            if (person === undefined || findings.some((f) => f.kind === "member" && samePerson(f.person, person))) continue;
            if (standing.some((p) => samePerson(p, person)) || (await this.hasLiveGrant(github, check, place, person, identity, teamNow))) continue;
            await this.revert(github, check, issue, { kind: "member", person }, subject);
          } else if (settings.revertChildTeams && children.includes(subject.slug) && !standingTeams.includes(subject.slug) && !findings.some((f) => f.kind === "child-team" && f.childTeam === subject.slug)) {
            await this.revert(github, check, issue, { kind: "child-team", childTeam: subject.slug }, subject);
          }
        } catch (error) {
          this.deps.log.error({ team, kind: subject.kind, issue: issue.ref.number, err: error }, "reverting recorded drift failed; the other teams' checks go on, and the next check tries again");
        }
      }
    }
  }

  /**
   * Someone other than the app removed a member: each live grant of theirs on
   * the team is told who, and its request reconciled, which records it as
   * removed early (the request's own flow keeps its record chain whole).
   */
  private removedByWebhook(check: DriftCheck, removed: { person: DriftPerson; actor: string }): void {
    const now = this.deps.now();
    const live = this.deps.grants.liveOf(check.org, check.team, now).map((g) => ({ ...g, person: grantPerson(g.key, g.grant.login) }));
    const verdict = judgeMembershipChange({ action: "removed", team: check.team, person: removed.person, actor: removed.actor, byApp: false }, { managed: true, granted: live.map((g) => g.person) });
    if (verdict.kind !== "removed-early") return;
    for (const g of live) if (samePerson(g.person, removed.person)) this.tell(check, g.request, { by: verdict.actor, at: now });
  }

  /**
   * The same when no webhook said: a live grant this process knows whose
   * person is not among the team's members was removed by someone.
   */
  private noteGone(check: DriftCheck, members: readonly DriftPerson[]): void {
    const now = this.deps.now();
    for (const { key, request, grant } of this.deps.grants.liveOf(check.org, check.team, now)) {
      const person = grantPerson(key, grant.login);
      if (!members.some((m) => samePerson(m, person))) this.tell(check, request, { at: now });
    }
  }

  /** Notes the observation on the grant and reconciles its request, once. */
  private tell(check: DriftCheck, request: string, removed: { by?: string; at: number }): void {
    const named = namedRequest(request);
    if (!this.deps.grants.noteRemoved(request, removed) || !named) return;
    this.deps.log.info({ team: check.team, request, reported: removed.by !== undefined }, "a live grant's membership was removed outside jit-access");
    this.deps.enqueue?.({ installationId: check.installationId, ...named });
  }

  /**
   * A live grant backs the person: one this process knows, or an approved or
   * granted request of theirs not yet ended, read from its signed records;
   * a grant that knows its team's ids only if they are the team's the slug
   * names now (`teamNow`). `addedOnly`: only a grant that added the
   * membership (not a standing one) counts.
   */
  private async hasLiveGrant(github: GitHubClient, check: DriftCheck, place: { owner: string; repo: string }, person: { login: string; id: number }, identity: AppIdentity, teamNow: () => Promise<TeamIds | undefined>, addedOnly = false): Promise<boolean> {
    const now = this.deps.now();
    const who = { login: person.login, bot: false, id: person.id };
    const key = grantKey(check.org, check.team, who);
    // The team the slug names now: a grant that knows its team's ids counts when they are these, under whatever slug it was made.
    const ids = await teamNow();
    const ofThisTeam = (grants: OtherGrant[]) => grants.filter((g) => (g.teamIds === undefined || sameIds(g.teamIds, ids)) && !(addedOnly && g.standing));
    const bySlug = ofThisTeam(this.deps.grants.others(key, "", now));
    const byIds = ids === undefined ? [] : this.deps.grants.liveByIds(check.org, ids, who, now).filter((g) => !bySlug.some((s) => s.ref === g.ref) && !(addedOnly && g.standing));
    // A grant this process remembers counts unless its own trail says it ended (another replica ended it).
    const known = [...bySlug, ...byIds];
    // (A grant found by its ids is kept under its own slug's key.)
    const forget = (other: string) => this.deps.grants.set(this.deps.grants.byRequest(other)?.key ?? key, other, undefined);
    const live = known.length === 0 || !this.deps.grants.shared ? known : await withoutEnded(github, check.installationId, known, identity, this.deps.signingKey, forget);
    if (live.length > 0) return true;
    const ref = { installationId: check.installationId, owner: place.owner, repo: place.repo, number: 0 };
    const found = await findOtherGrants(github, ref, check.team, who, identity, this.deps.signingKey, now, false, { approvedCounts: true, ...(ids === undefined ? {} : { teamIds: ids }) });
    return ofThisTeam(found).length > 0;
  }

  private async record(github: GitHubClient, check: DriftCheck, place: ManagingPlace, finding: DriftFinding, earlier?: DriftIssue, held?: string): Promise<void> {
    const subject: DriftSubject = finding.kind === "member" ? { kind: "member", login: finding.person.login, ...(finding.person.id === undefined ? {} : { id: finding.person.id }) } : { kind: "child-team", slug: finding.childTeam };
    const addedBy = finding.kind === "member" && check.addedBy && samePerson(check.addedBy.person, finding.person) ? check.addedBy.actor : undefined;
    const title = driftIssueTitle(check.team, subject.kind === "member" ? { kind: "member", login: subject.login } : subject);
    const found: DriftRecordData = {
      event: "drift-found", team: check.team, subject, reason: finding.reason, action: finding.action,
      ...(addedBy === undefined ? {} : { addedBy }),
      ...(held === undefined ? {} : { held }),
      notify: place.policy.escalation?.notify ?? { users: [], teams: [] }, foundBy: check.foundBy, policyRef: place.policies.ref,
    };
    if (earlier) await appendDriftRecord(this.deps, github, earlier, found);
    const issue = earlier ?? (await openDriftIssue(this.deps, github, check.installationId, place, title, found));
    this.deps.log.info({ team: check.team, kind: finding.kind, action: finding.action, foundBy: check.foundBy, issue: issue.ref.number }, "drift recorded");
    if (finding.action === "revert") await this.revert(github, check, issue, finding, subject);
  }

  /** Removes the member (or detaches the child team) recorded as drift, and records that on its issue. */
  private async revert(github: GitHubClient, check: DriftCheck, issue: DriftIssue, target: { kind: "member"; person: DriftPerson } | { kind: "child-team"; childTeam: string }, subject: DriftSubject): Promise<void> {
    let removed: boolean;
    if (target.kind === "member") removed = (await github.removeTeamMember(check.org, check.team, target.person.login)) === "removed";
    else {
      await github.detachChildTeam(check.org, target.childTeam);
      removed = true;
    }
    await appendDriftRecord(this.deps, github, issue, { event: "drift-reverted", team: check.team, subject, removed });
  }
}
