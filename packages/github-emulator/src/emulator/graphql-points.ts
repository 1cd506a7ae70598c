import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from "graphql";
import { parsedDocument } from "./graphql-documents.js";

/**
 * The primary rate-limit points GitHub charges for a GraphQL query, by the
 * formula GitHub documents ("Calculating points for the primary rate
 * limit"): add up the requests needed to fulfil each connection, assuming
 * every connection reaches its `first`/`last` (a connection nested under
 * others needs one request per node its parents may return), divide by 100,
 * round, and charge at least 1.
 *
 * Computed from the document alone, as GitHub computes it before running
 * the query. `nodes(ids:)` is a list, not a connection: the formula does not
 * name it, so each connection below it is counted once per id (the higher
 * reading, as for type conditions below). A connection selected in two type conditions (`... on Issue`
 * and `... on PullRequest`) counts in both: the formula does not say that
 * GitHub takes only one, so this is the higher of the two readings.
 *
 * @example
 * graphqlPoints("{ viewer { repositories(first: 100) { nodes { issues(first: 50) { nodes { labels(first: 60) { nodes { name } } } } } } } }");
 * // 51: 1 + 100 + 5,000 requests, divided by 100
 */
export function graphqlPoints(query: string, variables: Record<string, unknown> = {}): number {
  let document: DocumentNode;
  try {
    document = parsedDocument(query);
  } catch {
    // GitHub refuses a document it cannot parse; it still counts as a request.
    return 1;
  }
  const known = fixedPoints.get(document);
  if (known !== undefined) return known;
  const read = { variable: false };
  const points = countPoints(document, variables, read);
  if (!read.variable) fixedPoints.set(document, points);
  return points;
}

/**
 * Points of documents whose page sizes and id lists are all written in the
 * document: the same whatever the variables, so worked out once (the app
 * sends the same few documents again and again).
 */
const fixedPoints = new WeakMap<DocumentNode, number>();

/** The formula over one document; `read.variable` turns true when a page size or id list came from a variable. */
function countPoints(document: DocumentNode, variables: Record<string, unknown>, read: { variable: boolean }): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let requests = 0;
  const walk = (set: SelectionSetNode | undefined, multiplier: number, seen: ReadonlySet<string>): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, multiplier, seen);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        // A fragment that spreads itself is invalid GraphQL; do not loop on it.
        if (!seen.has(name)) walk(fragments.get(name)?.selectionSet, multiplier, new Set([...seen, name]));
      } else {
        const page = pageSize(selection.arguments ?? [], variables, read);
        const listed = idCount(selection.arguments ?? [], variables, read);
        // `nodes(ids:)` is no connection, but each connection under it is needed once per id.
        if (page === undefined) walk(selection.selectionSet, multiplier * (listed ?? 1), seen);
        else {
          requests += multiplier;
          walk(selection.selectionSet, multiplier * page, seen);
        }
      }
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) walk(definition.selectionSet, 1, new Set());
  }
  return Math.max(1, Math.round(requests / 100));
}

/** The `first` or `last` a field is given (literal or variable): it marks the field as a connection. */
function pageSize(args: readonly { name: { value: string }; value: ValueNode }[], variables: Record<string, unknown>, read: { variable: boolean }): number | undefined {
  for (const arg of args) {
    if (arg.name.value !== "first" && arg.name.value !== "last") continue;
    if (arg.value.kind === Kind.VARIABLE) read.variable = true;
    const value = arg.value.kind === Kind.INT ? Number(arg.value.value) : arg.value.kind === Kind.VARIABLE ? variables[arg.value.name.value] : undefined;
    if (typeof value === "number" && Number.isFinite(value)) return value;
  }
  return undefined;
}

/** How many ids a list field is given (`nodes(ids: …)`, literal or variable), if any. */
function idCount(args: readonly { name: { value: string }; value: ValueNode }[], variables: Record<string, unknown>, read: { variable: boolean }): number | undefined {
  const ids = args.find((a) => a.name.value === "ids")?.value;
  if (ids?.kind === Kind.VARIABLE) read.variable = true;
  if (ids?.kind === Kind.LIST) return ids.values.length;
  const value = ids?.kind === Kind.VARIABLE ? variables[ids.name.value] : undefined;
  return Array.isArray(value) ? value.length : undefined;
}
