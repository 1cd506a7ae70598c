/** Documentation link GitHub attaches to its error bodies. */
export const DOCS_URL = "https://docs.github.com/rest";

/**
 * An error that becomes a GitHub-shaped JSON error response. `detail` only
 * lengthens the thrown error's text (for callers of the emulator's own API);
 * the response body carries GitHub's terse message.
 *
 * @example
 * throw new HttpError(404, "Not Found", {}, "issue acme/app#7");
 * // -> 404 { "message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404" }
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly bodyMessage: string,
    readonly extra: Record<string, unknown> = {},
    detail?: string,
  ) {
    super(detail === undefined ? bodyMessage : `${bodyMessage}: ${detail}`);
    this.name = "HttpError";
  }

  /** The response body GitHub sends for this error. */
  body(): Record<string, unknown> {
    return { message: this.bodyMessage, documentation_url: DOCS_URL, status: String(this.status), ...this.extra };
  }
}

/**
 * A 404 as GitHub answers it.
 *
 * @example
 * throw notFound("issue acme/app#7");
 */
export function notFound(what: string): HttpError {
  return new HttpError(404, "Not Found", {}, what);
}

/**
 * A 422 "Validation Failed" with GitHub's `errors` list.
 *
 * @example
 * throw validationFailed("Issue", "title", "missing_field");
 */
export function validationFailed(resource: string, field: string, code: string, message?: string): HttpError {
  const error: Record<string, string> = { resource, field, code };
  if (message !== undefined) error["message"] = message;
  return new HttpError(422, "Validation Failed", { errors: [error] }, `${resource}.${field} ${code}`);
}
