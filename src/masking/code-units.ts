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

  /** The code units of `text` at `[0, text.length)`, then {@link PADDING} zeros. Valid until the next call. */
  of(text: string): Uint16Array {
    const needed = text.length + PADDING;
    let units = this.units;
    let bytes = this.bytes;
    if (needed > units.length) {
      bytes = Buffer.allocUnsafeSlow(2 * Math.max(needed, units.length * 2));
      units = unitsOver(bytes);
      if (units.length <= KEPT) {
        this.units = units;
        this.bytes = bytes;
      }
    }
    if (LITTLE_ENDIAN) {
      bytes.write(text, 0, "utf16le");
    } else {
      for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
    }
    units.fill(0, text.length, needed);
    return units;
  }
}

/** A buffer of its own (not a slice of Node's pool), so its memory starts aligned for 16-bit access. */
function unitsOver(bytes: Buffer): Uint16Array {
  return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
}
