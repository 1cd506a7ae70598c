import { describe, expect, it } from "vitest";
import { labelledCorpus, score } from "jit-access-bench/masking.js";
import { createMasker } from "../../src/masking/index.js";
import { secretRules } from "../../src/masking/secrets.js";

describe("the benchmark's labelled corpus", () => {
  const corpus = labelledCorpus(256 << 10, 11);

  it.each(["partial", "full", "hash"] as const)("is fully recalled, with every look-alike intact, in %s mode", (emails) => {
    const masker = createMasker({ emails, hashKey: "k" });
    const masked = corpus.lines.map((line) => masker.mask(line));
    expect(score(corpus, masked)).toEqual({ emailRecall: 1, secretRecall: 1, lookalikesKept: 1, precision: 1 });
    for (const line of masked) expect(() => JSON.parse(line)).not.toThrow();
  });
});

describe("rules", () => {
  it("anchor on a character of their own trigger", () => {
    // The hex rule has no anchor: the scan hands it runs of hex (Rule.hexRun).
    for (const rule of secretRules(["a-configured-secret"]).filter((r) => r.hexRun === undefined)) {
      expect(rule.anchor ?? 0).toBeLessThan(rule.needle.length);
    }
  });
});
