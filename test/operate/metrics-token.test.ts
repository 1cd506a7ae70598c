import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "../../src/config.js";
import { createMasker } from "../../src/masking/index.js";
import type { AppMetrics } from "../../src/operate/metrics.js";
import type { Readiness } from "../../src/operate/readiness.js";
import { operateRoutes } from "../../src/operate/routes.js";

const TOKEN = "0123456789abcdef0123456789abcdef";
// What a scrape would show; an address that reached a label is masked like any other answer.
const TEXT = '# HELP jit_access_live_grants Live grants\njit_access_live_grants{team="platform-admins"} 1\njit_access_note{by="jane.doe@example.com"} 1\n';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** The operator's routes on a server of their own; GETs `path` with `headers`. */
async function serve(metricsToken: string | undefined): Promise<(path: string, headers?: Record<string, string>) => Promise<{ status: number; body: string; challenge: string | null }>> {
  const routes = operateRoutes({
    metrics: { text: () => Promise.resolve(TEXT), contentType: "text/plain; version=0.0.4" } as unknown as AppMetrics,
    readiness: { report: () => Promise.resolve({ ready: true, checks: {} }) } as unknown as Readiness,
    masker: createMasker(),
    shuttingDown: () => false,
    metricsToken,
  });
  server = createServer((req, res) => void routes(req, res).then((handled) => handled || res.writeHead(404).end()));
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  const port = (server.address() as AddressInfo).port;
  return async (path, headers = {}) => {
    const answer = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    return { status: answer.status, body: await answer.text(), challenge: answer.headers.get("www-authenticate") };
  };
}

describe("/metrics behind JIT_ACCESS_METRICS_TOKEN", () => {
  it("answers only the token's bearer when one is set, and tells anyone else how to send it", async () => {
    const get = await serve(TOKEN);
    for (const headers of [{}, { authorization: `Bearer ${TOKEN.slice(1)}` }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }, { authorization: `Bearer ${TOKEN}x` }]) {
      const refused = await get("/metrics", headers);
      expect(refused).toMatchObject({ status: 401, challenge: 'Bearer realm="jit-access metrics"' });
      expect(refused.body).toMatch(/^GET \/metrics needs the header `Authorization: Bearer <JIT_ACCESS_METRICS_TOKEN>`/);
      expect(refused.body).not.toContain("platform-admins");
    }
    const scraped = await get("/metrics", { authorization: `Bearer ${TOKEN}` });
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('jit_access_live_grants{team="platform-admins"} 1');
    // Probes stay open: a platform's liveness and readiness checks send no token.
    expect((await get("/healthz")).status).toBe(200);
    expect((await get("/readyz")).status).toBe(200);
  });

  it("serves anyone without a token, and masks what it serves", async () => {
    const get = await serve(undefined);
    const scraped = await get("/metrics");
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('jit_access_note{by="j***@example.com"} 1');
    expect(scraped.body).not.toContain("jane.doe");
  });

  it("is read from the environment, and a short one is refused with the fix", () => {
    const env = { JIT_ACCESS_SIGNING_KEY: "k".repeat(40) };
    expect(readConfig({ ...env, JIT_ACCESS_METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(readConfig({ ...env, JIT_ACCESS_METRICS_TOKEN: "" }).metricsToken).toBeUndefined();
    expect(() => readConfig({ ...env, JIT_ACCESS_METRICS_TOKEN: "short" })).toThrow(/JIT_ACCESS_METRICS_TOKEN is too short: use at least 16 characters/);
  });
});
