import { describe, expect, it } from "vitest";
import { GitHubClient } from "../../src/github/client.js";
import type { GitHubError } from "../../src/github/errors.js";
import { MembershipRefusedError, PermanentGitHubError, RefusedGitHubError, statusOf, TransientGitHubError } from "../../src/github/errors.js";
import { UnpacedOctokit } from "../../src/github/unpaced-octokit.js";
import { createMasker } from "../../src/masking/index.js";

/**
 * Every way GitHub (or the network) can fail, fed to the client through an
 * injected fetch: what leaves src/github is always a GitHubError of the
 * right kind, carrying GitHub's wait when it gave one.
 */
const NOW_S = Math.floor(Date.now() / 1000);
const ref = { installationId: 1, owner: "acme", repo: "access", number: 7 };

type Answer = () => Promise<Response>;
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => async () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

const FAILURES: { name: string; answer: Answer; kind: new (...args: never[]) => GitHubError; status: number; retryAfterMs?: number }[] = [
  { name: "a 502", answer: json(502, { message: "Bad Gateway" }), kind: TransientGitHubError, status: 502 },
  { name: "no answer (fetch failed)", answer: () => Promise.reject(new TypeError("fetch failed")), kind: TransientGitHubError, status: 500 },
  { name: "a secondary rate limit with retry-after", answer: json(403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "30" }), kind: TransientGitHubError, status: 403, retryAfterMs: 30_000 },
  { name: "a secondary rate limit without retry-after", answer: json(403, { message: "You have exceeded a secondary rate limit" }), kind: TransientGitHubError, status: 403, retryAfterMs: 60_000 },
  { name: "a 429 with retry-after", answer: json(429, { message: "Too many" }, { "retry-after": "7" }), kind: TransientGitHubError, status: 429, retryAfterMs: 7_000 },
  { name: "a spent primary limit", answer: json(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW_S + 3_000) }), kind: TransientGitHubError, status: 403 },
  { name: "a 403 for a missing permission", answer: json(403, { message: "Resource not accessible by integration" }), kind: RefusedGitHubError, status: 403 },
  { name: "a 401", answer: json(401, { message: "Bad credentials" }), kind: RefusedGitHubError, status: 401 },
  { name: "a 404", answer: json(404, { message: "Not Found" }), kind: PermanentGitHubError, status: 404 },
  { name: "a 410", answer: json(410, { message: "This issue was deleted" }), kind: PermanentGitHubError, status: 410 },
  { name: "a 422", answer: json(422, { message: "Validation Failed" }), kind: PermanentGitHubError, status: 422 },
];

function client(answer: Answer): GitHubClient {
  const octokit = new UnpacedOctokit({ auth: { token: "ghs_test" }, request: { fetch: answer }, log: { debug() {}, info() {}, warn() {}, error() {} } });
  return new GitHubClient(octokit, createMasker());
}

/** One call of each shape the client makes: plain, conditional, paginated, GraphQL, a write. */
const CALLS: { name: string; run: (github: GitHubClient) => Promise<unknown> }[] = [
  { name: "a conditional read", run: (g) => g.listTimeline(ref) },
  { name: "a paginated read", run: (g) => g.listRequests("acme", "access", "access-request") },
  { name: "a GraphQL read", run: (g) => g.readRequest(ref) },
  { name: "a write", run: (g) => g.createComment(ref, "Granted.", { sealed: false }) },
  { name: "a GraphQL write", run: (g) => g.writeIssue({ subjectId: "I_1", isPullRequest: false, comment: "Granted." }, { sealed: false }) },
];

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("errors at the GitHub boundary", () => {
  for (const f of FAILURES) {
    it(`${f.name} becomes a ${f.kind.name}`, async () => {
      const error = await failure(() => client(f.answer).listTimeline(ref));
      expect(error).toBeInstanceOf(f.kind);
      expect(statusOf(error)).toBe(f.status);
      expect((error as GitHubError).transient).toBe(f.kind === TransientGitHubError);
      if (f.retryAfterMs !== undefined) expect((error as GitHubError).retryAfterMs).toBe(f.retryAfterMs);
    });
  }

  it("a spent primary limit carries the wait until x-ratelimit-reset", async () => {
    const error = (await failure(() => client(json(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW_S + 3_000) })).listTimeline(ref))) as GitHubError;
    // Seconds left until the reset, as the clock reads them while the test runs.
    expect(error.retryAfterMs).toBeGreaterThan(2_900_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(3_001_000);
  });

  for (const c of CALLS) {
    it(`${c.name} lets no raw error out, whatever GitHub answers`, async () => {
      for (const f of FAILURES) {
        const error = await failure(() => c.run(client(f.answer)));
        expect(error, f.name).toBeInstanceOf(f.kind);
      }
    });
  }

  it("GraphQL's NOT_FOUND, FORBIDDEN and RATE_LIMITED in a 200 become a 404, a refusal and a wait", async () => {
    const graphql = (type: string) => json(200, { data: null, errors: [{ type, message: type }] });
    const glance = (type: string) => failure(() => client(graphql(type)).glanceRequests(["I_1"]));
    expect(await glance("NOT_FOUND")).toBeInstanceOf(PermanentGitHubError);
    expect(statusOf(await glance("NOT_FOUND"))).toBe(404);
    expect(await glance("FORBIDDEN")).toBeInstanceOf(RefusedGitHubError);
    const limited = (await glance("RATE_LIMITED")) as GitHubError;
    expect(limited).toBeInstanceOf(TransientGitHubError);
    expect(limited.retryAfterMs).toBe(60_000);
    expect(await glance("SOMETHING_ELSE")).toBeInstanceOf(TransientGitHubError);
  });

  it("a GraphQL read answered NOT_FOUND for the issue is a deleted issue; NOT_FOUND for a node inside it is a failed read", async () => {
    const graphql = (path: string[]) => json(200, { data: { repository: { issueOrPullRequest: path.length <= 2 ? null : {} } }, errors: [{ type: "NOT_FOUND", path, message: "Could not resolve to a node" }] });
    const gone = await failure(() => client(graphql(["repository", "issueOrPullRequest"])).readRequest(ref));
    expect(gone).toBeInstanceOf(PermanentGitHubError);
    expect(statusOf(gone)).toBe(404);
    const nested = await failure(() => client(graphql(["repository", "issueOrPullRequest", "timelineItems", "nodes", "3", "actor"])).readRequest(ref));
    expect(nested).not.toBeInstanceOf(PermanentGitHubError);
  });

  it("a membership GitHub will not make is refused, with the status GitHub answered; a rate limit is not", async () => {
    const sync = await failure(() => client(json(403, { message: "team is synced with an identity provider" })).addTeamMember("acme", "ops", "jane"));
    expect(sync).toBeInstanceOf(MembershipRefusedError);
    expect(sync).toBeInstanceOf(RefusedGitHubError);
    expect(statusOf(sync)).toBe(403);
    const missing = await failure(() => client(json(422, { message: "Validation Failed" })).addTeamMember("acme", "ops", "jane"));
    expect(missing).toBeInstanceOf(MembershipRefusedError);
    expect(statusOf(missing)).toBe(422);
    expect((sync as MembershipRefusedError).reason).toMatch(/identity provider/);
    const unpermitted = await failure(() => client(json(403, { message: "Resource not accessible by integration" })).addTeamMember("acme", "ops", "jane"));
    expect((unpermitted as MembershipRefusedError).reason).toMatch(/^the app's installation may not change team memberships .*members: write/);
    const other = await failure(() => client(json(403, { message: "Must have admin rights" })).addTeamMember("acme", "ops", "jane"));
    expect((other as MembershipRefusedError).reason).toBe("GitHub refused to add the member (403: Must have admin rights)");
    const limited = await failure(() => client(json(403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "5" })).addTeamMember("acme", "ops", "jane"));
    expect(limited).toBeInstanceOf(TransientGitHubError);
    expect((limited as GitHubError).retryAfterMs).toBe(5_000);
  });
});
