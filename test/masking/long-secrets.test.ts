import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";
import { countReads, countWork } from "./count-work.js";
import { seededText } from "./seeded-text.js";

/*
 * A keyword's value longer than what is judged of it (its first thousand
 * characters) is masked whole: a service account's key in base64, a
 * kubeconfig or a certificate in an environment variable leaves no tail
 * after the placeholder. What follows the value stays.
 */

const masker = createMasker();

const secretOf = (length: number, seed: number) => seededText(length, seed);

const AFTER = "ok-visible";
const FORMS: readonly (readonly [string, (secret: string) => string])[] = [
  ["an environment variable", (s) => `GOOGLE_CREDENTIALS=${s} ${AFTER}`],
  ["an export, quoted", (s) => `export DB_PASSWORD='${s}' ${AFTER}`],
  ["a JSON field and the next", (s) => `{"client_secret":"${s}","user":"${AFTER}"}`],
  ["a key in an escaped JSON string", (s) => JSON.stringify({ msg: `config: api_key=${s}; done ${AFTER}` })],
  ["YAML", (s) => `api_key: ${s}\nuser: ${AFTER}\n`],
  ["a YAML block scalar", (s) => `token: |\n  ${s}\nuser: ${AFTER}\n`],
  ["an XML element", (s) => `<password>${s}</password><user>${AFTER}</user>`],
  ["NuGet's password attribute", (s) => `<add key="ClearTextPassword" value="${s}" /> ${AFTER}`],
  ["a header", (s) => `X-Api-Key: ${s}\nAccept: ${AFTER}`],
  ["a long option", (s) => `--password ${s} --user ${AFTER}`],
  ["a typed declaration", (s) => `apiToken: string = "${s}"; // ${AFTER}`],
  ["a connection string", (s) => `Password=${s};Initial Catalog=${AFTER}`],
];

describe("a secret longer than what its rule judges is masked whole", () => {
  for (const length of [1_100, 3_000, 5_000]) {
    it.each(FORMS)(`${length} characters: %s`, (_name, form) => {
      const secret = secretOf(length, length);
      const text = form(secret);
      const masked = masker.mask(text);
      const left: string[] = [];
      for (let i = 0; i + 16 <= secret.length; i += 16) if (masked.includes(secret.slice(i, i + 16))) left.push(secret.slice(i, i + 16));
      expect(left).toEqual([]);
      expect(masked).toContain(AFTER);
      expect(masker.mask(masked)).toBe(masked);
    });
  }

  it.each([
    ["a bare key's value before what reads as an operator", `secret: ${secretOf(1_001, 11)} = 1`],
    ["a bare key's value before a colon", `credentials: ${secretOf(1_100, 13)}:\n`],
  ])("%s is masked, though a short one would read as the next key's name", (_name, text) => {
    const masked = masker.mask(text);
    expect(masked).toMatch(/^\w+[:=] ?\[secret:\w+\]/);
    expect(masker.mask(masked)).toBe(masked);
  });

  it.each([
    ["a key's long value", (n: number) => `password=${secretOf(2_000, 3)}\n`.repeat(Math.ceil(n / 2_010))],
    ["curl -u's password, far apart", (n: number) => `curl -u a:${secretOf(1_000, 5)}\n${"x".repeat(1_000)}\n`.repeat(Math.ceil(n / 2_000))],
    // Each bare key's value runs on over the rest of the run, and ` =` after it reads as an operator.
    ["bare keys in one run", (n: number) => `${Array.from({ length: Math.ceil(n / 28) }, (_, i) => `secret:${secretOf(20, i)}|`).join("")} =x`],
  ])("reading on to the end stays linear: %s, repeated", (_name, make) => {
    const fill = (size: number) => make(size);
    const small = fill(40_000);
    const large = fill(80_000);
    const work = (text: string) => {
      let primitives = 0;
      const reads = countReads(() => {
        primitives = countWork(() => masker.mask(text));
      });
      return reads + primitives;
    };
    expect(work(large) / work(small)).toBeLessThan(2.3);
  });
});
