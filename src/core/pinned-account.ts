import type { Directory } from "./input.js";
import type { Principals } from "./policy.js";

/**
 * Why the person holding a login that a policy pins to an account
 * (`{ login: alice, id: 583231 }`) is not the person the policy names: the
 * login was renamed away and taken by another account, new or older than
 * the policy (which the account-creation check cannot see). Undefined when
 * the login is not pinned in `who`, or the account holding it is the pinned
 * one. Fails closed: an account that could not be read is not the pinned one.
 *
 * @example
 * pinnedAccountProblem("alice", { users: ["alice"], teams: [], ids: { alice: 583231 } }, directory, "approvers.users");
 * // "@alice is pinned in `approvers.users` to the account with id 583231, but the login is now held by the account with id 9 (…)"
 */
export function pinnedAccountProblem(login: string, who: Principals, directory: Directory, field: string): string | undefined {
  const lower = login.toLowerCase();
  const pinned = who.ids?.[lower];
  if (pinned === undefined) return undefined;
  const holder = directory.accountIds?.[lower];
  if (holder === pinned) return undefined;
  if (holder === undefined) return `jit-access could not read which account holds the login @${login}, so it cannot tell that it is the account \`${field}\` pins it to (id ${pinned})`;
  return `@${login} is pinned in \`${field}\` to the account with id ${pinned}, but the login is now held by the account with id ${holder} (renamed away and taken by another account)`;
}
