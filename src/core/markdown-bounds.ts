import type { Nodes, Root } from "mdast";
import { ALNUM, asciiSet, DIGITS, isIn } from "../masking/runs.js";

/*
 * What makes a text too costly to read as Markdown. The parser (micromark)
 * takes time that grows with the square of some shapes (runs of `*`, `_` or
 * `~~` left open, nested links, wide tables, setext headings, many lines),
 * and the walkers over its tree recurse: a 60 KB comment of `*` took minutes
 * and then overflowed the stack, 65 KB of setext headings took over two
 * minutes, and a body quoted 5,000 levels deep overflowed the walkers on
 * every reconcile, so a grant on that request never ended. Texts are
 * measured before they are parsed, in one pass, and refused beyond bounds
 * that a request form or a command comment does not come near; a refusal
 * says what to change. Everything is measured, fenced code too: which lines
 * the parser takes for code depends on every block around them (a fence in
 * a list item closes with it, one in an HTML block is none), and a measure
 * that guessed wrong would let the costly text through.
 */

/** Characters of the whole text. */
export const MAX_CHARACTERS = 65_536;
/** Lines of the whole text. */
export const MAX_LINES = 400;
/** Container markers (`>`, list bullets and numbers) at the start of one line. */
export const MAX_LINE_NESTING = 32;
/** Container markers in the whole text. */
export const MAX_CONTAINER_MARKERS = 1000;
/** Characters that may open or close inline markup: emphasis, strikethrough, links, tables, HTML, code. */
export const MAX_INLINE_MARKS = 800;
/** Columns of blanks that open a line (a tab counts four): nesting by indentation. */
export const MAX_INDENT = 64;
/** Levels of the parsed tree. */
export const MAX_TREE_DEPTH = 100;

const GT = 62;
const TAB = 9;
const BLANK = asciiSet(" \t");
const BULLETS = asciiSet("-*+");
/** Characters that may open or close inline markup wherever they stand; `_` only at a word's edge (see inlineMarks). */
const MARKS = asciiSet("*~[]|<`");
const ADVICE = "link to long logs and text instead of pasting them";

/**
 * Why `text` is not read as Markdown, or undefined when it may be: the
 * measure it exceeds, and how to write it instead.
 *
 * @example
 * markdownTooCostly("LGTM\n/approve"); // undefined
 * markdownTooCostly(">".repeat(5000) + " x"); // "a line nests quotes or lists 5000 deep (at most 32) …"
 */
export function markdownTooCostly(body: string): string | undefined {
  // Lines as the parser reads them: `\r\n` and a lone `\r` end a line too (see readMarkdown).
  const text = body.replace(/\r\n?/g, "\n");
  if (text.length > MAX_CHARACTERS) return `it is ${text.length} characters long (at most ${MAX_CHARACTERS.toLocaleString("en")}): ${ADVICE}`;
  let lines = 0;
  let markers = 0;
  let marks = 0;
  let deepest = 0;
  let indent = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lines++;
    const nesting = containerMarkers(text, start, end);
    deepest = Math.max(deepest, nesting);
    markers += nesting;
    marks += inlineMarks(text, start, end);
    indent = Math.max(indent, indentOf(text, start, end));
    start = end + 1;
  }
  if (lines > MAX_LINES) return `it is ${lines} lines long (at most ${MAX_LINES}): ${ADVICE}`;
  if (deepest > MAX_LINE_NESTING) return `a line nests quotes or lists ${deepest} deep (at most ${MAX_LINE_NESTING}): write it with less nesting`;
  if (indent > MAX_INDENT) return `a line is indented ${indent} columns (at most ${MAX_INDENT}): write it with less nesting`;
  if (markers > MAX_CONTAINER_MARKERS) return `it holds ${markers} quote and list markers (at most ${MAX_CONTAINER_MARKERS}): shorten it, or ${ADVICE}`;
  if (marks > MAX_INLINE_MARKS) {
    return `it holds ${marks} characters of formatting (\`*\`, \`_\`, \`~\`, \`[\`, \`]\`, \`|\`, \`<\`, backticks; at most ${MAX_INLINE_MARKS}): ${ADVICE}`;
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

/** Columns of the blanks that open the line `[start, end)`, a tab counting four. */
function indentOf(text: string, start: number, end: number): number {
  let columns = 0;
  for (let i = start; i < end && isIn(BLANK, text.charCodeAt(i)); i++) columns += text.charCodeAt(i) === TAB ? 4 : 1;
  return columns;
}

/** Container markers at the start of the line `[start, end)`: `>`, and bullets and numbers followed by a blank, after blanks. */
function containerMarkers(text: string, start: number, end: number): number {
  let count = 0;
  let i = start;
  for (;;) {
    while (i < end && isIn(BLANK, text.charCodeAt(i))) i++;
    if (i >= end) return count;
    const c = text.charCodeAt(i);
    if (c === GT) {
      count++;
      i++;
      continue;
    }
    let after: number;
    // `-`, `*`, `+`; or up to nine digits and `.` or `)`.
    if (isIn(BULLETS, c)) after = i + 1;
    else {
      let j = i;
      while (j < end && j - i < 9 && isIn(DIGITS, text.charCodeAt(j))) j++;
      if (j === i || (text[j] !== "." && text[j] !== ")")) return count;
      after = j + 1;
    }
    if (after < end && !isIn(BLANK, text.charCodeAt(after))) return count;
    count++;
    i = after;
  }
}

/** Characters in `[start, end)` that may open or close inline markup; an `_` between two letters or digits cannot. */
function inlineMarks(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isIn(MARKS, c)) count++;
    else if (c === 95 && !(isIn(ALNUM, text.charCodeAt(i - 1)) && isIn(ALNUM, text.charCodeAt(i + 1)))) count++;
  }
  return count;
}
