import { ANCHOR } from "./anchor-layout.js";
import { DIGITS, isIn, LOWER_HEX } from "./runs.js";

/*
 * The anchored scanner's per-code-unit table (one byte each), made so that
 * one sum of four values tells a group apart: at least {@link LEAVE} when it
 * holds a stop (an anchor or a mark) or when it is all hex digits with a
 * letter a–f among them (a possible token body, see Rule.hexRun), below it
 * otherwise. A stop is worth 64 times its kind (and more), a digit 10, a
 * letter a–f 13, any other character 0: four digits (40) stay below, so
 * that dates, numbers and ids never leave the fast loop; three letters and
 * another character (39) stay below; three digits and a letter (43) reach
 * it. Among the groups that leave, those from {@link LEAVE} to
 * {@link HEX_GROUP} are the hex ones. Without a hex rule every non-stop is
 * worth 0.
 */

const DIGIT = 10;
const HEX_LETTER = 13;
/** A stop's kind is its value divided by this (rounded down). */
const STOP_SCALE = 64;
/** The largest value of a character that is no stop. */
export const NO_STOP = HEX_LETTER;
/** The sum from which a group of four leaves the fast loop. */
export const LEAVE = 3 * DIGIT + HEX_LETTER - 2;
/** The smallest sum of four hex digits with no stop among them. */
export const ALL_HEX = 4 * DIGIT;
/** The largest sum of a group of four that holds no stop: four hex letters. */
export const HEX_GROUP = 4 * HEX_LETTER;
/** Sums above {@link HEX_GROUP} and below this are a group's with one stop, an anchor and no mark: two stops or a mark are worth this much. */
export const ONE_ANCHOR = 2 * STOP_SCALE;

/**
 * The table for the kinds of the ASCII code units (see `Layout.kinds`) and
 * the anchors from 128 on; `hex` when a rule takes hex runs.
 *
 * @example
 * scanTable(layout.kinds, layout.wideEntries.keys(), layout.hexRule !== null);
 */
export function scanTable(kinds: Uint8Array, wide: Iterable<number>, hex: boolean): Uint8Array {
  const table = new Uint8Array(65536);
  for (let c = 0; c < 128; c++) table[c] = kinds[c]! * STOP_SCALE + (hex ? classOf(c) : 0);
  for (const code of wide) table[code] = ANCHOR * STOP_SCALE;
  return table;
}

/**
 * The kind (ANCHOR, MARK bits) of a table value; 0 for no stop.
 *
 * @example
 * kindOf(table[64]); // MARK for `@`
 */
export function kindOf(value: number): number {
  return value >> 6;
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
  if (isIn(DIGITS, c)) return DIGIT;
  return isIn(LOWER_HEX, c) ? HEX_LETTER : 0;
}
