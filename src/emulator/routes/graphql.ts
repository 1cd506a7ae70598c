import { schema as github } from "@octokit/graphql-schema";
import { buildSchema, graphqlSync, type GraphQLSchema } from "graphql";
import { HttpError } from "../http-error.js";
import type { IssueRecord } from "../model.js";
import type { RequestContext, Route } from "../route.js";

let built: GraphQLSchema | undefined;

/** GitHub's published GraphQL schema, built once per process on first use (it is large). */
function schema(): GraphQLSchema {
  // The published SDL names two enterprise fields twice; GitHub serves it as it is.
  return (built ??= buildSchema(github.idl, { assumeValidSDL: true }));
}

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));

/** An issue or pull request as GraphQL shows the fields the emulator knows. */
function node(record: IssueRecord): Record<string, unknown> {
  return {
    __typename: record.pull ? "PullRequest" : "Issue",
    number: record.number,
    createdAt: iso(record.createdAt),
    lastEditedAt: iso(record.bodyEditedAt),
  };
}

/**
 * Runs a query against GitHub's own schema, so a query GitHub would refuse
 * is refused here too. Only `repository(owner, name)` and its
 * `issue`/`pullRequest`/`issueOrPullRequest(number)` resolve, with
 * `number`, `createdAt` and `lastEditedAt`; any other field is null.
 */
function execute(ctx: RequestContext): { status: number; body: unknown } {
  const body = (ctx.body ?? {}) as { query?: unknown; variables?: unknown };
  if (typeof body.query !== "string") throw new HttpError(400, "A query attribute must be specified and must be a string.");
  const covered = (owner: string) => !ctx.installation || ctx.installation.org.toLowerCase() === owner.toLowerCase();
  const rootValue = {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = ctx.world.repos.get(`${owner}/${name}`.toLowerCase());
      if (!repo || !covered(repo.owner)) return null;
      const find = (kind: "issue" | "pull" | "any") => ({ number }: { number: number }) => {
        const record = repo.issues.get(number);
        if (!record || (kind === "issue" && record.pull) || (kind === "pull" && !record.pull)) return null;
        return node(record);
      };
      return { issue: find("issue"), pullRequest: find("pull"), issueOrPullRequest: find("any") };
    },
  };
  const result = graphqlSync({ schema: schema(), source: body.query, rootValue, variableValues: (body.variables ?? {}) as Record<string, unknown> });
  return { status: 200, body: result.errors ? { data: result.data ?? null, errors: result.errors.map((e) => ({ message: e.message })) } : { data: result.data } };
}

/** GitHub's GraphQL endpoint (`/graphql`; GitHub Enterprise serves it at `/api/graphql`). */
export const graphqlRoutes: Route[] = [
  { method: "POST", pattern: "/graphql", auth: "installation", handle: execute },
  { method: "POST", pattern: "/api/graphql", auth: "installation", handle: execute },
];
