import { describe, isListed } from "./evaluate-request.js";
import type { Directory, Person } from "./input.js";
import { numberFor, pinnedAccountProblem } from "./pinned-account.js";
import { inCountedTeam, takenTeamProblem } from "./team-age.js";
import type { TeamPolicy } from "./policy.js";

/**
 * Whether a person may approve (or deny) a request under a team's policy,
 * judged with the membership facts fetched for this decision: never a bot,
 * never the requester unless the policy allows self-approval, and only a
 * listed user or an active member of an approver team. Undefined when they
 * may; otherwise why not, in words the person can act on.
 *
 * @example
 * approverProblem({ login: "bob", bot: false }, jane, policy, directory);
 * // "@bob is not an approver for `ops`; approvers are @alice"
 */
export function approverProblem(author: Person, requester: Person, policy: TeamPolicy, directory: Directory): string | undefined {
  if (author.bot) return `@${author.login} is a bot; only people can approve`;
  const self = author.login.toLowerCase() === requester.login.toLowerCase();
  if (self && !policy.selfApproval) return `you cannot approve your own request: the policy for \`${policy.team}\` does not allow self-approval`;
  if (!isListed(author.login, policy.approvers, directory)) {
    const taken = takenTeamProblem(author.login, policy.approvers, directory, "approvers.teams");
    if (taken !== undefined) return `${taken}, so the approval does not count; ask another approver (${describe(policy.approvers)})`;
    const lower = author.login.toLowerCase();
    if (policy.approvers.users.some((u) => u.toLowerCase() === lower)) {
      return `@${author.login} is listed as an approver for \`${policy.team}\` but is not an active member of the organisation, so the approval does not count; ask another approver (${describe(policy.approvers)})`;
    }
    return `@${author.login} is not an approver for \`${policy.team}\`; approvers are ${describe(policy.approvers)}`;
  }
  const pinned = pinnedAccountProblem(author, policy.approvers, directory, "approvers.users");
  if (pinned !== undefined) return `${pinned}, so the approval does not count; ask another approver (${describe(policy.approvers)}), or a maintainer must pin the login to the right account in the policy`;
  return reclaimedLogin(author, policy, directory);
}

/**
 * A login the policy lists by name whose account was created after the
 * policy's commit: the login was renamed away and claimed by someone else,
 * so the person now holding it is not the one the policy meant.
 */
function reclaimedLogin(author: Person, policy: TeamPolicy, directory: Directory): string | undefined {
  const lower = author.login.toLowerCase();
  // A pinned login is judged by its account id alone (pinnedAccountProblem), which is exact.
  if (!policy.approvers.users.some((u) => u.toLowerCase() === lower) || numberFor(policy.approvers.ids, lower) !== undefined) return undefined;
  const created = numberFor(directory.accounts, lower);
  const committed = directory.policyCommittedAt;
  if (created === undefined || committed === undefined || created <= committed) return undefined;
  return `@${author.login} is listed as an approver for \`${policy.team}\`, but the account now holding that login was created on ${new Date(created).toISOString()}, after the policy naming it was committed (${new Date(committed).toISOString()}): the login was renamed and claimed by someone else, so the approval does not count; a maintainer must confirm the approver in the policy again (commit it anew), or ask another approver (${describe(policy.approvers)})`;
}

/**
 * How many approvals count when each must come from a different approver
 * team: the size of a maximum matching of approvers to the groups they
 * belong to (each approver team they are an active member of; users listed
 * by name form one group of their own). Without `distinct_teams`, every
 * distinct approver counts.
 *
 * @example
 * countApprovals(["alice", "carol"], policy, directory); // 2
 */
export function countApprovals(logins: readonly string[], policy: TeamPolicy, directory: Directory): number {
  if (!policy.distinctTeams) return logins.length;
  const groupsOf = logins.map((login) => {
    const lower = login.toLowerCase();
    const groups = policy.approvers.teams.filter((t) => inCountedTeam(lower, { ...policy.approvers, teams: [t] }, directory));
    if (policy.approvers.users.some((u) => u.toLowerCase() === lower) && directory.org[lower] === true) groups.push("\u0000listed");
    return groups;
  });
  const owner = new Map<string, number>();
  const assign = (approver: number, seen: Set<string>): boolean => {
    for (const group of groupsOf[approver] ?? []) {
      if (seen.has(group)) continue;
      seen.add(group);
      const holder = owner.get(group);
      if (holder === undefined || assign(holder, seen)) {
        owner.set(group, approver);
        return true;
      }
    }
    return false;
  };
  let count = 0;
  for (let i = 0; i < logins.length; i++) if (assign(i, new Set())) count++;
  return count;
}
