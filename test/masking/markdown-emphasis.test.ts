import { describe, expect, it } from "vitest";
import { tokenSamples } from "jit-access-bench/masking-rule-samples.js";
import { boundaryAt, boundaryBefore, underscoresOpenAt } from "../../src/masking/chars.js";
import { createMasker } from "../../src/masking/index.js";

/*
 * Markdown's emphasis by underscores (`_…_`, `__…__`) glues an `_` to both
 * ends of a token pasted into an issue or a comment. `_` is a word character,
 * so tokens that must start and end at a word boundary were left whole there:
 * all but a few of the table's.
 */

const masker = createMasker();
const EMPHASES: readonly [string, (token: string) => string][] = [
  ["_…_", (t) => `my token is _${t}_ now`],
  ["__…__ at the start of a line", (t) => `__${t}__`],
  ["_…_ before a full stop", (t) => `Rotated: _${t}_.`],
  ["_…_ in a JSON string", (t) => JSON.stringify({ body: `see _${t}_` })],
  ["~~…~~ (strikethrough)", (t) => `old key ~~${t}~~ rotated`],
  ["<!--…--> (an HTML comment)", (t) => `<!--${t}-->`],
  ["after dashes", (t) => `--${t}`],
];

describe("tokens in markdown's underscore emphasis", () => {
  const samples = tokenSamples();
  for (const [name, wrap] of EMPHASES) {
    it(`masks every table token the plain line masks, ${name}`, () => {
      const leftPlain = samples.filter((s) => masker.mask(`ok ${s.token} ok`).includes(s.token)).map((s) => s.rule);
      // Ansible Vault's samples hold line breaks: JSON escapes them, and `_` then glues to an escape's letter.
      const left = samples.filter((s) => masker.mask(wrap(s.token)).includes(s.token.slice(-10)) && !s.token.includes("\n")).map((s) => s.rule);
      expect(left).toEqual(leftPlain.filter((rule) => !rule.startsWith("ansible")));
    });
  }

  it("masks again to the same text", () => {
    const once = masker.mask("key _AIzaSyA1234567890abcdefghijklmnopqrstuv_ and __dapi0123456789abcdef0123456789abcdef__");
    expect(once).toBe("key _[secret:google-api-key]_ and __[secret:databricks]__");
    expect(masker.mask(once)).toBe(once);
  });

  it("keeps the marks that close strikethrough and an HTML comment", () => {
    const once = masker.mask("~~dp.pt.nsqcmwxwrynmfqjky8fs9tx4fzkbzgcwbd0ocym3abcdefghi~~ <!--AIzaSyA1234567890abcdefghijklmnopqrstuv-->");
    expect(once).toBe("~~[secret:doppler]~~ <!--[secret:google-api-key]-->");
    expect(masker.mask(once)).toBe(once);
  });

  it("reads an `_` after one of its placeholders as inside a word, so masking again changes nothing", () => {
    const glued = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx__AKIAQYLPMN5HHHFPZAM2";
    const once = masker.mask(glued);
    expect(masker.mask(once)).toBe(once);
    expect(underscoresOpenAt("[secret:token]_AKIA", 14)).toBe(false);
  });

  it("keeps the closing `_` in the body where the body without it is too short", () => {
    expect(masker.mask(`_lin_api${"_".repeat(42)}`)).toBe(`_lin_api${"_".repeat(42)}`);
    expect(masker.mask(`_AIzaSyAbCd${"_".repeat(32)}`)).toBe(`_AIzaSyAbCd${"_".repeat(32)}`);
  });

  it("takes an `_` inside a word for part of the word, as before", () => {
    expect(boundaryBefore("my_ghp_x", 3)).toBe(false);
    expect(boundaryBefore("a _ghp_x", 3)).toBe(true);
    expect(boundaryBefore("__ghp_x", 2)).toBe(true);
    expect(underscoresOpenAt("x__y", 2)).toBe(false);
    expect(boundaryAt("tok_", 3)).toBe(true);
    expect(boundaryAt("tok__.", 3)).toBe(true);
    expect(boundaryAt("tok_x", 3)).toBe(false);
    expect(masker.mask("attached hugs_xoxo_2024_final.png")).toBe("attached hugs_xoxo_2024_final.png");
    expect(masker.mask("def __init__(self): pass")).toBe("def __init__(self): pass");
  });
});
