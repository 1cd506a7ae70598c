import type { Nodes } from "mdast";

/** Elements that never hold content: opening one leaves nothing open. */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
/**
 * Elements whose content a browser reads as raw text, so a closing tag inside
 * them is not a tag at all: once one appears, nothing after it is trusted.
 */
const RAW_TEXT = new Set(["iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp"]);
// A tag ends at the first `>` outside quotes: `<span title="a>b</details>">` is one tag, as a
// browser reads it. A quote left open makes no complete tag (and so leaves the scope open).
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])(?:"[^"]*"|'[^']*'|[^'">])*>/y;
// Comments end as a browser ends them: `<!-->` and `<!--->` are whole, and `--!>` closes one too.
const COMMENT = /<!--(?:>|->|[\s\S]*?--!?>)/g;

/**
 * Follows which HTML elements are open as a reader's browser walks the
 * markdown in document order. GitHub renders markdown that follows an
 * opening HTML block like `<details>` or `<div>` inside that element (a
 * collapsed `<details>` hides it), so what sits inside an open element is
 * not what a person plainly sees. The estimate errs towards "open": an
 * unterminated tag, an unclosed comment, a declaration, a processing
 * instruction or a raw-text element leaves the scope open for good, and a
 * closing tag only closes an element that is open.
 *
 * @example
 * const scope = new HtmlScope();
 * scope.read("<details>");
 * scope.open;          // "<details>"
 * scope.read("</details>");
 * scope.open;          // undefined
 */
export class HtmlScope {
  private readonly stack: string[] = [];
  private stuck: string | undefined;

  /** The innermost open element as `<name>`, or undefined when nothing is open. */
  get open(): string | undefined {
    if (this.stuck !== undefined) return this.stuck;
    const top = this.stack.at(-1);
    return top === undefined ? undefined : `<${top}>`;
  }

  /** Reads the raw HTML of one `html` node. */
  read(html: string): void {
    const text = html.replace(COMMENT, (comment) => " ".repeat(comment.length));
    for (let at = text.indexOf("<"); at !== -1 && this.stuck === undefined; at = text.indexOf("<", at + 1)) {
      TAG.lastIndex = at;
      const tag = TAG.exec(text);
      if (!tag?.[2]) {
        // A `<` that starts no complete tag: a browser may read what follows as part of a tag.
        if (/^<[A-Za-z/!?]/.test(text.slice(at, at + 2))) this.stuck = text.slice(at, at + 12).split(/\s/)[0] ?? "<";
        continue;
      }
      const name = tag[2].toLowerCase();
      if (tag[1]) {
        const index = this.stack.lastIndexOf(name);
        if (index !== -1) this.stack.length = index;
      } else if (RAW_TEXT.has(name)) {
        this.stuck = `<${name}>`;
      } else if (!VOID.has(name)) {
        this.stack.push(name);
      }
      at += tag[0].length - 1;
    }
  }

  /** Reads every `html` node in a tree, in document order. */
  readTree(node: Nodes): void {
    if (node.type === "html") this.read(node.value);
    else if ("children" in node) for (const child of node.children) this.readTree(child);
  }
}

/**
 * Whether a raw HTML snippet is nothing but complete comments, which render as
 * nothing and open no element.
 *
 * @example
 * isOnlyComments("<!-- note -->"); // true
 * isOnlyComments("<details>");     // false
 */
export function isOnlyComments(html: string): boolean {
  return html.replace(COMMENT, "").trim() === "";
}
