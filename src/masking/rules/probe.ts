import { BUCKETS, type Candidate } from "./table-candidates.js";

/*
 * A bucket of candidates split once more, by the code unit at the one
 * position that tells them apart best. `xoxb-`, `xoxp-`, `xoxe-`, `xoxo-`…
 * share their first three characters; comparing each against the text costs
 * a dozen comparisons at every `x` of `xoxb-xapp-…`, where one look-up at
 * their fourth leaves the one that may hold. Only a filter: a candidate
 * left in is still checked whole.
 */

const NONE: readonly Candidate[] = [];

/** Candidates by the code unit at `reference + probe` (128: any from 128 on, or none there). */
export interface Probed {
  readonly probe: number;
  readonly lists: readonly (readonly Candidate[])[];
}

/**
 * Splits `candidates` (kept in order in every list) by the position, from
 * `from` to `to` relative to a reference point, where their code units
 * (`unitAt`, undefined where a candidate has none) differ most. A candidate
 * without a unit there goes in every list.
 *
 * @example
 * const probed = probeSplit(bucket, (c, r) => c.codes[r], 2, 8);
 * candidatesAt(probed, units, at); // those whose unit at at + probed.probe is the text's
 */
export function probeSplit(candidates: readonly Candidate[], unitAt: (c: Candidate, relative: number) => number | undefined, from: number, to: number): Probed {
  let probe = from;
  let best = 0;
  for (let r = from; r < to; r++) {
    const seen = new Set(candidates.map((c) => unitAt(c, r)).filter((u) => u !== undefined));
    if (seen.size > best) [probe, best] = [r, seen.size];
  }
  if (best <= 1) return { probe, lists: Array.from({ length: BUCKETS }, () => candidates) };
  const lists: Candidate[][] = Array.from({ length: BUCKETS }, () => []);
  for (const c of candidates) {
    const u = unitAt(c, probe);
    if (u === undefined) for (const list of lists) list.push(c);
    else lists[Math.min(u, 128)]!.push(c);
  }
  return { probe, lists: lists.map((list) => (list.length === 0 ? NONE : list)) };
}

/**
 * The candidates of `probed` that agree with the text at its probe, for the
 * reference point `reference`.
 *
 * @example
 * for (const c of candidatesAt(probed, units, at)) tryCandidate(text, units, c, at, floor, ceiling);
 */
export function candidatesAt(probed: Probed, units: Uint16Array, reference: number): readonly Candidate[] {
  // Before the text's start a typed array reads undefined: only candidates with no unit there remain.
  const u = units[reference + probed.probe];
  return probed.lists[u === undefined ? 128 : Math.min(u, 128)]!;
}
