import type { Html, Nodes, RootContent } from "mdast";
import { HtmlScope, isOnlyComments } from "./html-scope.js";
import { readBoundedMarkdown, visibleText } from "./read-markdown.js";

export interface FormSection {
  /** The text a reader sees under the heading, trimmed. */
  visible: string;
  /** The markdown under the heading with every HTML node (comments too) cut out, trimmed. */
  source: string;
  /** The tag of the first HTML in the section that is not only comments (`<details>`, `<!--`), when there is one. */
  markup?: string;
  /** A task-list item directly in the section is ticked (`- [x]` or `- [X]`, as GitHub renders a checkbox field). */
  ticked: boolean;
  /** What in the section a reader does not read as its text, when there is some: an image (its alt text is not shown), struck-through text. */
  unread?: string;
}

export interface FormSections {
  /** Label (lower case) → each section under a top-level `###` heading of that label, outside HTML. */
  sections: Map<string, FormSection[]>;
  /** Field label (lower case) → each heading of that label that is not such a heading, and where it is. */
  misplaced: Map<string, { where: string }[]>;
  /** Why the body was not read at all (too costly to read as Markdown, see markdown-bounds.ts); no sections then. */
  refused?: string;
}

const FIELDS = new Set(["team", "duration", "justification", "ticket", "emergency"]);
const NO_RESPONSE = "_No response_";

/**
 * Splits an issue body into the sections a reader sees. A section starts at
 * a level-3 heading that is a direct child of the document and not inside an
 * HTML element left open before it, and runs to the next such heading; its
 * label is the heading's text as rendered. A heading named like a field that
 * is not such a heading (another level, setext included, or inside HTML) is
 * reported as misplaced; headings inside quotes, lists or code are content.
 * `_No response_` is read as empty.
 *
 * @example
 * readFormSections("### Team ###\n\nops<!-- x -->").sections.get("team"); // [{ visible: "ops", source: "ops", ticked: false }]
 */
export function readFormSections(body: string): FormSections {
  const sections = new Map<string, FormSection[]>();
  const misplaced = new Map<string, { where: string }[]>();
  const markdown = readBoundedMarkdown(body);
  if ("refused" in markdown) return { sections, misplaced, refused: markdown.refused };
  const scope = new HtmlScope();
  let current: { label: string; blocks: RootContent[] } | undefined;
  const flush = () => {
    if (current) sections.set(current.label, [...(sections.get(current.label) ?? []), toSection(current.blocks, markdown.source)]);
  };
  for (const block of markdown.root.children) {
    const inside = scope.open;
    scope.readTree(block);
    if (block.type === "heading") {
      const label = visibleText(block).replace(/\s+/g, " ").trim().toLowerCase();
      if (block.depth === 3 && inside === undefined) {
        flush();
        current = { label, blocks: [] };
        continue;
      }
      if (FIELDS.has(label)) {
        const where = inside === undefined ? `a level-${block.depth} heading` : `inside HTML (\`${inside}\`)`;
        misplaced.set(label, [...(misplaced.get(label) ?? []), { where }]);
      }
    }
    current?.blocks.push(block);
  }
  flush();
  return { sections, misplaced };
}

function toSection(blocks: RootContent[], source: string): FormSection {
  const first = blocks[0]?.position?.start.offset;
  const last = blocks.at(-1)?.position?.end.offset;
  if (first === undefined || last === undefined) return { visible: "", source: "", ticked: false };
  const ticked = blocks.some((block) => block.type === "list" && block.children.some((item) => item.checked === true));
  const html = blocks.flatMap(htmlNodes);
  let text = "";
  let at = first;
  for (const node of html) {
    const start = node.position?.start.offset ?? at;
    text += source.slice(at, start);
    at = node.position?.end.offset ?? start;
  }
  text = (text + source.slice(at, last)).replace(/\n{3,}/g, "\n\n").trim();
  if (text === NO_RESPONSE) return { visible: "", source: "", ticked };
  const section: FormSection = { visible: blocks.map(visibleText).filter((p) => p !== "").join("\n\n").trim(), source: text, ticked };
  const markup = html.find((node) => !isOnlyComments(node.value));
  // Named by its tag only: the rest is the requester's text, echoed into the
  // app's answer. (`-{2}`: "<!" and two dashes would open an HTML comment in a module.)
  if (markup) section.markup = (/<!-{2}|<[!?/]?[A-Za-z][A-Za-z0-9-]{0,30}/.exec(markup.value)?.[0] ?? "<").replace(/^<[^!].*$/, "$&>");
  const unread = unreadNode(blocks);
  if (unread) section.unread = unread;
  return section;
}

/**
 * What a reader does not read as text among `blocks`, first found: an image
 * shows a picture, which may show any words, while its alt text is what
 * would be taken; struck-through text reads as "not this"; a link whose text
 * is not its own address leads elsewhere than it reads (`[platform-admins]`
 * to another organisation's team). A bare address, which GitHub links
 * itself (a ticket's URL), reads as what it is.
 */
function unreadNode(blocks: RootContent[]): string | undefined {
  const stack: Nodes[] = [...blocks];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "image" || node.type === "imageReference") return "an image";
    if (node.type === "delete") return "struck-through text";
    if (node.type === "linkReference") return "a link";
    if (node.type === "link") {
      const text = visibleText(node);
      const bare = node.url === text || node.url === `mailto:${text}` || (/^www\./i.test(text) && node.url === `http://${text}`);
      if (!bare) return "a link whose text is not its address";
    }
    if ("children" in node) stack.push(...(node.children as Nodes[]));
  }
  return undefined;
}

/** Every `html` node in a tree, in document order. */
function htmlNodes(node: Nodes): Html[] {
  if (node.type === "html") return [node];
  return "children" in node ? node.children.flatMap((child: Nodes) => htmlNodes(child)) : [];
}
