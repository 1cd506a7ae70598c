import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { labelledCorpus } from "jit-access-bench/masking.js";
import { domainEnd, domainEndChecked } from "../../src/masking/domain.js";
import { localPartStart, localPartStartChecked } from "../../src/masking/local-part.js";

/*
 * The e-mail stages' shortcuts change nothing. domainEnd takes a plain
 * domain (a letter other than `v` first, a last label of ASCII letters after
 * a dot) without the checks for dotted quads, versions, image scales and
 * top-level labels; localPartStart takes a local part of plain characters
 * after a character no local part holds without the walk over escapes,
 * separators and masks. Each is compared with the plain way at every
 * position, at several ceilings or floors.
 */

const PIECES = [
  "example", "com", "co", "uk", ".", ".", "-", "v", "V", "v4", "V2", ".x", "x", "2x", "4", "17", "255", "300", "xn--", "XN--p1ai", "io", "png", "rc", "é", "广告", "😀", "(", ")", "[", "]", "%", " ", "\\", "a", "Z", "localhost",
];
const domainish = fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }).map((parts) => parts.join(""));

let shortcuts = 0;

function sameEverywhere(text: string): void {
  for (let from = 0; from < text.length; from++) {
    for (const ceiling of [text.length, Math.max(from, text.length - 1), from + Math.floor((text.length - from) / 2)]) {
      const fast = domainEnd(text, from, ceiling);
      expect(fast).toBe(domainEndChecked(text, from, ceiling));
      if (fast > from && /^[a-uw-z][^]*\.[a-z]+$/i.test(text.slice(from, fast))) shortcuts++;
    }
  }
}

describe("the plain-domain shortcut", () => {
  it("ends a domain where checking every domain ends it, on arbitrary labels and on the bench corpus", () => {
    shortcuts = 0;
    // Seeded: the count below is of what the draws hold, and a draw of fewer shapes would fail it by chance.
    fc.assert(fc.property(domainish, (text) => sameEverywhere(text)), { numRuns: 600, seed: 18 });
    for (const line of labelledCorpus(1 << 14, 3).lines) {
      for (let at = line.indexOf("@"); at >= 0; at = line.indexOf("@", at + 1)) {
        expect(domainEnd(line, at + 1, line.length)).toBe(domainEndChecked(line, at + 1, line.length));
      }
    }
    // The comparison means something only if the shortcut's shape came up often.
    expect(shortcuts).toBeGreaterThan(200);
  });

  it("keeps what the checks refuse: versions, image scales, dotted quads and bare hosts", () => {
    for (const text of ["v4.1.1", "v4.x", "V2.X", "2x.png", "4.17.21", "192.0.2.1", "localhost", "example.com."]) {
      expect(domainEnd(text, 0, text.length)).toBe(domainEndChecked(text, 0, text.length));
    }
    expect(domainEnd("example.com", 0, 11)).toBe(11);
    expect(domainEnd("v4.1.1", 0, 6)).toBe(-1);
    expect(domainEnd("v4.x", 0, 4)).toBe(-1);
  });
});

const LOCAL_PIECES = [
  "jane", ".", "doe", "_", "+", "-", "jit", "O'", "***", "[bot]", "=", "/", "|", "#", "\\", "\\u00e9", "\\n", "\\\\", '"', "\\\"", " ", "<", ":", ",", "é", "😀", "用户", "%", "!", "{", "@",
];
const localish = fc.array(fc.constantFrom(...LOCAL_PIECES), { maxLength: 10 }).map((parts) => parts.join(""));

describe("the plain-local-part shortcut", () => {
  it("starts a local part where the walk over escapes, separators and masks starts it", () => {
    let plain = 0;
    const same = (text: string) => {
      for (let at = 1; at <= text.length; at++) {
        for (const floor of [0, Math.floor(at / 2), at - 1]) {
          const fast = localPartStart(text, at, floor);
          expect(fast).toBe(localPartStartChecked(text, at, floor));
          if (fast >= 0 && /^[A-Za-z0-9._+-]+$/.test(text.slice(fast, at))) plain++;
        }
      }
    };
    fc.assert(fc.property(localish, (text) => same(text)), { numRuns: 600 });
    for (const line of labelledCorpus(1 << 14, 3).lines) {
      for (let at = line.indexOf("@"); at >= 0; at = line.indexOf("@", at + 1)) expect(localPartStart(line, at, 0)).toBe(localPartStartChecked(line, at, 0));
    }
    // The comparison means something only if plain local parts came up often.
    expect(plain).toBeGreaterThan(200);
  });

  it("leaves the escapes, separators and masks to the walk", () => {
    for (const text of ["x=jane", "a\\njane", "\\u00e9jane", "j***", "41898282+github-actions[bot]", "_jane"]) {
      expect(localPartStart(text, text.length, 0)).toBe(localPartStartChecked(text, text.length, 0));
    }
    expect(localPartStart("mail: jane.doe", 14, 0)).toBe(6);
  });
});
