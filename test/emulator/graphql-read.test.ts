import { executeSync, parse } from "graphql";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readQuery } from "github-emulator/emulator/graphql-read.js";
import { graphqlRoot, githubSchema } from "github-emulator/emulator/routes/graphql.js";
import type { RequestContext } from "github-emulator/emulator/route.js";
import { GLANCE_QUERY } from "../../src/github/glance-query.js";
import { REQUEST_QUERY } from "../../src/github/request-query.js";
import type { World } from "./harness.js";
import { startWorld } from "./harness.js";

// The emulator answers a query that reads without errors itself, and every
// other one through graphql-js: the two must give the same data, key for key
// and in order, and the fast path must step aside wherever graphql-js errs.
let w: World;
beforeEach(async () => {
  w = await startWorld(() => Date.UTC(2024, 4, 1, 9, 0, 0));
});
afterEach(() => w.gh.stop());

function context(): RequestContext {
  const world = w.gh["world"];
  const installation = world.installations.get(w.installationId);
  return { world, params: {}, query: new URLSearchParams(), body: undefined, url: new URL(`${w.gh.url}/graphql`), login: world.botLogin, installation };
}

/** Both answers to one query: the fast path's data (undefined when it stepped aside) and graphql-js's result. */
function both(query: string, variables: Record<string, unknown>) {
  const document = parse(query);
  const fast = readQuery(githubSchema(), document, graphqlRoot(context()), variables);
  const general = executeSync({ schema: githubSchema(), document, rootValue: graphqlRoot(context()), variableValues: variables });
  return { fast, general };
}

function expectSame(query: string, variables: Record<string, unknown>): void {
  const { fast, general } = both(query, variables);
  expect(general.errors).toBeUndefined();
  expect(JSON.stringify(fast)).toBe(JSON.stringify(general.data));
}

function busyWorld(): { issues: number[]; pull: number } {
  const gh = w.gh;
  const a = gh.as("alice").openIssue("acme/access", { title: "Access", body: "### Team\n\nplatform", labels: ["access-request", "urgent"] });
  const first = gh.as("bob").comment("acme/access", a, "/approve");
  gh.as("bob").editComment("acme/access", first, "/approve\nedited");
  gh.as("alice").editIssue("acme/access", a, { body: "### Team\n\nplatform-admins" });
  gh.as("alice").removeLabel("acme/access", a, "urgent");
  gh.as("alice").comment("acme/access", a, "thanks");
  const b = gh.as("bob").openIssue("acme/access", { title: "Other", body: "" });
  gh.as("bob").close("acme/access", b);
  gh.as("bob").reopen("acme/access", b);
  gh.as("bob").lock("acme/access", b, "resolved");
  const pull = gh.as("alice").openPullRequest("acme/access", { title: "Policy", body: "change", labels: ["access-request"], files: { "policies/x.yml": "version: 1\n" } });
  gh.as("bob").review("acme/access", pull, "APPROVE", "ok");
  gh.as("bob").comment("acme/access", pull, "merged soon");
  gh.renameUser("alice", "alice-2");
  return { issues: [a, b], pull };
}

describe("the emulator's own answer to a query", () => {
  it("is graphql-js's data for the app's request query, on issues and a pull request in many states", () => {
    const { issues, pull } = busyWorld();
    for (const number of [...issues, pull]) {
      expectSame(REQUEST_QUERY, { owner: "acme", name: "access", number });
      expectSame(REQUEST_QUERY, { owner: "acme", name: "access", number, after: Buffer.from("cursor:1").toString("base64") });
    }
    expectSame(REQUEST_QUERY, { owner: "acme", name: "absent", number: 1 });
  });

  it("is graphql-js's data for the app's glance and for aliases, directives, __typename and lists", () => {
    const { issues, pull } = busyWorld();
    const ids = [...issues, pull].map((n) => w.gh.issue("acme/access", n).nodeId);
    expectSame(GLANCE_QUERY, { ids });
    const query = `query($skip: Boolean!, $n: Int!) { __typename a: rateLimit { cost } repository(owner: "acme", name: "access") { __typename id
      x: issue(number: $n) { t: title title @skip(if: $skip) body @include(if: $skip) labels(first: 1) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }
      ... on Repository { label(name: "access-request") { id color } nope: label(name: "absent") { id } } } }`;
    expectSame(query, { skip: true, n: issues[0] });
    expectSame(query, { skip: false, n: issues[1] });
  });

  it("steps aside wherever graphql-js answers with errors or runs a mutation", () => {
    const { issues } = busyWorld();
    const cases: [string, Record<string, unknown>][] = [
      [REQUEST_QUERY, { owner: "acme", name: "access", number: 999 }],
      [REQUEST_QUERY, { owner: "acme", name: "access" }],
      [GLANCE_QUERY, { ids: [w.gh.issue("acme/access", issues[0]!).nodeId, "bm90IGFuIGlk"] }],
      [`query { repository(owner: "acme", name: "access") { pullRequest(number: ${issues[0]}) { id } } }`, {}],
      [`mutation { addComment(input: { subjectId: "x", body: "b" }) { clientMutationId } }`, {}],
    ];
    for (const [query, variables] of cases) {
      const { fast, general } = both(query, variables);
      expect(fast).toBeUndefined();
      if (!query.startsWith("mutation")) expect(general.errors?.length).toBeGreaterThan(0);
    }
  });
});
