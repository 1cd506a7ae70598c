import type { Paragraph } from "mdast";
import { HtmlScope } from "./html-scope.js";
import { readMarkdown, type Markdown } from "./read-markdown.js";

interface Line {
  text: string;
  /** Something other than plain text is on the line, or it sits inside open HTML. */
  tainted: boolean;
}

/**
 * The lines of a comment that a reader sees as plain text standing alone,
 * where a command may be: the lines of top-level paragraphs (direct children
 * of the document) made only of `text`, outside any HTML element left open
 * before them, and whose source reads the same as their rendering once up to
 * three leading spaces and trailing blanks are set aside. So a backslash
 * escape or a character reference (`\/approve`, `&#47;approve`) does not
 * make a line, nor does a line indented four spaces or by a tab, even where
 * CommonMark continues a paragraph with it. The lines come in order.
 *
 * @example
 * commandLines("LGTM\n/approve\n\n> /deny");     // ["LGTM", "/approve"]
 * commandLines("`/approve`\n&#47;approve");     // []
 */
export function commandLines(body: string): string[] {
  const markdown = readMarkdown(body);
  const scope = new HtmlScope();
  const found: string[] = [];
  for (const block of markdown.root.children) {
    if (block.type === "paragraph") found.push(...paragraphLines(block, markdown, scope));
    else scope.readTree(block);
  }
  return found;
}

function paragraphLines(paragraph: Paragraph, markdown: Markdown, scope: HtmlScope): string[] {
  const lines = new Map<number, Line>();
  const line = (n: number): Line => {
    let found = lines.get(n);
    if (!found) lines.set(n, (found = { text: "", tainted: false }));
    return found;
  };
  const taint = (from: number, to: number) => {
    for (let n = from; n <= to; n++) line(n).tainted = true;
  };
  for (const child of paragraph.children) {
    const start = child.position?.start.line;
    const end = child.position?.end.line;
    if (start === undefined || end === undefined) return [];
    if (child.type === "break") continue;
    if (child.type !== "text") {
      taint(start, end);
      scope.readTree(child);
      continue;
    }
    const parts = child.value.split("\n");
    // A character reference can put a line break into the text that is not
    // one on the page (`&#10;`): the lines no longer match the source.
    if (parts.length - 1 !== end - start) {
      taint(start, end);
      continue;
    }
    parts.forEach((part, i) => {
      const target = line(start + i);
      target.text += part;
      if (scope.open !== undefined) target.tainted = true;
    });
  }
  const found: string[] = [];
  for (const [n, { text, tainted }] of lines) {
    const shown = text.replace(/[ \t]+$/, "");
    if (!tainted && shown !== "" && readsAsWritten(markdown.lines[n - 1] ?? "", shown)) found.push(shown);
  }
  return found;
}

/** The source line is the shown text, indented at most three spaces, with only blanks after it. */
function readsAsWritten(source: string, shown: string): boolean {
  const written = source.replace(/[ \t]+$/, "");
  return written.endsWith(shown) && /^ {0,3}$/.test(written.slice(0, written.length - shown.length));
}
