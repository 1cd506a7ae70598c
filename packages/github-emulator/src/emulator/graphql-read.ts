import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getArgumentValues,
  getDirectiveValues,
  getVariableValues,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  typeFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLAbstractType,
  type GraphQLLeafType,
  type GraphQLList,
  type GraphQLNonNull,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/** The read could not be answered here: graphql-js answers it, errors and all. */
const DEFER = Symbol("defer");

interface Run {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** The fields of each merged selection for each object type, collected once per query (every item of a list has the same). */
  collected: Map<readonly FieldNode[], Map<GraphQLObjectType, Map<string, FieldNode[]>>>;
  /** Each field's arguments, coerced once per query (the resolvers only read them). */
  args: Map<FieldNode, Record<string, unknown>>;
}

/**
 * Runs a query (not a mutation) against plain resolver objects as graphql-js
 * does for them — each field read from its object, called with its
 * arguments when it is a function, completed by its type — and returns the
 * same `data`, or undefined whenever anything would be an error (bad
 * variables, a resolver that throws or returns an Error, a null where the
 * schema says non-null, a type it cannot tell): graphql-js then runs the
 * query and answers with GitHub's errors. The app reads a request with one
 * query of a few hundred fields; graphql-js's general executor spent most of
 * the emulator's time answering it.
 *
 * @example
 * readQuery(schema, document, rootValue, { owner: "acme", name: "access", number: 7 }); // { rateLimit: {…}, repository: {…} } or undefined
 */
export function readQuery(schema: GraphQLSchema, document: DocumentNode, rootValue: Record<string, unknown>, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations[0];
  const queryType = schema.getQueryType();
  if (operations.length !== 1 || operation?.operation !== "query" || !queryType) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs);
  if (coerced.errors) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const run: Run = { schema, fragments, variables: coerced.coerced, collected: new Map(), args: new Map() };
  try {
    const data = completeObject(run, queryType, fieldsOf(run, queryType, [operation.selectionSet]), rootValue);
    return data === DEFER ? undefined : data;
  } catch {
    return undefined;
  }
}

/** The fields of `selections` that apply to an object of `type`, by response key, as graphql-js collects them. */
function fieldsOf(run: Run, type: GraphQLObjectType, selections: readonly SelectionSetNode[]): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  const collect = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (!included(run, selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const list = fields.get(key);
        if (list) list.push(selection);
        else fields.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || applies(run, selection.typeCondition.name.value, type)) collect(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const fragment = run.fragments.get(name);
        if (fragment && applies(run, fragment.typeCondition.name.value, type)) collect(fragment.selectionSet);
      }
    }
  };
  for (const set of selections) collect(set);
  return fields;
}

function included(run: Run, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, run.variables)?.["if"] === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, run.variables)?.["if"] !== false;
}

function applies(run: Run, condition: string, type: GraphQLObjectType): boolean {
  const named = typeFromAST(run.schema, { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: condition } });
  if (!named) return false;
  if (named === type) return true;
  return isAbstractType(named) && run.schema.isSubType(named, type);
}

function completeObject(run: Run, type: GraphQLObjectType, fields: Map<string, FieldNode[]>, source: unknown): Record<string, unknown> | typeof DEFER {
  const result: Record<string, unknown> = {};
  const defs = type.getFields();
  for (const [key, nodes] of fields) {
    const node = nodes[0]!;
    const name = node.name.value;
    if (name === "__typename") {
      result[key] = type.name;
      continue;
    }
    const def = defs[name];
    if (!def) return DEFER;
    const property = (source as Record<string, unknown>)[name];
    let value = property;
    if (typeof property === "function") {
      let args = run.args.get(node);
      if (!args) run.args.set(node, (args = getArgumentValues(def, node, run.variables)));
      value = (property as (args: unknown) => unknown).call(source, args);
    }
    const completed = complete(run, def.type, nodes, value);
    if (completed === DEFER) return DEFER;
    result[key] = completed;
  }
  return result;
}

/** What an output type is, told once per type: graphql-js's type tests are `instanceof` checks, costly outside production. */
type TypeKind = "non-null" | "list" | "leaf" | "object" | "abstract" | "other";
const kinds = new WeakMap<GraphQLOutputType, TypeKind>();

function kindOf(type: GraphQLOutputType): TypeKind {
  let kind = kinds.get(type);
  if (kind === undefined) {
    kind = isNonNullType(type) ? "non-null" : isListType(type) ? "list" : isLeafType(type) ? "leaf" : isObjectType(type) ? "object" : isAbstractType(type) ? "abstract" : "other";
    kinds.set(type, kind);
  }
  return kind;
}

function complete(run: Run, type: GraphQLOutputType, nodes: readonly FieldNode[], value: unknown): unknown {
  if (value instanceof Error) return DEFER;
  const kind = kindOf(type);
  if (kind === "non-null") {
    const inner = complete(run, (type as GraphQLNonNull<GraphQLOutputType>).ofType, nodes, value);
    return inner === null ? DEFER : inner;
  }
  if (value === null || value === undefined) return null;
  if (kind === "list") {
    if (!Array.isArray(value)) return DEFER;
    const items: unknown[] = [];
    for (const item of value) {
      const completed = complete(run, (type as GraphQLList<GraphQLOutputType>).ofType, nodes, item);
      if (completed === DEFER) return DEFER;
      items.push(completed);
    }
    return items;
  }
  if (kind === "leaf") {
    const serialized: unknown = (type as GraphQLLeafType).serialize(value);
    return serialized === null || serialized === undefined ? DEFER : serialized;
  }
  let objectType: GraphQLObjectType | undefined;
  if (kind === "object") objectType = type as GraphQLObjectType;
  else if (kind === "abstract") {
    const typename = (value as { __typename?: unknown }).__typename;
    const runtime = typeof typename === "string" ? run.schema.getType(typename) : undefined;
    if (runtime && kindOf(runtime as GraphQLOutputType) === "object" && run.schema.isSubType(type as GraphQLAbstractType, runtime as GraphQLObjectType)) objectType = runtime as GraphQLObjectType;
  }
  if (!objectType) return DEFER;
  return completeObject(run, objectType, subfields(run, objectType, nodes), value);
}

function subfields(run: Run, type: GraphQLObjectType, nodes: readonly FieldNode[]): Map<string, FieldNode[]> {
  let byType = run.collected.get(nodes);
  if (!byType) run.collected.set(nodes, (byType = new Map()));
  let fields = byType.get(type);
  if (!fields) byType.set(type, (fields = fieldsOf(run, type, nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])))));
  return fields;
}
