import { describe, expect, it } from "vitest";
import { tokenSamples } from "jit-access-bench/masking-rule-samples.js";
import { colourCodeEndsAt } from "../../src/masking/chars.js";
import { createMasker } from "../../src/masking/index.js";

/*
 * Coloured CLI and CI output puts a value right after an ANSI colour code
 * (`ESC[32m`), raw or, in a serialised log line, as `\u001b[32m`. The code's
 * `m` is a letter, and tokens that must start at a word boundary were left
 * whole after it: all but the glued families of the token table.
 */

const masker = createMasker();
const COLOURS: readonly [string, (token: string) => string][] = [
  ["raw", (t) => `\x1b[32m${t}\x1b[0m`],
  ["raw, several parameters", (t) => `deploy: \x1b[1;38;5;208m${t}\x1b[0m done`],
  ["JSON-escaped", (t) => JSON.stringify({ msg: `\x1b[1;32m${t}\x1b[0m` })],
];

describe("tokens after an ANSI colour code", () => {
  const samples = tokenSamples();
  for (const [name, wrap] of COLOURS) {
    it(`masks every table token after a colour code, ${name}`, () => {
      // The one sample a plain line leaves too (a random body its own rule refuses) is no concern of this test.
      const leftPlain = samples.filter((s) => masker.mask(`ok ${s.token} ok`).includes(s.token)).map((s) => s.rule);
      const left = samples.filter((s) => masker.mask(wrap(s.token)).includes(s.token)).map((s) => s.rule);
      expect(left).toEqual(leftPlain);
    });
  }

  it("masks a GitLab token and an anchorless one after a colour code", () => {
    expect(masker.mask("\x1b[1;31mglpat-Ab3dE6gH9jK2mN5pQ8sT\x1b[0m")).toBe("\x1b[1;31m[secret:gitlab-token]\x1b[0m");
    expect(masker.mask("\x1b[33mdp.pt.k3j5h7g9f1d3s5a7q9w1e3r5t7y9u1i3o5p7z9x1c3v")).not.toContain("k3j5h7g9f1d3s5a7");
  });

  it("reads only a real colour code as a boundary", () => {
    expect(colourCodeEndsAt("\x1b[32mglpat-", 5)).toBe(true);
    expect(colourCodeEndsAt("\\u001b[32mglpat-", 10)).toBe(true);
    // An escaped backslash before `u001b` is no escape; a `[32m` without ESC is text.
    expect(colourCodeEndsAt("\\\\u001b[32mglpat-", 11)).toBe(false);
    expect(colourCodeEndsAt("x[32mglpat-", 5)).toBe(false);
    expect(masker.mask("item[32mglpat-Ab3dE6gH9jK2mN5pQ8sT")).toBe("item[32mglpat-Ab3dE6gH9jK2mN5pQ8sT");
  });
});
