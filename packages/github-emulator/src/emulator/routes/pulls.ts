import { paginate } from "../paginate.js";
import type { RequestContext, Route } from "../route.js";
import { intParam, repoOf } from "../request-params.js";
import type { IssueRecord, PullRecord } from "../model.js";
import { changedFiles } from "../pull-diff.js";
import { pullRequest } from "../shapes/pull-request.js";
import { pullRequestReview } from "../shapes/review.js";

/** The most files GitHub lists for a pull request (GET /repos/{owner}/{repo}/pulls/{pull_number}/files). */
export const MAX_LISTED_FILES = 3000;

function pullOf(ctx: RequestContext): IssueRecord & { pull: PullRecord } {
  return ctx.world.pull(repoOf(ctx).fullName, intParam(ctx, "pull_number"));
}

/** Pull requests, their reviews (state in upper case) and their changed files. */
export const pullRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:pull_number",
    auth: "installation",
    handle: (ctx) => ({ status: 200, body: pullRequest(ctx.world, pullOf(ctx)) }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:pull_number/reviews",
    auth: "installation",
    handle: (ctx) => {
      const pr = pullOf(ctx);
      return paginate(ctx, pr.reviews.map((review) => pullRequestReview(ctx.world, pr, review)));
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:pull_number/files",
    auth: "installation",
    handle: (ctx) => {
      const pr = pullOf(ctx);
      const repo = repoOf(ctx);
      const api = `${ctx.world.apiUrl}/repos/${repo.fullName}`;
      const files = changedFiles(repo, pr.pull).map((file) => {
        const ref = file.status === "removed" ? pr.pull.baseSha : pr.pull.headSha;
        return {
          sha: file.sha,
          filename: file.path,
          status: file.status,
          additions: file.additions,
          deletions: file.deletions,
          changes: file.additions + file.deletions,
          blob_url: `${ctx.world.htmlUrl}/${repo.fullName}/blob/${ref}/${file.path}`,
          raw_url: `${ctx.world.htmlUrl}/${repo.fullName}/raw/${ref}/${file.path}`,
          contents_url: `${api}/contents/${file.path}?ref=${ref}`,
          patch: file.patch,
        };
      });
      // GitHub's documentation: "Responses include a maximum of 3000 files."
      return paginate(ctx, files.slice(0, MAX_LISTED_FILES));
    },
  },
];
