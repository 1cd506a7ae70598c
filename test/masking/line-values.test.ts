import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

/*
 * A value on a line of its own after its key (a YAML block scalar, an XML
 * element's body) is the whole line, as gitleaks' generated samples of
 * database-password write it: `;` and brackets do not end it there.
 */

const masker = createMasker();

describe("a value on a line of its own", () => {
  it.each([
    ["<DB_PASSWDToken>\n    gGnp1fg;6n\n</DB_PASSWDToken>", "gGnp1fg;6n"],
    ["DB_PASSWD_token: |\n  U;zWM7:qep", "U;zWM7:qep"],
    [JSON.stringify({ detail: "db_password: >\n  Zq8;vL(m2)pw7\nnext: 1" }), "Zq8;vL(m2)pw7"],
  ])("%j is masked whole", (text, secret) => {
    const masked = masker.mask(text);
    expect(masked).not.toContain(secret);
    expect(masked).toMatch(/\[secret:(password|token)\]/);
  });

  it.each([
    ["password: |\n  Zq8vLm2pw7Xk;[x]", "password: |\n  [secret:password];[x]"],
    ["password: |\n  Zq8vLm2pw7Xk(a)[0]", "password: |\n  [secret:password](a)[0]"],
    ["<password>\n  Zq8vLm2pw7Xk;[x]\n</password>", "<password>\n  [secret:password];[x]\n</password>"],
  ])("%j: a line's value that runs into a bracket is read as an unquoted value", (text, expected) => {
    expect(masker.mask(text)).toBe(expected);
  });

  it("keeps a value on the key's own line ending at `;`", () => {
    expect(masker.mask("password=Zq8vLm2pw7; next=1")).toBe("password=[secret:password]; next=1");
  });
});
