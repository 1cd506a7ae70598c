import type { Candidate } from "./table-candidates.js";

/*
 * A bucket of candidates split once more, by the code unit at the one
 * position that tells them apart best. `xoxb-`, `xoxp-`, `xoxe-`, `xoxo-`…
 * share their first three characters; comparing each against the text costs
 * a dozen comparisons at every `x` of `xoxb-xapp-…`, where one look-up at
 * their fourth leaves the one that may hold. Only a filter: a candidate
 * left in is still checked whole.
 */

/** Buckets of candidates by a code unit: 0–127 by the character, 128 for any from 128 on (or none). */
export const BUCKETS = 129;

const NONE: readonly never[] = [];

/** Candidates by the code unit at `reference + probe` (128: any from 128 on, or none there); `split` false when every list is the same. */
export interface Probed<T = Candidate> {
  readonly probe: number;
  readonly split: boolean;
  readonly lists: readonly (readonly T[])[];
}

// Most buckets are empty: one shared split for all of them keeps start-up quick.
const EMPTY: Probed<never> = { probe: 0, split: false, lists: new Array<readonly never[]>(BUCKETS).fill(NONE) };

/**
 * Splits `candidates` (kept in order in every list) by the position,
 * relative to a reference point, whose code unit leaves the fewest to
 * compare (summed over the lists a look-up may give):
 * `unitAt(c, r)` is candidate c's unit at r (undefined where it has none),
 * `extent(c)` the positions `[from, to)` where it has them. A candidate
 * without a unit at the chosen position goes in every list.
 *
 * @example
 * const probed = probeSplit(bucket, (c, r) => c.codes[r], (c) => [2, c.codes.length]);
 * candidatesAt(probed, units, at); // those whose unit at at + probed.probe is the text's
 */
export function probeSplit<T>(candidates: readonly T[], unitAt: (c: T, relative: number) => number | undefined, extent: (c: T) => readonly [number, number]): Probed<T> {
  if (candidates.length === 0) return EMPTY;
  if (candidates.length === 1) return { probe: 0, split: false, lists: new Array<readonly T[]>(BUCKETS).fill(candidates) };
  const extents = candidates.map(extent);
  const from = Math.min(...extents.map((e) => e[0]));
  const to = Math.max(...extents.map((e) => e[1]));
  let probe = from;
  let best = Number.POSITIVE_INFINITY;
  let split = false;
  // Built once per bucket at start-up; a count per code unit, not a Map, keeps that quick.
  const counts = new Uint16Array(BUCKETS);
  for (let r = from; r < to; r++) {
    counts.fill(0);
    let lacking = 0;
    let distinct = 0;
    for (const c of candidates) {
      const u = unitAt(c, r);
      if (u === undefined) {
        lacking++;
        continue;
      }
      const b = Math.min(u, 128);
      if (counts[b] === 0) distinct++;
      counts[b] = counts[b]! + 1;
    }
    // What a look-up leaves to compare, summed over the lists (those lacking a unit here are in each): the least wins.
    let cost = lacking * lacking;
    for (const n of counts) if (n > 0) cost += (n + lacking) * (n + lacking);
    if (distinct > 1 && cost < best) [probe, best, split] = [r, cost, true];
  }
  if (!split) return { probe, split: false, lists: new Array<readonly T[]>(BUCKETS).fill(candidates) };
  const lists: T[][] = Array.from({ length: BUCKETS }, () => []);
  for (const c of candidates) {
    const u = unitAt(c, probe);
    if (u === undefined) for (const list of lists) list.push(c);
    else lists[Math.min(u, 128)]!.push(c);
  }
  return { probe, split: true, lists: lists.map((list) => (list.length === 0 ? NONE : list)) };
}

/**
 * The candidates of `probed` that agree with the text at its probe, for the
 * reference point `reference`.
 *
 * @example
 * for (const c of candidatesAt(probed, units, at)) tryCandidate(text, units, c, at, floor, ceiling);
 */
export function candidatesAt<T>(probed: Probed<T>, units: Uint16Array, reference: number): readonly T[] {
  // Before the text's start a typed array reads undefined: only candidates with no unit there remain.
  const u = units[reference + probed.probe];
  return probed.lists[u === undefined ? 128 : Math.min(u, 128)]!;
}
