import { schema as published } from "@octokit/graphql-schema";
import { createAppAuth } from "@octokit/auth-app";
import { buildSchema, parse, validate } from "graphql";
import { ProbotOctokit } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { GitHubClient } from "../../src/github/client.js";
import { GLANCE_QUERY } from "../../src/github/glance-query.js";
import { createMasker } from "../../src/masking/index.js";
import { APP_ID, keys, worldPerTest, type World } from "../emulator/harness.js";

const START = Date.UTC(2026, 10, 2, 9, 0, 0);

describe("the glance query", () => {
  it("is valid against GitHub's published GraphQL schema", () => {
    const schema = buildSchema(published.idl, { assumeValidSDL: true });
    expect(validate(schema, parse(GLANCE_QUERY)).map((e) => e.message)).toEqual([]);
  });
});

describe("glancing at many requests in one query, over the emulator", () => {
  const fresh = worldPerTest(START);
  let w: World;
  beforeEach(() => {
    w = fresh.world();
  });

  function client(): GitHubClient {
    const octokit = new ProbotOctokit({
      baseUrl: w.gh.url,
      authStrategy: createAppAuth,
      auth: { appId: APP_ID, privateKey: keys.privateKey, installationId: w.installationId },
      retry: { enabled: false },
      throttle: { enabled: false },
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    return new GitHubClient(octokit, createMasker());
  }

  /** The node ids the REST listing gives, by number. */
  async function nodeIds(): Promise<Map<number, string>> {
    const listed = (await w.api("GET", "/repos/acme/access/issues?state=all&per_page=100")).body as { number: number; node_id: string }[];
    return new Map(listed.map((i) => [i.number, i.node_id]));
  }

  it("reads each issue's state, author and whole comment thread, with edits, by the listing's node ids, in one request", async () => {
    const a = w.gh.as("alice").openIssue("acme/access", { title: "A", body: "body A" });
    const b = w.gh.as("bob").openIssue("acme/access", { title: "B", body: "body B" });
    const first = w.gh.as("bob").comment("acme/access", a, "/approve");
    w.gh.as("alice").comment("acme/access", a, "thanks");
    fresh.clock.now += 5000;
    w.gh.as("bob").editComment("acme/access", first, "/approve please");
    w.gh.as("bob").close("acme/access", b);
    const ids = await nodeIds();
    const before = w.gh.requests.length;
    const glanced = await client().glanceRequests([ids.get(a)!, ids.get(b)!]);
    const served = w.gh.requests.slice(before);
    expect(served.map((r) => `${r.method} ${r.path}`).filter((r) => !r.includes("access_tokens"))).toEqual(["POST /graphql"]);
    const ia = glanced.get(ids.get(a)!)!;
    expect(ia).toMatchObject({ body: "body A", state: "open", locked: false, complete: true, author: { login: "alice" } });
    expect(ia.comments.map((c) => [c.user?.login, c.body, c.last_edit])).toEqual([
      ["bob", "/approve please", { at: START + 5000, by: "bob" }],
      ["alice", "thanks", null],
    ]);
    expect(glanced.get(ids.get(b)!)).toMatchObject({ state: "closed", comments: [], complete: true });
  });

  it("leaves out ids that name nothing and pull requests, keeping the rest of the answer", async () => {
    const a = w.gh.as("alice").openIssue("acme/access", { title: "A", body: "A" });
    const pr = w.gh.as("alice").openPullRequest("acme/access", { title: "P", body: "P" });
    const ids = await nodeIds();
    const glanced = await client().glanceRequests([ids.get(a)!, ids.get(pr)!, Buffer.from("05:Issue999999").toString("base64"), "not-an-id"]);
    expect([...glanced.keys()]).toEqual([ids.get(a)]);
    // GitHub's shape for what it cannot resolve: null in its place, and a NOT_FOUND error naming it.
    const answer = (await w.api("POST", "/graphql", { query: GLANCE_QUERY, variables: { ids: ["not-an-id", ids.get(a)] } })).body as { data: { nodes: unknown[] }; errors: { type: string; path: unknown[] }[] };
    expect(answer.data.nodes[0]).toBeNull();
    expect(answer.errors).toMatchObject([{ type: "NOT_FOUND", path: ["nodes", 0] }]);
  });

  it("says a thread longer than one page is not complete, and costs 1 point for a hundred issues", async () => {
    const long = w.gh.as("alice").openIssue("acme/access", { title: "L", body: "L" });
    for (let i = 0; i < 101; i++) w.gh.as("bob").comment("acme/access", long, `note ${i}`);
    const ids = await nodeIds();
    const glanced = await client().glanceRequests([ids.get(long)!]);
    expect(glanced.get(ids.get(long)!)).toMatchObject({ complete: false });
    const hundred = Array.from({ length: 100 }, () => ids.get(long)!);
    const answer = (await w.api("POST", "/graphql", { query: GLANCE_QUERY, variables: { ids: hundred } })).body as { data: { rateLimit: { cost: number }; nodes: unknown[] } };
    expect(answer.data.nodes).toHaveLength(100);
    expect(answer.data.rateLimit.cost).toBe(1);
  });
});
