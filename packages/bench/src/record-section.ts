/**
 * The document with the section between `<!-- bench:name -->` markers
 * replaced, or added at the end when the document has none yet. Nothing
 * outside the markers changes.
 *
 * @example
 * withSection("# Performance\n", "burst", "## Burst\n"); // "# Performance\n\n<!-- bench:burst -->\n## Burst\n<!-- /bench:burst -->\n"
 */
export function withSection(doc: string, name: string, section: string): string {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${begin}\n${section}${end}`;
  const at = doc.indexOf(begin);
  const until = doc.indexOf(end);
  return at >= 0 && until > at ? doc.slice(0, at) + block + doc.slice(until + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
}
