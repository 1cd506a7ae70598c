import { verifyChain } from "../audit/verify-chain.js";
import { foldHistory } from "../core/history.js";
import type { OtherGrant, Person } from "../core/input.js";
import { statusLabel } from "../core/records.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import { readTimeline, type AppIdentity } from "./read-timeline.js";

/**
 * Live grants of a team to a person recorded on other requests of the
 * installation, found through the status labels (`access:granted`, and
 * `access:revoke-failed` whose removal is still owed) and confirmed from each
 * request's own signed records — a label alone is never trusted.
 *
 * @example
 * await findOtherGrants(github, ref, "ops", { login: "jane", bot: false, id: 42 }, identity, key, Date.now());
 */
export async function findOtherGrants(
  github: GitHubClient,
  ref: IssueRef,
  team: string,
  requester: Person,
  identity: AppIdentity,
  signingKey: string,
  now: number,
): Promise<OtherGrant[]> {
  const found: OtherGrant[] = [];
  const self = `${ref.owner}/${ref.repo}#${ref.number}`;
  for (const { owner, repo } of await github.listRepositories()) {
    const candidates = new Set<number>();
    for (const query of [{ label: statusLabel("granted"), state: "open" as const }, { label: statusLabel("revoke-failed"), state: "all" as const }]) {
      for (const issue of await github.listAllIssues(owner, repo, query)) {
        // A grant belongs to its request's author: only their other requests need reading.
        // The author is known by numeric id: a renamed account's requests are still theirs.
        if (issue.user && !samePerson(issue.user, requester)) continue;
        candidates.add(issue.number);
      }
    }
    for (const number of candidates) {
      const other = `${owner}/${repo}#${number}`;
      if (other === self) continue;
      const entries = await github.listTimeline({ installationId: ref.installationId, owner, repo, number });
      const chain = verifyChain(readTimeline(entries, identity).comments, other, signingKey);
      const history = foldHistory(chain.records);
      const grant = history.granted?.data;
      if (!grant || history.terminal || chain.findings.length > 0) continue;
      // The grant is the other request's author's, who is the requester (checked above).
      if (grant.team !== team) continue;
      if (grant.requesterId !== undefined && requester.id !== undefined && grant.requesterId !== requester.id) continue;
      const expiresAt = history.expiresAt ?? grant.expiresAt;
      if (expiresAt > now) found.push({ ref: other, expiresAt, standing: grant.standing });
    }
  }
  return found;
}

/** The same account: by numeric id when both are known, else by login (case-insensitive). */
function samePerson(user: { login: string; id?: number }, person: Person): boolean {
  if (user.id !== undefined && person.id !== undefined) return user.id === person.id;
  return user.login.toLowerCase() === person.login.toLowerCase();
}
