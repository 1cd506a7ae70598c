import { schema as published } from "@octokit/graphql-schema";
import { buildSchema, parse, validate } from "graphql";
import { beforeEach, describe, expect, it } from "vitest";
import { eventNumber, issueFacts, REQUEST_QUERY, timelineEntries, type RequestQueryResult } from "../../src/github/request-query.js";
import { worldPerTest, type World } from "../emulator/harness.js";

const START = Date.UTC(2026, 10, 2, 9, 0, 0);

describe("the request query", () => {
  it("is valid against GitHub's published GraphQL schema", () => {
    const schema = buildSchema(published.idl, { assumeValidSDL: true });
    const errors = validate(schema, parse(REQUEST_QUERY)).map((e) => e.message);
    expect(errors).toEqual([]);
  });

  it("gives each label event a number that is the same on every read and differs between events", () => {
    expect(eventNumber("LE_lADOAbc")).toBe(eventNumber("LE_lADOAbc"));
    expect(eventNumber("LE_lADOAbc")).not.toBe(eventNumber("LE_lADOAbd"));
    expect(Number.isSafeInteger(eventNumber("LE_lADOAbc"))).toBe(true);
  });
});

describe("the emulator answers it from the same world as REST", () => {
  const fresh = worldPerTest(START);
  let w: World;
  beforeEach(() => {
    w = fresh.world();
  });

  async function read(n: number, after: string | null = null): Promise<RequestQueryResult> {
    const answer = await w.api("POST", "/graphql", { query: REQUEST_QUERY, variables: { owner: "acme", name: "access", number: n, after } });
    const body = answer.body as { data: RequestQueryResult; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  it("shows edits by their history: lastEditedAt null until a person edits, then the editor; REST's updated_at may lag without an edit", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "A", labels: ["access-request"] });
    const ids = [1, 2, 3].map(() => w.gh.as("bob").comment("acme/access", n, "/approve"));
    fresh.clock.now += 5000;
    w.gh.as("bob").editComment("acme/access", ids[0]!, "/approve ");
    w.gh.as("bob").editIssue("acme/access", n, { body: "B" });
    fresh.clock.now += 1000;
    w.gh.as("alice").editIssue("acme/access", n, { body: "A" });
    const node = (await read(n)).repository!.issueOrPullRequest!;
    const facts = issueFacts(node);
    // A → B → A: the text is back, the history is not.
    expect(facts).toMatchObject({ body: "A", labels: ["access-request"], state: "open", author: { login: "alice" }, bodyEdits: { count: 3, last: { at: START + 6000, by: "alice" } } });
    const entries = timelineEntries(node.timelineItems.nodes ?? []);
    const comments = entries.filter((e) => e.event === "commented");
    expect(comments.map((c) => c.last_edit)).toEqual([{ at: START + 5000, by: "bob" }, null, null]);
    // REST: a never-edited comment may read updated_at a second after created_at, as on github.com.
    const rest = (await w.api("GET", `/repos/acme/access/issues/${n}/comments`)).body as { id: number; created_at: string; updated_at: string }[];
    expect(rest.filter((c) => c.id !== ids[0]).map((c) => Date.parse(c.updated_at) - Date.parse(c.created_at)).sort()).toEqual([0, 1000]);
    expect(entries.filter((e) => e.event === "labeled").map((e) => [e.label?.name, e.actor?.login])).toEqual([["access-request", "alice"]]);
  });

  it("pages through a long timeline with cursors", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "A" });
    for (let i = 0; i < 130; i++) w.gh.as("bob").comment("acme/access", n, `note ${i}`);
    const first = (await read(n)).repository!.issueOrPullRequest!;
    expect(first.timelineItems.nodes).toHaveLength(100);
    expect(first.timelineItems.pageInfo.hasNextPage).toBe(true);
    const second = (await read(n, first.timelineItems.pageInfo.endCursor)).repository!.issueOrPullRequest!;
    expect(second.timelineItems.pageInfo.hasNextPage).toBe(false);
    expect(timelineEntries(second.timelineItems.nodes ?? []).map((e) => e.body)).toEqual(Array.from({ length: 30 }, (_, i) => `note ${i + 100}`));
  });
});
