import type { Paragraph } from "mdast";
import { HtmlScope } from "./html-scope.js";
import { readBoundedMarkdown, type Markdown } from "./read-markdown.js";

export interface CommandLine {
  /** The line as shown; for a formatted line, only the plain text that opens it. */
  text: string;
  /** Something other than plain text (a link, code, emphasis, HTML, …) is on the line. */
  formatted: boolean;
}

interface Line {
  /** The plain text that opened the line, when it opened with plain text. */
  lead: string | undefined;
  text: string;
  formatted: boolean;
  /** Inside an open HTML element, or where the text's line breaks are not the source's. */
  hidden: boolean;
}

/**
 * The lines of a comment that a reader sees standing alone, where a command
 * may be: the lines of top-level paragraphs (direct children of the
 * document) outside any HTML element left open before them, whose source
 * reads the same as their rendering once up to three leading spaces and
 * trailing blanks are set aside. So a backslash escape or a character
 * reference (`\/approve`, `&#47;approve`) does not make a line, nor does a
 * line indented four spaces or by a tab, even where CommonMark continues a
 * paragraph with it. A line with anything but plain text on it comes marked
 * `formatted`, with only the plain text that opens it. The lines come in
 * order. A comment too costly to read as Markdown (see markdown-bounds.ts)
 * comes back refused, saying why.
 *
 * @example
 * commandLines("LGTM\n/approve\n\n> /deny");   // [{ text: "LGTM", formatted: false }, { text: "/approve", formatted: false }]
 * commandLines("/deny see `x`\n&#47;approve");  // [{ text: "/deny see ", formatted: true }]
 */
export function commandLines(body: string): CommandLine[] | { refused: string } {
  const markdown = readBoundedMarkdown(body);
  if ("refused" in markdown) return markdown;
  const scope = new HtmlScope();
  const found: CommandLine[] = [];
  for (const block of markdown.root.children) {
    if (block.type === "paragraph") found.push(...paragraphLines(block, markdown, scope));
    else scope.readTree(block);
  }
  return found;
}

function paragraphLines(paragraph: Paragraph, markdown: Markdown, scope: HtmlScope): CommandLine[] {
  const lines = new Map<number, Line>();
  const line = (n: number, lead?: string): Line => {
    let found = lines.get(n);
    if (!found) lines.set(n, (found = { lead, text: "", formatted: false, hidden: false }));
    return found;
  };
  const mark = (from: number, to: number, what: "formatted" | "hidden") => {
    for (let n = from; n <= to; n++) line(n)[what] = true;
  };
  for (const child of paragraph.children) {
    const start = child.position?.start.line;
    const end = child.position?.end.line;
    if (start === undefined || end === undefined) return [];
    if (child.type === "break") continue;
    if (child.type !== "text") {
      mark(start, end, "formatted");
      scope.readTree(child);
      continue;
    }
    const parts = child.value.split("\n");
    // A character reference can put a line break into the text that is not
    // one on the page (`&#10;`): the lines no longer match the source.
    if (parts.length - 1 !== end - start) {
      mark(start, end, "hidden");
      continue;
    }
    parts.forEach((part, i) => {
      const target = line(start + i, part);
      target.text += part;
      if (scope.open !== undefined) target.hidden = true;
    });
  }
  const found: CommandLine[] = [];
  for (const [n, { lead, text, formatted, hidden }] of lines) {
    const source = markdown.lines[n - 1] ?? "";
    if (hidden) continue;
    if (!formatted) {
      const shown = text.replace(/[ \t]+$/, "");
      if (shown !== "" && readsAsWritten(source, shown)) found.push({ text: shown, formatted });
    } else if (lead && source.includes(lead) && /^ {0,3}$/.test(source.slice(0, source.indexOf(lead)))) {
      found.push({ text: lead, formatted });
    }
  }
  return found;
}

/** The source line is the shown text, indented at most three spaces, with only blanks after it. */
function readsAsWritten(source: string, shown: string): boolean {
  const written = source.replace(/[ \t]+$/, "");
  return written.endsWith(shown) && /^ {0,3}$/.test(written.slice(0, written.length - shown.length));
}
