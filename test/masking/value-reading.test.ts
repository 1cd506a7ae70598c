import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CodeUnits } from "../../src/masking/code-units.js";
import { entropy } from "../../src/masking/rules/entropy.js";
import { Letters, WordList, wordCodes } from "../../src/masking/rules/letter-words.js";
import {
  asciiValueVerdict,
  base64Text,
  decodesToWords,
  NOT_SECRET_MARKS,
  PLACEHOLDER_WORDS,
  PUBLIC_VALUES,
  valueTextVerdict,
} from "../../src/masking/rules/value-text.js";

/*
 * The keyword rules read keys and values on their code units, without
 * making strings of them. Each reading is compared here with the string
 * reading it stands for: the value's last tests (marks, alphabets, dates,
 * published constants, stand-in words) with the lower-cased string's, the
 * base64 tests with the expression and `atob`, the entropy's kept terms
 * with the sum computed term by term, and a key's letters with the string
 * of them.
 */

const units = (text: string) => new CodeUnits().of(text);

const VALUE_PIECES = [
  ...PLACEHOLDER_WORDS, ...PLACEHOLDER_WORDS.map((w) => w.toUpperCase()), ...NOT_SECRET_MARKS, ...PUBLIC_VALUES, "6FE4476EE5A1832882E326B506D14126",
  "abcdefghij", "ABCDEFGHI", "0123456789", "12345678", "2026-04-01", "T10:00", " 10:00", "t1000", "Zq8", "vT4k", "Lm2X", "*", ":", "/", "=", "-", "_", "é", "\u212a",
];
const valueish = fc.array(fc.constantFrom(...VALUE_PIECES), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(""));

/** What secret-like.ts did before it read the code units: a string of the first 200, lower-cased. */
function stringVerdict(text: string): -1 | 0 | 1 {
  return valueTextVerdict(text.slice(0, 200).toLowerCase());
}

describe("a value's last tests, read on its code units", () => {
  it("give the lower-cased string's verdict for every value of ASCII alone", () => {
    let ascii = 0;
    fc.assert(
      fc.property(valueish, (text) => {
        if ([...text].some((c) => c.charCodeAt(0) >= 128)) return;
        ascii++;
        expect(asciiValueVerdict(units(text), 0, Math.min(text.length, 200))).toBe(stringVerdict(text));
      }),
      { numRuns: 3000, seed: 7 },
    );
    expect(ascii).toBeGreaterThan(1000);
  });

  it.each([
    ["a URL", "https://example.com/abc", -1],
    ["what a masked address leaves", "j***@example.com", -1],
    ["an alphabet of ten", "xABCDEFGHIJx", -1],
    ["nine in a row", "xABCDEFGHIx", 1],
    ["a date", "2026-04-01", -1],
    ["a time", "2026-04-01T10:00:00Z", -1],
    ["a date with more after it", "2026-04-01X", 1],
    ["the published constant, in capitals", "6FE4476EE5A1832882E326B506D14126", -1],
    ["a stand-in word in capitals", "CHANGEME_Zq8vT4", 0],
    ["a random value", "Zq8vT4kLm2Xp9RwB", 1],
  ] as const)("%s: %j is %i", (_name, text, verdict) => {
    expect(asciiValueVerdict(units(text), 0, text.length)).toBe(verdict);
    expect(stringVerdict(text)).toBe(verdict);
  });

  it("read no further than the value, whatever follows it in the text", () => {
    const text = "2026-04-01T10:00 and 0123456789";
    for (let to = 1; to <= text.length; to++) expect(asciiValueVerdict(units(text), 0, to)).toBe(stringVerdict(text.slice(0, to)));
  });
});

const BASE64_PIECES = ["QUJD", "ZHVt", "bXk=", "YQ==", "a", "+", "/", "=", "==", "===", "-", "_", " ", "é", "Zq8v"];

describe("base64, read on the code units", () => {
  it("is what the expression says it is", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...BASE64_PIECES), { maxLength: 8 }), (parts) => {
        const text = parts.join("");
        expect(base64Text(units(text), 0, text.length)).toBe(/^[A-Za-z0-9+/]+={0,2}$/.test(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("decodes to words exactly when atob's text is words", () => {
    const words = fc.stringMatching(/^[A-Za-z0-9 .,_-]{1,30}$/).map((w) => Buffer.from(w, "latin1"));
    // Words with one byte of any value in them: each of a group's three bytes is tested.
    const oneOther = fc.tuple(words, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([w, at, byte]) => {
      const bytes = Buffer.from(w);
      bytes[at % bytes.length] = byte;
      return bytes;
    });
    const anyBytes = fc.uint8Array({ minLength: 1, maxLength: 30 });
    let wordsFound = 0;
    fc.assert(
      fc.property(fc.oneof(words, oneOther, anyBytes), (bytes) => {
        const text = Buffer.from(bytes).toString("base64");
        const decoded = atob(text);
        const expected = /^[A-Za-z0-9 .,_-]+$/.test(decoded);
        if (expected) wordsFound++;
        expect(decodesToWords(units(text), 0, text.length)).toBe(expected);
      }),
      { numRuns: 3000, seed: 11 },
    );
    expect(wordsFound).toBeGreaterThan(500);
  });
});

/** Shannon entropy computed term by term, as entropy.ts computes it for stretches longer than it keeps terms for. */
function entropyTermByTerm(text: Uint16Array, from: number, to: number): number {
  const counts = new Map<number, number>();
  for (let i = from; i < to; i++) counts.set(Math.min(text[i]!, 128), (counts.get(Math.min(text[i]!, 128)) ?? 0) + 1);
  let bits = 0;
  const seen = new Set<number>();
  for (let i = from; i < to; i++) {
    const c = Math.min(text[i]!, 128);
    if (seen.has(c)) continue;
    seen.add(c);
    const p = counts.get(c)! / (to - from);
    bits -= p * Math.log2(p);
  }
  return bits;
}

describe("entropy with its terms kept by length", () => {
  it("is the term-by-term sum to the last bit, at every length", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aabbbcdeeZ09_-é"), minLength: 1, maxLength: 90 }), (text) => {
        const codes = units(text);
        expect(Object.is(entropy(codes, 0, text.length), entropyTermByTerm(codes, 0, text.length))).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(entropy(units("aabb"), 0, 4)).toBe(1);
  });
});

describe("a key's letters, read into a buffer", () => {
  const keyish = fc.array(fc.constantFrom("csrf", "_", "Token", "PUB", "key", "bit", "bucket", "2", "-", "passw", "P", "wd", "a", "veryLongPrefixWord"), { maxLength: 8 }).map((p) => p.join(""));
  const list = new WordList(["csrftoken", "pubkey", "bitbucketkey", "token", "key", "a"]);

  it("are the string of the last 24 code units' letters, looked up as that string is", () => {
    fc.assert(
      fc.property(keyish, (key) => {
        const letters = new Letters().of(units(key), 0, key.length);
        const expected = key.slice(-24).replace(/[^A-Za-z]/g, "").toLowerCase();
        expect(String.fromCharCode(...letters.codes.subarray(0, letters.length))).toBe(expected);
        expect(list.has(letters)).toBe(["csrftoken", "pubkey", "bitbucketkey", "token", "key", "a"].includes(expected));
        expect(list.endsLetters(letters)).toBe(["csrftoken", "pubkey", "bitbucketkey", "token", "key"].some((w) => expected.endsWith(w)));
        expect(letters.includes(wordCodes("passw"))).toBe(expected.includes("passw"));
      }),
      { numRuns: 3000 },
    );
  });
});
