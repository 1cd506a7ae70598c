import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * OpenAPI 3.0 marks nullable schemas with `nullable: true`, which JSON Schema
 * (and ajv without a `type` beside it) does not know: rewrite it as a type
 * union, or as `anyOf` null for composed schemas.
 */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) out[key] = toJsonSchema(value);
  if (typeof out["nullable"] !== "boolean") return out;
  const nullable = out["nullable"];
  delete out["nullable"];
  if (!nullable) return out;
  const type = out["type"];
  if (typeof type === "string") {
    out["type"] = [type, "null"];
    const values = out["enum"];
    if (Array.isArray(values) && !values.includes(null)) out["enum"] = [...values, null];
    return out;
  }
  return { anyOf: [{ type: "null" }, out] };
}

export interface OpenApi {
  /** Whether GitHub's description has this operation, e.g. ("get", "/repos/{owner}/{repo}"). */
  hasOperation(method: string, path: string): boolean;
  /** The validator for one operation's JSON response, e.g. ("get", "/repos/{owner}/{repo}", 200). */
  response(method: string, path: string, status: number): ValidateFunction;
  /** Whether the description declares a JSON body for that response at all. */
  hasResponseSchema(method: string, path: string, status: number): boolean;
  /** Whether the description declares that status for the operation (with or without a body). */
  declaresStatus(method: string, path: string, status: number): boolean;
  /** The validator for a webhook payload, e.g. ("issue_comment", "created"). */
  webhook(event: string, action: string): ValidateFunction;
  /** The validator for a named component schema, e.g. "installation". */
  component(name: string): ValidateFunction;
}

const pointer = (...parts: string[]): string => parts.map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/**
 * Loads GitHub's REST description (github.com's, or GitHub Enterprise Cloud's
 * for the operations only it has) by file (the package main loads every
 * variant, hundreds of megabytes) and compiles validators on demand.
 *
 * @example
 * const api = loadOpenApi();
 * api.response("get", "/users/{username}", 200)(body);
 */
export function loadOpenApi(variant: "api.github.com" | "ghec" = "api.github.com"): OpenApi {
  const file = createRequire(import.meta.url).resolve(`@octokit/openapi/generated/${variant}.json`);
  const doc = toJsonSchema(JSON.parse(readFileSync(file, "utf8")) as Json) as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown>; $ref?: string }> }>>;
    components: { responses: Record<string, { content?: Record<string, unknown> }> };
  };
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  ajv.addSchema(doc as object, "openapi");
  const cache = new Map<string, ValidateFunction>();
  const compile = (ref: string): ValidateFunction => {
    let validate = cache.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi#/${ref}` });
      cache.set(ref, validate);
    }
    return validate;
  };
  const responseOf = (method: string, path: string, status: number) => {
    let response = doc.paths[path]?.[method]?.responses[String(status)];
    if (response?.$ref) response = doc.components.responses[response.$ref.split("/").pop() ?? ""];
    return response;
  };
  return {
    hasOperation: (method, path) => doc.paths[path]?.[method] !== undefined,
    response(method, path, status) {
      const raw = doc.paths[path]?.[method]?.responses[String(status)];
      if (!raw) throw new Error(`${method.toUpperCase()} ${path} declares no ${status} response`);
      const base = raw.$ref ? raw.$ref.replace(/^#\//, "") : pointer("paths", path, method, "responses", String(status));
      return compile(`${base}/${pointer("content", "application/json", "schema")}`);
    },
    hasResponseSchema: (method, path, status) => responseOf(method, path, status)?.content?.["application/json"] !== undefined,
    declaresStatus: (method, path, status) => responseOf(method, path, status) !== undefined,
    webhook: (event, action) => compile(pointer("components", "schemas", `webhook-${event.replace(/_/g, "-")}-${action}`)),
    component: (name) => compile(pointer("components", "schemas", name)),
  };
}

/**
 * Operations the emulator serves that only GitHub Enterprise Cloud's
 * description has; openapi-ghec.test.ts checks them against it.
 */
export const GHEC_ONLY = new Set(["GET /orgs/{org}/teams/{team_slug}/team-sync/group-mappings"]);

/**
 * ajv's errors, short enough to read in a failed assertion.
 *
 * @example
 * expect(validate(body), describeErrors(validate.errors)).toBe(true);
 */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 8)
    .map((error) => `${error.instancePath || "(root)"} ${error.message ?? ""} ${JSON.stringify(error.params)}`)
    .join("\n");
}
