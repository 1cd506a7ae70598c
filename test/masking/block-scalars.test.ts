import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";
import { BASE64_ALPHABET, seededText } from "./seeded-text.js";

/*
 * A secret in a YAML block scalar over several lines (`client_secret: |`
 * and a key in base64 wrapped at 76 characters) is masked over every line
 * of the block; the block ends at a line less indented, a blank line, or
 * the end of the JSON string that holds it.
 */

const masker = createMasker();

const [A, B, C] = [seededText(76, 1, BASE64_ALPHABET), seededText(76, 2, BASE64_ALPHABET), seededText(40, 3, BASE64_ALPHABET)];

describe("a block scalar's secret over several lines", () => {
  it.each([
    ["literal", `client_secret: |\n  ${A}\n  ${B}\n  ${C}\nnext: visible\n`, "client_secret: |\n  [secret:secret]\nnext: visible\n"],
    ["folded, stripped", `client_secret: >-\n    ${A}\n    ${B}\n    ${C}\nnext: visible\n`, "client_secret: >-\n    [secret:secret]\nnext: visible\n"],
    ["nested, before a key less indented", `data:\n  token: |\n    ${A}\n    ${B}\n  next: visible\n`, "data:\n  token: |\n    [secret:token]\n  next: visible\n"],
    ["with an indentation indicator", `api_key: |2\n  ${A}\n  ${B}\n`, "api_key: |2\n  [secret:api-key]\n"],
    ["quoted in markdown", `> password: |\n>   ${A}\n>   ${B}\n> next: visible`, "> password: |\n>   [secret:password]\n> next: visible"],
    ["before a blank line", `token: |\n  ${A}\n\n  ${B}\n`, `token: |\n  [secret:token]\n\n  ${B}\n`],
    ["with CRLF line breaks", `token: |\r\n  ${A}\r\n  ${B}\r\nnext: visible`, "token: |\r\n  [secret:token]\r\nnext: visible"],
  ])("%s", (_name, text, expected) => {
    const masked = masker.mask(text);
    expect(masked).toBe(expected);
    expect(masker.mask(masked)).toBe(masked);
  });

  it("in a JSON string, up to the string's end", () => {
    const text = JSON.stringify({ body: `api_key: |\n  ${A}\n  ${B}`, next: "visible" });
    const masked = masker.mask(text);
    expect(masked).toBe(JSON.stringify({ body: "api_key: |\n  [secret:api-key]", next: "visible" }));
    expect(masker.mask(masked)).toBe(masked);
  });

  it.each([
    ["content no deeper than its key", "token: |\nZq8Wv3Rt6Lm9Np2Xy7Kb\nnext: 1", "token: |\n[secret:token]\nnext: 1"],
    ["content no deeper than its key, indented", "  token: |\n  Zq8Wv3Rt6Lm9Np2Xy7Kb\n  next: 1", "  token: |\n  [secret:token]\n  next: 1"],
    ["content no deeper than its key, quoted", "> token: |\n> Zq8Wv3Rt6Lm9Np2Xy7Kb\n> next: 1", "> token: |\n> [secret:token]\n> next: 1"],
    ["an operator that ends in `>`", "password =>\n  Zq8Wv3Rt6Lm9Np2Xy7Kb\n  host => db", "password =>\n  [secret:password]\n  host => db"],
    ["a script after a first line read as a secret", "token: |\n  #!/bin/sh\n  echo hi", "token: |\n  [secret:token]\n  echo hi"],
    ["a line cut by a quote", 'token: |\n  Zq8Wv3Rt6Lm9Np2Xy7Kb\n  exec "$@" --flag', 'token: |\n  [secret:token]\n  exec "$@" --flag'],
  ])("the block ends before %s", (_name, text, expected) => {
    expect(masker.mask(text)).toBe(expected);
  });

  it("a value on a line of its own that opens no block is its line alone", () => {
    const text = `<password>\n  ${A}\n  ${B}\n</password>`;
    expect(masker.mask(text)).toBe(`<password>\n  [secret:password]\n  ${B}\n</password>`);
  });
});
