import { describe, expect, it } from "vitest";
import { secretSamples } from "jit-access-bench/masking-rule-samples.js";
import { boundaryBefore } from "../../src/masking/chars.js";
import { createMasker } from "../../src/masking/index.js";

/*
 * A log line may hold JSON inside a JSON string (a request body logged as a
 * string): a line break before a pasted token is then escaped twice, `\\n`.
 * The `n` is a letter, and a token after it was left whole unless the
 * backslashes before it were odd in number.
 */

const masker = createMasker();

describe("tokens after a line break escaped twice", () => {
  it("masks every markdown sample's secret in JSON inside a JSON string, as in one level of JSON", () => {
    const markdown = secretSamples().filter((s) => s.context === "markdown");
    expect(markdown.length).toBeGreaterThan(150);
    const twice = (text: string) => JSON.stringify({ body: JSON.stringify({ msg: text }) });
    const once = (text: string) => JSON.stringify({ msg: text });
    const left = (wrap: (t: string) => string) => markdown.filter((s) => masker.mask(wrap(s.text)).includes(s.secret.slice(-8))).map((s) => s.rule);
    expect(left(twice)).toEqual(left(once));
  });

  it("takes an escape's letter after any run of backslashes for a boundary", () => {
    expect(boundaryBefore("x\\nAKIA", 3)).toBe(true);
    expect(boundaryBefore("x\\\\nAKIA", 4)).toBe(true);
    expect(boundaryBefore("xnAKIA", 2)).toBe(false);
    expect(masker.mask('{"b":"{\\"m\\":\\"```\\\\nglpat-Ab3dE6gH9jK2mN5pQ8sT\\\\n```\\"}"}')).toBe('{"b":"{\\"m\\":\\"```\\\\n[secret:gitlab-token]\\\\n```\\"}"}');
  });
});
