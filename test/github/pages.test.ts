import { createAppAuth } from "@octokit/auth-app";
import { ProbotOctokit } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { GitHubClient } from "../../src/github/client.js";
import { InstallationLister } from "../../src/github/list-installations.js";
import { ResponseCache } from "../../src/github/response-cache.js";
import { createMasker } from "../../src/masking/index.js";
import { APP_ID, appJwt, keys, worldPerTest, type World } from "../emulator/harness.js";

const START = Date.UTC(2026, 11, 6, 9, 0, 0);
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * GitHub documents its `link` header as the way to the next page: a page may
 * hold fewer items than `per_page` and still not be the last (GitHub leaves
 * out what the token may not see after paging). Here the first page of each
 * listing comes back one item short, its `link` header as the emulator gave
 * it.
 */
describe("listings follow GitHub's link header, not the length of a page", () => {
  const fresh = worldPerTest(START);
  let w: World;
  beforeEach(() => {
    w = fresh.world();
  });

  /** A fetch that drops the first item of every first page whose path ends with `suffix`. */
  function shortFirstPages(suffix: string): typeof fetch {
    return async (input, init) => {
      const response = await fetch(input, init);
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      if (!url.pathname.endsWith(suffix) || (url.searchParams.get("page") ?? "1") !== "1" || response.status !== 200) return response;
      const items = (await response.json()) as unknown[];
      return new Response(JSON.stringify(items.slice(1)), { status: 200, headers: response.headers });
    };
  }

  function octokitFor(fetchWith: typeof fetch) {
    return new ProbotOctokit({
      baseUrl: w.gh.url,
      authStrategy: createAppAuth,
      auth: { appId: APP_ID, privateKey: keys.privateKey, installationId: w.installationId },
      request: { fetch: fetchWith },
      retry: { enabled: false },
      throttle: { enabled: false },
      log: quiet,
    });
  }

  function client(fetchWith: typeof fetch): GitHubClient {
    return new GitHubClient(octokitFor(fetchWith), createMasker());
  }

  it("read an issue's whole timeline when its first page is short", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "A", body: "body" });
    for (let k = 0; k < 150; k++) w.gh.as("bob").comment("acme/access", n, `comment ${k}`);
    const timeline = await client(shortFirstPages("/timeline")).listTimeline({ installationId: w.installationId, owner: "acme", repo: "access", number: n });
    const bodies = timeline.map((e) => (e as { body?: string }).body);
    expect(bodies).toContain("comment 149");
    expect(timeline).toHaveLength(149);
  });

  it("read a whole team when the first page of its members is short", async () => {
    const add = (from: number, to: number) => {
      for (let k = from; k < to; k++) {
        w.gh.addUser(`member${k}`, { orgs: { acme: "active" } });
        w.gh.setTeamMember("acme", "engineering", `member${k}`, "active");
      }
    };
    add(0, 130);
    const whole = await client(fetch).listTeamMembers("acme", "engineering");
    const members = await client(shortFirstPages("/members")).listTeamMembers("acme", "engineering");
    // All but the item left out of the first page.
    expect(members).toHaveLength(whole.length - 1);
    expect(members.map((m) => m.login)).toContain("member129");
  });

  it("follow a full page whatever its link header: answered 304, it keeps the header it had when a listing that ended on it has grown since", async () => {
    const github = new GitHubClient(octokitFor(fetch), createMasker(), new ResponseCache(), String(w.installationId), new ResponseCache());
    const ref = { installationId: w.installationId, owner: "acme", repo: "access", number: w.gh.as("alice").openIssue("acme/access", { title: "A", body: "body" }) };
    while ((await github.listTimeline(ref)).length < 100) w.gh.as("bob").comment("acme/access", ref.number, "filler");
    expect(await github.listTimeline(ref)).toHaveLength(100);
    w.gh.as("bob").comment("acme/access", ref.number, "/flag posted after the read");
    expect((await github.listTimeline(ref)).map((e) => (e as { body?: string }).body)).toContain("/flag posted after the read");
  });

  it("list an installation made after a full first page was read", async () => {
    const lister = new InstallationLister();
    const octokit = new ProbotOctokit({ baseUrl: w.gh.url, auth: { token: appJwt() }, retry: { enabled: false }, throttle: { enabled: false }, log: quiet });
    for (let k = 0; k < 99; k++) {
      w.gh.addOrg(`org${k}`);
      w.gh.install(`org${k}`);
    }
    expect(await lister.list(octokit)).toHaveLength(100);
    w.gh.addOrg("newco");
    w.gh.install("newco");
    expect(await lister.list(octokit)).toHaveLength(101);
  });

  it("list every installation when the first page is short", async () => {
    for (let k = 0; k < 120; k++) {
      w.gh.addOrg(`org${k}`);
      w.gh.install(`org${k}`);
    }
    const octokit = new ProbotOctokit({ baseUrl: w.gh.url, auth: { token: appJwt() }, request: { fetch: shortFirstPages("/app/installations") }, retry: { enabled: false }, throttle: { enabled: false }, log: quiet });
    // acme's and 120 more, less the one left out of the first page.
    expect(await new InstallationLister().list(octokit)).toHaveLength(120);
  });
});
