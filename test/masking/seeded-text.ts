/** Base64's alphabet; without its last two, letters and digits only. */
export const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * `length` characters drawn from `alphabet` by a seeded generator: a
 * random-looking secret that is the same at every run.
 *
 * @example
 * seededText(40, 7); // letters and digits, the same 40 each time
 */
export function seededText(length: number, seed: number, alphabet = BASE64_ALPHABET.slice(0, 62)): string {
  let state = seed;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet[(state >>> 16) % alphabet.length];
  }
  return out;
}
