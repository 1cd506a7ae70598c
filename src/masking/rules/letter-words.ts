import { lowerAscii } from "../chars.js";
import { isIn, LETTER } from "../runs.js";

/*
 * A key's letters, compared with lists of words without making a string of
 * them: keys are read at every keyword, and a string built letter by letter
 * and then hashed for a set cost more than the rest of the key's reading.
 */

/** How many of the last code units of a stretch are read for its letters. */
const READ = 24;

/**
 * The letters of a stretch of code units, lower case, in a buffer reused
 * by every read.
 *
 * @example
 * const letters = new Letters().of(new CodeUnits().of("db_password"), 0, 11); // "dbpassword"
 */
export class Letters {
  readonly codes = new Uint8Array(READ);
  length = 0;

  /** Reads the letters of the last 24 code units of `[from, to)`. */
  of(units: Uint16Array, from: number, to: number): this {
    let n = 0;
    for (let i = Math.max(from, to - READ); i < to; i++) {
      const c = units[i]!;
      if (isIn(LETTER, c)) this.codes[n++] = lowerAscii(c);
    }
    this.length = n;
    return this;
  }

  /** True when `word` (lower case) ends the letters. */
  endsWith(word: Uint8Array): boolean {
    return this.holdsAt(word, this.length - word.length);
  }

  /** True when `word` (lower case) stands anywhere in the letters. */
  includes(word: Uint8Array): boolean {
    for (let at = 0; at + word.length <= this.length; at++) if (this.holdsAt(word, at)) return true;
    return false;
  }

  /** True when `word` stands at `at` in the letters. */
  holdsAt(word: Uint8Array, at: number): boolean {
    if (at < 0 || at + word.length > this.length) return false;
    for (let k = 0; k < word.length; k++) if (this.codes[at + k] !== word[k]) return false;
    return true;
  }
}

/** A word's code units (lower-case ASCII letters). */
export function wordCodes(word: string): Uint8Array {
  return Uint8Array.from(word, (c) => c.charCodeAt(0));
}

/**
 * A list of lower-case words, looked up by a key's {@link Letters}: whole
 * (`has`), or as the end of the letters (`endsLetters`). Words are kept by
 * their length and last letter, and by their last three letters.
 */
export class WordList {
  private readonly byLengthAndLast = new Map<number, Uint8Array[]>();
  private readonly byLastThree = new Map<number, Uint8Array[]>();

  constructor(words: Iterable<string>) {
    for (const word of words) {
      const codes = wordCodes(word);
      push(this.byLengthAndLast, lengthAndLast(codes, codes.length), codes);
      if (codes.length >= 3) push(this.byLastThree, lastThree(codes, codes.length), codes);
    }
  }

  /** True when the letters are one of the words. */
  has(letters: Letters): boolean {
    if (letters.length === 0) return false;
    const words = this.byLengthAndLast.get(lengthAndLast(letters.codes, letters.length));
    return words !== undefined && words.some((word) => letters.holdsAt(word, 0));
  }

  /** True when one of the words of three letters or more ends the letters. */
  endsLetters(letters: Letters): boolean {
    if (letters.length < 3) return false;
    const words = this.byLastThree.get(lastThree(letters.codes, letters.length));
    return words !== undefined && words.some((word) => letters.endsWith(word));
  }
}

function lengthAndLast(codes: Uint8Array, length: number): number {
  return length * 256 + codes[length - 1]!;
}

function lastThree(codes: Uint8Array, length: number): number {
  return (codes[length - 3]! << 16) | (codes[length - 2]! << 8) | codes[length - 1]!;
}

function push(map: Map<number, Uint8Array[]>, key: number, codes: Uint8Array): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [codes]);
  else list.push(codes);
}
