import { createHash } from "node:crypto";
import type { RecordedRequest } from "./records.js";

/**
 * The hash an approval binds to: the request's fields, canonically ordered,
 * so an edit to any of them — and nothing else — changes it.
 *
 * @example
 * hashRequest({ team: "ops", durationMs: 3600000, justification: "INC-1" }).length; // 64
 */
export function hashRequest(request: RecordedRequest): string {
  const fields: unknown[] = [request.team, request.durationMs ?? null, request.justification, request.ticket ?? null];
  // Only a ticked Emergency box joins the hash, so the hashes of earlier requests stay as they were.
  if (request.emergency === true) fields.push("emergency");
  const canonical = JSON.stringify(fields);
  return createHash("sha256").update(canonical).digest("hex");
}

/**
 * The hash of a body that could not be parsed, so the same broken body is
 * answered once and an edited one is looked at again.
 *
 * @example
 * hashBody("hello").length; // 64
 */
export function hashBody(body: string): string {
  return createHash("sha256").update(body.replace(/\r\n?/g, "\n").trim()).digest("hex");
}
