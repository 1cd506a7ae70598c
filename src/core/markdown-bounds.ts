import type { Nodes, Root } from "mdast";

/*
 * What makes a text too costly to read as Markdown. The parser (micromark)
 * takes time that grows with the square of some shapes, and the walkers
 * over its tree recurse: a 60 KB comment of `*` took minutes and then
 * overflowed the stack, and a body quoted 5,000 levels deep overflowed the
 * walkers on every reconcile, so a grant on that request never ended. Texts
 * are measured before they are parsed, in one pass, and refused beyond
 * bounds that no request form or command comment comes near; a refusal says
 * what to change. Fenced code is not measured: the parser reads it as it is.
 */

/** Container markers (`>`, list bullets and numbers) at the start of one line. */
export const MAX_LINE_NESTING = 32;
/** Container markers in the whole text. */
export const MAX_CONTAINER_MARKERS = 2000;
/** Characters that may open or close inline markup outside fenced code: emphasis, strikethrough, links, tables, HTML. */
export const MAX_INLINE_MARKS = 500;
/** Columns of blanks that open a line (a tab counts four): nesting by indentation. */
export const MAX_INDENT = 128;
/** Levels of the parsed tree. */
export const MAX_TREE_DEPTH = 100;

const GT = 62;
const SPACE = 32;
const TAB = 9;

/**
 * Why `text` is not read as Markdown, or undefined when it may be: the
 * measure it exceeds, and how to write it instead.
 *
 * @example
 * markdownTooCostly("LGTM\n/approve"); // undefined
 * markdownTooCostly(">".repeat(5000) + " x"); // "a line nests quotes or lists 5000 deep (at most 32) …"
 */
export function markdownTooCostly(text: string): string | undefined {
  let markers = 0;
  let marks = 0;
  let fence = "";
  let deepest = 0;
  let indent = 0;
  // A line that may open an HTML block (`<` after at most three spaces): some such blocks run on past blank lines
  // and would hold a fence line as their own text, the lines after them read as Markdown. From then on no fence is
  // taken as one here: what follows is measured, whatever the parser makes of it.
  let html = false;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const opened = fenceAt(text, start, end);
    if (fence !== "") {
      // A fence closes with at least as many of its character, and nothing after them but blanks.
      if (opened !== "" && opened[0] === fence[0] && opened.length >= fence.length && text.slice(start, end).trim() === opened) fence = "";
    } else if (opened !== "" && !html) {
      fence = opened;
    } else {
      const nesting = containerMarkers(text, start, end);
      deepest = Math.max(deepest, nesting);
      markers += nesting;
      marks += inlineMarks(text, start, end);
      indent = Math.max(indent, indentOf(text, start, end));
      html ||= opensWithAngle(text, start, end);
    }
    start = end + 1;
  }
  if (deepest > MAX_LINE_NESTING) return `a line nests quotes or lists ${deepest} deep (at most ${MAX_LINE_NESTING}): write it with less nesting`;
  if (indent > MAX_INDENT) return `a line is indented ${indent} columns (at most ${MAX_INDENT}): write it with less nesting, or put it in a fenced code block`;
  if (markers > MAX_CONTAINER_MARKERS) return `it holds ${markers} quote and list markers (at most ${MAX_CONTAINER_MARKERS}): shorten it, or put long text in a fenced code block`;
  if (marks > MAX_INLINE_MARKS) {
    return `it holds ${marks} characters of inline formatting (\`*\`, \`_\`, \`~\`, \`[\`, \`]\`, \`|\`, \`<\`, outside code blocks; at most ${MAX_INLINE_MARKS}): put logs and long text in a fenced code block (\`\`\`), or link to them`;
  }
  return undefined;
}

/**
 * Why a parsed tree is too deep for the walkers that recurse over it, or
 * undefined. Measured without recursion.
 *
 * @example
 * treeTooDeep(readMarkdown("*a*").root); // undefined
 */
export function treeTooDeep(root: Root): string | undefined {
  const stack: [Nodes, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_TREE_DEPTH) return `its formatting nests more than ${MAX_TREE_DEPTH} levels deep: write it with less nesting`;
    if ("children" in node) for (const child of node.children as Nodes[]) stack.push([child, depth + 1]);
  }
  return undefined;
}

/**
 * The fence (its run of backticks or tildes) a line at `[start, end)` opens
 * or closes, or "": three or more after at most three spaces, and for
 * backticks no backtick after them (CommonMark's rule: such a line is text).
 */
function fenceAt(text: string, start: number, end: number): string {
  let i = start;
  while (i < end && i - start < 3 && text.charCodeAt(i) === SPACE) i++;
  const c = text[i];
  if (c !== "`" && c !== "~") return "";
  let j = i;
  while (j < end && text[j] === c) j++;
  if (j - i < 3 || (c === "`" && text.slice(j, end).includes("`"))) return "";
  return text.slice(i, j);
}

/** True when the line `[start, end)` starts with `<` after at most three spaces, where an HTML block may open. */
function opensWithAngle(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && i - start < 3 && text.charCodeAt(i) === SPACE) i++;
  return text.charCodeAt(i) === 60;
}

/** Columns of the blanks that open the line `[start, end)`, a tab counting four. */
function indentOf(text: string, start: number, end: number): number {
  let columns = 0;
  for (let i = start; i < end && isBlank(text.charCodeAt(i)); i++) columns += text.charCodeAt(i) === TAB ? 4 : 1;
  return columns;
}

/** Container markers at the start of the line `[start, end)`: `>`, and bullets and numbers followed by a blank, after blanks. */
function containerMarkers(text: string, start: number, end: number): number {
  let count = 0;
  let i = start;
  for (;;) {
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    if (i >= end) return count;
    const c = text.charCodeAt(i);
    if (c === GT) {
      count++;
      i++;
      continue;
    }
    let after: number;
    // `-`, `*`, `+`; or up to nine digits and `.` or `)`.
    if (c === 45 || c === 42 || c === 43) after = i + 1;
    else {
      let j = i;
      while (j < end && j - i < 9 && isDigit(text.charCodeAt(j))) j++;
      if (j === i || (text[j] !== "." && text[j] !== ")")) return count;
      after = j + 1;
    }
    if (after < end && !isBlank(text.charCodeAt(after))) return count;
    count++;
    i = after;
  }
}

/** Characters in `[start, end)` that may open or close inline markup; an `_` between two letters or digits cannot. */
function inlineMarks(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 126 || c === 91 || c === 93 || c === 124 || c === 60) count++;
    else if (c === 95 && !(isWordCode(text.charCodeAt(i - 1)) && isWordCode(text.charCodeAt(i + 1)))) count++;
  }
  return count;
}

function isWordCode(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}
