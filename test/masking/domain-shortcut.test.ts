import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { labelledCorpus } from "jit-access-bench/masking.js";
import { domainEnd, domainEndChecked } from "../../src/masking/domain.js";

/*
 * domainEnd takes a plain domain (a letter other than `v` first, a last
 * label of ASCII letters after a dot) without the checks for dotted quads,
 * versions, image scales and top-level labels. Compared here with every
 * domain checked (the plain way) after every `@`-like position, at every
 * ceiling.
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
    fc.assert(fc.property(domainish, (text) => sameEverywhere(text)), { numRuns: 600 });
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
