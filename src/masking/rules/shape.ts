import { asciiSet, runEnd, type AsciiSet } from "../runs.js";

/*
 * Token shapes written the way rule sets write them, a small subset of
 * regular-expression syntax (`[a-f0-9]{32}`, `-[0-9]{10,13}`, `\w{36,}`),
 * matched without backtracking: each class segment takes a greedy run of its
 * class, capped at its maximum unless it is the last segment (the last run is
 * taken whole, so a longer token is still masked whole); literals compare
 * exactly. A shape that needs backtracking to match (a class followed by a
 * literal from the same class) must be written so that it does not.
 */

interface ClassSegment {
  readonly set: AsciiSet;
  readonly min: number;
  readonly max: number;
}

type Segment = ClassSegment | { readonly literal: string };

/** A compiled shape: the segments, matched in order. */
export interface Shape {
  readonly source: string;
  readonly segments: readonly Segment[];
}

const ESCAPES: Readonly<Record<string, string>> = { w: "A-Za-z0-9_", d: "0-9" };

/** Reads a class body `[...]` starting after the `[`; returns its spec for {@link asciiSet} and where it ends. */
function readClass(source: string, from: number): { spec: string; end: number } {
  let spec = "";
  let i = from;
  while (i < source.length && source[i] !== "]") {
    if (source[i] === "\\") {
      const next = source[i + 1]!;
      // An escaped hyphen goes last, where asciiSet reads it as itself.
      spec += ESCAPES[next] ?? (next === "-" ? "" : next);
      if (next === "-") spec = `-${spec}`;
      i += 2;
    } else {
      spec += source[i];
      i++;
    }
  }
  if (i >= source.length) throw new SyntaxError(`shape ${source}: unclosed class`);
  // asciiSet reads a leading or trailing hyphen as itself.
  return { spec, end: i + 1 };
}

/** Reads a quantifier at `from` (`{m}`, `{m,}`, `{m,n}`, `+`, `*`, `?`), or {1,1}. */
function readQuantifier(source: string, from: number): { min: number; max: number; end: number } {
  const c = source[from];
  if (c === "+") return { min: 1, max: Number.POSITIVE_INFINITY, end: from + 1 };
  if (c === "*") return { min: 0, max: Number.POSITIVE_INFINITY, end: from + 1 };
  if (c === "?") return { min: 0, max: 1, end: from + 1 };
  if (c !== "{") return { min: 1, max: 1, end: from };
  const close = source.indexOf("}", from);
  const [low, high] = source.slice(from + 1, close).split(",");
  const min = Number(low);
  const max = high === undefined ? min : high === "" ? Number.POSITIVE_INFINITY : Number(high);
  return { min, max, end: close + 1 };
}

/**
 * Compiles a shape; throws on syntax it does not know, so a bad table row
 * fails at start-up rather than matching something else.
 *
 * @example
 * compileShape("[a-f0-9]{32}-us[0-9]{2}");
 */
export function compileShape(source: string): Shape {
  const segments: Segment[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    let spec: string | null = null;
    let literal: string | null = null;
    if (c === "[") {
      const read = readClass(source, i + 1);
      spec = read.spec;
      i = read.end;
    } else if (c === "\\") {
      const next = source[i + 1]!;
      if (ESCAPES[next] !== undefined) spec = ESCAPES[next]!;
      else literal = next;
      i += 2;
    } else if ("(){}|*+?^$".includes(c)) {
      throw new SyntaxError(`shape ${source}: unsupported ${c} at ${i}`);
    } else {
      literal = c;
      i++;
    }
    if (spec !== null) {
      const q = readQuantifier(source, i);
      segments.push({ set: asciiSet(spec), min: q.min, max: q.max });
      i = q.end;
    } else {
      const last = segments[segments.length - 1];
      if (last !== undefined && "literal" in last) segments[segments.length - 1] = { literal: last.literal + literal! };
      else segments.push({ literal: literal! });
    }
  }
  return { source, segments };
}

/**
 * Where the shape, matched from `from`, ends (at most `ceiling`), or -1.
 *
 * @example
 * matchShape(compileShape("[0-9]{3}"), new CodeUnits().of("1234"), 0, 4); // 4
 */
export function matchShape(shape: Shape, units: Uint16Array, from: number, ceiling: number): number {
  let at = from;
  const segments = shape.segments;
  for (let k = 0; k < segments.length; k++) {
    const segment = segments[k]!;
    if ("literal" in segment) {
      const literal = segment.literal;
      if (at + literal.length > ceiling) return -1;
      for (let j = 0; j < literal.length; j++) if (units[at + j] !== literal.charCodeAt(j)) return -1;
      at += literal.length;
      continue;
    }
    const last = k === segments.length - 1;
    const cap = last || segment.max === Number.POSITIVE_INFINITY ? ceiling : Math.min(ceiling, at + segment.max);
    const end = runEnd(units, at, segment.set, cap);
    if (end - at < segment.min) return -1;
    at = end;
  }
  return at;
}
