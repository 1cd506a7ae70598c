import { describe, expect, it } from "vitest";
import { lineHash, signLine } from "../../src/audit/file-sink.js";
import { verifyFile } from "../../src/audit/verify-file.js";
import { SAMPLE } from "./sample-records.js";
import { KEY, sealChain } from "./sealed-chain.js";

function file(bodies: { id: number; body: string; hash: string }[], request = "acme/access#1"): string[] {
  let prev: string | null = null;
  return bodies.map((c) => {
    const text = signLine({ prevLine: prev, request, commentId: c.id, hash: c.hash, body: c.body }, KEY);
    prev = lineHash(text);
    return text;
  });
}

describe("verifyFile", () => {
  const chain = sealChain([SAMPLE.received, SAMPLE.approved, SAMPLE.granted, SAMPLE.expired]);

  it("passes an intact file and gives the hash of its last line", () => {
    const lines = file(chain);
    const check = verifyFile(`${lines.join("\n")}\n`, KEY);
    expect(check).toMatchObject({ lines: 4, problems: [], gaps: [], lastLineHash: lineHash(lines[3]!) });
    expect(check.records.map((r) => r.event)).toEqual(["received", "approved", "granted", "expired"]);
  });

  it("notes records whose previous record is not in the file, without calling it tampering", () => {
    const check = verifyFile(file([chain[1]!, chain[3]!]).join("\n"), KEY);
    expect(check.problems).toEqual([]);
    expect(check.gaps.map((g) => g.detail)).toEqual(["line 1: the record of acme/access#1 before it is not in this file", "line 2: the record of acme/access#1 before it is not in this file"]);
  });

  it("names a cut-off line, a line rebuilt without the key, and a record that does not verify", () => {
    const lines = file(chain);
    const rebuilt = JSON.stringify({ ...JSON.parse(lines[2]!), commentId: 7 });
    const check = verifyFile([lines[0], '{"prevLine":"cut', lines[1], rebuilt, lines[3]].join("\n"), "x".repeat(32));
    expect(check.problems.map((p) => p.detail)).toEqual(expect.arrayContaining([
      "line 2 is not valid JSON: an interrupted write, or an edit",
      "line 3 does not follow line 2: a line was removed, inserted or changed",
      "line 4 was changed after it was written: its signature does not match",
      expect.stringMatching(/^line 1: comment 1000 by jit-access fails verification/),
    ]));
  });
});
