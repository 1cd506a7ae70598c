import { pino, symbols, type DestinationStream, type Logger } from "pino";
import { backslashesEndingAt } from "./chars.js";
import type { Masker } from "./index.js";

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
 * the line stays valid JSON, with one `name` key (see `oneName`). `flush`, `flushSync` and `end` are passed on;
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
      target.write(masker.mask(oneName(line)));
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

const NAME_KEY = '"name":';
const NAME_TAIL = NAME_KEY.slice(1);

/**
 * A line with one `name` key. Every pino child given a `name` (Probot names
 * its own: "probot", "github", "http"; the app names its "jit-access") adds
 * one more to the line, and strict JSON pipelines reject duplicate keys.
 * JSON.parse keeps the last, the most specific, in the first one's place,
 * and only among keys of the same object (an error's own `name` stays).
 * Lines with at most one `"name":` of the line's own object are passed on as
 * they are: the others belong to nested objects (an issue's labels, a
 * commit's author, an error), which come from JavaScript objects and so hold
 * no duplicate key. Exported for its test.
 *
 * @example
 * oneName('{"name":"app","name":"event"}\n'); // '{"name":"event"}\n'
 */
export function oneName(line: string): string {
  const first = ownNameAt(line, 0);
  if (first === -1 || ownNameAt(line, first + 1) === -1 || !twoOwnNames(line, first)) return line;
  try {
    return `${JSON.stringify(JSON.parse(line))}${line.endsWith("\n") ? "\n" : ""}`;
  } catch {
    return line;
  }
}

/**
 * Where the first `"name":` at or after `from` starts, or -1. The search is
 * for `name":`, then for the quote before it: a substring search stops at
 * every occurrence of its first character, and a quote is every few
 * characters of a JSON line.
 */
function nameKeyAt(line: string, from: number): number {
  for (let k = line.indexOf(NAME_TAIL, from + 1); k !== -1; k = line.indexOf(NAME_TAIL, k + NAME_TAIL.length)) {
    if (line.charCodeAt(k - 1) === 34 /* " */) return k - 1;
  }
  return -1;
}

/**
 * Where the first `"name":` at or after `from` that may be a key of the
 * line's own object starts, or -1. One that follows a `{` (blanks between
 * aside) other than the line's first opens a nested object (`[{"name":`,
 * `"author":{"name":`) and cannot be: in JSON a quote inside a string is
 * escaped, so that brace is no string's. Most lines with nested names are
 * thus passed on without reading their structure (see {@link twoOwnNames});
 * a line that is not JSON is left to JSON.parse as before.
 */
function ownNameAt(line: string, from: number): number {
  for (let key = nameKeyAt(line, from); key !== -1; key = nameKeyAt(line, key + 1)) {
    const before = nonBlankBefore(line, key);
    if (before < 0 || line.charCodeAt(before) !== 123 /* { */ || nonBlankBefore(line, before) < 0) return key;
  }
  return -1;
}

/** The index of the last character before `at` that is not JSON white space, or -1. */
function nonBlankBefore(line: string, at: number): number {
  let i = at - 1;
  for (let c = line.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = line.charCodeAt(--i));
  return i;
}

/**
 * True when two of the `"name":` keys from `first` on belong to the line's
 * own object (depth 1), or when the line does not read as JSON (JSON.parse
 * then decides). Strings are stepped over whole with a search for their
 * closing quote, so a brace or a `"name":` inside one counts for nothing,
 * and only the few characters between strings are read one by one.
 */
function twoOwnNames(line: string, first: number): boolean {
  let depth = 0;
  let names = 0;
  let i = 0;
  for (let key = first; key !== -1; key = nameKeyAt(line, key + 1)) {
    while (i < key) {
      const c = line.charCodeAt(i);
      if (c !== 34 /* " */) {
        if (c === 123 /* { */ || c === 91 /* [ */) depth++;
        else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
        i++;
        continue;
      }
      let end = line.indexOf('"', i + 1);
      while (end !== -1 && backslashesEndingAt(line, end - 1, 0) % 2 === 1) end = line.indexOf('"', end + 1);
      if (end === -1) return true;
      i = end + 1;
    }
    // A key starts here only if the step did not land inside a string that holds it.
    if (i === key && depth === 1 && ++names === 2) return true;
  }
  return false;
}

const CHINDINGS = symbols.chindingsSym as unknown as PropertyKey;

/**
 * pino's `onChild` for a tree: a child that binds a `name` when an ancestor
 * bound one keeps only its own, in the first one's place, as `oneName` would
 * leave each line. Done once when the child is made rather than on every
 * line it writes (Probot makes children per webhook, and its HTTP logger
 * writes a line per request).
 */
function keepOneName(child: Logger): void {
  const record = child as unknown as Record<PropertyKey, unknown>;
  const chindings = record[CHINDINGS];
  if (typeof chindings !== "string") return;
  const first = chindings.indexOf(NAME_KEY);
  if (first === -1 || chindings.indexOf(NAME_KEY, first + 1) === -1) return;
  try {
    // pino keeps the bindings as the text of the line's fields: `,"key":value,…`.
    record[CHINDINGS] = `,${JSON.stringify(JSON.parse(`{${chindings.slice(1)}}`)).slice(1, -1)}`;
  } catch {
    // Left as it was; `oneName` still fixes each line.
  }
}

/** Makes every child of `root` made from now on keep one name (see keepOneName), after any `onChild` it had. */
function namesOnce(root: Record<PropertyKey, unknown>): void {
  const before = root["onChild"] as ((child: Logger) => void) | undefined;
  if ((before as { [MASKED]?: boolean } | undefined)?.[MASKED] === true) return;
  const onChild = (child: Logger) => {
    before?.(child);
    keepOneName(child);
  };
  root["onChild"] = Object.assign(onChild, { [MASKED]: true });
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
