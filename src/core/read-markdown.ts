import type { Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { markdownTooCostly, treeTooDeep } from "./markdown-bounds.js";

export interface Markdown {
  /** The syntax tree, with positions into `source`. */
  root: Root;
  /** The text that was parsed: the body with `\r\n` and `\r` read as `\n`. */
  source: string;
  /** `source` split into lines; line n of a position is `lines[n - 1]`. */
  lines: string[];
}

// Built once: micromark combines extensions on every call otherwise.
const OPTIONS = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };

/**
 * Parses what people write the way GitHub renders it: CommonMark with the
 * GitHub-flavoured extensions (tables, task lists, strikethrough, autolinks,
 * footnotes).
 *
 * @example
 * readMarkdown("> quote\n/approve").root.children[0]?.type; // "blockquote": the second line is a lazy continuation
 */
export function readMarkdown(body: string): Markdown {
  const source = body.replace(/\r\n?/g, "\n");
  return { root: fromMarkdown(source, OPTIONS), source, lines: source.split("\n") };
}

/**
 * `readMarkdown`, for text anyone may have written: refused, saying why,
 * where it is too costly to parse or its tree too deep to walk (see
 * markdown-bounds.ts), so that no comment or body can stall or crash a
 * reconcile.
 *
 * @example
 * readBoundedMarkdown(">".repeat(5000)); // { refused: "a line nests quotes or lists 5000 deep …" }
 */
export function readBoundedMarkdown(body: string): Markdown | { refused: string } {
  const costly = markdownTooCostly(body);
  if (costly !== undefined) return { refused: costly };
  const markdown = readMarkdown(body);
  const deep = treeTooDeep(markdown.root);
  return deep === undefined ? markdown : { refused: deep };
}

/**
 * The text a reader sees in a node: text and code as written, HTML (comments
 * included) and link reference definitions left out, footnote definitions
 * left out (GitHub shows them at the foot of the page, not here), a footnote
 * reference as its `[^label]`, an image as its alt text. Blocks are joined
 * by a blank line, the items of a list or rows of a table by a line break.
 *
 * @example
 * visibleText(readMarkdown("plat<!-- x -->form-admins").root); // "platform-admins"
 */
export function visibleText(node: Nodes): string {
  switch (node.type) {
    case "html":
    case "definition":
    case "footnoteDefinition":
      return "";
    case "break":
      return "\n";
    case "footnoteReference":
      return `[^${node.label ?? node.identifier}]`;
    case "image":
    case "imageReference":
      return node.alt ?? "";
    case "text":
    case "inlineCode":
    case "code":
      return node.value;
    default:
      break;
  }
  if (!("children" in node)) return "";
  const parts: string[] = node.children.map((child: Nodes) => visibleText(child));
  switch (node.type) {
    case "root":
    case "blockquote":
    case "listItem":
      return parts.filter((p) => p !== "").join("\n\n");
    case "list":
    case "table":
      return parts.join("\n");
    case "tableRow":
      return parts.join(" | ");
    default:
      return parts.join("");
  }
}
