import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type YAMLError } from "yaml";

/** A line and column (both from 1) in a file; absent when nothing better than the file can be named. */
export interface Position {
  line?: number;
  column?: number;
}

/** A parsed YAML file: its plain value, and where each path's key or value sits. */
export interface YamlFile {
  data: unknown;
  /** Where the value at `path` starts ("value") or its key ("key"); as deep as the path exists. */
  locate(path: readonly PropertyKey[], at?: "key" | "value"): Position;
}

export type YamlRead = { ok: true; file: YamlFile } | { ok: false; message: string; position: Position };

const FRIENDLY: Record<string, (text: string, error: YAMLError) => string> = {
  DUPLICATE_KEY: (text, error) => `the key ${JSON.stringify(keyAt(text, error.pos[0]))} appears twice in the same mapping; keep one`,
  TAB_AS_INDENT: () => "a tab is used for indentation; indent with spaces",
  MULTIPLE_DOCS: () => "the file holds more than one YAML document (a second ---); keep one document per file",
  TAG_RESOLVE_FAILED: (_text, error) => `${error.message.replace(/^Unresolved tag/, "the tag")} is not supported; remove it`,
  BAD_INDENT: (_text, error) => `${lowerFirst(error.message)}; check the indentation`,
};

/**
 * Parses one YAML document with positions. Errors and warnings both count:
 * a tag or alias the parser could not resolve must not turn into a silently
 * different value. Only the first problem is reported, because what follows
 * a broken line is usually a consequence of it.
 *
 * @example
 * const read = readYaml("version: 1\nteams: {}\n");
 * read.ok && read.file.locate(["teams"]); // { line: 2, column: 8 }
 */
export function readYaml(text: string, budget: ValueBudget = { left: MAX_EXPANDED_VALUES }): YamlRead {
  const counter = new LineCounter();
  const at = (offset: number | undefined): Position => {
    if (offset === undefined) return { line: 1, column: 1 };
    const pos = counter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  // Keys given twice are found below in one pass: the library's own check compares each key with every one before it.
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: false, version: "1.2" });
  const error = doc.errors[0] ?? doc.warnings[0];
  if (error) {
    const friendly = FRIENDLY[error.code]?.(text, error) ?? lowerFirst(error.message.split("\n")[0] ?? "");
    return { ok: false, message: friendly, position: at(error.pos[0]) };
  }
  // A `%YAML 1.1` directive would read the file by other rules (`010` is eight, `yes` true) than the schema's.
  const version = doc.directives?.yaml.version;
  if (version !== undefined && version !== "1.2") return { ok: false, message: `the file asks for YAML ${version} (\`%YAML ${version}\`); policies are read as YAML 1.2: remove the directive`, position: at(0) };
  const { targets, anchors, twice } = aliasTargets(doc);
  if (twice !== undefined) return { ok: false, message: `the key ${JSON.stringify(twice.key)} appears twice in the same mapping; keep one`, position: at(twice.offset) };
  if (anchors > MAX_ANCHORS) {
    return { ok: false, message: `it holds ${anchors.toLocaleString("en")} anchors, more than the ${MAX_ANCHORS} one file may hold: share a few lists (approvers, say) and write the rest out`, position: at(0) };
  }
  if (targets.size > MAX_ALIASES) {
    return { ok: false, message: `it holds ${targets.size.toLocaleString("en")} aliases, more than the ${MAX_ALIASES.toLocaleString("en")} one file may hold (each is looked up among those before it): share a long list of approvers as an approver team (\`approvers.teams\`), or write fewer aliases`, position: at(0) };
  }
  const structural = structuralProblem(doc, targets);
  if (structural) return { ok: false, message: structural.message, position: at(structural.offset) };
  budget.left -= expandedSize(doc, targets);
  if (budget.left < 0) {
    return { ok: false, message: `the policy files stand for more than ${MAX_EXPANDED_VALUES.toLocaleString("en")} values with each alias counted as a copy of its anchor's value (reading them would hold up the app): share a long list of approvers as an approver team (\`approvers.teams\`), or split it`, position: at(0) };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml library refuses aliases that expand past its bound (nested aliases that multiply, "billion laughs").
    if (!(error instanceof ReferenceError)) throw error;
    return { ok: false, message: `its aliases expand too far (more than ${MAX_ALIAS_COUNT} copies of anchored values, counting aliases inside them): write the values out, or use fewer aliases`, position: at(0) };
  }
  return { ok: true, file: { data, locate: (path, where = "value") => at(offsetOf(doc, path, where, targets)) } };
}

/**
 * How far aliases may expand (the yaml library's `maxAliasCount`: an
 * anchor's uses times the aliases inside it). Policies of a large
 * organisation name one approvers anchor for hundreds of teams; nested
 * aliases that multiply reach the bound within a few levels.
 */
const MAX_ALIAS_COUNT = 10_000;

/**
 * How many values the policy files of one load may hold once every alias
 * stands for a copy of its anchor's value: the library's bound counts uses,
 * not size, so one anchored list of 10,000 logins shared by 999 teams
 * (110 KB) passed it as ten million values to read and check, and so would
 * the same spread over many files. A million values take about half a
 * second to check; two thousand teams of fifty approvers each are a tenth
 * of that.
 */
export const MAX_EXPANDED_VALUES = 1_000_000;

/**
 * How many aliases one file may hold: the yaml library looks each alias's
 * anchor up among the anchors and aliases before it, so a file's cost grows
 * with the square of their number (16,000 aliases in a 64 KB pull-request
 * file held the process for half a minute). A thousand teams sharing one
 * approvers anchor need a thousand.
 */
const MAX_ALIASES = 5_000;

/** What is left of {@link MAX_EXPANDED_VALUES} for the files of one load still to be read. */
export interface ValueBudget {
  left: number;
}

/**
 * How many anchors one file may hold: the yaml library walks the whole
 * document for each anchor an alias names (its alias count), so many
 * anchors cost their number times the file's size.
 */
const MAX_ANCHORS = 100;

/**
 * One pass in document order: each alias's node (an alias names the last
 * anchor of that name before it, YAML 1.2), how many anchors there are, and
 * the first key given twice in one mapping. The yaml library's
 * `Alias.resolve` walks the whole document on every call, and its check of
 * unique keys compares each key with every one before it: a file of many
 * aliases or keys cost its size times their number.
 */
function aliasTargets(doc: Document): { targets: Map<unknown, unknown>; anchors: number; twice?: { key: string; offset: number | undefined } } {
  const named = new Map<string, unknown>();
  const targets = new Map<unknown, unknown>();
  let anchors = 0;
  let twice: { key: string; offset: number | undefined } | undefined;
  visit(doc, (_key, node) => {
    if (isAlias(node)) targets.set(node, named.get(node.source));
    else if (node !== null && typeof node === "object" && "anchor" in node && typeof node.anchor === "string") {
      named.set(node.anchor, node);
      anchors++;
    }
    if (twice === undefined && isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = `${typeof pair.key.value}:${String(pair.key.value)}`;
        if (seen.has(key)) {
          twice = { key: String(pair.key.value), offset: pair.key.range?.[0] };
          break;
        }
        seen.add(key);
      }
    }
    return undefined;
  });
  return twice === undefined ? { targets, anchors } : { targets, anchors, twice };
}

/**
 * The number of values (scalars, lists, mappings, keys) the document holds
 * with each alias counted as its anchor's whole value, each node counted
 * once however often it is reached (memoised), so in time linear in the
 * document. An alias inside its own anchor counts as too many.
 */
function expandedSize(doc: Document, targets: Map<unknown, unknown>): number {
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  const size = (node: unknown): number => {
    if (node === null || typeof node !== "object") return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) return Number.POSITIVE_INFINITY;
    open.add(node);
    let total = 1;
    if (isAlias(node)) total = size(targets.get(node));
    else if (isMap(node)) for (const pair of node.items) total += size(pair.key) + size(pair.value);
    else if (isSeq(node)) for (const item of node.items) total += size(item);
    open.delete(node);
    sizes.set(node, total);
    return total;
  };
  return size(doc.contents);
}

/**
 * What `toJS` would fail on or silently rewrite: aliases to no anchor, keys
 * that are lists or mappings, keys YAML reads as something other than text
 * (`007:` is the number 7, so a team written `007` would be granted as team
 * `7`; `"16":` and `0x10:` would be one team given twice, unseen), and tags
 * written out (`!!merge <<: *anchor` would turn on the merge keys a bare
 * `<<` cannot: a team taking `self_approval` from another's block unseen).
 */
function structuralProblem(doc: Document, targets: Map<unknown, unknown>): { message: string; offset: number | undefined } | undefined {
  let found: { message: string; offset: number | undefined } | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (targets.get(node) !== undefined) return undefined;
      found = { message: `the alias *${node.source} names no anchor before it; define &${node.source} first`, offset: node.range?.[0] };
      return visit.BREAK;
    },
    Node(_key, node) {
      if (!("tag" in node) || node.tag === undefined) return undefined;
      found = { message: `the tag ${node.tag.replace(/^tag:yaml\.org,2002:/, "!!")} is not supported; remove it`, offset: node.range?.[0] };
      return visit.BREAK;
    },
    Pair(_key, pair) {
      if (pair.key === null) return undefined;
      if (!isScalar(pair.key)) {
        found = { message: "a key is a list or mapping; keys must be plain names", offset: (pair.key as { range?: [number] }).range?.[0] };
        return visit.BREAK;
      }
      const value = pair.key.value;
      // A tag on the key (`!!merge <<`) is told as a tag, when the key itself is visited.
      if (typeof value === "string" || pair.key.tag !== undefined) return undefined;
      const written = pair.key.source ?? String(value);
      const read = value === null ? "nothing (null)" : `${typeof value === "number" ? "the number" : "the value"} ${String(value)}`;
      found = { message: `the key ${written} is read as ${read}, not as the name written; quote it: ${JSON.stringify(written)}`, offset: pair.key.range?.[0] };
      return visit.BREAK;
    },
  });
  return found;
}

/** Each mapping's pairs by key, built once per mapping: locating every team of a large file stays linear. */
const PAIRS = new WeakMap<object, Map<string, { key: unknown; value: unknown }>>();

function pairNamed(map: { items: { key: unknown; value: unknown }[] }, segment: PropertyKey): { key: unknown; value: unknown } | undefined {
  let index = PAIRS.get(map);
  if (index === undefined) {
    index = new Map();
    for (const pair of map.items) if (isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair);
    PAIRS.set(map, index);
  }
  return index.get(String(segment));
}

function offsetOf(doc: Document, path: readonly PropertyKey[], where: "key" | "value", targets: Map<unknown, unknown>): number | undefined {
  let node: unknown = doc.contents;
  let keyOffset: number | undefined;
  for (const segment of path) {
    if (isAlias(node)) node = targets.get(node);
    let next: unknown;
    if (isMap(node)) {
      const pair = pairNamed(node, segment);
      if (!pair) return keyOffset ?? rangeStart(doc.contents);
      keyOffset = rangeStart(pair.key);
      next = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      next = node.items[segment];
      if (next === undefined) return keyOffset ?? rangeStart(doc.contents);
    } else {
      return keyOffset ?? rangeStart(doc.contents);
    }
    node = next;
  }
  if (where === "key" && keyOffset !== undefined) return keyOffset;
  return rangeStart(node) ?? keyOffset ?? rangeStart(doc.contents);
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number] } | null | undefined)?.range?.[0];
}

function keyAt(text: string, offset: number): string {
  return /^[^:\n]*/.exec(text.slice(offset))?.[0].trim() ?? "";
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
