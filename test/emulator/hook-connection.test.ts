import { once } from "node:events";
import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HookConnection } from "github-emulator/emulator/hook-connection.js";

// A hook that answers each request with what `answer` writes on the raw socket,
// and records the requests' bytes and on which connection each came.
async function rawHook(answer: (socket: Socket, request: string) => void): Promise<{ url: string; requests: { connection: number; text: string }[]; server: Server; closed: Promise<unknown>[] }> {
  const requests: { connection: number; text: string }[] = [];
  const closed: Promise<unknown>[] = [];
  let connections = 0;
  const server = createServer((socket) => {
    const connection = ++connections;
    closed.push(once(socket, "close"));
    let buffered = "";
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("latin1");
      const headEnd = buffered.indexOf("\r\n\r\n");
      if (headEnd < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, headEnd))?.[1] ?? 0);
      if (buffered.length < headEnd + 4 + length) return;
      const text = buffered.slice(0, headEnd + 4 + length);
      buffered = buffered.slice(text.length);
      requests.push({ connection, text });
      answer(socket, text);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?x=1`, requests, server, closed };
}

const servers: Server[] = [];
const hooks: HookConnection[] = [];
const hook = () => {
  const made = new HookConnection();
  hooks.push(made);
  return made;
};
afterEach(async () => {
  for (const made of hooks.splice(0)) made.close();
  for (const server of servers.splice(0)) {
    server.close();
    if ("closeAllConnections" in server) (server as { closeAllConnections(): void }).closeAllConnections();
  }
});

/** Sends two requests, each answered `status`; returns the connection each came on. */
async function twice(connection: HookConnection, target: { url: string; requests: { connection: number }[] }, status: number): Promise<number[]> {
  for (let i = 0; i < 2; i++) expect(await connection.send(target.url, HEADERS, BODY, 10_000)).toBe(status);
  return target.requests.map((r) => r.connection);
}

const BODY = Buffer.from('{"action":"opened","é":"ü"}');
const HEADERS = { "content-type": "application/json", "content-length": BODY.length, "x-github-event": "issues" };

describe("HookConnection", () => {
  it("writes the request line, Host, the given headers and the body's bytes, and reuses the connection", async () => {
    const target = await rawHook((socket) => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    expect(await twice(hook(), target, 200)).toEqual([1, 1]);
    const [first] = target.requests;
    expect(first!.text.split("\r\n").slice(0, 6)).toEqual(["POST /hook?x=1 HTTP/1.1", `Host: ${new URL(target.url).host}`, "Connection: keep-alive", "content-type: application/json", `content-length: ${BODY.length}`, "x-github-event: issues"]);
    expect(Buffer.from(first!.text, "latin1").subarray(-BODY.length)).toEqual(BODY);
  });

  it("reads chunked answers in pieces, skips interim answers, and reads a body framed by the connection's end", async () => {
    const chunked = await rawHook((socket) => {
      socket.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
      setImmediate(() => socket.write("lo\r\n0\r\n"));
      setImmediate(() => setImmediate(() => socket.write("\r\n")));
    });
    const connection = hook();
    expect(await twice(connection, chunked, 202)).toEqual([1, 1]);
    const untilClose = await rawHook((socket) => socket.end("HTTP/1.1 500 Internal Server Error\r\n\r\nno length"));
    expect(await twice(connection, untilClose, 500)).toEqual([1, 2]);
  });

  it("opens a new connection after the hook closed the last one, or asked for it to be closed", async () => {
    const closing = await rawHook((socket) => socket.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"));
    const connection = hook();
    expect(await twice(connection, closing, 204)).toEqual([1, 2]);
    const hangsUp = await rawHook((socket) => {
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
      socket.end();
    });
    expect(await connection.send(hangsUp.url, HEADERS, BODY, 10_000)).toBe(200);
    // Both ends closed: the client has seen the hang-up.
    await hangsUp.closed[0];
    expect(await connection.send(hangsUp.url, HEADERS, BODY, 10_000)).toBe(200);
    expect(hangsUp.requests.map((r) => r.connection)).toEqual([1, 2]);
    const zeroIdle = await rawHook((socket) => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nKeep-Alive: timeout=1\r\n\r\n"));
    // timeout=1 leaves no idle time to trust (a second less): every request opens its own connection.
    expect(await twice(connection, zeroIdle, 200)).toEqual([1, 2]);
  });

  it("answers 0 for no answer in time, an answer that is no HTTP, a hang-up mid-answer and nobody listening", async () => {
    const silent = await rawHook(() => undefined);
    expect(await hook().send(silent.url, HEADERS, BODY, 50)).toBe(0);
    const garbage = await rawHook((socket) => socket.write("SMTP ready\r\n\r\n"));
    expect(await hook().send(garbage.url, HEADERS, BODY, 10_000)).toBe(0);
    const cut = await rawHook((socket) => socket.end("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
    expect(await hook().send(cut.url, HEADERS, BODY, 10_000)).toBe(0);
    const gone = await rawHook(() => undefined);
    gone.server.close();
    await once(gone.server, "close");
    expect(await hook().send(gone.url, HEADERS, BODY, 10_000)).toBe(0);
  });

  it("talks to Node's HTTP server as Node's client would: body and keep-alive", async () => {
    const bodies: string[] = [];
    const server = createHttpServer((req, res) => {
      let text = "";
      req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      req.on("end", () => {
        bodies.push(`${req.headers["x-github-event"]} ${text}`);
        res.writeHead(bodies.length === 1 ? 200 : 400).end(bodies.length === 1 ? "" : "bad");
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const connection = hook();
    expect(await connection.send(url, HEADERS, BODY, 10_000)).toBe(200);
    expect(await connection.send(url, HEADERS, BODY, 10_000)).toBe(400);
    expect(bodies).toEqual([`issues ${BODY.toString("utf8")}`, `issues ${BODY.toString("utf8")}`]);
  });
});
