/*
 * The `"name"` keys of a pino line's own object, counted the plain way
 * (character by character), for the tests of oneName and of the loggers
 * that skip it.
 */

/** The `"name"` keys at depth 1, read character by character; Infinity when a string never ends (JSON.parse then decides). */
export function ownNames(line: string): number {
  let depth = 0;
  let names = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
    else if (c === '"') {
      const start = i;
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === "\\") i++;
      if (i >= line.length) return Infinity;
      if (depth === 1 && line.slice(start, i + 1) === '"name"' && line[i + 1] === ":") names++;
    }
  }
  return names;
}
