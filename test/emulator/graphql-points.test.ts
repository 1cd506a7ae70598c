import { describe, expect, it } from "vitest";
import { graphqlPoints } from "github-emulator/emulator/graphql-points.js";
import { callTotals } from "jit-access-bench/route-costs.js";
import type { RecordedRequest } from "github-emulator/emulator/index.js";
import { GLANCE_QUERY } from "../../src/github/glance-query.js";
import { REQUEST_QUERY } from "../../src/github/request-query.js";

describe("GraphQL points, by GitHub's documented formula", () => {
  it("gives GitHub's worked example its 51 points (1 + 100 + 5,000 requests)", () => {
    const query = `query { viewer { login repositories(first: 100) { edges { node { id issues(first: 50) { edges { node { id labels(first: 60) { edges { node { id name } } } } } } } } } } }`;
    expect(graphqlPoints(query)).toBe(51);
  });

  it("charges at least 1 point, also for a query with no connection", () => {
    expect(graphqlPoints("query { viewer { login } }")).toBe(1);
    expect(graphqlPoints("not graphql")).toBe(1);
  });

  it("reads page sizes given as variables, and follows fragments", () => {
    const query = `query($n: Int!) { viewer { repositories(first: $n) { nodes { ...issues } } } } fragment issues on Repository { issues(first: 100) { totalCount } }`;
    // 1 + 300 requests: 3 points; with 10 repositories, 1 + 10 rounds down to 1.
    expect(graphqlPoints(query, { n: 300 })).toBe(3);
    expect(graphqlPoints(query, { n: 10 })).toBe(1);
  });

  it("counts a document again for each call whose id list comes from variables", () => {
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Issue { comments(first: 100) { totalCount } } } }`;
    expect(graphqlPoints(query, { ids: Array.from({ length: 300 }, (_, i) => `I${i}`) })).toBe(3);
    expect(graphqlPoints(query, { ids: ["I1"] })).toBe(1);
  });

  it("costs the app's request query 2 points (both type branches counted)", () => {
    expect(graphqlPoints(REQUEST_QUERY, { owner: "acme", name: "access", number: 1 })).toBe(2);
  });

  it("counts a connection under nodes(ids:) once per id: the glance of 100 requests is 100 requests, 1 point", () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `I_${i}`);
    expect(graphqlPoints(GLANCE_QUERY, { ids: ids(100) })).toBe(1);
    expect(graphqlPoints("query { nodes(ids: [\"a\", \"b\"]) { ... on Issue { comments(first: 100) { totalCount } labels(first: 100) { totalCount } } } }")).toBe(1);
    // 300 ids (more than GitHub allows) with two connections each: 600 requests.
    expect(graphqlPoints("query($ids: [ID!]!) { nodes(ids: $ids) { ... on Issue { comments(first: 100) { totalCount } labels(first: 100) { totalCount } } } }", { ids: ids(300) })).toBe(6);
  });

  it("keeps GraphQL requests and their points apart from the REST core budget", () => {
    const call = (method: string, path: string, requestBody?: unknown, rateLimited = true): RecordedRequest => ({ method, path, query: {}, status: 200, rateLimited, requestBody, at: 0 });
    const totals = callTotals([
      call("GET", "/repos/acme/access/issues/1"),
      call("GET", "/repos/acme/access/commits", undefined, false),
      call("POST", "/graphql", { query: REQUEST_QUERY, variables: {} }),
      call("POST", "/graphql", { query: "query { viewer { login } }" }),
    ]);
    expect(totals).toMatchObject({ limited: 3, core: 1, graphql: 2, graphqlPoints: 3, notModified: 1, mutations: 0, writes: 0 });
    const written = callTotals([
      call("POST", "/graphql", { query: "mutation($s: ID!) { comment: addComment(input: { subjectId: $s, body: \"x\" }) { clientMutationId } lock: lockLockable(input: { lockableId: $s }) { clientMutationId } }" }),
      call("PUT", "/orgs/acme/teams/ops/memberships/jane"),
      call("POST", "/app/installations/1/access_tokens"),
    ]);
    expect(written).toMatchObject({ graphql: 1, mutations: 1, writes: 2 });
  });
});
