import { describe, expect, it } from "vitest";
import { secretSamples, tokenSamples } from "jit-access-bench/masking-rule-samples.js";
import { createMasker } from "../../src/masking/index.js";

/*
 * Masking twice changes nothing: each of the masker's own placeholders,
 * masked again, stays as it is. `[secret:1password]` read as the bare key
 * `secret:` and a value with a digit, and became `[secret:[secret:secret]]`.
 */

const masker = createMasker();

describe("the masker's placeholders, masked again", () => {
  const placeholders = new Set<string>();
  for (const s of tokenSamples()) for (const found of masker.mask(`ok ${s.token} ok`).matchAll(/\[secret(?::[a-z0-9-]+)?\]/g)) placeholders.add(found[0]);
  for (const s of secretSamples()) for (const found of masker.mask(s.text).matchAll(/\[secret(?::[a-z0-9-]+)?\]/g)) placeholders.add(found[0]);

  it("are many", () => {
    expect(placeholders.size).toBeGreaterThan(50);
  });

  it.each([
    ["alone", (p: string) => p],
    ["in a line", (p: string) => `token ${p} was rotated`],
    ["in JSON", (p: string) => JSON.stringify({ value: p })],
    ["after a key", (p: string) => `secret: ${p}`],
  ])("stay as they are, %s", (_name, wrap) => {
    const changed = [...placeholders].filter((p) => masker.mask(wrap(p)) !== wrap(p));
    expect(changed).toEqual([]);
  });
});
