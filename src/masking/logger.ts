import { pino, symbols, type DestinationStream, type Logger } from "pino";
import type { Masker } from "./index.js";
import { guardNames, NAMES_TOLD, namesOnce, oneName } from "./log-names.js";

export { oneName } from "./log-names.js";

/** What pino may find on a destination besides `write`. */
interface Destination extends DestinationStream {
  flush?(callback?: (error?: Error) => void): void;
  flushSync?(): void;
  end?(): void;
  [key: symbol]: unknown;
}

const MASKED = Symbol("jit-access.masked");
/** On a masking destination: the destination it writes to, so that another masker can take its place. */
const INNER = Symbol("jit-access.inner");
const NEEDS_METADATA = symbols.needsMetadataGsym;

/**
 * A pino destination that masks each serialised line before it is written.
 * Masking the finished line covers every field, nested objects, error
 * messages and stacks alike: nothing reaches the destination unmasked, and
 * the line stays valid JSON, with one `name` key (see log-names.ts: `oneName`
 * searches the line unless its logger told the destination it need not).
 * `flush`, `flushSync` and `end` are passed on;
 * a destination that routes by level (`pino.multistream`) still gets the
 * level, but never the unmasked object or message.
 *
 * @example
 * const log = pino({}, maskingDestination(createMasker()));
 */
export function maskingDestination(
  masker: Masker,
  destination: DestinationStream = pino.destination({ fd: 1, sync: true }),
): DestinationStream {
  const target = destination as Destination;
  // Set just before a line by a logger whose tree guardNames watches: the line holds one name of its own at most.
  let told = false;
  // Told and not yet written: a verdict told meanwhile (a line logged inside another's write) is none, since a line
  // that fails before its write would leave its verdict to the next one.
  let waiting = false;
  const wrapped: Destination = {
    write(line: string) {
      if (target[NEEDS_METADATA] === true) {
        const source = wrapped as Destination & Record<string, unknown>;
        Object.assign(target, {
          lastLevel: source["lastLevel"],
          lastTime: source["lastTime"],
          lastLogger: source["lastLogger"],
          lastMsg: typeof source["lastMsg"] === "string" ? masker.mask(source["lastMsg"]) : undefined,
          lastObj: undefined,
        });
      }
      const named = told ? line : oneName(line);
      told = false;
      waiting = false;
      target.write(masker.mask(named));
    },
    [NAMES_TOLD]: (atMostOne: boolean) => {
      told = !waiting && atMostOne;
      waiting = true;
    },
    [MASKED]: true,
    [INNER]: target,
  };
  if (target[NEEDS_METADATA] === true) wrapped[NEEDS_METADATA] = true;
  if (typeof target.flush === "function") wrapped.flush = (callback) => target.flush!(callback);
  if (typeof target.flushSync === "function") wrapped.flushSync = () => target.flushSync!();
  if (typeof target.end === "function") wrapped.end = () => target.end!();
  return wrapped;
}

const SERIALIZERS = symbols.serializersSym as unknown as PropertyKey;

/**
 * Errors logged in brief. Probot's webhook error handler logs each failed
 * handler's error, and the error carries the whole webhook event (`event`,
 * with its payload: issue bodies, comments, e-mail addresses); an Octokit
 * `RequestError` carries the request sent and the response received. Masked
 * or not, a log is no place for a whole payload: the event keeps its id,
 * name and action, a request its method and URL, a response its status.
 * Every other field of the error is kept as pino's own serializer gives it.
 *
 * @example
 * briefError(Object.assign(new Error("boom"), { event: { id: "d-1", name: "issues", payload } }));
 * // { type: "Error", message: "boom", stack: "…", event: { id: "d-1", name: "issues" } }
 */
export function briefError(error: unknown): unknown {
  const full = pino.stdSerializers.err(error as Error) as unknown;
  if (typeof full !== "object" || full === null) return full;
  const out = full as Record<string, unknown>;
  const event = out["event"] as { id?: unknown; name?: unknown; payload?: { action?: unknown } } | undefined;
  if (event !== undefined) out["event"] = typeof event === "object" && event !== null ? { id: event.id, name: event.name, action: event.payload?.action } : "[event]";
  const request = out["request"] as { method?: unknown; url?: unknown } | undefined;
  if (request !== undefined) out["request"] = typeof request === "object" && request !== null ? { method: request.method, url: request.url } : "[request]";
  const response = out["response"] as { status?: unknown } | undefined;
  if (response !== undefined) out["response"] = typeof response === "object" && response !== null ? { status: response.status } : "[response]";
  return out;
}

/** Puts `briefError` in place of the logger's error serializers (`err` and `error`). */
function withoutPayloads(root: Record<PropertyKey, unknown>): void {
  const serializers = (root[SERIALIZERS] ?? {}) as Record<string, unknown>;
  root[SERIALIZERS] = Object.assign(Object.create(null) as object, serializers, { err: briefError, error: briefError });
}

/**
 * A new logger whose every line passes through the masker.
 *
 * @example
 * const log = createMaskedLogger(createMasker(), { level: "info" });
 */
export function createMaskedLogger(
  masker: Masker,
  options: { level?: string; destination?: DestinationStream; name?: string } = {},
): Logger {
  const logger = pino(
    { level: options.level ?? "info", name: options.name ?? "jit-access", serializers: { err: briefError, error: briefError } },
    maskingDestination(masker, options.destination),
  );
  namesOnce(logger as unknown as Record<PropertyKey, unknown>);
  guardNames(logger as unknown as Record<PropertyKey, unknown>);
  return logger;
}

/**
 * Routes an existing logger — and every logger that shares its root, such as
 * Probot's own (HTTP request logging included) — through the masker. pino
 * children inherit the destination from their parent's prototype, so
 * replacing it on the root covers loggers created before and after. Calling
 * it again on the same tree changes nothing.
 *
 * @example
 * maskLogger(app.log, masker); // inside the Probot app function
 */
export function maskLogger(logger: Logger, masker: Masker): void {
  const key = symbols.streamSym as unknown as keyof Logger;
  let owner: object = logger;
  for (let p: object | null = logger; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, key)) owner = p;
  }
  const record = owner as Record<PropertyKey, unknown>;
  const current = record[key] as Destination;
  if (current[MASKED] === true) return;
  withoutPayloads(record);
  namesOnce(record);
  guardNames(record);
  const wrapped = maskingDestination(masker, current);
  record[key] = wrapped;
  // Loggers between this one and the root that hold their own reference.
  for (let p: object | null = logger; p !== null && p !== owner; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, key)) (p as Record<PropertyKey, unknown>)[key] = wrapped;
  }
}

/**
 * Makes one child logger (and its own children) mask with `masker` instead
 * of the masker of the tree it belongs to: an installation's log lines get
 * that installation's masking settings. The line still reaches the same
 * destination, masked once.
 *
 * @example
 * const log = maskChild(app.log.child({ request }), maskers.forInstallation(42));
 */
export function maskChild(child: Logger, masker: Masker): Logger {
  const key = symbols.streamSym as unknown as keyof Logger;
  const record = child as unknown as Record<PropertyKey, unknown>;
  const current = record[key] as Destination;
  record[key] = maskingDestination(masker, (current[INNER] as Destination | undefined) ?? current);
  return child;
}
