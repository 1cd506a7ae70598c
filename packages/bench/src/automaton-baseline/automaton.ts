import type { CharSet } from "./charset.js";
import type { PatternNode } from "./parse.js";

/**
 * A position automaton (Glushkov): one state per character set occurrence in
 * the pattern, no empty transitions. Several patterns share one automaton, so
 * one pass over the text serves them all.
 */
export interface Automaton {
  /** The characters each position accepts. */
  readonly sets: readonly CharSet[];
  /** Positions a match can start with. */
  readonly first: readonly number[];
  /** Positions that may follow each position. */
  readonly follow: readonly (readonly number[])[];
  /** Positions a match can end with. */
  readonly accepting: readonly boolean[];
}

/** Counted repetitions are unrolled; past this many positions a pattern is refused as too large. */
export const MAX_POSITIONS = 4000;

export class PatternTooLargeError extends Error {}

interface Fragment {
  nullable: boolean;
  first: number[];
  last: number[];
}

/**
 * Builds the automaton that matches any of `patterns`.
 *
 * @example
 * buildAutomaton([parsePattern("ab+", false)]);
 */
export function buildAutomaton(patterns: readonly PatternNode[]): Automaton {
  const sets: CharSet[] = [];
  const follow: number[][] = [];
  const link = (from: readonly number[], to: readonly number[]) => {
    for (const p of from) follow[p]!.push(...to);
  };
  const seq = (a: Fragment, b: Fragment): Fragment => {
    link(a.last, b.first);
    return {
      nullable: a.nullable && b.nullable,
      first: a.nullable ? [...a.first, ...b.first] : a.first,
      last: b.nullable ? [...b.last, ...a.last] : b.last,
    };
  };
  const empty = (): Fragment => ({ nullable: true, first: [], last: [] });
  const build = (node: PatternNode): Fragment => {
    switch (node.kind) {
      case "set": {
        if (sets.length >= MAX_POSITIONS) throw new PatternTooLargeError();
        const p = sets.push(node.set) - 1;
        follow.push([]);
        return { nullable: false, first: [p], last: [p] };
      }
      case "seq":
        return node.items.map(build).reduce(seq, empty());
      case "alt": {
        const parts = node.items.map(build);
        return { nullable: parts.some((f) => f.nullable), first: parts.flatMap((f) => f.first), last: parts.flatMap((f) => f.last) };
      }
      case "repeat": {
        let out = empty();
        for (let k = 0; k < node.min; k++) out = seq(out, build(node.item));
        if (node.max === Infinity) {
          const loop = build(node.item);
          link(loop.last, loop.first);
          return seq(out, { ...loop, nullable: true });
        }
        for (let k = node.min; k < node.max; k++) out = seq(out, { ...build(node.item), nullable: true });
        return out;
      }
    }
  };
  const whole = patterns.map(build);
  const accepting = new Array<boolean>(sets.length).fill(false);
  for (const fragment of whole) for (const p of fragment.last) accepting[p] = true;
  return {
    sets,
    first: [...new Set(whole.flatMap((f) => f.first))],
    follow: follow.map((list) => [...new Set(list)]),
    accepting,
  };
}
