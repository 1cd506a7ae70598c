import { pino, symbols, type Logger } from "pino";
import { backslashesEndingAt } from "./chars.js";

/*
 * One `name` key a line. pino writes a name for the root's `name` option and
 * one more for each child that binds one, and the keys of the logged object
 * after them: a line may hold a name twice, which strict JSON pipelines
 * reject. Children are mended once, when made (`namesOnce`); a line that may
 * still hold two is mended by `oneName`, which the masking destination runs
 * on every line unless the logger told it, just before, that the line holds
 * one at most (`guardNames`).
 */

/** On a masking destination: takes, before each line a guarded logger writes, whether the line holds one name of its own at most. */
export const NAMES_TOLD = Symbol("jit-access.names-told");
/** Marks what this module installed on a logger, so that installing it again changes nothing. */
const OURS = Symbol("jit-access.one-name");

const CHINDINGS = symbols.chindingsSym as unknown as PropertyKey;
const STREAM = symbols.streamSym as unknown as PropertyKey;
const MIXIN = symbols.mixinSym as unknown as PropertyKey;
// At run time on pino 10, though not in its types.
const MERGE = (symbols as unknown as Record<string, symbol>)["mixinMergeStrategySym"]!;
const FORMATTERS = symbols.formattersSym as unknown as PropertyKey;
const TIME = symbols.timeSym as unknown as PropertyKey;
const MESSAGE_KEY = symbols.messageKeySym as unknown as PropertyKey;
const ERROR_KEY = symbols.errorKeySym as unknown as PropertyKey;
const NESTED_KEY = symbols.nestedKeySym as unknown as PropertyKey;
const HOOKS = symbols.hooksSym as unknown as PropertyKey;

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
  if (typeof chindings !== "string" || namesBound(chindings) < 2) return;
  try {
    // pino keeps the bindings as the text of the line's fields: `,"key":value,…`.
    record[CHINDINGS] = `,${JSON.stringify(JSON.parse(`{${chindings.slice(1)}}`)).slice(1, -1)}`;
  } catch {
    // Left as it was; `oneName` still fixes each line.
  }
}

/** Makes every child of `root` made from now on keep one name (see keepOneName), after any `onChild` it had. */
export function namesOnce(root: Record<PropertyKey, unknown>): void {
  const before = root["onChild"] as ((child: Logger) => void) | undefined;
  if ((before as { [OURS]?: boolean } | undefined)?.[OURS] === true) return;
  const onChild = (child: Logger) => {
    before?.(child);
    keepOneName(child);
  };
  root["onChild"] = Object.assign(onChild, { [OURS]: true });
}


type Mixin = (object: object, level: number, logger: Logger) => object;
type Merge = (object: object, mixed: object) => object;
interface Formatters {
  level?: unknown;
  log?: unknown;
}

/** What pino's own mixin merge does (proto.js): the logged object's keys over the mixin's. */
const mergeAsPino: Merge = (object, mixed) => Object.assign(mixed, object);
/** Returned by the guard's mixin where the logger had none: the merge then hands pino the object it was given. */
const NOTHING = Object.freeze({});
/** pino's own level formatter, which writes `"level":` and no name. */
const PINO_LEVEL = ((pino({}, { write() {} }) as unknown as Record<PropertyKey, unknown>)[FORMATTERS] as Formatters).level;
/** pino's time functions, which write `,"time":…` and no name. */
const PINO_TIMES: ReadonlySet<unknown> = new Set(Object.values(pino.stdTimeFunctions));

/**
 * Tells the masking destination, before each line a logger of `root`'s tree
 * writes, whether the line holds one name of its own at most, so that
 * `oneName` need not search it: pino calls the mixin with the logger and the
 * merge with the object it then writes. It does only where nothing else may
 * write a name (no log, level or time function of the caller's, no stream
 * hook, neither message nor error key called `name`, no nested key), the
 * logger's bindings hold one name at most, and the object holds none where
 * the bindings hold one. Anything else, or a line that comes otherwise, is
 * searched as before. Keeps a mixin the root had, and its merge.
 *
 * @example
 * guardNames(logger as unknown as Record<PropertyKey, unknown>);
 */
export function guardNames(root: Record<PropertyKey, unknown>): void {
  const mixin = root[MIXIN] as (Mixin & { [OURS]?: boolean }) | undefined;
  if (mixin?.[OURS] === true) return;
  const merge = (root[MERGE] as Merge | undefined) ?? mergeAsPino;
  // Set by the mixin, read and cleared by the merge that pino calls right after it.
  let writing: Record<PropertyKey, unknown> | null = null;
  const guard: Mixin = (object, level, logger) => {
    writing = logger as unknown as Record<PropertyKey, unknown>;
    return mixin === undefined ? NOTHING : mixin(object, level, logger);
  };
  root[MIXIN] = Object.assign(guard, { [OURS]: true });
  root[MERGE] = (object: object, mixed: object) => {
    const merged = mixed === NOTHING ? object : merge(object, mixed);
    const logger = writing;
    writing = null;
    if (logger !== null) tell(logger, merged);
    return merged;
  };
}

function tell(logger: Record<PropertyKey, unknown>, object: unknown): void {
  const told = (logger[STREAM] as Record<PropertyKey, unknown> | undefined)?.[NAMES_TOLD];
  if (typeof told === "function") (told as (atMostOne: boolean) => void)(atMostOneName(logger, object));
}

/** Whether the line `logger` writes for `object` holds one name of its own at most (see guardNames). */
function atMostOneName(logger: Record<PropertyKey, unknown>, object: unknown): boolean {
  const formatters = logger[FORMATTERS] as Formatters | undefined;
  if (formatters === undefined || formatters.log !== undefined || formatters.level !== PINO_LEVEL) return false;
  if (!PINO_TIMES.has(logger[TIME]) || (logger[HOOKS] as { streamWrite?: unknown } | undefined)?.streamWrite !== undefined) return false;
  if (logger[MESSAGE_KEY] === "name" || logger[ERROR_KEY] === "name" || (logger[NESTED_KEY] ?? null) !== null) return false;
  const bound = namesBound(logger[CHINDINGS]);
  return bound === 0 || (bound === 1 && !(typeof object === "object" && object !== null && Object.prototype.hasOwnProperty.call(object, "name")));
}

let lastBindings: unknown = null;
let lastNames = 0;

/** How many `"name":` a logger's bindings hold, nested ones too (2 for more than one); remembered for the last bindings asked. */
function namesBound(chindings: unknown): number {
  if (chindings === lastBindings) return lastNames;
  const first = typeof chindings === "string" ? chindings.indexOf(NAME_KEY) : 2;
  const names = first === -1 ? 0 : typeof chindings === "string" && chindings.indexOf(NAME_KEY, first + 1) === -1 ? 1 : 2;
  lastBindings = chindings;
  lastNames = names;
  return names;
}
