import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";

/** The target of a hook, read once per URL. */
interface Target {
  href: string;
  secure: boolean;
  host: string;
  port: number;
  /** The request line's path and the Host header, as Node's HTTP client writes them. */
  path: string;
  hostHeader: string;
}

/** A response being read: its status once the head is read, and how its body ends. */
interface Reading {
  buffered: Buffer;
  status?: number;
  /** Body bytes still to come (Content-Length), "chunked", or "close" (read until the connection ends). */
  body?: number | "chunked" | "close";
  keepAlive?: boolean;
  /** How long the answer says the connection may stay idle before it closes, less a second. */
  idleLimitMs?: number;
}

// Node's HTTP server closes a kept-alive connection after 5 s idle by default; like Node's own
// agent, a connection idle for longer than the server's keep-alive timeout less a second is not reused.
const DEFAULT_IDLE_MS = 4000;
const HEAD_END = Buffer.from("\r\n\r\n");
/** An answer's head longer than this is no answer a hook gives. */
const MAX_HEAD = 64 * 1024;

/**
 * One kept-alive HTTP/1.1 connection to a hook, over which deliveries go one
 * at a time, in the order they were queued (the emulator's choice: GitHub
 * does not document how many deliveries of a hook it has in flight). It writes each request as its
 * head and body in one go and reads no more of the answer than its status
 * and its end: a hook's answer is only its status. Node's HTTP client built
 * a request object, an answer object and their header maps for every
 * delivery, on the path between the app's answer and the next delivery.
 *
 * @example
 * const hook = new HookConnection();
 * const status = await hook.send("http://127.0.0.1:3000/api/github/webhooks", { "x-github-event": "issues" }, body, 10_000); // 200, or 0 on a network error or time-out
 * // body: a Buffer, or Buffers sent one after another (shared pieces are not copied)
 */
export class HookConnection {
  private target: Target | undefined;
  private socket: Socket | undefined;
  private idleSince = 0;
  private idleLimitMs = DEFAULT_IDLE_MS;
  private current: { socket: Socket; reading: Reading; done(status: number): void } | undefined;
  /**
   * The body of the last answer that was no success (status 300 or more),
   * framed by its Content-Length, as GitHub keeps it in the hook's delivery
   * log; undefined after a success. A success's body is not read.
   */
  lastFailureBody: string | undefined;

  /** POSTs one request; resolves with the status, or 0 on a network error, a broken answer or after `timeoutMs`. */
  send(url: string, headers: Readonly<Record<string, string | number>>, body: Buffer | readonly Buffer[], timeoutMs: number): Promise<number> {
    const target = this.targetOf(url);
    return new Promise((resolve) => {
      const socket = this.connection(target);
      const timer = setTimeout(() => this.fail(socket), timeoutMs);
      this.current = {
        socket,
        reading: { buffered: Buffer.alloc(0) },
        done: (status) => {
          clearTimeout(timer);
          this.current = undefined;
          resolve(status);
        },
      };
      let head = `POST ${target.path} HTTP/1.1\r\nHost: ${target.hostHeader}\r\nConnection: keep-alive\r\n`;
      for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
      socket.cork();
      socket.write(`${head}\r\n`, "latin1");
      for (const piece of Buffer.isBuffer(body) ? [body] : body) socket.write(piece);
      socket.uncork();
    });
  }

  /** Abandons the request in flight (status 0) and closes the connection. */
  close(): void {
    if (this.socket) this.fail(this.socket);
  }

  private targetOf(url: string): Target {
    if (this.target?.href !== url) {
      const parsed = new URL(url);
      const secure = parsed.protocol === "https:";
      if (!secure && parsed.protocol !== "http:") throw new Error(`webhook URL ${url}: only http and https are sent to`);
      const port = parsed.port === "" ? (secure ? 443 : 80) : Number(parsed.port);
      const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
      this.close();
      this.target = { href: url, secure, host, port, path: `${parsed.pathname}${parsed.search}`, hostHeader: parsed.host };
    }
    return this.target;
  }

  /** The kept-alive connection, or a new one when there is none or it has been idle too long to trust. */
  private connection(target: Target): Socket {
    if (this.socket?.writable && performance.now() - this.idleSince < this.idleLimitMs) return this.socket;
    this.socket?.destroy();
    const socket = target.secure ? tlsConnect({ host: target.host, port: target.port, servername: target.host }) : netConnect({ host: target.host, port: target.port });
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(socket, chunk));
    socket.on("error", () => this.fail(socket));
    socket.on("close", () => this.onClose(socket));
    this.socket = socket;
    this.idleLimitMs = DEFAULT_IDLE_MS;
    return socket;
  }

  private onData(socket: Socket, chunk: Buffer): void {
    const current = this.current;
    // Bytes nobody asked for: the connection cannot be trusted for the next request.
    if (current?.socket !== socket) return this.fail(socket);
    const reading = current.reading;
    reading.buffered = reading.buffered.length === 0 ? chunk : Buffer.concat([reading.buffered, chunk]);
    const outcome = readResponse(reading);
    if (outcome === "more") return;
    if (outcome === "broken") return this.fail(socket);
    this.lastFailureBody = outcome >= 300 && typeof reading.body === "number" ? reading.buffered.subarray(0, reading.body).toString("utf8") : undefined;
    if (reading.keepAlive) {
      this.idleSince = performance.now();
      if (reading.idleLimitMs !== undefined) this.idleLimitMs = reading.idleLimitMs;
    } else this.drop(socket);
    current.done(outcome);
  }

  private onClose(socket: Socket): void {
    if (socket === this.socket) this.socket = undefined;
    const current = this.current;
    if (current?.socket !== socket) return;
    // A body that the connection's end frames is complete now.
    const reading = current.reading;
    current.done(reading.body === "close" && reading.status !== undefined ? reading.status : 0);
  }

  private fail(socket: Socket): void {
    this.drop(socket);
    if (this.current?.socket === socket) this.current.done(0);
  }

  private drop(socket: Socket): void {
    if (socket === this.socket) this.socket = undefined;
    socket.destroy();
  }
}

/**
 * Reads as much of an HTTP/1.1 answer as has arrived: its status once the
 * head and the whole body are in, "more" while they are not, "broken" when
 * it is no HTTP answer.
 */
function readResponse(reading: Reading): number | "more" | "broken" {
  for (;;) {
    if (reading.status === undefined) {
      const end = reading.buffered.indexOf(HEAD_END);
      if (end < 0) return reading.buffered.length > MAX_HEAD ? "broken" : "more";
      const head = parseHead(reading.buffered.subarray(0, end).toString("latin1"));
      reading.buffered = reading.buffered.subarray(end + HEAD_END.length);
      if (!head) return "broken";
      // An interim answer (100 Continue) comes before the real one.
      if (head.status < 200) continue;
      Object.assign(reading, head);
    }
    if (typeof reading.body === "number") return reading.buffered.length >= reading.body ? reading.status! : "more";
    if (reading.body === "chunked") return chunkedBodyEnded(reading.buffered) ?? reading.status!;
    return "more";
  }
}

/** An answer's status, how its body ends, and whether the connection stays open after it (and for how long idle). */
function parseHead(head: string): (Required<Pick<Reading, "status" | "body" | "keepAlive">> & { idleLimitMs?: number }) | undefined {
  const lines = head.split("\r\n");
  const statusLine = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0] ?? "");
  if (!statusLine) return undefined;
  const fields = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const status = Number(statusLine[2]);
  const connection = (fields.get("connection") ?? "").toLowerCase();
  const length = Number(fields.get("content-length") ?? Number.NaN);
  const chunked = (fields.get("transfer-encoding") ?? "").toLowerCase().split(",").some((coding) => coding.trim() === "chunked");
  // 204 and 304 answers never have a body.
  const body = status === 204 || status === 304 ? 0 : chunked ? "chunked" : Number.isSafeInteger(length) && length >= 0 ? length : "close";
  const keepAlive = (statusLine[1] === "0" ? connection.includes("keep-alive") : !connection.includes("close")) && body !== "close";
  const timeout = /(?:^|,)\s*timeout=(\d+)/i.exec(fields.get("keep-alive") ?? "");
  return { status, body, keepAlive, ...(timeout ? { idleLimitMs: Math.max(0, Number(timeout[1]) * 1000 - 1000) } : {}) };
}

/** undefined once a chunked body's last chunk and its trailers are in; "more" before, "broken" when it is not chunked. */
function chunkedBodyEnded(data: Buffer): "more" | "broken" | undefined {
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at);
    if (lineEnd < 0) return "more";
    const size = Number.parseInt(data.subarray(at, lineEnd).toString("latin1").split(";")[0]!.trim(), 16);
    if (!Number.isSafeInteger(size) || size < 0) return "broken";
    if (size === 0) {
      // Trailers, if any, then an empty line.
      const rest = data.subarray(lineEnd + 2);
      return rest.subarray(0, 2).toString("latin1") === "\r\n" || rest.indexOf(HEAD_END) >= 0 ? undefined : "more";
    }
    at = lineEnd + 2 + size + 2;
    if (at > data.length) return "more";
  }
}
