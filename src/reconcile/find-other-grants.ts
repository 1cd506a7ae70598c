import { verifyChain } from "../audit/verify-chain.js";
import { foldHistory } from "../core/history.js";
import type { OtherGrant } from "../core/input.js";
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
 * await findOtherGrants(github, ref, "ops", "jane", identity, key, () => Date.now());
 */
export async function findOtherGrants(
  github: GitHubClient,
  ref: IssueRef,
  team: string,
  login: string,
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
        if (issue.user && issue.user.login.toLowerCase() !== login.toLowerCase()) continue;
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
      if (grant.team !== team || grant.requester.toLowerCase() !== login.toLowerCase()) continue;
      const expiresAt = history.expiresAt ?? grant.expiresAt;
      if (expiresAt > now) found.push({ ref: other, expiresAt, standing: grant.standing });
    }
  }
  return found;
}
