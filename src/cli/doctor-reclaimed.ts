import { numberFor } from "../core/pinned-account.js";
import type { Policies, Principals } from "../core/policy.js";
import type { Account } from "../github/client.js";
import type { Finding } from "./doctor-checks.js";

/** What doctor asks of GitHub here: the account now holding a login, its id and creation (GitHubClient.account). */
export interface AccountDates {
  account(login: string): Promise<Account | undefined>;
}

/**
 * Approvers the policies list by login, checked the way the app checks an
 * approval (src/core/eligibility.ts). A login pinned to an account
 * (`{ login, id }`) must be held by that account. A login listed bare whose
 * current account was created after the commit that last changed the
 * policies was renamed away and claimed by someone else, so the app refuses
 * that person's approvals. Doctor says so before a request is stuck on it,
 * with the fix. Blocking: the policy names someone it cannot mean, and the
 * fix needs a person to check who holds the login now; committing the policy
 * again without that check would hand the approval to whoever claimed the
 * name. A bare login that passes is still advice: an account older than the
 * policies can take a freed login too, which only a pin tells apart, so
 * doctor prints each one's pin to paste.
 *
 * @example
 * const findings = await reclaimedLoginFindings(github, load.policies, loader.committedAt(id, "acme", "access"));
 */
export async function reclaimedLoginFindings(accounts: AccountDates, policies: Policies, committedAt: number | undefined): Promise<Finding[]> {
  const listedBy = new Map<string, { login: string; pin: number | undefined; where: string[] }>();
  for (const policy of policies.teams.values()) {
    for (const login of policy.approvers.users) {
      const pin = numberFor(policy.approvers.ids, login);
      const key = `${login.toLowerCase()}#${pin ?? ""}`;
      const entry = listedBy.get(key) ?? { login, pin, where: [] };
      entry.where.push(`${policy.team} (${policy.file})`);
      listedBy.set(key, entry);
    }
  }
  if (listedBy.size === 0) return [];
  const since = committedAt === undefined ? undefined : new Date(committedAt).toISOString();
  const findings: Finding[] = [];
  const pinnedOk: string[] = [];
  const sound: string[] = [];
  const bare: string[] = [];
  for (const [, { login, pin, where }] of [...listedBy].sort(([a], [b]) => a.localeCompare(b))) {
    const account = await accounts.account(login);
    if (pin !== undefined) {
      if (account?.id === pin) pinnedOk.push(`@${login}`);
      else findings.push({ ok: false, blocking: true, message: `@${login}, listed as an approver for ${where.join(", ")}, is pinned to the account with id ${pin}, but ${account === undefined ? "no GitHub account holds that login now" : `the login is now held by the account with id ${account.id}`}: the account was renamed, so the app refuses approvals under @${login}. Pin the account's new login (GitHub's GET /user/${pin} answers it), or take the entry out` });
      continue;
    }
    if (account === undefined) {
      findings.push(advice(`no GitHub account holds the login @${login}, listed as an approver for ${where.join(", ")}: fix the spelling, or take it out of the policy`));
      continue;
    }
    if (committedAt !== undefined && account.createdAt !== undefined && account.createdAt > committedAt) {
      findings.push({
        ok: false,
        blocking: true,
        message: `@${login}, listed as an approver for ${where.join(", ")}, is now held by an account created on ${new Date(account.createdAt).toISOString()}, after the policies were last committed (${since}): the login was renamed and claimed by someone else, so the app refuses its approvals. Check that the account now holding @${login} is the person meant, then list it again in a new commit of the policy; or take the login out and approve through a team (approvers.teams)`,
      });
      continue;
    }
    if (committedAt !== undefined) sound.push(`@${login}`);
    bare.push(`{ login: ${login}, id: ${account.id} }`);
  }
  if (committedAt === undefined) {
    findings.unshift(advice(`cannot tell when the policies were last committed (GitHub listed no commit for the policy folder), so the approvers listed by login alone were not checked for renamed-and-reclaimed logins; the app does not check them either until it can`));
  }
  if (bare.length > 0) {
    findings.push(advice(`approvers listed by login alone can be taken over by renaming: an account that already existed can take a freed login, and neither GitHub nor the app can tell it from the person meant. Pin each to its account, as GitHub shows it now (check each is the person meant): ${bare.join(", ")}`));
  }
  if (sound.length > 0) findings.unshift({ ok: true, blocking: false, message: `approvers listed by login hold accounts older than the policies' last commit (${since}): ${sound.join(", ")}` });
  if (pinnedOk.length > 0) findings.unshift({ ok: true, blocking: false, message: `approvers pinned to their accounts are held by those accounts: ${pinnedOk.join(", ")}` });
  return findings;
}

function advice(message: string): Finding {
  return { ok: false, blocking: false, message };
}

/** What doctor asks of GitHub for teams: the team a slug names now, its id and creation (GitHubClient.teamNow). */
export interface TeamDates {
  teamNow(org: string, team: string): Promise<{ id: number; createdAt?: number } | undefined>;
}

/**
 * Teams the policies name by slug (approvers, requesters, break-glass
 * requesters, standing), checked as the app checks them
 * (src/core/team-age.ts). A slug pinned to a team (`{ slug, id }`) must be
 * held by that team. An unpinned slug held by a team created after the
 * commit that last changed the policies was taken from a team renamed or
 * deleted. Both block, as for logins: committing the policy again confirms
 * whoever created the team, so a person must first check it is the team
 * meant. Every unpinned slug is advice, with its pin to paste: an older
 * team renamed into a freed slug shows no date that tells it apart. The
 * managed teams are held by their ids and are not listed here.
 *
 * @example
 * const findings = await takenTeamFindings(github, "acme", load.policies, loader.committedAt(id, "acme", "access"));
 */
export async function takenTeamFindings(teams: TeamDates, org: string, policies: Policies, committedAt: number | undefined): Promise<Finding[]> {
  const named = new Map<string, { where: string[]; pins: Set<number> }>();
  for (const policy of policies.teams.values()) {
    const roles: [string, Principals | undefined][] = [["approvers", policy.approvers], ["requesters", policy.requesters], ["break_glass.requesters", policy.breakGlass?.requesters], ["standing", policy.standing]];
    for (const [role, who] of roles) {
      for (const slug of who?.teams ?? []) {
        const entry = named.get(slug) ?? { where: [], pins: new Set<number>() };
        entry.where.push(`${role} of ${policy.team}`);
        const pin = numberFor(who?.teamIds, slug);
        if (pin !== undefined) entry.pins.add(pin);
        named.set(slug, entry);
      }
    }
  }
  const findings: Finding[] = [];
  const bare: string[] = [];
  for (const [slug, { where, pins }] of [...named].sort(([a], [b]) => a.localeCompare(b))) {
    const now = await teams.teamNow(org, slug);
    const as = `team ${org}/${slug}, named as ${where.join(", ")}`;
    for (const pin of pins) {
      if (now?.id === pin) continue;
      findings.push({ ok: false, blocking: true, message: `${as}, is pinned to the team with id ${pin}, but ${now === undefined ? "no team holds that name now" : `the team holding the name now has id ${now.id}`}: the team meant was renamed (or deleted) and another took its name, so the app does not count its members. Find the team meant (GET /orgs/${org}/teams lists each team's id and slug) and pin its slug now` });
    }
    if (pins.size > 0 || now === undefined) continue;
    if (committedAt !== undefined && now.createdAt !== undefined && now.createdAt > committedAt) {
      findings.push({ ok: false, blocking: true, message: `${as}, was created on ${new Date(now.createdAt).toISOString()}, after the policies were last committed (${new Date(committedAt).toISOString()}): it took the name of a team that was renamed or deleted, so the app does not count its members. Check that it is the team meant (who created it, who is in it), then commit the policy again; or name the team the policy meant by its new slug` });
      continue;
    }
    bare.push(`{ slug: ${slug}, id: ${now.id} }`);
  }
  if (bare.length > 0) {
    findings.push(advice(`teams named by slug alone can be taken over by renaming: an older team renamed into a freed slug shows no date that tells it from the team meant. Pin each to its team, as GitHub shows it now (check each is the team meant): ${bare.join(", ")}`));
  }
  return findings;
}
