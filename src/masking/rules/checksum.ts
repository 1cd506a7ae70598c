/*
 * Checksums vendors put inside their tokens. GitHub's tokens (`ghp_` and
 * kin, 30 random base62 characters then 6) and npm's (`npm_`, the same
 * scheme) end in the CRC32 of the random part, written in base62 and padded
 * with zeros. A token whose checksum holds is a real token whatever it looks
 * like, so the placeholder test does not apply to it.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * True when `units[from, to)` is 30 characters and 6 that are the base62
 * CRC32 of those 30.
 *
 * @example
 * crc32Base62Holds(new CodeUnits().of(body), 0, 36);
 */
export function crc32Base62Holds(units: Uint16Array, from: number, to: number): boolean {
  if (to - from !== 36) return false;
  let crc = 0xffffffff;
  for (let i = from; i < from + 30; i++) crc = CRC_TABLE[(crc ^ units[i]!) & 0xff]! ^ (crc >>> 8);
  let value = (crc ^ 0xffffffff) >>> 0;
  for (let i = to - 1; i >= from + 30; i--) {
    if (units[i] !== BASE62.charCodeAt(value % 62)) return false;
    value = Math.floor(value / 62);
  }
  return value === 0;
}

/**
 * The base62 CRC32 checksum of `random` (for tests and fixtures).
 *
 * @example
 * `ghp_${random}${crc32Base62(random)}`;
 */
export function crc32Base62(random: string): string {
  let crc = 0xffffffff;
  for (let i = 0; i < random.length; i++) crc = CRC_TABLE[(crc ^ random.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  let value = (crc ^ 0xffffffff) >>> 0;
  let out = "";
  for (let k = 0; k < 6; k++) {
    out = BASE62[value % 62]! + out;
    value = Math.floor(value / 62);
  }
  return out;
}
