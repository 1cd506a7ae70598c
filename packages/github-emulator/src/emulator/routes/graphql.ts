import { schema as github } from "@octokit/graphql-schema";
import { buildSchema, executeSync, validate, type DocumentNode, type ExecutionResult, type GraphQLError, type GraphQLSchema } from "graphql";
import { parsedDocument } from "../graphql-documents.js";
import { graphqlIssue, graphqlLabel } from "../graphql-issue.js";
import { readQuery } from "../graphql-read.js";
import { mutationRoot } from "../graphql-mutations.js";
import { HttpError } from "../http-error.js";
import type { IssueRecord } from "../model.js";
import type { RequestContext, Route } from "../route.js";
import { nodeId } from "../time.js";

let built: GraphQLSchema | undefined;

/**
 * GitHub's published GraphQL schema, built once per process on first use (it is large).
 *
 * @example
 * githubSchema().getType("IssueComment"); // the GraphQLObjectType
 */
export function githubSchema(): GraphQLSchema {
  // The published SDL names two enterprise fields twice; GitHub serves it as it is.
  return (built ??= buildSchema(github.idl, { assumeValidSDL: true }));
}

/**
 * Validation results by document: the app sends the same few documents again and again (parsed once
 * each, see parsedDocument), and validating one against GitHub's whole schema costs far more than
 * running it. Kept as long as the parse cache keeps the document.
 */
const validated = new WeakMap<DocumentNode, readonly GraphQLError[]>();

/** A query parsed and validated against GitHub's schema, or GitHub's refusal of it. */
function documentOf(source: string): DocumentNode | readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parsedDocument(source);
  } catch (error) {
    return [error as GraphQLError];
  }
  let errors = validated.get(document);
  if (errors === undefined) {
    errors = validate(githubSchema(), document);
    validated.set(document, errors);
  }
  return errors.length > 0 ? errors : document;
}

/**
 * Runs a query against GitHub's own schema, so a query GitHub would refuse
 * is refused here too. `rateLimit`, `repository(owner, name)` with its
 * `issue`/`pullRequest`/`issueOrPullRequest(number)` and `label(name)`,
 * and `node(id)` / `nodes(ids)` for issues and pull requests resolve (see
 * graphqlIssue for their fields), and the issue mutations of
 * graphql-mutations.ts; any other field is null.
 */
function execute(ctx: RequestContext): { status: number; body: unknown } {
  const body = (ctx.body ?? {}) as { query?: unknown; variables?: unknown };
  if (typeof body.query !== "string") throw new HttpError(400, "A query attribute must be specified and must be a string.");
  const rootValue = graphqlRoot(ctx);
  const document = documentOf(body.query);
  if (Array.isArray(document)) return { status: 200, body: answer({ errors: document as readonly GraphQLError[] }) };
  const variables = (body.variables ?? {}) as Record<string, unknown>;
  // A query that reads without an error is answered without graphql-js's general executor (same data);
  // anything else, errors and mutations included, goes through graphql-js.
  const data = readQuery(githubSchema(), document as DocumentNode, rootValue, variables);
  const result: ExecutionResult = data ? { data } : executeSync({ schema: githubSchema(), document: document as DocumentNode, rootValue, variableValues: variables });
  return { status: 200, body: answer(result) };
}

/** GitHub's answer: the data, and each error with its message, GitHub's type and its path. */
function answer(result: ExecutionResult): unknown {
  return result.errors ? { data: result.data ?? null, errors: result.errors.map((e) => ({ message: e.message, ...typeOf(e.originalError), ...(e.path ? { path: e.path } : {}) })) } : { data: result.data };
}

/**
 * The root the emulator's GraphQL answers resolve from: plain objects and
 * functions of their arguments, read from the world as the token sees it.
 *
 * @example
 * executeSync({ schema: githubSchema(), document, rootValue: graphqlRoot(ctx) });
 */
export function graphqlRoot(ctx: RequestContext): Record<string, unknown> {
  const covered = (owner: string) => !ctx.installation || ctx.installation.org.toLowerCase() === owner.toLowerCase();
  // Issues the token may see, by id: built once per query, only when a node is asked for.
  const issuesById = () => {
    const index = new Map<number, IssueRecord>();
    for (const repo of ctx.world.repos.values()) if (covered(repo.owner)) for (const record of repo.issues.values()) index.set(record.id, record);
    return index;
  };
  return {
    rateLimit: rateLimitOf(ctx),
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = ctx.world.repos.get(`${owner}/${name}`.toLowerCase());
      if (!repo || !covered(repo.owner)) return null;
      const find = (kind: "issue" | "pull" | "any") => ({ number }: { number: number }) => {
        const record = repo.issues.get(number);
        if (!record || (kind === "issue" && record.pull) || (kind === "pull" && !record.pull)) {
          throw Object.assign(new Error(`Could not resolve to an issue or pull request with the number of ${number}.`), { type: "NOT_FOUND" });
        }
        return graphqlIssue(ctx.world, record);
      };
      const label = ({ name }: { name: string }) => {
        const record = repo.labels.get(name.toLowerCase());
        return record ? graphqlLabel(record) : null;
      };
      return { id: nodeId("Repository", repo.id), issue: find("issue"), pullRequest: find("pull"), issueOrPullRequest: find("any"), label };
    },
    node: ({ id }: { id: string }) => nodeOf(ctx, id, issuesById()),
    nodes: ({ ids }: { ids: string[] }) => {
      const index = issuesById();
      return ids.map((id) => nodeOf(ctx, id, index));
    },
    ...mutationRoot(ctx.world, { login: ctx.login, org: ctx.installation?.org, installation: ctx.installation }),
  };
}

/**
 * The issue or pull request a global node id names (the REST `node_id` of
 * an issue, or GraphQL's `id`), as GitHub's `node`/`nodes` resolve it; an id
 * that names nothing the token may see is GitHub's NOT_FOUND error, which
 * `nodes` answers with null in its place.
 */
function nodeOf(ctx: RequestContext, id: string, issues: ReadonlyMap<number, IssueRecord>): Record<string, unknown> | Error {
  const missing = Object.assign(new Error(`Could not resolve to a node with the global id of '${id}'`), { type: "NOT_FOUND" });
  const decoded = /^0(\d+):(.*)$/.exec(Buffer.from(id, "base64").toString());
  if (!decoded) return missing;
  const [, length, rest = ""] = decoded;
  const type = rest.slice(0, Number(length));
  const number = Number(rest.slice(Number(length)));
  if (!ISSUE_TYPES.has(type) || !Number.isSafeInteger(number)) return missing;
  const record = issues.get(number);
  return record ? graphqlIssue(ctx.world, record) : missing;
}

/** The node types of issues and pull requests (the REST issue list names a pull request's issue `PullRequestIssue`). */
const ISSUE_TYPES = new Set(["Issue", "PullRequest", "PullRequestIssue"]);

/** GraphQL's `rateLimit`: the budget after this query's points, as GitHub reports it. */
function rateLimitOf(ctx: RequestContext): Record<string, unknown> {
  const budget = ctx.graphqlBudget ?? { cost: 1, limit: 5000, used: 0, remaining: 5000, resetAt: ctx.world.now() + 3_600_000 };
  const used = budget.used + budget.cost;
  return { cost: budget.cost, limit: budget.limit, nodeCount: 0, used, remaining: Math.max(0, budget.limit - used), resetAt: new Date(budget.resetAt).toISOString() };
}

/** GitHub's error `type` ("NOT_FOUND", …) when a resolver gave one. */
function typeOf(error: unknown): { type?: string } {
  const type = (error as { type?: unknown } | undefined)?.type;
  return typeof type === "string" ? { type } : {};
}

/** GitHub's GraphQL endpoint (`/graphql`; GitHub Enterprise serves it at `/api/graphql`). */
export const graphqlRoutes: Route[] = [
  { method: "POST", pattern: "/graphql", auth: "installation", handle: execute },
  { method: "POST", pattern: "/api/graphql", auth: "installation", handle: execute },
];
