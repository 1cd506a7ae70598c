import type { Octokit } from "../github/client.js";
import { teamSyncGroups } from "../github/doctor-reads.js";
import { statusOf } from "../github/errors.js";
import type { Finding } from "./doctor-checks.js";

/** A team the policies name, and what they make of it. */
export interface NamedTeam {
  slug: string;
  /** "managed": the app adds and removes its members; "approver": its members approve. */
  role: "managed" | "approver";
}

// GitHub's answers that mean "this token cannot tell": not permitted (403; apps' installation tokens always),
// no team sync here (404: not Enterprise Cloud, or Enterprise Server), an enterprise team (422), a refused token (401).
const CANNOT_TELL = new Set([401, 403, 404, 422]);

/**
 * Whether the teams the app manages or takes approvals from are synced from
 * an identity provider (GitHub Enterprise Cloud's team sync): GitHub refuses
 * the app's membership changes to a managed one (403), and an approver
 * team's members are then chosen in the IdP, outside the reviewed policies.
 * GitHub does not open this API to apps' installation tokens, so it is read
 * with `reader`: an organisation owner's token when the operator gave one
 * (JIT_ACCESS_DOCTOR_TOKEN), else the installation's, which GitHub refuses —
 * then one non-blocking finding says how to check by hand.
 *
 * @example
 * const findings = await teamSyncFindings(octokit, "acme", [{ slug: "platform-admins", role: "managed" }], false);
 */
export async function teamSyncFindings(reader: Octokit, org: string, teams: NamedTeam[], ownerToken: boolean): Promise<Finding[]> {
  if (teams.length === 0) return [];
  const findings: Finding[] = [];
  const unsynced: string[] = [];
  const unknown = new Map<number, string[]>();
  for (const team of teams) {
    let groups: string[];
    try {
      groups = await teamSyncGroups(reader, org, team.slug);
    } catch (error) {
      const status = statusOf(error);
      if (!CANNOT_TELL.has(status)) throw error;
      unknown.set(status, [...(unknown.get(status) ?? []), `${org}/${team.slug}`]);
      continue;
    }
    if (groups.length === 0) unsynced.push(`${org}/${team.slug}`);
    else findings.push(syncedFinding(org, team, groups));
  }
  if (unsynced.length > 0) findings.push({ ok: true, blocking: false, message: `not synced from an identity provider: ${unsynced.join(", ")}` });
  for (const [status, names] of unknown) findings.push(cannotTell(org, names, status, ownerToken));
  return findings;
}

function syncedFinding(org: string, team: NamedTeam, groups: string[]): Finding {
  const synced = `team ${org}/${team.slug} is synced from an identity provider (group ${groups.map((g) => `"${g}"`).join(", ")})`;
  const why =
    team.role === "managed"
      ? ": GitHub refuses the app's membership changes to it (403), so no request for it can be granted"
      : ", so its members, who approve requests, are chosen in the identity provider, outside the reviewed policies";
  const fix =
    team.role === "managed"
      ? `disconnect its groups (the team's Settings → Identity Provider Groups) or grant a team managed on GitHub instead`
      : `name an approver team managed on GitHub, or list approvers by login, or disconnect its groups (the team's Settings → Identity Provider Groups)`;
  return { ok: false, blocking: true, message: `${synced}${why}; ${fix}` };
}

function cannotTell(org: string, names: string[], status: number, ownerToken: boolean): Finding {
  const why =
    status === 401
      ? "GitHub refused JIT_ACCESS_DOCTOR_TOKEN (401): make a new token"
      : status === 404
        ? "GitHub answered 404: team sync exists on GitHub Enterprise Cloud only, or the token cannot see the team"
        : status === 422
          ? "GitHub answered 422: an enterprise team has no team sync of its own"
          : ownerToken
            ? "GitHub answered 403: JIT_ACCESS_DOCTOR_TOKEN must belong to an organisation owner (or the team's maintainer), with read:org, and be authorised for SAML single sign-on"
            : "GitHub answered 403: its team-sync API is not open to apps, only to an organisation owner's token";
  const byHand = `on each team's page (Settings → Identity Provider Groups: none listed means not synced), or \`gh api orgs/${org}/teams/<team>/team-sync/group-mappings\` as an organisation owner (an empty "groups" means not synced)`;
  const again = ownerToken ? "" : ", or set JIT_ACCESS_DOCTOR_TOKEN to such a token and run doctor again";
  return { ok: false, blocking: false, message: `cannot tell whether ${names.join(", ")} are synced from an identity provider (${why}): check ${byHand}${again}` };
}
