import { describe, expect, it } from "vitest";
import { CLAIMED_SAMPLES, GITLEAKS_TEMPLATES, KEYWORD_CONTEXTS, NEGATIVE_SAMPLES, secretSamples, tokenSamples, vendorNameSamples } from "jit-access-bench/masking-rule-samples.js";
import { vendoredSamples } from "jit-access-bench/masking-vendored-samples.js";
import { createMasker } from "../../src/masking/index.js";
import { HEX_ENTRIES } from "../../src/masking/rules/hex-run-tokens.js";
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
// stop at, or through their run of hex (`dapi…`); a short body with neither is found after a key or header
// only (docs/masking.md).
const stops = new Set(runStartRules(secretRules([])).map((r) => r.needle));
const hexPrefixes = new Set(HEX_ENTRIES.map((e) => e.candidate.prefix));
const inFreeText = (s: { prefix?: string; secret: string }) =>
  s.prefix !== undefined &&
  (anchorOf(s.prefix) >= 0 || hexPrefixes.has(s.prefix) || [...s.secret.slice(s.secret.indexOf(s.prefix) + s.prefix.length)].some((c) => stops.has(c)));

describe("the rule sets' true-positive samples", () => {
  it.each(samples.filter((s) => s.family !== "keyword" && (inFreeText(s) || s.context.startsWith("gitleaks"))).map((s) => [s.rule, s.context, s] as const))(
    "%s in a %s",
    (_rule, _context, sample) => {
      expect(masker.mask(sample.text)).not.toContain(sample.secret);
    },
  );

  it("no sample token is left to be found only after a key or header", () => {
    // Before the hex runs were read, `dapi…`, `pul-…`, `glptt-…` and `v1.0-…` were (docs/masking.md).
    expect(samples.filter((s) => !inFreeText(s) && s.family !== "keyword").map((s) => s.rule)).toEqual([]);
  });

  it("a key of the vendor's name alone: every value the scan reaches, and most of all", () => {
    // Reached: through a character the scan stops at before the value's first `=`, `+` or `/`, or a run of 32 hex
    // digits; a value of digits alone, a lower-case UUID or a short value with neither is not (docs/masking.md).
    const nameAlone = vendorNameSamples();
    const reached = (v: string) => /^[A-Za-z0-9]/.test(v) && /[0-9]/.test(v) && ([...v.slice(1).split(/[=+/]/)[0]!].some((c) => stops.has(c)) || /[0-9a-f]{32}/.test(v));
    const missed = nameAlone.filter((s) => masker.mask(s.text).includes(s.secret));
    expect(missed.filter((s) => reached(s.secret)).map((s) => s.text)).toEqual([]);
    expect(nameAlone.filter((s) => reached(s.secret)).length).toBeGreaterThan(1600);
    expect(missed.length / nameAlone.length).toBeLessThan(0.15);
  });

  it("keyword-anchored secrets in gitleaks' generated forms, every one", () => {
    const keyword = samples.filter((s) => s.family === "keyword");
    expect(keyword.length).toBeGreaterThan(9000);
    expect(keyword.filter((s) => masker.mask(s.text).includes(s.secret)).map((s) => s.text)).toEqual([]);
  });

  it("every token of the table in every form of gitleaks' GenerateSampleSecrets, in a log line, a JSON line and markdown", () => {
    const left: string[] = [];
    for (const { family, token } of tokenSamples()) {
      const identifier = family.split("-")[0]!;
      for (const template of GITLEAKS_TEMPLATES) {
        const sample = template.replaceAll("{i}", identifier).replaceAll("{s}", token);
        for (const context of KEYWORD_CONTEXTS) if (masker.mask(context.wrap(sample)).includes(context.written(token))) left.push(context.wrap(sample));
      }
    }
    expect(left).toEqual([]);
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

  // As a log writes them and as an issue quotes them.
  const contexts: readonly [string, (text: string) => string][] = [
    ["a JSON log line", (text) => JSON.stringify({ level: 30, msg: text })],
    ["a markdown block quote", (text) => text.split("\n").map((line) => `> ${line}`).join("\n")],
    ["a markdown code block", (text) => `Steps:\n\n\`\`\`\n${text}\n\`\`\`\n`],
  ];
  it.each(contexts.map(([name, wrap]) => [name, wrap] as const))("stay in %s", (_name, wrap) => {
    const changed = NEGATIVE_SAMPLES.map((s) => wrap(s.text)).filter((text) => masker.mask(text) !== text);
    expect(changed).toEqual([]);
  });
});
