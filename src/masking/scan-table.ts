import { ANCHOR } from "./anchor-layout.js";

/*
 * The anchored scanner's per-code-unit table, made so that one sum of four
 * values tells a group apart: above {@link HEX_GROUP} when it holds a stop
 * (an anchor or a mark), from 1 to {@link HEX_GROUP} when it is all hex
 * digits with a letter a–f among them (a possible token body, see
 * Rule.hexRun), 0 when it is all digits, below 0 otherwise. A stop is worth
 * 56 or more (its kind times 64, less 8 at most), any other character that
 * is not a hex digit -8, a digit 0 and a–f 1: three non-hex characters
 * never bring a stop down to a hex group, one outweighs three letters, and
 * digits alone (dates, numbers, ids) never leave the fast loop. Without a
 * hex rule every non-stop is worth 0.
 */

const NOT_HEX = -8;
const HEX_LETTER = 1;
/** A stop's kind is its value divided by this (rounded). */
const STOP_SCALE = 64;
/** The largest value of a character that is no stop. */
export const NO_STOP = HEX_LETTER;
/** The largest sum of a group of four that holds no stop: four hex letters. */
export const HEX_GROUP = 4 * HEX_LETTER;

/**
 * The table for the kinds of the ASCII code units (see `Layout.kinds`) and
 * the anchors from 128 on; `hex` when a rule takes hex runs.
 *
 * @example
 * scanTable(layout.kinds, layout.wideEntries.keys(), layout.hexRule !== null);
 */
export function scanTable(kinds: Uint8Array, wide: Iterable<number>, hex: boolean): Int16Array {
  const table = new Int16Array(65536).fill(hex ? NOT_HEX : 0);
  for (let c = 0; c < 128; c++) table[c] = valueOf(kinds[c]!, hex ? classOf(c) : 0);
  for (const code of wide) table[code] = valueOf(ANCHOR, NOT_HEX);
  return table;
}

/**
 * The kind (ANCHOR, MARK bits) of a table value; 0 for no stop.
 *
 * @example
 * kindOf(table[64]); // MARK for `@`
 */
export function kindOf(value: number): number {
  return (value + 16) >> 6;
}

/**
 * The value with the kind's `bits` taken out (an anchor thinned for a pass).
 *
 * @example
 * table[code] = without(table[code], ANCHOR);
 */
export function without(value: number, bits: number): number {
  return value - (kindOf(value) & bits) * STOP_SCALE;
}

function classOf(c: number): number {
  if (c >= 48 && c <= 57) return 0;
  return c >= 97 && c <= 102 ? HEX_LETTER : NOT_HEX;
}

function valueOf(kind: number, cls: number): number {
  return kind * STOP_SCALE + cls;
}
