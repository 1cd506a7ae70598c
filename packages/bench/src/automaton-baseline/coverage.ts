import type { Automaton } from "./automaton.js";
import { MAX_CODE_UNIT } from "./charset.js";

/*
 * Finds every stretch of text covered by some match, in one forward pass.
 *
 * Masking wants the union of all matches, not a chosen subset: that is what
 * keeps repeated masking stable and never leaves part of a match behind. The
 * union equals the union, over each end position, of the longest match
 * ending there; so the scan only needs, for each live automaton position, the
 * earliest start that reaches it (a Pike VM with leftmost priority).
 *
 * The live positions are kept as an ordered list of groups that share a start
 * (oldest first); that list is a finite state, so the transitions are cached
 * as a lazily built DFA and each character costs a table look-up plus the
 * copying of a few start offsets. Time is linear in the text; memory is
 * bounded by flushing the cache when it grows too large.
 */

interface State {
  readonly groups: readonly (readonly number[])[];
  /** Index of the first (oldest) group that holds an accepting position, or -1. */
  readonly accept: number;
  /** Next state per character class; -1 until computed. */
  readonly next: Int32Array;
  /** Per class: for each new group, the old group it continues, or -1 for a match starting here. */
  readonly carry: (Int32Array | undefined)[];
}

const MAX_STATES = 5000;

export class CoverageScanner {
  private readonly classOf = new Uint16Array(MAX_CODE_UNIT + 1);
  private readonly classCount: number;
  /** accepts[position][class] */
  private readonly accepts: Uint8Array[];
  private states: State[] = [];
  private ids = new Map<string, number>();
  private readonly mark: Int32Array;
  private generation = 0;
  private starts: Int32Array;
  private spare: Int32Array;

  constructor(private readonly automaton: Automaton) {
    const cuts = new Set<number>([0]);
    for (const set of automaton.sets) {
      for (let i = 0; i < set.length; i += 2) {
        cuts.add(set[i]!);
        if (set[i + 1]! < MAX_CODE_UNIT) cuts.add(set[i + 1]! + 1);
      }
    }
    const sorted = [...cuts].sort((a, b) => a - b);
    for (let k = 0; k < sorted.length; k++) this.classOf.fill(k, sorted[k], sorted[k + 1] ?? MAX_CODE_UNIT + 1);
    this.classCount = sorted.length;
    this.accepts = automaton.sets.map((set) => {
      const row = new Uint8Array(this.classCount);
      for (let i = 0; i < set.length; i += 2) row.fill(1, this.classOf[set[i]!], this.classOf[set[i + 1]!]! + 1);
      return row;
    });
    const size = automaton.sets.length + 1;
    this.mark = new Int32Array(size);
    this.starts = new Int32Array(size);
    this.spare = new Int32Array(size);
    this.intern([]);
  }

  /**
   * Appends each maximal covered stretch of `text[from, to)` to `out` as a
   * `start, end` pair, in order.
   *
   * @example
   * scanner.cover("EMP-123456", 0, 10, runs); // runs: [0, 10]
   */
  cover(text: string, from: number, to: number, out: number[]): void {
    const floor = out.length;
    let state = 0;
    for (let i = from; i < to; i++) {
      const cls = this.classOf[text.charCodeAt(i)]!;
      let next = this.states[state]!.next[cls]!;
      if (next < 0) {
        if (this.states.length >= MAX_STATES) state = this.flush(state);
        next = this.transition(state, cls);
      }
      const carry = this.states[state]!.carry[cls]!;
      if (carry.length > 0) {
        for (let k = 0; k < carry.length; k++) this.spare[k] = carry[k]! < 0 ? i : this.starts[carry[k]!]!;
        [this.starts, this.spare] = [this.spare, this.starts];
      }
      state = next;
      const accept = this.states[state]!.accept;
      if (accept >= 0) addRun(out, floor, this.starts[accept]!, i + 1);
    }
  }

  /** Empties the cache, keeping the current state (under a new id, its groups in the same order). */
  private flush(stateId: number): number {
    const groups = this.states[stateId]!.groups;
    this.states = [];
    this.ids = new Map();
    this.intern([]);
    return this.intern(groups);
  }

  private intern(groups: readonly (readonly number[])[]): number {
    const key = groups.map((g) => g.join(",")).join("|");
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const accept = groups.findIndex((g) => g.some((p) => this.automaton.accepting[p]));
    const id = this.states.push({ groups, accept, next: new Int32Array(this.classCount).fill(-1), carry: [] }) - 1;
    this.ids.set(key, id);
    return id;
  }

  /** Computes and caches the move of `state` on class `cls`. */
  private transition(stateId: number, cls: number): number {
    const state = this.states[stateId]!;
    this.generation++;
    const groups: number[][] = [];
    const carry: number[] = [];
    const take = (candidates: readonly number[], bucket: number[]) => {
      for (const p of candidates) {
        if (this.accepts[p]![cls] === 1 && this.mark[p] !== this.generation) {
          this.mark[p] = this.generation;
          bucket.push(p);
        }
      }
    };
    state.groups.forEach((group, index) => {
      const bucket: number[] = [];
      for (const q of group) take(this.automaton.follow[q]!, bucket);
      if (bucket.length > 0) {
        groups.push(bucket.sort((a, b) => a - b));
        carry.push(index);
      }
    });
    const fresh: number[] = [];
    take(this.automaton.first, fresh);
    if (fresh.length > 0) {
      groups.push(fresh.sort((a, b) => a - b));
      carry.push(-1);
    }
    const next = this.intern(groups);
    state.next[cls] = next;
    state.carry[cls] = Int32Array.from(carry);
    return next;
  }
}

/**
 * Adds `[start, end)` to the sorted runs in `out` (pairs after `floor`). Ends
 * only grow, but a long match may start before earlier runs: those merge.
 */
function addRun(out: number[], floor: number, start: number, end: number): void {
  let from = start;
  while (out.length > floor && out[out.length - 1]! >= from) {
    from = Math.min(from, out[out.length - 2]!);
    out.length -= 2;
  }
  out.push(from, end);
}
