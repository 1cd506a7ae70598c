import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Masker } from "../masking/index.js";
import type { AppMetrics } from "./metrics.js";
import type { Readiness } from "./readiness.js";

export interface OperateRoutes {
  metrics: AppMetrics;
  readiness: Readiness;
  masker: Masker;
  /** Set once the process is shutting down: not ready, whatever the checks say. */
  shuttingDown(): boolean;
  /** JIT_ACCESS_METRICS_TOKEN: when set, `/metrics` answers only a request that bears it. */
  metricsToken?: string | undefined;
}

/**
 * The operator's endpoints on Probot's server: `/metrics` (Prometheus text),
 * `/healthz` (the process answers) and `/readyz` (it can do its work: 200,
 * or 503 with what failed). A handler for Probot's `addHandler`: answers
 * true for its paths and false for every other. They share the port
 * GitHub's webhooks reach, so `/metrics` (which tells when a team's grant
 * is live) answers only a bearer of `metricsToken` when one is set, and a
 * refusal says how to send it; every answer goes through the masker.
 *
 * @example
 * addHandler(operateRoutes({ metrics, readiness, masker, shuttingDown: () => false }));
 */
export function operateRoutes(routes: OperateRoutes): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const json = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(routes.masker.mask(JSON.stringify(body)));
  };
  return async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = (req.url ?? "").split("?")[0];
    if (path === "/metrics" || path === "/healthz" || path === "/readyz") quiet(res);
    if (path === "/metrics") {
      if (routes.metricsToken !== undefined && !bears(req, routes.metricsToken)) {
        res
          .writeHead(401, { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="jit-access metrics"', "cache-control": "no-store" })
          .end(routes.masker.mask("GET /metrics needs the header `Authorization: Bearer <JIT_ACCESS_METRICS_TOKEN>`: give the scraper the token (Prometheus: `authorization: { credentials_file: … }` in the scrape config).\n"));
        return true;
      }
      const text = routes.masker.mask(await routes.metrics.text());
      res.writeHead(200, { "content-type": routes.metrics.contentType, "cache-control": "no-store" }).end(text);
      return true;
    }
    if (path === "/healthz") {
      json(res, 200, { status: "ok", shuttingDown: routes.shuttingDown() });
      return true;
    }
    if (path === "/readyz") {
      if (routes.shuttingDown()) {
        json(res, 503, { ready: false, checks: { shutdown: "the app is shutting down; webhooks go to another replica or are found by the next sweep" } });
        return true;
      }
      const report = await routes.readiness.report();
      json(res, report.ready ? 200 : 503, report);
      return true;
    }
    return false;
  };
}

/**
 * Probes and scrapes come every few seconds: Probot's request logging would
 * write a line for each at info. Below debug they are not logged (the
 * request logger pino-http made for this response is raised to warn).
 */
function quiet(res: ServerResponse): void {
  const log = (res as ServerResponse & { log?: { level: string; levelVal: number } }).log;
  if (log && log.levelVal > 20) log.level = "warn";
}

/** True when the request's Authorization header is `Bearer <token>`, compared in constant time. */
function bears(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  if (typeof header !== "string") return false;
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}
