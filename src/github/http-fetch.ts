import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { promisify } from "node:util";
import { brotliDecompress, unzip } from "node:zlib";
import { ReadResponse } from "./read-response.js";

type Fetch = typeof globalThis.fetch;

/** Idle connections are closed after this long, as Node's own fetch (undici) does by default; a shorter server hint wins. */
const IDLE_MS = 4_000;
/** No answer, or no more of it, for this long fails the request, as undici's headers and body time-outs do by default. */
const STALLED_MS = 300_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Statuses whose answer has no body: fetch gives them none. */
const NO_BODY = new Set([204, 205, 304]);
// What fetch asks for when the caller does not say, and can decode.
const ACCEPT_ENCODING = "gzip, deflate, br";
const inflate = promisify(unzip);
const unbrotli = promisify(brotliDecompress);
const decoders: Record<string, (body: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>> = { gzip: inflate, "x-gzip": inflate, deflate: inflate, br: unbrotli };
/**
 * The most an answer may hold, as sent and as decoded: GitHub's largest
 * answers to the app (a page of 100 issues whose bodies are at their 65,536
 * character limit) stay far below it. A larger one, or a compressed one that
 * would decode past it, fails the request rather than the process's memory.
 */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** What createHttpFetch may be told besides its fallback. */
export interface HttpFetchLimits {
  /** The most an answer may hold, as sent and as decoded (default {@link MAX_BODY_BYTES}). */
  maxBodyBytes?: number;
}

/**
 * A `fetch` for Octokit over Node's own HTTP client, keeping connections
 * alive. Node's `fetch` (undici, in Node 20) spent about 0.5 ms of CPU per
 * request on its web streams and request machinery, more than the app's
 * own work for most calls, and the app makes one or more calls per reconcile.
 * It covers what Octokit sends — a string or byte body, plain headers, an
 * abort signal — and answers with the part of a `Response` that Octokit
 * reads (`ReadResponse`), its body already read and decoded. Anything else
 * goes to `fallback` (Node's `fetch`) as it was: a redirect answer is asked
 * again there, so that fetch's rules for following it (method, body,
 * credentials across origins) apply unchanged.
 * Errors are fetch's: a network failure rejects with `TypeError("fetch
 * failed")` and its cause, an abort with the signal's `AbortError`.
 *
 * @example
 * const octokit = new Octokit({ request: { fetch: createHttpFetch() } });
 */
export function createHttpFetch(fallback: Fetch = (input, init) => globalThis.fetch(input, init), limits: HttpFetchLimits = {}): Fetch {
  const maxBytes = limits.maxBodyBytes ?? MAX_BODY_BYTES;
  const agents = { "http:": new HttpAgent({ keepAlive: true, timeout: IDLE_MS }), "https:": new HttpsAgent({ keepAlive: true, timeout: IDLE_MS }) };
  return (async (input: Parameters<Fetch>[0], init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === "string" ? new URL(input) : input instanceof URL ? input : undefined;
    const agent = url && (url.protocol === "http:" || url.protocol === "https:") ? agents[url.protocol] : undefined;
    const { body, headers } = init;
    const plain = (body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array) && (init.redirect ?? "follow") === "follow";
    // A URL with credentials goes to fetch, which refuses it; Node's client would send them as Basic auth.
    if (!url || !agent || !plain || !isPlainHeaders(headers) || url.username !== "" || url.password !== "") return fallback(input, init);
    const answer = await send({ url, agent, method: init.method ?? "GET", headers: headersOf(headers, body), body: body ?? undefined, signal: init.signal ?? undefined, maxBytes });
    // fetch follows redirects; a redirect answer changed nothing, so asking again there is safe.
    if (REDIRECTS.has(answer.status) && answer.headers.has("location")) return fallback(input, init);
    return answer;
  }) as Fetch;
}

function isPlainHeaders(headers: RequestInit["headers"]): headers is Record<string, string> | undefined {
  return headers === undefined || (typeof headers === "object" && headers !== null && Object.getPrototypeOf(headers) === Object.prototype);
}

function headersOf(given: Record<string, string> | undefined, body: string | Uint8Array | undefined | null): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(given ?? {})) headers[name.toLowerCase()] = value;
  headers["accept-encoding"] ??= ACCEPT_ENCODING;
  if (body !== undefined && body !== null) headers["content-length"] = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  return headers;
}

interface Sent {
  url: URL;
  agent: HttpAgent;
  method: string;
  headers: OutgoingHttpHeaders;
  body: string | Uint8Array | undefined;
  signal: AbortSignal | undefined;
  maxBytes: number;
}

function send({ url, agent, method, headers, body, signal, maxBytes }: Sent): Promise<Response> {
  return new Promise((resolve, reject) => {
    const failed = (cause: unknown) => reject(isAbort(cause) ? cause : new TypeError("fetch failed", { cause }));
    const options = { method, headers, agent, ...(signal ? { signal } : {}) };
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, options, (response) => {
      // Every step's failure rejects the call: a body that does not decode is a failed request, never an unhandled rejection.
      collect(response, maxBytes, url.host)
        .then((raw) => decode(raw, response.headers["content-encoding"], maxBytes, url.host))
        .then((body) => resolve(toResponse(url, method, response, body)))
        .catch(failed);
    });
    request.setTimeout(STALLED_MS, () => request.destroy(new Error(`no answer from ${url.host} within ${STALLED_MS / 1000} s`)));
    request.once("error", failed);
    request.end(body);
  });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

function tooLarge(host: string, maxBytes: number): Error {
  return new Error(`the answer from ${host} is larger than ${maxBytes} bytes; the request failed rather than hold it in memory`);
}

function collect(response: IncomingMessage, maxBytes: number, host: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) chunks.push(chunk);
      else {
        reject(tooLarge(host, maxBytes));
        response.destroy();
      }
    });
    response.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    response.once("error", reject);
    // A connection that closes before the whole answer came is a failure, not a short body.
    response.once("close", () => response.complete || reject(new Error("the connection closed before the whole answer was received")));
  });
}

async function decode(raw: Buffer, encoding: string | undefined, maxBytes: number, host: string): Promise<Buffer> {
  const decoder = encoding === undefined || raw.byteLength === 0 ? undefined : decoders[encoding.trim().toLowerCase()];
  if (!decoder) return raw;
  try {
    return await decoder(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    // zlib stops at maxOutputLength with a RangeError: a body that would decode past the cap.
    throw error instanceof RangeError ? tooLarge(host, maxBytes) : error;
  }
}

function toResponse(url: URL, method: string, message: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const status = message.statusCode ?? 0;
  const empty = NO_BODY.has(status) || method === "HEAD";
  // The part of a Response that Octokit reads, around the bytes already read (see ReadResponse).
  return new ReadResponse(empty ? null : body, status, message.statusMessage ?? "", url.href, headers) as unknown as Response;
}
