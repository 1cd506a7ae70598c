import type { TeamPolicy } from "./policy.js";

/** What holding a team lets one do under a policy. */
const ROLES: readonly { readonly role: string; readonly teams: (policy: TeamPolicy) => readonly string[] }[] = [
  { role: "an approver of", teams: (p) => p.approvers.teams },
  { role: "a requester of", teams: (p) => p.requesters?.teams ?? [] },
  { role: "a break-glass requester of", teams: (p) => p.breakGlass?.requesters.teams ?? [] },
];

/**
 * Where a grant confers more than its team: a team the app grants that a
 * policy names as approvers, requesters or break-glass requesters, itself
 * or through a team it is nested under (GitHub counts a child team's
 * members as the parent's, and so does the app). A short grant of it then
 * makes its holder an approver of others' requests (or lets them ask for,
 * or break the glass for, another team). Not refused: an organisation may
 * mean it. `ancestorsOf` gives the teams a team is nested under, nearest
 * first (none when unknown, as offline).
 *
 * @example
 * grantOverlaps([ops], () => []); // ["a grant of `ops` makes its holder an approver of `ops` …"]
 */
export function grantOverlaps(policies: Iterable<TeamPolicy>, ancestorsOf: (slug: string) => readonly string[]): string[] {
  const all = [...policies];
  const found: string[] = [];
  for (const granted of all) {
    const holds = [granted.team, ...ancestorsOf(granted.team)];
    for (const policy of all) {
      for (const { role, teams } of ROLES) {
        const named = teams(policy);
        const via = holds.find((team) => named.includes(team));
        if (via === undefined) continue;
        const how = via === granted.team ? "" : ` (it names \`${via}\`, which \`${granted.team}\` is nested under)`;
        found.push(`a grant of \`${granted.team}\` makes its holder ${role} \`${policy.team}\`${how}: keep the teams the app grants out of those lists, or accept that a grant confers this too`);
      }
    }
  }
  return found;
}
