import { z } from "zod";
import { policyFileSchema } from "./policy-schema.js";

/** The part of a JSON Schema this code walks. */
export interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  items?: JsonSchemaNode;
  description?: string;
  [key: string]: unknown;
}

let cached: JsonSchemaNode | undefined;

/**
 * The policy file schema as JSON Schema (draft-07, which editors'
 * YAML support reads most widely), describing what an author writes:
 * fields with defaults are optional.
 *
 * @example
 * policyJsonSchema().properties?.teams; // the schema of the teams mapping
 */
export function policyJsonSchema(): JsonSchemaNode {
  cached ??= z.toJSONSchema(policyFileSchema, { target: "draft-7", io: "input" }) as JsonSchemaNode;
  return cached;
}

/**
 * The keys allowed in the mapping at `path` of a policy file.
 *
 * @example
 * allowedKeysAt(["teams", "ops", "ticket"]); // ["required", "pattern"]
 */
export function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let node: JsonSchemaNode | undefined = policyJsonSchema();
  for (const segment of path) {
    if (node === undefined) return [];
    if (typeof segment === "number") node = node.items;
    else node = node.properties?.[String(segment)] ?? (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
  }
  return Object.keys(node?.properties ?? mappingBranch(node)?.properties ?? {});
}

/** Of a node that allows several shapes (`anyOf`: a login or a pinned login), the one that is a mapping. */
function mappingBranch(node: JsonSchemaNode | undefined): JsonSchemaNode | undefined {
  const branches = node?.["anyOf"];
  return Array.isArray(branches) ? (branches as JsonSchemaNode[]).find((branch) => branch.properties !== undefined) : undefined;
}

/**
 * Every field a policy file can hold, as dotted paths under its parent
 * (`version`, `settings.masking.emails`, and for a team `ticket.pattern`),
 * so docs and tests can check that nothing is left out.
 *
 * @example
 * policyFieldPaths().team.includes("escalation.notify.users"); // true
 */
export function policyFieldPaths(): { file: string[]; team: string[] } {
  const root = policyJsonSchema();
  const team = root.properties?.teams?.additionalProperties;
  const { teams: _teams, ...fileLevel } = root.properties ?? {};
  return {
    file: ["teams", ...walk({ properties: fileLevel }, "")],
    team: typeof team === "object" ? walk(team, "") : [],
  };
}

function walk(node: JsonSchemaNode, prefix: string): string[] {
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) => [`${prefix}${key}`, ...walk(child, `${prefix}${key}.`)]);
}
