import { parse, type DocumentNode } from "graphql";

/** Documents kept parsed: the app sends the same few again and again (its variables change, not its text). */
const KEPT = 64;
const parsed = new Map<string, DocumentNode | Error>();

/**
 * A GraphQL document parsed once per text: weighing a request (points,
 * content creation) and running it read the same tree. A text that does not
 * parse throws GraphQL's syntax error every time it is asked for.
 *
 * @example
 * parsedDocument("{ rateLimit { remaining } }").definitions.length; // 1
 */
export function parsedDocument(source: string): DocumentNode {
  let outcome = parsed.get(source);
  if (outcome === undefined) {
    try {
      outcome = parse(source);
    } catch (error) {
      outcome = error instanceof Error ? error : new Error(String(error));
    }
    if (parsed.size >= KEPT) parsed.delete(parsed.keys().next().value!);
    parsed.set(source, outcome);
  }
  if (outcome instanceof Error) throw outcome;
  return outcome;
}
