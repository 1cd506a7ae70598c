import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * smee.io in miniature: `HEAD /new` redirects to a new channel; a GET on the
 * channel is an event stream; a POST to it (a webhook) is relayed to every
 * listener as smee.io relays it: the headers and the parsed body in one JSON event.
 *
 * @example
 * const smee = await startFakeSmee();
 * await SmeeClient.createChannel({ newChannelUrl: smee.newChannelUrl });
 */
export async function startFakeSmee(): Promise<{ newChannelUrl: string; relayed: number; close(): Promise<void> }> {
  const listeners = new Set<ServerResponse>();
  const state = { relayed: 0 };
  const server = createServer((req, res) => {
    if (req.method === "HEAD" && req.url === "/new") return void res.writeHead(307, { location: `${base}/channel-test` }).end();
    if (req.method === "GET" && req.url === "/channel-test") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.write("event: ready\ndata: {}\n\n");
      listeners.add(res);
      req.on("close", () => listeners.delete(res));
      return;
    }
    if (req.method === "POST" && req.url === "/channel-test") {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name.startsWith("x-") || name === "user-agent"));
        const event = JSON.stringify({ ...headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown, timestamp: Date.now() });
        for (const listener of listeners) listener.write(`data: ${event}\n\n`);
        state.relayed++;
        res.writeHead(200).end();
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    newChannelUrl: `${base}/new`,
    get relayed() {
      return state.relayed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const listener of listeners) listener.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
