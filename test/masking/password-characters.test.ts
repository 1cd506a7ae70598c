import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

/*
 * A password may hold brackets, quotes and backslashes, which end the
 * reading of a value: a value judged a secret is masked past them, a quoted
 * one to its closing quote (value-end.ts), and a quoted one that holds them
 * is judged whole. What stands around the value stays.
 */

const masker = createMasker();
const HEAD = "Zq8vR2";
const TAIL = "mX9kLp7w";

/** True when no six characters of `HEAD` + `TAIL` are left in `masked`. */
function nothingLeft(masked: string): boolean {
  const secret = `${HEAD}${TAIL}`;
  for (let i = 0; i + 6 <= secret.length; i++) if (masked.includes(secret.slice(i, i + 6))) return false;
  return true;
}

describe("a password that holds what ends a value's reading", () => {
  const inside = ["[", "]", "(", ")", "{", "}"];
  const forms: readonly (readonly [string, (p: string) => string])[] = [
    ["unquoted", (p) => `password=${p} next`],
    ["double-quoted", (p) => `DB_PASSWORD="${p}" next`],
    ["single-quoted", (p) => `password: '${p}' next`],
    ["a token's key, single-quoted", (p) => `export API_TOKEN='${p}' next`],
    ["in a JSON line", (p) => JSON.stringify({ password: p, next: "next" })],
    ["in a JSON string", (p) => JSON.stringify({ msg: `DB_PASSWORD="${p}" next` })],
  ];
  for (const c of inside) {
    it.each(forms)(`${JSON.stringify(c)} inside, %s`, (_name, form) => {
      const text = form(`${HEAD}${c}${TAIL}`);
      const masked = masker.mask(text);
      expect(nothingLeft(masked)).toBe(true);
      expect(masked).toContain("next");
      expect(masker.mask(masked)).toBe(masked);
      if (text.startsWith("{")) expect(() => JSON.parse(masked) as unknown).not.toThrow();
    });
  }

  it.each([
    ["a backslash, quoted", `DB_PASSWORD="${HEAD}\\${TAIL}" next`],
    ["a single quote inside double quotes", `DB_PASSWORD="${HEAD}'${TAIL}" next`],
    ["a backtick inside double quotes", `DB_PASSWORD="${HEAD}\`${TAIL}" next`],
  ])("%s", (_name, text) => {
    const masked = masker.mask(text);
    expect(nothingLeft(masked)).toBe(true);
    expect(masked).toContain("next");
  });
});

describe("what stands around such a value stays", () => {
  it.each([
    ["a stand-in in brackets after a value", "fn::secret: ops_eyJzaWduSW5B..[Redacted]"],
    ["prose in quotes", '{"password":"must be at least 8 characters, [see docs]"}'],
  ])("%s is left", (_name, text) => {
    expect(masker.mask(text)).toBe(text);
  });

  it.each([
    ["a closing bracket after the value", `(password=${HEAD}${TAIL})`, "(password=[secret:password])"],
    ["an index after the value", `password=${HEAD}${TAIL}[0]`, "password=[secret:password][0]"],
    ["the next JSON field after a quote escaped in a string", JSON.stringify({ msg: `token="${HEAD}[${TAIL}`, next: "visible" }), '{"msg":"token=\\"[secret:token]","next":"visible"}'],
  ])("%s", (_name, text, expected) => {
    expect(masker.mask(text)).toBe(expected);
  });
});
