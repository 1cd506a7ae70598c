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
const decoders: Record<string, (body: Buffer) => Promise<Buffer>> = { gzip: promisify(unzip), "x-gzip": promisify(unzip), deflate: promisify(unzip), br: promisify(brotliDecompress) };

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
export function createHttpFetch(fallback: Fetch = (input, init) => globalThis.fetch(input, init)): Fetch {
  const agents = { "http:": new HttpAgent({ keepAlive: true, timeout: IDLE_MS }), "https:": new HttpsAgent({ keepAlive: true, timeout: IDLE_MS }) };
  return (async (input: Parameters<Fetch>[0], init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === "string" ? new URL(input) : input instanceof URL ? input : undefined;
    const agent = url && (url.protocol === "http:" || url.protocol === "https:") ? agents[url.protocol] : undefined;
    const { body, headers } = init;
    const plain = (body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array) && (init.redirect ?? "follow") === "follow";
    if (!url || !agent || !plain || !isPlainHeaders(headers)) return fallback(input, init);
    const answer = await send(url, agent, init.method ?? "GET", headersOf(headers, body), body ?? undefined, init.signal ?? undefined);
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

function send(url: URL, agent: HttpAgent, method: string, headers: OutgoingHttpHeaders, body: string | Uint8Array | undefined, signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((resolve, reject) => {
    const failed = (cause: unknown) => reject(isAbort(cause) ? cause : new TypeError("fetch failed", { cause }));
    const options = { method, headers, agent, ...(signal ? { signal } : {}) };
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, options, (response) => {
      // Every step's failure rejects the call: a body that does not decode is a failed request, never an unhandled rejection.
      collect(response)
        .then((raw) => decode(raw, response.headers["content-encoding"]))
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

function collect(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    response.once("error", reject);
    // A connection that closes before the whole answer came is a failure, not a short body.
    response.once("close", () => response.complete || reject(new Error("the connection closed before the whole answer was received")));
  });
}

async function decode(raw: Buffer, encoding: string | undefined): Promise<Buffer> {
  const decoder = encoding === undefined || raw.byteLength === 0 ? undefined : decoders[encoding.trim().toLowerCase()];
  return decoder ? decoder(raw) : raw;
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
