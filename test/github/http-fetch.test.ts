import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHttpFetch } from "../../src/github/http-fetch.js";
import { UnpacedOctokit } from "../../src/github/unpaced-octokit.js";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => { s.close(() => resolve()); s.closeAllConnections(); })));
});

/** A local server answering with `handle`; counts the connections it accepted. */
async function serve(handle: Handler): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, Buffer.concat(chunks).toString(), res));
  });
  server.on("connection", () => connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

const unused = () => Promise.reject(new Error("the fallback was not expected"));

describe("createHttpFetch: Octokit's requests over Node's HTTP client", () => {
  it("answers as fetch does (status, headers, url, JSON) and keeps the connection for the next request", async () => {
    const server = await serve((req, _body, res) => res.writeHead(200, { "content-type": "application/json; charset=utf-8", etag: '"e1"', link: '<a>; rel="next"' }).end(JSON.stringify({ path: req.url, accept: req.headers["accept-encoding"] })));
    const fetch = createHttpFetch(unused);
    const first = await fetch(`${server.url}/repos/acme/access`, { method: "GET", headers: { accept: "application/vnd.github+json" } });
    expect(first.status).toBe(200);
    expect(first.url).toBe(`${server.url}/repos/acme/access`);
    expect(first.headers.get("etag")).toBe('"e1"');
    expect(first.headers.get("link")).toBe('<a>; rel="next"');
    expect(await first.json()).toEqual({ path: "/repos/acme/access", accept: "gzip, deflate, br" });
    const second = await fetch(`${server.url}/user`, { method: "GET" });
    expect((await second.json() as { path: string }).path).toBe("/user");
    expect(server.connections()).toBe(1);
  });

  it("sends a string body with its length", async () => {
    const server = await serve((req, body, res) => res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ body, length: req.headers["content-length"], method: req.method })));
    const answer = await createHttpFetch(unused)(`${server.url}/graphql`, { method: "POST", body: '{"query":"é"}', headers: { "content-type": "application/json" } });
    expect(answer.status).toBe(201);
    expect(await answer.json()).toEqual({ body: '{"query":"é"}', length: String(Buffer.byteLength('{"query":"é"}')), method: "POST" });
  });

  it("gives 304 and 204 answers no body, and decodes a gzip answer", async () => {
    const server = await serve((req, _body, res) => {
      if (req.url === "/304") res.writeHead(304, { etag: '"e1"' }).end();
      else if (req.url === "/204") res.writeHead(204).end();
      else res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync(JSON.stringify({ zipped: true })));
    });
    const fetch = createHttpFetch(unused);
    const notModified = await fetch(`${server.url}/304`, { headers: { "if-none-match": '"e1"' } });
    expect([notModified.status, notModified.body, notModified.headers.get("etag")]).toEqual([304, null, '"e1"']);
    expect((await fetch(`${server.url}/204`, { method: "DELETE" })).status).toBe(204);
    expect(await (await fetch(`${server.url}/gz`)).json()).toEqual({ zipped: true });
  });

  it("leaves a redirect, and what it does not cover, to fetch, with the same arguments", async () => {
    const server = await serve((_req, _body, res) => res.writeHead(301, { location: "/repositories/1" }).end());
    const fallback = vi.fn(() => Promise.resolve(new Response("followed")));
    const fetch = createHttpFetch(fallback);
    const init = { method: "GET", headers: { accept: "application/json" } };
    expect(await (await fetch(`${server.url}/repos/acme/old-name`, init)).text()).toBe("followed");
    expect(fallback).toHaveBeenCalledWith(`${server.url}/repos/acme/old-name`, init);
    const headers = new Headers({ accept: "application/json" });
    await fetch(`${server.url}/x`, { headers });
    await fetch(`${server.url}/x`, { redirect: "manual" });
    await fetch(new Request(`${server.url}/x`));
    // fetch refuses a URL with credentials; Node's client would send them as Basic auth.
    await fetch(server.url.replace("//", "//user:secret@") + "/x");
    expect(fallback).toHaveBeenCalledTimes(5);
  });

  it("fails as fetch does: a network error with its cause, an abort as an AbortError", async () => {
    const server = await serve(() => undefined);
    const closed = server.url.replace(/:\d+$/, ":1");
    const refused = await createHttpFetch(unused)(`${closed}/user`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect(refused).toMatchObject({ message: "fetch failed", cause: { code: "ECONNREFUSED" } });
    const controller = new AbortController();
    const pending = createHttpFetch(unused)(`${server.url}/never-answered`, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("fails when the connection closes before the whole answer came", async () => {
    const server = await serve((_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"partial":');
      setImmediate(() => res.socket?.destroy());
    });
    await expect(createHttpFetch(unused)(`${server.url}/cut`)).rejects.toThrow("fetch failed");
  });

  it("fails, and does not throw out of band, when a body does not decode (a cut gzip stream, text said to be br)", async () => {
    const server = await serve((req, _body, res) => {
      const cut = req.url === "/gzip";
      res.writeHead(200, { "content-type": "application/json", "content-encoding": cut ? "gzip" : "br" });
      res.end(cut ? gzipSync(JSON.stringify({ zipped: true })).subarray(0, 20) : "plain text");
    });
    await expect(createHttpFetch(unused)(`${server.url}/gzip`)).rejects.toMatchObject({ message: "fetch failed", cause: { code: "Z_BUF_ERROR" } });
    await expect(createHttpFetch(unused)(`${server.url}/br`)).rejects.toThrow("fetch failed");
  });

  it("fails an answer larger than its cap, as sent or as it would decode, and takes one at the cap", async () => {
    const server = await serve((req, _body, res) => {
      const zipped = req.url === "/bomb";
      res.writeHead(200, { "content-type": "application/json", ...(zipped ? { "content-encoding": "gzip" } : {}) });
      // The bomb is a few dozen bytes on the wire and 64 KiB decoded.
      res.end(zipped ? gzipSync(" ".repeat(65_536)) : " ".repeat(req.url === "/at-cap" ? 1024 : 1025));
    });
    const fetch = createHttpFetch(unused, { maxBodyBytes: 1024 });
    expect((await (await fetch(`${server.url}/at-cap`)).text()).length).toBe(1024);
    await expect(fetch(`${server.url}/over`)).rejects.toMatchObject({ message: "fetch failed", cause: { message: expect.stringContaining("larger than 1024 bytes") } });
    await expect(fetch(`${server.url}/bomb`)).rejects.toMatchObject({ message: "fetch failed", cause: { message: expect.stringContaining("larger than 1024 bytes") } });
    // The cut-off connection is not reused: the next request is answered.
    expect((await (await fetch(`${server.url}/at-cap`)).text()).length).toBe(1024);
  });

  it("is the Octokit's fetch unless the caller gives its own", async () => {
    const server = await serve((req, _body, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ login: "jit-access", ua: req.headers["user-agent"] })));
    const octokit = new UnpacedOctokit({ auth: "ghs_test", baseUrl: server.url });
    const answer = await octokit.request("GET /user");
    expect(answer.data).toMatchObject({ login: "jit-access" });
    expect(answer.url).toBe(`${server.url}/user`);
    const own = vi.fn(() => Promise.resolve(new Response("{}", { headers: { "content-type": "application/json" } })));
    await new UnpacedOctokit({ auth: "ghs_test", baseUrl: server.url, request: { fetch: own } }).request("GET /user");
    expect(own).toHaveBeenCalledOnce();
  });
});
