import { describe, expect, it } from "vitest";
import { secretSamples } from "jit-access-bench/masking-rule-samples.js";
import { createMasker } from "../../src/masking/index.js";

/*
 * A reply on an issue quotes what it answers: markdown puts `> ` before every
 * line. A value on a line of its own (a YAML block scalar's, an XML
 * element's body on the next line) then follows a `>`, and was left whole.
 */

const masker = createMasker();
const quote = (text: string, depth: number) =>
  text
    .split("\n")
    .map((line) => `${"> ".repeat(depth)}${line}`)
    .join("\n");

describe("secrets in a quoted reply", () => {
  // The samples whose value stands on a line of its own, as gitleaks writes them.
  const ownLine = secretSamples().filter((s) => /\{i\}_token: [|>]\n|<\{i\}Token>\n/.test(s.context));

  it("has samples of every such form", () => {
    expect(ownLine.length).toBeGreaterThan(100);
  });

  for (const depth of [1, 2]) {
    it(`masks a value on its own line under ${depth} level(s) of quoting, as it is masked unquoted`, () => {
      const left = ownLine.filter((s) => masker.mask(quote(s.text, depth)).includes(s.secret.slice(-8))).map((s) => `${s.rule}: ${s.context}`);
      const leftUnquoted = ownLine.filter((s) => masker.mask(s.text).includes(s.secret.slice(-8))).map((s) => `${s.rule}: ${s.context}`);
      expect(left).toEqual(leftUnquoted);
    });
  }

  it.each([
    ["a YAML block scalar", "> config:\n>   api_token: |\n>     Zq8Lk3vT9pW2xR7mN4bC6dF1hJ5\n", "> config:\n>   api_token: |\n>     [secret:token]\n"],
    ["an XML element's body", "> <authToken>\n>     Zq8Lk3vT9pW2xR7mN4bC6dF1hJ5\n> </authToken>", "> <authToken>\n>     [secret:token]\n> </authToken>"],
    ["nested quotes", ">> password: >-\n>>   Zq8Lk3vT9pW2xR7mN4bC6dF1hJ5", ">> password: >-\n>>   [secret:password]"],
  ])("masks %s and masks again to the same text", (_name, text, expected) => {
    expect(masker.mask(text)).toBe(expected);
    expect(masker.mask(expected)).toBe(expected);
  });

  it("reads quote markers before the value only where the key's line has as many", () => {
    expect(masker.mask("Use <api-key>\n> deadbeefcafe1234 is the build id")).toBe("Use <api-key>\n> deadbeefcafe1234 is the build id");
  });

  it("leaves words on a quoted line after a block indicator", () => {
    expect(masker.mask("> token: |\n>   see the vault entry")).toBe("> token: |\n>   see the vault entry");
  });
});
