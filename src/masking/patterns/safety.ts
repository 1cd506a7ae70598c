import { EMPTY, intersection, intersects, union, type CharSet } from "./charset.js";
import type { PatternNode } from "./parse.js";

/*
 * Refuses the shapes that make backtracking engines take exponential time
 * ("ReDoS"): a repetition whose body can match the same text in more than one
 * way. The masker's own matcher is linear whatever the pattern, but a policy
 * is also read by people and other tools, and these shapes are nearly always
 * a mistake; refusing them keeps every accepted pattern safe anywhere.
 */

function nullable(node: PatternNode): boolean {
  switch (node.kind) {
    case "set":
      return false;
    case "seq":
      return node.items.every(nullable);
    case "alt":
      return node.items.some(nullable);
    case "repeat":
      return node.min === 0 || nullable(node.item);
  }
}

function first(node: PatternNode): CharSet {
  switch (node.kind) {
    case "set":
      return node.set;
    case "alt":
      return union(...node.items.map(first));
    case "repeat":
      return first(node.item);
    case "seq": {
      const sets: CharSet[] = [];
      for (const item of node.items) {
        sets.push(first(item));
        if (!nullable(item)) break;
      }
      return union(...sets);
    }
  }
}

function last(node: PatternNode): CharSet {
  if (node.kind !== "seq") return node.kind === "set" ? node.set : node.kind === "repeat" ? last(node.item) : union(...node.items.map(last));
  const sets: CharSet[] = [];
  for (let i = node.items.length - 1; i >= 0; i--) {
    sets.push(last(node.items[i]!));
    if (!nullable(node.items[i]!)) break;
  }
  return sets.length === 0 ? EMPTY : union(...sets);
}

function children(node: PatternNode): readonly PatternNode[] {
  return node.kind === "set" ? [] : node.kind === "repeat" ? [node.item] : node.items;
}

function* descendants(node: PatternNode): Generator<PatternNode> {
  yield node;
  for (const child of children(node)) yield* descendants(child);
}

const isVariable = (node: PatternNode) => node.kind === "repeat" && node.max > node.min;

/** A printable sample of a character set, for messages. */
function sample(set: CharSet): string {
  const code = set[0] ?? 32;
  return code > 32 && code < 127 ? String.fromCharCode(code) : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Explains why `node` can backtrack catastrophically, or returns null when it cannot.
 *
 * @example
 * catastrophicShape(parsePattern("(a+)+", false), "(a+)+"); // "nested quantifier …"
 */
export function catastrophicShape(root: PatternNode, source: string): string | null {
  const text = (node: PatternNode) => source.slice(node.from, node.to);
  if (nullable(root)) {
    return "it can match the empty string, which would mask nothing and match everywhere; make at least one part of it required";
  }
  for (const node of descendants(root)) {
    if (node.kind !== "repeat" || node.max <= 1) continue;
    const item = node.item;
    const quantifier = source.slice(item.to, node.to);
    const where = `"${quantifier}" at position ${item.to + 1} repeats "${text(item)}"`;
    if (nullable(item)) {
      return `${where}, which can match nothing, so it can repeat without end; make the repeated part match at least one character`;
    }
    const inner = [...descendants(item)].find(isVariable);
    if (inner !== undefined && intersects(first(item), last(item))) {
      return (
        `nested quantifier: ${where}, which contains the repetition "${text(inner)}" and can end with what it starts with ("${sample(intersection(first(item), last(item)))}"), ` +
        "so a backtracking engine may try exponentially many ways to split the text; fence each repetition with a character the inner part " +
        'cannot match (e.g. "(\\.[a-z]+)+", not "([a-z.]+)+"), or drop the inner quantifier ("a+" rather than "(a+)+")'
      );
    }
    for (const alt of descendants(item)) {
      if (alt.kind !== "alt") continue;
      for (let i = 0; i < alt.items.length; i++) {
        for (let j = i + 1; j < alt.items.length; j++) {
          const a = alt.items[i]!;
          const b = alt.items[j]!;
          if (!intersects(first(a), first(b))) continue;
          return (
            `overlapping alternation: ${where}, whose alternatives "${text(a)}" and "${text(b)}" can both start with "${sample(intersection(first(a), first(b)))}", ` +
            "so a backtracking engine may try every way of splitting the text between them; make the alternatives start differently " +
            '(e.g. "ab?" rather than "a|ab", "[0-9a-f]" rather than "\\d|[0-9a-f]")'
          );
        }
      }
    }
  }
  return null;
}
