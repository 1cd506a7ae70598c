/**
 * Waits, looking every 50 ms, until `done()` holds; throws naming `what`
 * (and, when given, what `describe()` says of the state) after `boundMs`.
 * Every wait in a drill is bounded, so a drill that goes wrong ends.
 *
 * @example
 * await until(() => github.teamMembers("acme", "ops").length === 6, "six members", 90_000, () => summary());
 */
export async function until(done: () => boolean, what: string, boundMs: number, describe?: () => string): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (!done()) throw new Error(`never happened within ${boundMs} ms: ${what}${describe ? `\n${describe()}` : ""}`);
}
