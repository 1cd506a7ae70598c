/**
 * The words of policy problems. Every message says what was found and what
 * is allowed, so an author can fix the file without opening the docs.
 */

/** The first argument zod hands an error function: the issue with the value it saw. */
interface IssueInput {
  input?: unknown;
}

/**
 * How a value found in a policy file reads in a message.
 *
 * @example
 * show("2 hours"); // '"2 hours"'
 * show(null);      // "nothing"
 */
export function show(value: unknown): string {
  if (value === null) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/**
 * An error function for a zod schema: "found X; expected Y", or "missing;
 * expected Y" when the key is absent.
 *
 * @example
 * z.int({ error: expected("a whole number from 1 to 10") });
 */
export function expected(allowed: string | ((input: unknown) => string)): (issue: IssueInput) => string {
  return (issue) => {
    const what = typeof allowed === "string" ? allowed : allowed(issue.input);
    return issue.input === undefined ? `missing; expected ${what}` : `found ${show(issue.input)}; expected ${what}`;
  };
}

/**
 * The message for a key no schema knows, with the nearest allowed key when
 * it looks like a misspelling.
 *
 * @example
 * unknownKey("max_duraton", ["max_duration", "approvers"]);
 * // 'unknown key "max_duraton"; did you mean "max_duration"? Allowed here: max_duration, approvers'
 */
export function unknownKey(key: string, allowed: readonly string[]): string {
  const near = nearest(key, allowed);
  const list = allowed.length > 0 ? `Allowed here: ${allowed.join(", ")}` : "nothing is allowed here";
  return `unknown key ${JSON.stringify(key)}; ${near !== undefined ? `did you mean "${near}"? ` : ""}${list}`;
}

/** The allowed key within two edits of `key` (case ignored), if exactly one is that close. */
function nearest(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase().replace(/-/g, "_");
  const close = allowed.filter((candidate) => editDistance(lower, candidate) <= 2);
  return close.length === 1 ? close[0] : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * A path as people read it: `teams.ops.approvers.users[1]`.
 *
 * @example
 * formatPath(["teams", "ops", "approvers", "users", 1]); // "teams.ops.approvers.users[1]"
 */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}
