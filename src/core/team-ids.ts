/**
 * A team as GitHub numbers it: its organisation's id and its own. A rename
 * changes neither (a team's slug follows its name), and GitHub serves every
 * team route under them too (`/organizations/{org_id}/team/{team_id}/…`).
 * A grant keeps them from GitHub's answer to its membership `PUT`.
 */
export interface TeamIds {
  org: number;
  team: number;
}

/**
 * `{ teamIds }` when known, else nothing: for spreading into an object whose
 * `teamIds` is optional.
 *
 * @example
 * ({ team: "ops", ...teamIdsOf({ teamIds: { org: 1, team: 7 } }) }); // { team: "ops", teamIds: { org: 1, team: 7 } }
 */
export function teamIdsOf(from: { teamIds?: TeamIds | undefined }): { teamIds?: TeamIds } {
  return from.teamIds === undefined ? {} : { teamIds: from.teamIds };
}

/**
 * Whether two grants' teams may be one team: the same slug, and the same
 * ids where both know them (a renamed team's old slug may name another team).
 *
 * @example
 * sameTeam({ teamIds: { org: 1, team: 7 } }, { teamIds: { org: 1, team: 8 } }); // false
 */
export function sameTeam(a: { teamIds?: TeamIds | undefined }, b: { teamIds?: TeamIds | undefined }): boolean {
  return a.teamIds === undefined || b.teamIds === undefined || sameIds(a.teamIds, b.teamIds);
}

/**
 * Whether both ids are known and name one team (a grant found by its team
 * ids under another slug).
 *
 * @example
 * sameIds({ org: 1, team: 7 }, undefined); // false
 */
export function sameIds(a: TeamIds | undefined, b: TeamIds | undefined): boolean {
  return a !== undefined && b !== undefined && a.org === b.org && a.team === b.team;
}
