import type { TeamIds } from "../core/team-ids.js";
import { TeamReads, teamIdsIn } from "./team-reads.js";
import type { CheckOutput, IssueRef } from "./client-types.js";
import { call, gitHubMessage, MembershipRefusedError, RefusedGitHubError, rateLimitWaitSeconds, statusOf, toGitHubError, UnmaskedRecordError } from "./errors.js";
import { issueWriteDocument, issueWriteResult, type IssueWrite, type IssueWriteResult } from "./issue-write.js";

export { teamIdsIn } from "./team-reads.js";
export type { Account, CheckAnnotation, CheckOutput, Conditional, IssueFacts, IssueRef, IssueSummary, ListedIssue, Octokit, TimelineEntry } from "./client-types.js";

/**
 * The only code that talks to GitHub: its reads (client-reads.ts, team-reads.ts) and, here,
 * its writes. Every string it sends — comment bodies, labels, check runs —
 * passes through the masker here, at the last moment. Every failure is a
 * GitHubError of its kind (errors.ts).
 *
 * @example
 * const github = new GitHubClient(octokit, masker);
 * await github.teamMembership("acme", "ops", "jane"); // "active" | "pending" | "none"
 */
export class GitHubClient extends TeamReads {
  /**
   * Adds a member. GitHub's refusals that retrying cannot fix become
   * MembershipRefusedError. Answers the team's ids as GitHub's answer names
   * them (the membership's `url`), which a rename does not change.
   */
  async addTeamMember(org: string, team: string, login: string): Promise<{ teamIds?: TeamIds }> {
    try {
      const { data, status } = await this.octokit.rest.teams.addOrUpdateMembershipForUserInOrg({ org, team_slug: team, username: login, role: "member" });
      if (data.state !== "active") {
        // An invitation, once accepted, would be a membership nobody removes: withdraw it.
        await this.removeTeamMember(org, team, login);
        throw new MembershipRefusedError(`GitHub made the membership "${data.state}" (an invitation), not active; the invitation was withdrawn`, status);
      }
      const teamIds = teamIdsIn(data.url);
      return teamIds === undefined ? {} : { teamIds };
    } catch (error) {
      if (error instanceof MembershipRefusedError) throw error;
      const status = statusOf(error);
      // A rate limit answers 403 too: that one is waited out and retried, never a refusal.
      if (status === 403 && rateLimitWaitSeconds(error, Date.now()) === undefined) throw new MembershipRefusedError(membershipRefusal(error));
      if (status === 404 || status === 422) {
        throw new MembershipRefusedError(`the team \`${team}\` or the user could not be found in the organisation (${status})`, status);
      }
      throw toGitHubError(error, "PUT /orgs/{org}/teams/{team_slug}/memberships/{username}");
    }
  }

  /**
   * Removes a member; "absent" when GitHub says there was nothing to remove.
   * Given the grant's team ids, by them (`/organizations/{org_id}/team/
   * {team_id}/…`, the form GitHub's docs give beside each team route): the
   * team the grant was made in, whatever its slug now, never another team
   * that took its old slug; a 404 there means the membership is gone, or the
   * team and its memberships with it (the team is read to tell; where the
   * ids are not served, a server without GitHub's id form, the team's slug
   * now is found by its id and used). Without them (a grant recorded before
   * the ids were kept), by slug: GitHub answers 404 too when no team has the
   * slug any more (renamed, or deleted), so the team is read then, and a team
   * that is gone is a failed removal, since the person may still hold the
   * team it became.
   */
  async removeTeamMember(org: string, team: string, login: string, ids?: TeamIds): Promise<"removed" | "absent"> {
    const route = "DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}";
    const bySlug = (slug: string) => this.deleteMembership(route, () => this.octokit.rest.teams.removeMembershipForUserInOrg({ org, team_slug: slug, username: login }));
    if (ids !== undefined) {
      const byIds = "DELETE /organizations/{org_id}/team/{team_id}/memberships/{username}";
      if (await this.deleteMembership(byIds, () => this.octokit.request(byIds, { org_id: ids.org, team_id: ids.team, username: login }))) return "removed";
      // A slug is used only where the ids are not served (not github.com), and only one that names the very team.
      const found = await this.afterIdMiss(org, team, ids);
      return found.kind === "slug" && (await bySlug(found.slug)) ? "removed" : "absent";
    }
    if (await bySlug(team)) return "removed";
    if ((await this.teamIdsNamed(org, team)) !== undefined) return "absent";
    throw new RefusedGitHubError(`${route} failed (404): no team \`${team}\` in ${org} any more (renamed or deleted), so @${login}'s membership could not be removed: if the team was renamed, an owner renames it back to \`${team}\` and the removal is made (a new team under that slug would be taken for it, and @${login} would keep the renamed one); if it was deleted, nothing is left to remove`, 404, route);
  }

  /** A membership's `DELETE`: false when GitHub answers 404. */
  private async deleteMembership(route: string, send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (error) {
      if (statusOf(error) !== 404) throw toGitHubError(error, route);
      return false;
    }
  }

  /**
   * Posts a comment. A sealed record must already be masked: if masking
   * would change it, its signature would no longer verify, so it is refused
   * rather than posted broken. A sealed record is sent once: the retry plugin
   * must not send it again when its answer is lost (GitHub may have made the
   * comment already), the caller looks for it with findPostedComment instead.
   */
  async createComment(ref: IssueRef, body: string, options: { sealed: boolean }): Promise<{ id: number }> {
    const masked = this.masker.mask(body);
    if (options.sealed && masked !== body) throw new UnmaskedRecordError();
    const { data } = await call("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", () =>
      this.octokit.rest.issues.createComment({
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.number,
        body: masked,
        ...(options.sealed ? { request: { retries: 0 } } : {}),
      }),
    );
    return { id: data.id };
  }

  /**
   * Several changes to one issue in one GraphQL request (issue-write.ts): a
   * comment, label changes, closing, locking, run by GitHub in that order.
   * The comment is masked here like any other; a sealed record that masking
   * would change is refused before anything is sent. Sent once: when the
   * answer is lost, the caller looks for the comment (findPostedComment).
   * Fields GitHub refused come back in `failed`; the others were done.
   */
  async writeIssue(write: IssueWrite, options: { sealed: boolean }): Promise<IssueWriteResult> {
    let masked = write;
    if (write.comment !== undefined) {
      const body = this.masker.mask(write.comment);
      if (options.sealed && body !== write.comment) throw new UnmaskedRecordError();
      masked = { ...write, comment: body };
    }
    const { query, variables, fields } = issueWriteDocument(masked);
    return call("POST /graphql", async () => {
      try {
        const data = await this.octokit.graphql<Record<string, unknown>>(query, { ...variables, request: { retries: 0 } });
        return issueWriteResult(data, [], fields);
      } catch (error) {
        // Some fields ran, some did not: GitHub answers 200 with both data and errors.
        const partial = error as { errors?: unknown; data?: unknown };
        if (!Array.isArray(partial.errors) || statusOf(error) !== 0) throw error;
        return issueWriteResult(partial.data as Record<string, unknown> | undefined, partial.errors as { path?: string[]; message?: string }[], fields);
      }
    });
  }

  async addLabel(ref: IssueRef, label: string): Promise<void> {
    await call("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", () =>
      this.octokit.rest.issues.addLabels({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, labels: [this.masker.mask(label)] }),
    );
  }

  async removeLabel(ref: IssueRef, label: string): Promise<void> {
    try {
      await this.octokit.rest.issues.removeLabel({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, name: label });
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw toGitHubError(error, "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}");
    }
  }

  /** Replaces the issue's labels with these. */
  async setLabels(ref: IssueRef, labels: readonly string[]): Promise<void> {
    await call("PUT /repos/{owner}/{repo}/issues/{issue_number}/labels", () =>
      this.octokit.rest.issues.setLabels({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, labels: labels.map((l) => this.masker.mask(l)) }),
    );
  }

  /** Closes the issue, and sets its labels in the same call when given. */
  async close(ref: IssueRef, reason: "completed" | "not_planned", labels?: readonly string[]): Promise<void> {
    await call("PATCH /repos/{owner}/{repo}/issues/{issue_number}", () =>
      this.octokit.rest.issues.update({
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.number,
        state: "closed",
        state_reason: reason,
        ...(labels ? { labels: labels.map((l) => this.masker.mask(l)) } : {}),
      }),
    );
  }

  /** Locks the conversation of a finished request so its trail cannot grow. */
  async lock(ref: IssueRef): Promise<void> {
    await call("PUT /repos/{owner}/{repo}/issues/{issue_number}/lock", () =>
      this.octokit.rest.issues.lock({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, lock_reason: "resolved" }),
    );
  }

  /** Unlocks the conversation; already unlocked (404) is fine. */
  async unlock(ref: IssueRef): Promise<void> {
    try {
      await this.octokit.rest.issues.unlock({ owner: ref.owner, repo: ref.repo, issue_number: ref.number });
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw toGitHubError(error, "DELETE /repos/{owner}/{repo}/issues/{issue_number}/lock");
    }
  }

  /** Creates a completed check run on a commit. */
  async createCheckRun(owner: string, repo: string, run: { name: string; headSha: string; conclusion: "success" | "failure"; output: CheckOutput }): Promise<{ id: number }> {
    const { data } = await call("POST /repos/{owner}/{repo}/check-runs", () =>
      this.octokit.rest.checks.create({ owner, repo, name: this.masker.mask(run.name), head_sha: run.headSha, status: "completed", conclusion: run.conclusion, output: this.maskOutput(run.output) }),
    );
    return { id: data.id };
  }

  /** Updates a check run's output; GitHub appends the annotations to those it has. */
  async updateCheckRun(owner: string, repo: string, id: number, output: CheckOutput): Promise<void> {
    await call("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", () =>
      this.octokit.rest.checks.update({ owner, repo, check_run_id: id, output: this.maskOutput(output) }),
    );
  }

  /** Moves a child team to the top level of the organisation (parent_team_id null). */
  async detachChildTeam(org: string, team: string): Promise<void> {
    await call("PATCH /orgs/{org}/teams/{team_slug}", () => this.octokit.rest.teams.updateInOrg({ org, team_slug: team, parent_team_id: null }));
  }

  /** Opens an issue; title, body and labels are masked here. */
  async createIssue(owner: string, repo: string, issue: { title: string; body: string; labels: string[] }): Promise<{ number: number }> {
    const mask = (text: string) => this.masker.mask(text);
    const { data } = await call("POST /repos/{owner}/{repo}/issues", () =>
      this.octokit.rest.issues.create({ owner, repo, title: mask(issue.title), body: mask(issue.body), labels: issue.labels.map(mask) }),
    );
    return { number: data.number };
  }

  private maskOutput(output: CheckOutput): CheckOutput {
    const mask = (text: string) => this.masker.mask(text);
    const masked: CheckOutput = { title: mask(output.title), summary: mask(output.summary) };
    if (output.annotations) {
      masked.annotations = output.annotations.map((a) => ({ ...a, path: mask(a.path), message: mask(a.message), ...(a.title === undefined ? {} : { title: mask(a.title) }) }));
    }
    return masked;
  }
}

/** GitHub's 403 for a token that lacks the permission an endpoint needs. */
const NOT_ACCESSIBLE = "Resource not accessible by integration";

/**
 * Why GitHub refused to add a member with a 403 that is no rate limit: the
 * installation lacks `members: write` (an owner has not accepted the
 * permissions the app asks for), or the team is synced with an identity
 * provider. GitHub's own words are quoted for anything else.
 */
function membershipRefusal(error: unknown): string {
  const message = gitHubMessage(error);
  if (message === NOT_ACCESSIBLE) {
    return `the app's installation may not change team memberships (GitHub answered "${NOT_ACCESSIBLE}"): an organisation owner grants it members: write by accepting the permissions the app asks for (organisation settings, GitHub Apps, jit-access); then open a new request`;
  }
  if (message !== undefined && /identity provider|team synchronization/i.test(message)) {
    return "the team's membership is managed by an identity provider (team synchronization), so GitHub does not allow adding members directly";
  }
  return `GitHub refused to add the member (403${message === undefined ? "" : `: ${message}`})`;
}
