import { createHash, randomBytes } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate } from "./authenticate.js";
import { FaultRules } from "./fault-rules.js";
import { createsContent } from "./graphql-mutations.js";
import { graphqlPoints } from "./graphql-points.js";
import { DOCS_URL, HttpError } from "./http-error.js";
import { RateLimit } from "./rate-limit.js";
import { isMutation, type SecondaryLimits } from "./secondary-limits.js";
import type { Reply, Route } from "./route.js";
import { byIdPath } from "./id-paths.js";
import { repoRedirect } from "./repo-rename.js";
import { matchParts, patternParts } from "./route.js";
import { checkPermission } from "./installation-permissions.js";
import type { World } from "./world.js";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** False only for 304 answers to conditional requests, which cost no rate limit. */
  rateLimited: boolean;
  requestBody?: unknown;
  responseBody?: unknown;
  at: number;
}

interface Outcome extends Reply {
  rateLimited: boolean;
  /** The budget the request spends, and how much of it: REST's core one per call, GraphQL's in points. */
  charge: { budget: RateLimit; cost: number };
  unhandled: boolean;
  requestBody: unknown;
  /** The body as sent, when `finish` already serialised it for the ETag. */
  text?: string;
}

/**
 * The HTTP side of the emulator: authenticates, routes, injects faults,
 * answers conditional GETs, keeps GitHub's rate-limit headers and records
 * every request.
 *
 * @example
 * const server = new RestServer(world, routes);
 * world.apiUrl = await server.listen();
 */
export class RestServer {
  readonly requests: RecordedRequest[] = [];
  readonly unhandled: RecordedRequest[] = [];
  readonly faults = new FaultRules();
  /** GitHub's secondary limits, when switched on (`GitHubEmulator.limitSecondary`); off, every request is served. */
  secondary: SecondaryLimits | undefined;
  private readonly rate: RateLimit;
  private readonly graphqlRate: RateLimit;
  private readonly server: Server;
  private active = 0;
  private answered = 0;
  private readonly idPrefix = randomBytes(4).toString("hex").toUpperCase();
  /** The routes of each method, in their order (the first that matches serves), with their patterns split. */
  private readonly byMethod = new Map<string, { route: Route; parts: string[] }[]>();

  constructor(
    private readonly world: World,
    routes: readonly Route[],
  ) {
    this.rate = new RateLimit(world.clock);
    this.graphqlRate = new RateLimit(world.clock, "graphql");
    this.server = createServer((req, res) => void this.onRequest(req, res));
    for (const route of routes) {
      const list = this.byMethod.get(route.method) ?? [];
      list.push({ route, parts: patternParts(route.pattern) });
      this.byMethod.set(route.method, list);
    }
  }

  /** True while a request is being read or answered. */
  get busy(): boolean {
    return this.active > 0;
  }

  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        const { port } = this.server.address() as AddressInfo;
        resolve(`http://127.0.0.1:${port}`);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.active++;
    try {
      const raw = await readBody(req);
      const method = (req.method ?? "GET").toUpperCase();
      const url = new URL(req.url ?? "/", this.world.apiUrl);
      const path = apiPath(url.pathname);
      const outcome = this.respond(method, path, url, raw, req.headers);
      const record: RecordedRequest = {
        method,
        path,
        query: Object.fromEntries(url.searchParams),
        status: outcome.status,
        rateLimited: outcome.rateLimited,
        ...(outcome.requestBody === undefined ? {} : { requestBody: outcome.requestBody }),
        ...(outcome.body === undefined ? {} : { responseBody: outcome.body }),
        at: this.world.now(),
      };
      this.requests.push(record);
      if (outcome.unhandled) this.unhandled.push(record);
      const text = outcome.body === undefined ? "" : (outcome.text ?? JSON.stringify(outcome.body));
      res.writeHead(outcome.status, {
        ...outcome.headers,
        ...(text ? { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(text)) } : {}),
      });
      res.end(text);
    } finally {
      this.active--;
    }
  }

  /** `apiPathname` is the path without the Enterprise prefix (`apiPath`); `url` is as requested, and pagination links keep it. */
  private respond(method: string, apiPathname: string, url: URL, raw: string, headers: IncomingHttpHeaders): Outcome {
    const parsed = parseJson(raw);
    const asked = apiPathname.replace(/\/+$/, "") || "/";
    // GitHub's id forms (`/repositories/{id}/…`, `/organizations/{org_id}/team/{team_id}/…`) serve the named routes.
    const path = byIdPath(this.world, asked) ?? asked;
    const charge = GRAPHQL_PATHS.has(path) ? { budget: this.graphqlRate, cost: queryPoints(parsed.value) } : { budget: this.rate, cost: 1 };
    const base = { requestBody: parsed.value, unhandled: false, rateLimited: true, headers: {}, charge };
    const moved = repoRedirect(this.world, method, path);
    if (moved) {
      const location = `${moved.location}${url.search}`;
      return this.finish({ ...base, status: moved.status, headers: { location }, body: { message: "Moved Permanently", url: location, documentation_url: DOCS_URL } });
    }
    const found = this.match(method, path.split("/").filter(Boolean).map(safeDecode));
    if (!found) {
      const message = `Not Found: the GitHub emulator does not serve ${method} ${path}`;
      return this.finish({ ...base, unhandled: true, status: 404, body: { message, documentation_url: DOCS_URL } });
    }
    try {
      if (!parsed.ok) throw new HttpError(400, "Problems parsing JSON");
      const fault = this.faults.take(method, asked, raw);
      const failed = fault && { ...base, status: fault.status, body: fault.body ?? { message: `Injected failure (${fault.status})`, documentation_url: DOCS_URL }, headers: { ...fault.headers } };
      if (failed && !fault.afterPerforming) return this.finish(failed);
      const principal = authenticate(this.world, headers.authorization, found.route.auth);
      checkPermission(this.world, principal.installation, `${method} ${found.route.pattern}`, found.params);
      const refusal = this.secondary?.admit({ method, path, mutation: isMutation(parsed.value), createsContent: mutationCreatesContent(parsed.value) }, this.active);
      if (refusal) {
        const failure = new HttpError(refusal.status, refusal.message);
        return this.finish({ ...base, status: refusal.status, body: failure.body(), headers: { "retry-after": String(refusal.retryAfterSeconds) } });
      }
      if (charge.budget.exhausted(charge.cost)) {
        const who = principal.installation ? `installation ID ${principal.installation.id}` : "this app";
        throw new HttpError(403, `API rate limit exceeded for ${who}.`);
      }
      const reply = found.route.handle({ world: this.world, params: found.params, query: url.searchParams, body: parsed.value, url, ...principal, graphqlBudget: { cost: charge.cost, ...this.graphqlRate.state() } });
      // The work is done; the answer is lost on the way back.
      if (failed) return this.finish(failed);
      const outcome = { ...base, ...reply, headers: { ...reply.headers } };
      return method === "GET" ? this.finish(outcome, headers["if-none-match"] ?? "") : this.finish(outcome);
    } catch (error) {
      const failure = error instanceof HttpError ? error : new HttpError(500, `Emulator error: ${String(error)}`);
      return this.finish({ ...base, status: failure.status, body: failure.body() });
    }
  }

  /**
   * GitHub's opaque request id (16 upper-case hex digits here): unique per
   * server, from a random prefix and a count, since drawing 8 random bytes
   * for every answer cost more than the rest of the headers.
   */
  private requestId(): string {
    this.answered = (this.answered + 1) >>> 0;
    return `${this.idPrefix}${this.answered.toString(16).toUpperCase().padStart(8, "0")}`;
  }

  private match(method: string, segments: string[]): { route: Route; params: Record<string, string> } | undefined {
    for (const { route, parts } of this.byMethod.get(method) ?? []) {
      const params = matchParts(parts, segments);
      if (params) return { route, params };
    }
    return undefined;
  }

  /**
   * Adds the ETag of a successful GET (answering 304 when the client already
   * has it) and the rate-limit headers; spends the rate limit unless 304.
   * `ifNoneMatch` is given for GETs only ("" when the header is absent).
   */
  private finish(outcome: Outcome, ifNoneMatch?: string): Outcome {
    // GitHub's own clock, to the second, as every answer carries it.
    const headers: Record<string, string> = { date: new Date(this.world.now()).toUTCString(), "x-github-request-id": this.requestId(), ...outcome.headers };
    let text: string | undefined;
    if (ifNoneMatch !== undefined && outcome.status === 200 && outcome.body !== undefined) {
      // Serialised once: the ETag is the hash of the very text sent.
      text = JSON.stringify(outcome.body);
      const etag = `"${createHash("sha256").update(text).digest("hex")}"`;
      headers["etag"] = etag;
      const known = ifNoneMatch.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
      if (known.includes(etag)) {
        return { ...outcome, status: 304, body: undefined, rateLimited: false, headers: { ...headers, ...this.rate.headers() } };
      }
    }
    outcome.charge.budget.spend(outcome.charge.cost);
    return { ...outcome, ...(text === undefined ? {} : { text }), headers: { ...headers, ...outcome.charge.budget.headers() } };
  }
}

/** GitHub's GraphQL endpoint, and where GitHub Enterprise Server serves it. */
const GRAPHQL_PATHS = new Set(["/graphql", "/api/graphql"]);

/** A GraphQL request's points, from its query and variables (1 when there is no query to read). */
function queryPoints(body: unknown): number {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: unknown };
  return graphqlPoints(typeof query === "string" ? query : "", typeof variables === "object" && variables !== null ? (variables as Record<string, unknown>) : {});
}

/** Where GitHub Enterprise Server serves the REST API (`https://<host>/api/v3`, Probot's GHE_HOST). */
const ENTERPRISE_PREFIX = "/api/v3";

/**
 * The API path of a request: the same API is served at the root, as on
 * api.github.com, and under `/api/v3`, as on GitHub Enterprise Server, so
 * routes, faults and the recorded requests never see the prefix.
 *
 * @example
 * apiPath("/api/v3/repos/acme/access"); // "/repos/acme/access"
 * apiPath("/repos/acme/access");        // "/repos/acme/access"
 */
export function apiPath(pathname: string): string {
  if (pathname === ENTERPRISE_PREFIX) return "/";
  return pathname.startsWith(`${ENTERPRISE_PREFIX}/`) ? pathname.slice(ENTERPRISE_PREFIX.length) : pathname;
}

/** A GraphQL mutation that creates content (a comment): one content-generating request, whatever else it does. */
function mutationCreatesContent(body: unknown): boolean {
  const query = (body as { query?: unknown } | undefined)?.query;
  return typeof query === "string" && isMutation(body) && createsContent(query);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseJson(raw: string): { ok: boolean; value: unknown } {
  if (raw === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, value: raw };
  }
}
