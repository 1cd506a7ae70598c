import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";
import { HEX_ENTRIES, HEX_RUN, hexSegmentStart } from "../../src/masking/rules/hex-run-tokens.js";
import { CANDIDATES } from "../../src/masking/rules/table-candidates.js";

/*
 * Tokens whose prefix has no anchor and whose body is lower-case hex
 * (`dapi…`, `pul-…`, `glptt-…`, `v1.0-…`), found in free text through the
 * scan's count of hex groups (src/masking/rules/hex-run-tokens.ts); before,
 * they were masked only after a key or header. Hashes and commit SHAs, which
 * have no vendor prefix, stay.
 */

const masker = createMasker();
const HEX32 = "10fa032752e25ba4708c9a72dfd74119";
const HEX40 = "5f2315f15c9b3e4b2af74d93be61eec1399fb417";
const TOKENS: readonly [string, string][] = [
  [`dapi${HEX32}`, "databricks"],
  [`pul-${HEX40}`, "pulumi"],
  [`glptt-${HEX40}`, "gitlab-token"],
  [`v1.0-c88427b02744a8eebb6d3211-${"87a2837f1e54b07bf91283589e3702cf54e73db5de474d4e558a84f55b5d83794f6f95e56f087699d5cb14e63f77da7a2c99ce61f954471cfdaba95aac233eb2a30a14c01898373202"}`, "cloudflare"],
  [`s-s4t2ud-${HEX32}${HEX32}`, "intra42"],
  [`patAbCdEfGh123456.${HEX32}${HEX32}`, "airtable"],
];

describe("hex-bodied tokens in free text", () => {
  it.each(TOKENS)("%s is masked as [secret:%s] in prose, JSON and markdown", (token, family) => {
    expect(masker.mask(`uploading with ${token} to the registry`)).toBe(`uploading with [secret:${family}] to the registry`);
    expect(masker.mask(JSON.stringify({ msg: `credential ${token} was rejected` }))).toBe(JSON.stringify({ msg: `credential [secret:${family}] was rejected` }));
    expect(masker.mask(`\`${token}\``)).toBe(`\`[secret:${family}]\``);
    expect(masker.mask(token)).toBe(`[secret:${family}]`);
  });

  it("finds a token at any alignment of its run", () => {
    for (let shift = 0; shift < 8; shift++) {
      const text = `${"x".repeat(shift)} dapi${HEX32} end`;
      expect(masker.mask(text)).toBe(`${"x".repeat(shift)} [secret:databricks] end`);
    }
  });

  it("finds a token whose run a configured secret's anchor cuts (a hex digit then stops the scan)", () => {
    const withHexSecret = createMasker({ secrets: ["0123456789abcdef"] });
    expect(withHexSecret.mask(`token dapi${HEX32} and 0123456789abcdef`)).toBe("token [secret:databricks] and [secret]");
  });

  it("leaves hashes, commit SHAs, UUIDs and digests alone", () => {
    const payload = JSON.stringify({
      after: HEX40,
      head_commit: { id: HEX40, tree_id: HEX40.split("").reverse().join("") },
      delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      digest: `sha256:${HEX32}${HEX32}`,
      message: `Merge ${HEX40} into main; see dapi docs and pul-request ${HEX32}`,
    });
    expect(masker.mask(payload)).toBe(payload);
  });

  it("leaves a placeholder body and a prefix glued to a word alone", () => {
    for (const text of [`dapi${"0".repeat(32)}`, `pul-${"ab".repeat(20)}`, `xdapi${HEX32}`, `glptt-${"x".repeat(40)}`]) expect(masker.mask(text)).toBe(text);
  });

  it("is not handed runs shorter than the shortest hex body", () => {
    expect(masker.mask(`dapi${HEX32.slice(0, 31)}`)).toBe(`dapi${HEX32.slice(0, 31)}`);
  });
});

describe("the hex rows, as data", () => {
  it("take in every anchorless row of the token table whose body is hex", () => {
    const hexBodied = CANDIDATES.filter((c) => c.offset < 0 && c.compiled.shape.segments.some((s) => !("literal" in s) && s.min >= HEX_RUN && s.set[97] === 1 && s.set[103] !== 1 && s.set[48] === 1));
    expect(hexBodied.map((c) => c.prefix).sort()).toEqual(HEX_ENTRIES.map((e) => e.candidate.prefix).sort());
    expect(HEX_ENTRIES.map((e) => e.candidate.prefix)).toEqual(expect.arrayContaining(["dapi", "pul-", "glptt-", "v1.0-"]));
  });

  it("start the hex segment after a fixed-length start that does not end in hex", () => {
    expect(hexSegmentStart(CANDIDATES.find((c) => c.prefix === "dapi")!)).toBe(4);
    expect(hexSegmentStart(CANDIDATES.find((c) => c.prefix === "v1.0-")!)).toBe(5 + 24 + 1);
    expect(hexSegmentStart(CANDIDATES.find((c) => c.prefix === "glpat-")!)).toBe(-1);
  });
});

describe("anchorless prefixes right after a JSON escape", () => {
  // A counterexample fast-check found: in `"\tsat.…"` the escape's `t` was read as the token's first character.
  it.each([
    ["\tsat.qPt4fAguHShcU8fn3cf7ce.KJt4QuGP4LudMQiEqO17IiRI.1bRucKsouCvakRBSKU21", "harness"],
    ["\nglpat-Zx9Pw8Mr7Gy6Ui5Lp4Df", "gitlab-token"],
    [`\tdapi${HEX32}`, "databricks"],
  ])("%j in a JSON string is masked", (text, family) => {
    expect(masker.mask(JSON.stringify({ msg: text }))).toBe(JSON.stringify({ msg: `${text[0]}[secret:${family}]` }));
  });
});

describe("a token whose first letter is an escape's letter, after a single backslash in plain text", () => {
  const FRAMEIO = `fio-u-${"bQUR1Cmkq7Zx9Pw8Mr7Gy6Ui5Lp4DfHs3Jk2Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8Ol9P0="}`;
  it.each([`C:\\dir\\${FRAMEIO} end`, `x\\${FRAMEIO} end`])("%j: the token is tried with its own letter first", (text) => {
    // The backslash goes with the span: a span never starts inside a run of backslashes (escapeSafe).
    expect(masker.mask(text)).toBe(text.replace(`\\${FRAMEIO}`, "[secret:frameio]"));
  });
});
