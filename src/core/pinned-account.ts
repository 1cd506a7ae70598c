import type { Directory } from "./input.js";
import type { Principals } from "./policy.js";

/**
 * Why the person holding a login that a policy pins to an account
 * (`{ login: alice, id: 583231 }`) is not the person the policy names: the
 * login was renamed away and taken by another account, new or older than
 * the policy (which the account-creation check cannot see). Undefined when
 * the login is not pinned in `who`, or the account holding it is the pinned
 * one. The account is the person's own id when the timeline gave it (the
 * account that acted), else the directory's look-up of the login. Fails
 * closed: an account that could not be read is not the pinned one.
 *
 * @example
 * pinnedAccountProblem({ login: "alice" }, { users: ["alice"], teams: [], ids: { alice: 583231 } }, directory, "approvers.users");
 * // "@alice is pinned in `approvers.users` to the account with id 583231, but the login is now held by the account with id 9 (…)"
 */
export function pinnedAccountProblem(person: { login: string; id?: number }, who: Principals, directory: Directory, field: string): string | undefined {
  const { login } = person;
  const pinned = numberFor(who.ids, login);
  if (pinned === undefined) return undefined;
  const holder = person.id ?? numberFor(directory.accountIds, login);
  if (holder === pinned) return undefined;
  if (holder === undefined) return `jit-access could not read which account holds the login @${login}, so it cannot tell that it is the account \`${field}\` pins it to (id ${pinned})`;
  return `@${login} is pinned in \`${field}\` to the account with id ${pinned}, but the login is now held by the account with id ${holder} (renamed away and taken by another account)`;
}

/**
 * The number a login maps to in one of the records keyed by lower-case
 * login (a policy's pins, the directory's account ids and creation times),
 * read from the record's own keys: a login such as `constructor` or
 * `toString` is a valid GitHub login, and a plain object answers it with
 * what it inherits.
 *
 * @example
 * numberFor({ alice: 583231 }, "Alice"); // 583231
 * numberFor({ alice: 583231 }, "constructor"); // undefined
 */
export function numberFor(record: Readonly<Record<string, number>> | undefined, login: string): number | undefined {
  const key = login.toLowerCase();
  if (record === undefined || !Object.hasOwn(record, key)) return undefined;
  const value = record[key];
  return typeof value === "number" ? value : undefined;
}
