import { describe, expect, it } from "vitest";
import { CLAIMED_SAMPLES, NEGATIVE_SAMPLES, secretSamples } from "jit-access-bench/masking-rule-samples.js";
import { vendoredSamples } from "jit-access-bench/masking-vendored-samples.js";
import { createMasker } from "../../src/masking/index.js";
import { anchorOf, runStartRules } from "../../src/masking/rules/table-rules.js";
import { secretRules } from "../../src/masking/secrets.js";

/*
 * The corpus built from the rule sets' own samples (packages/bench/src/masking-rule-samples.ts):
 * every token in every context where the masker claims it, the keyword-anchored
 * forms gitleaks generates, the defects of issue 18, and the rule sets'
 * false-positive samples and placeholders, which must come out unchanged.
 */

const masker = createMasker();
const samples = secretSamples();
// Prefixes made only of common characters are found through a character of their body that other rules
// stop at; a body without one (lower-case hex after `dapi`) is found after a key or header only (docs/masking.md).
const stops = new Set(runStartRules(secretRules([])).map((r) => r.needle));
const inFreeText = (s: { prefix?: string; secret: string }) =>
  s.prefix !== undefined && (anchorOf(s.prefix) >= 0 || [...s.secret.slice(s.secret.indexOf(s.prefix) + s.prefix.length)].some((c) => stops.has(c)));

describe("the rule sets' true-positive samples", () => {
  it.each(samples.filter((s) => s.family !== "keyword" && (inFreeText(s) || s.context.startsWith("gitleaks"))).map((s) => [s.rule, s.context, s] as const))(
    "%s in a %s",
    (_rule, _context, sample) => {
      expect(masker.mask(sample.text)).not.toContain(sample.secret);
    },
  );

  it("tokens found only after a key or header are masked after one", () => {
    const contextOnly = samples.filter((s) => !inFreeText(s) && s.family !== "keyword");
    expect(contextOnly.length).toBeGreaterThan(0);
    for (const sample of contextOnly.filter((s) => s.context.startsWith("gitleaks"))) {
      const masked = masker.mask(sample.text);
      expect(masked).not.toContain(sample.secret);
      // Named by its vendor, unless its marker is not at its start (Terraform's `.atlasv1.`): then by its key.
      expect(masked).toMatch(/\[secret:[a-z0-9-]+\]/);
    }
  });

  it("keyword-anchored secrets in gitleaks' generated forms, at least 98 %", () => {
    const keyword = samples.filter((s) => s.family === "keyword");
    const masked = keyword.filter((s) => !masker.mask(s.text).includes(s.secret));
    expect(masked.length / keyword.length).toBeGreaterThanOrEqual(0.98);
  });

  it.each(vendoredSamples().map((s) => [s.source, s.context, s.secret, s] as const))("%s in a %s: %s", (_source, _context, _secret, sample) => {
    expect(masker.mask(sample.text)).not.toContain(sample.secret);
  });

  it.each(CLAIMED_SAMPLES.map((s) => [s.rule, s] as const))("%s", (_rule, sample) => {
    expect(masker.mask(sample.text)).not.toContain(sample.secret);
  });
});

describe("the rule sets' false-positive samples and placeholders", () => {
  it.each(NEGATIVE_SAMPLES.map((s) => [s.source, s.text] as const))("%s: %j stays", (_source, text) => {
    expect(masker.mask(text)).toBe(text);
  });
});
