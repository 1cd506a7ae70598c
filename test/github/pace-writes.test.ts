import { describe, expect, it } from "vitest";
import type { Octokit } from "../../src/github/client.js";
import { rateLimitWaitSeconds } from "../../src/github/errors.js";
import { paceWrites } from "../../src/github/pace-writes.js";
import { UnpacedOctokit } from "../../src/github/unpaced-octokit.js";
import { NO_PACING, WriteQueue } from "../../src/github/write-queue.js";
import { manualClock } from "../../src/reconcile/clock.js";

const NOW = 1_800_000_000_000;

/** An Octokit whose requests are answered by `answer`, each request counted. */
function octokit(answer: (method: string, url: string) => Response): { octokit: Octokit; sent: string[] } {
  const sent: string[] = [];
  const fetch = async (url: string, init: { method?: string }) => {
    const method = init.method ?? "GET";
    sent.push(`${method} ${new URL(url).pathname}`);
    return answer(method, url);
  };
  return { octokit: new UnpacedOctokit({ auth: "ghs_test", request: { fetch } }) as unknown as Octokit, sent };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("paceWrites", () => {
  it("a secondary rate limit on a write pauses every write for the retry-after, and is not sent again", async () => {
    const clock = manualClock(NOW);
    const queue = new WriteQueue({ pacing: NO_PACING, timer: clock });
    const { octokit: client, sent } = octokit((method) =>
      method === "POST" ? json(403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "30" }) : new Response(null, { status: 204 }),
    );
    paceWrites(client, queue, () => clock.now());
    const comment = client.rest.issues.createComment({ owner: "acme", repo: "access", issue_number: 7, body: "x" });
    await expect(comment).rejects.toMatchObject({ status: 403 });
    expect(queue.stats().pausedUntil).toBe(NOW + 30_000);
    const removal = client.rest.teams.removeMembershipForUserInOrg({ org: "acme", team_slug: "ops", username: "jane" });
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual(["POST /repos/acme/access/issues/7/comments"]);
    clock.advance(30_000);
    await removal;
    expect(sent).toEqual(["POST /repos/acme/access/issues/7/comments", "DELETE /orgs/acme/teams/ops/memberships/jane"]);
  });

  it("reads pass by a paused queue", async () => {
    const clock = manualClock(NOW);
    const queue = new WriteQueue({ timer: clock });
    queue.pauseUntil(NOW + 60_000, "test");
    const { octokit: client, sent } = octokit(() => json(200, { state: "active" }));
    paceWrites(client, queue, () => clock.now());
    await client.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "ops", username: "jane" });
    expect(sent).toEqual(["GET /orgs/acme/teams/ops/memberships/jane"]);
  });
});

describe("rateLimitWaitSeconds", () => {
  const failure = (status: number, headers: Record<string, string>, message = "") => ({ status, response: { headers, data: { message } } });

  it("follows GitHub's order: retry-after, then x-ratelimit-reset when none remain, then a minute", () => {
    expect(rateLimitWaitSeconds(failure(429, { "retry-after": "7" }), NOW)).toBe(7);
    expect(rateLimitWaitSeconds(failure(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 90) }), NOW)).toBe(90);
    expect(rateLimitWaitSeconds(failure(429, {}), NOW)).toBe(60);
    expect(rateLimitWaitSeconds(failure(403, {}, "You have exceeded a secondary rate limit"), NOW)).toBe(60);
  });

  it("is no rate limit for any other 403, or a plain failure", () => {
    expect(rateLimitWaitSeconds(failure(403, { "x-ratelimit-remaining": "4999" }, "Team membership is managed by an identity provider"), NOW)).toBeUndefined();
    expect(rateLimitWaitSeconds(failure(502, {}), NOW)).toBeUndefined();
    expect(rateLimitWaitSeconds(new Error("socket hang up"), NOW)).toBeUndefined();
  });

  it("never waits past an hour, nor less than a second for a reset already passed", () => {
    expect(rateLimitWaitSeconds(failure(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 86_400) }), NOW)).toBe(3_600);
    expect(rateLimitWaitSeconds(failure(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 - 5) }), NOW)).toBe(1);
  });
});
