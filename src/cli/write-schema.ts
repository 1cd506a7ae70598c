import { writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { policyJsonSchema } from "../core/policy-json-schema.js";

export const SCHEMA_PATH = "policies/schema.json";

/**
 * The text of policies/schema.json, generated from the zod schema so that
 * editors check exactly what the app checks.
 *
 * @example
 * JSON.parse(renderSchema()).title; // "jit-access policy file"
 */
export function renderSchema(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}

/**
 * `npm run schema`: writes policies/schema.json. A test fails while the
 * committed file differs from what this writes.
 *
 * @example
 * await writeSchema();
 */
export async function writeSchema(path = SCHEMA_PATH): Promise<void> {
  await writeFile(path, renderSchema());
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await writeSchema(process.argv[2]);
