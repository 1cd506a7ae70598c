import { afterEach, describe, expect, it } from "vitest";
import { createsContent } from "github-emulator/emulator/graphql-mutations.js";
import { GITHUB_SECONDARY_LIMITS, SecondaryLimits } from "github-emulator/emulator/secondary-limits.js";
import { rateLimitWaitSeconds } from "../../src/github/errors.js";
import type { World } from "./harness.js";
import { startWorld } from "./harness.js";

const COMMENTS = "/repos/acme/access/issues/1/comments";
const START = Date.UTC(2024, 4, 1, 9, 0, 0);

function limits(overrides: Partial<typeof GITHUB_SECONDARY_LIMITS> = {}) {
  const clock = { now: START };
  return { clock, limits: new SecondaryLimits({ ...GITHUB_SECONDARY_LIMITS, ...overrides, clock: () => clock.now }) };
}

describe("GitHub's secondary limits, as documented", () => {
  it("allows 80 content-creating requests in a minute, refuses the 81st until the first leaves the window", () => {
    const { clock, limits: l } = limits();
    for (let i = 0; i < 80; i++) {
      expect(l.admit({ method: "POST", path: COMMENTS }, 1)).toBeUndefined();
      clock.now += 500;
    }
    const refused = l.admit({ method: "POST", path: COMMENTS }, 1);
    expect(refused).toEqual({ status: 403, message: expect.stringMatching(/secondary rate limit.*content creation/), retryAfterSeconds: 20 });
    clock.now = START + 60_001;
    expect(l.admit({ method: "POST", path: COMMENTS }, 1)).toBeUndefined();
  });

  it("allows 500 content-creating requests in an hour", () => {
    const { clock, limits: l } = limits({ restPointsPerMinute: Infinity });
    for (let i = 0; i < 500; i++) {
      expect(l.admit({ method: "POST", path: "/repos/acme/access/issues" }, 1)).toBeUndefined();
      clock.now += 1_000;
    }
    const refused = l.admit({ method: "POST", path: COMMENTS }, 1);
    expect(refused?.message).toMatch(/content creation/);
    expect(refused?.retryAfterSeconds).toBe(3_600 - 500);
  });

  it("counts 5 points for a write and 1 for a read, 900 a minute for REST; labels and memberships create no content", () => {
    const { clock, limits: l } = limits();
    for (let i = 0; i < 180; i++) expect(l.admit({ method: i % 2 ? "PUT" : "PATCH", path: "/orgs/acme/teams/t/memberships/alice" }, 1)).toBeUndefined();
    expect(l.admit({ method: "GET", path: "/repos/acme/access/issues/1" }, 1)).toMatchObject({ status: 403, message: expect.stringMatching(/^You have exceeded a secondary rate limit\./), retryAfterSeconds: 60 });
    expect(l.admit({ method: "POST", path: "/graphql", mutation: false }, 1)).toBeUndefined();
    clock.now += 60_000;
    expect(l.admit({ method: "GET", path: "/repos/acme/access/issues/1" }, 1)).toBeUndefined();
  });

  it("counts GraphQL apart: 2,000 points a minute, a mutation costs 5", () => {
    const { limits: l } = limits();
    for (let i = 0; i < 400; i++) expect(l.admit({ method: "POST", path: "/graphql", mutation: true }, 1)).toBeUndefined();
    expect(l.admit({ method: "POST", path: "/graphql", mutation: false }, 1)).toMatchObject({ status: 403 });
    expect(l.admit({ method: "GET", path: "/repos/acme/access/issues/1" }, 1)).toBeUndefined();
  });

  it("counts a GraphQL mutation that adds a comment as one content-creating request, whatever else it does", () => {
    const { limits: l } = limits();
    for (let i = 0; i < 79; i++) expect(l.admit({ method: "POST", path: COMMENTS }, 1)).toBeUndefined();
    expect(l.admit({ method: "POST", path: "/graphql", mutation: true, createsContent: false }, 1)).toBeUndefined();
    expect(l.admit({ method: "POST", path: "/graphql", mutation: true, createsContent: true }, 1)).toBeUndefined();
    expect(l.admit({ method: "POST", path: "/graphql", mutation: true, createsContent: true }, 1)?.message).toMatch(/content creation/);
    expect(createsContent("mutation($s: ID!) { comment: addComment(input: { subjectId: $s, body: \"x\" }) { clientMutationId } lock: lockLockable(input: { lockableId: $s }) { clientMutationId } }")).toBe(true);
    expect(createsContent("mutation($s: ID!) { lock: lockLockable(input: { lockableId: $s }) { clientMutationId } }")).toBe(false);
    expect(createsContent("query { addComment: viewer { login } }")).toBe(false);
  });

  it("refuses the 101st concurrent request", () => {
    const { limits: l } = limits({ status: 429 });
    expect(l.admit({ method: "GET", path: "/app" }, 100)).toBeUndefined();
    expect(l.admit({ method: "GET", path: "/app" }, 101)).toMatchObject({ status: 429, retryAfterSeconds: 1 });
  });
});

describe("the emulator with secondary limits switched on", () => {
  let w: World | undefined;
  afterEach(async () => {
    await w?.gh.stop();
  });

  it("answers as GitHub does, and the app reads the wait from it; switched off, it serves everything", async () => {
    let now = START;
    w = await startWorld(() => now);
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    w.gh.limitSecondary({ contentPerMinute: 2, clock: () => now });
    expect((await w.api("POST", `/repos/acme/access/issues/${n}/comments`, { body: "one" })).status).toBe(201);
    now += 10_000;
    expect((await w.api("POST", `/repos/acme/access/issues/${n}/comments`, { body: "two" })).status).toBe(201);
    const refused = await w.api("POST", `/repos/acme/access/issues/${n}/comments`, { body: "three" });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("retry-after")).toBe("50");
    expect(refused.body).toMatchObject({ message: expect.stringMatching(/secondary rate limit/) });
    expect(w.gh.comments("acme/access", n).map((c) => c.body)).toEqual(["one", "two"]);
    const error = { status: refused.status, response: { headers: Object.fromEntries(refused.headers), data: refused.body } };
    expect(rateLimitWaitSeconds(error, now)).toBe(50);
    w.gh.limitSecondary(false);
    expect((await w.api("POST", `/repos/acme/access/issues/${n}/comments`, { body: "three" })).status).toBe(201);
  });
});
