import { Buffer } from "node:buffer";
import { endianness } from "node:os";

/**
 * Zero code units kept after the text, so that a look a few characters past
 * its end reads a NUL (which belongs to no class here) rather than going out
 * of bounds.
 */
export const PADDING = 16;
/** Buffers up to this many code units (4 MiB) are kept for the next text; longer ones are not. */
const KEPT = 1 << 21;
const LITTLE_ENDIAN = endianness() === "LE";

/** A Buffer with Node's encoder behind `buf.write(text, offset, "utf16le")`, on every Buffer though not in Node's documentation. */
type Ucs2Buffer = Buffer & { ucs2Write(text: string, offset: number): number };
const HAS_UCS2_WRITE = typeof (Buffer.prototype as Partial<Ucs2Buffer>).ucs2Write === "function";

/**
 * A reusable copy of a text's UTF-16 code units in a typed array. Scanning
 * the copy costs a fraction of what `charCodeAt` does on the strings V8
 * builds by concatenation (a pino line, a repeated string), and making it is
 * a single native copy.
 *
 * @example
 * const copy = new CodeUnits();
 * copy.of("a@b")[1]; // 64
 */
export class CodeUnits {
  private bytes = Buffer.allocUnsafeSlow(2 * (4096 + PADDING));
  private units = unitsOver(this.bytes);
  private pairs = pairsOver(this.bytes);
  /** The same memory as the last {@link of}, read two code units to a word (their order within it is the machine's). */
  lastPairs: Uint32Array = this.pairs;

  /** The code units of `text` at `[0, text.length)`, then {@link PADDING} zeros. Valid until the next call. */
  of(text: string): Uint16Array {
    // One unit more than the padding: it is written as whole words from the first even index (see zeroPadding).
    const needed = text.length + PADDING + 1;
    let units = this.units;
    let bytes = this.bytes;
    let pairs = this.pairs;
    if (needed > units.length) {
      bytes = Buffer.allocUnsafeSlow(2 * Math.max(needed, units.length * 2));
      units = unitsOver(bytes);
      pairs = pairsOver(bytes);
      if (units.length <= KEPT) {
        this.units = units;
        this.bytes = bytes;
        this.pairs = pairs;
      }
    }
    this.lastPairs = pairs;
    if (LITTLE_ENDIAN) {
      // `write` itself checks its arguments through a wrapper that allocates on every call (Node 20): a
      // line's worth of garbage for each line masked. The encoder it ends in is called directly when there.
      if (HAS_UCS2_WRITE) (bytes as Ucs2Buffer).ucs2Write(text, 0);
      else bytes.write(text, 0, "utf16le");
    } else {
      for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
    }
    zeroPadding(units, pairs, text.length);
    return units;
  }
}

/**
 * Zeros the {@link PADDING} units after the first `length`: the odd one
 * alone, then eight whole words (the padding is sixteen units) written one
 * after another, not by a loop, whose every step checks the array again
 * (about a twentieth of masking a short line). The buffer holds one unit more
 * than the padding for the words to fit.
 */
function zeroPadding(units: Uint16Array, pairs: Uint32Array, length: number): void {
  let from = length;
  if ((from & 1) === 1) units[from++] = 0;
  const w = from >> 1;
  pairs[w] = 0;
  pairs[w + 1] = 0;
  pairs[w + 2] = 0;
  pairs[w + 3] = 0;
  pairs[w + 4] = 0;
  pairs[w + 5] = 0;
  pairs[w + 6] = 0;
  pairs[w + 7] = 0;
}

/**
 * The text of the code units `[from, to)` (`apply`: a spread would go
 * through the array's iterator, slower).
 *
 * @example
 * textOf(new CodeUnits().of("a secret"), 2, 8); // "secret"
 */
export function textOf(units: Uint16Array, from: number, to: number): string {
  return String.fromCharCode.apply(null, units.subarray(from, to) as unknown as number[]);
}

// Buffers of their own (not slices of Node's pool): their memory starts aligned for 16- and 32-bit access.
function unitsOver(bytes: Buffer): Uint16Array {
  return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
}

function pairsOver(bytes: Buffer): Uint32Array {
  return new Uint32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 4));
}
