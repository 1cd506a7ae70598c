/**
 * GitHub's timestamp format: ISO-8601 in UTC with whole seconds.
 *
 * @example
 * isoTime(Date.UTC(2024, 0, 2, 3, 4, 5, 678)); // "2024-01-02T03:04:05Z"
 */
export function isoTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  // "YYYY-MM-DDTHH:mm:ss.sssZ" in years 0 to 9999 (cut without a regular expression: every payload carries several); others keep their form.
  return iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, "Z");
}

/**
 * GitHub's legacy global node id: base64 of "<len>:<Type><id>".
 *
 * @example
 * nodeId("User", 1); // "MDQ6VXNlcjE="
 */
export function nodeId(type: string, id: number): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString("base64");
}
