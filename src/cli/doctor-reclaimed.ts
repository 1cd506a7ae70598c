import type { Policies } from "../core/policy.js";
import type { Finding } from "./doctor-checks.js";

/** What doctor asks of GitHub here: when the account now holding a login was created (GitHubClient.accountCreatedAt). */
export interface AccountDates {
  accountCreatedAt(login: string): Promise<number | undefined>;
}

/**
 * Approvers the policies list by login, checked the way the app checks an
 * approval (src/core/eligibility.ts): a login whose current account was
 * created after the commit that last changed the policies was renamed away
 * and claimed by someone else, so the app refuses that person's approvals.
 * Doctor says so before a request is stuck on it, with the fix. Blocking:
 * the policy names someone it cannot mean, and the fix needs a person to
 * check who holds the login now; committing the policy again without that
 * check would hand the approval to whoever claimed the name.
 *
 * @example
 * const findings = await reclaimedLoginFindings(github, load.policies, loader.committedAt(id, "acme", "access"));
 */
export async function reclaimedLoginFindings(accounts: AccountDates, policies: Policies, committedAt: number | undefined): Promise<Finding[]> {
  const listedBy = new Map<string, { login: string; where: string[] }>();
  for (const policy of policies.teams.values()) {
    for (const login of policy.approvers.users) {
      const entry = listedBy.get(login.toLowerCase()) ?? { login, where: [] };
      entry.where.push(`${policy.team} (${policy.file})`);
      listedBy.set(login.toLowerCase(), entry);
    }
  }
  if (listedBy.size === 0) return [];
  if (committedAt === undefined) {
    return [advice(`cannot tell when the policies were last committed (GitHub listed no commit for the policy folder), so the approvers listed by login were not checked for renamed-and-reclaimed logins; the app does not check them either until it can`)];
  }
  const since = new Date(committedAt).toISOString();
  const findings: Finding[] = [];
  const sound: string[] = [];
  for (const [, { login, where }] of [...listedBy].sort(([a], [b]) => a.localeCompare(b))) {
    const created = await accounts.accountCreatedAt(login);
    if (created === undefined) {
      findings.push(advice(`no GitHub account holds the login @${login}, listed as an approver for ${where.join(", ")}: fix the spelling, or take it out of the policy`));
    } else if (created > committedAt) {
      findings.push({
        ok: false,
        blocking: true,
        message: `@${login}, listed as an approver for ${where.join(", ")}, is now held by an account created on ${new Date(created).toISOString()}, after the policies were last committed (${since}): the login was renamed and claimed by someone else, so the app refuses its approvals. Check that the account now holding @${login} is the person meant, then list it again in a new commit of the policy; or take the login out and approve through a team (approvers.teams)`,
      });
    } else sound.push(`@${login}`);
  }
  if (sound.length > 0) findings.unshift({ ok: true, blocking: false, message: `approvers listed by login hold accounts older than the policies' last commit (${since}): ${sound.join(", ")}` });
  return findings;
}

function advice(message: string): Finding {
  return { ok: false, blocking: false, message };
}
