import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

/*
 * A bare lower-case `secret` key, which gitleaks' generic-api-key rule reads
 * like `client_secret` (src/masking/rules/keyword-secrets.ts,
 * bareSecretBefore). Before, only `_secret`, `Secret` and `SECRET` were keys.
 * The rule sets' false-positive samples stay intact (rule-samples.test.ts).
 */

const masker = createMasker();

describe("a bare `secret` key", () => {
  it.each([
    ["secret: Kx9vLm2pQ7wZ", "secret: [secret:secret]"],
    ["secret=Kx9vLm2pQ7wZ", "secret=[secret:secret]"],
    ["secret = 'Zq8!vLm2-Kp7'", "secret = '[secret:secret]'"],
    ['{"secret":"Kx9vLm2pQ7wZ"}', '{"secret":"[secret:secret]"}'],
    [JSON.stringify({ msg: '{"secret": "Kx9vLm2pQ7wZ"}' }), JSON.stringify({ msg: '{"secret": "[secret:secret]"}' })],
    ["webhook:\n  secret: hV7Qe2LmX9pR4tZk\n", "webhook:\n  secret: [secret:secret]\n"],
    ["secret: glpat-Zx9Pw8Mr7Gy6Ui5Lp4Df", "secret: [secret:gitlab-token]"],
  ])("%j is masked", (text, expected) => {
    expect(masker.mask(text)).toBe(expected);
  });

  it.each([
    ["secret: DB_PASSWORD_2 = Zq8vLm2pw7XkQ4", "secret: DB_PASSWORD_2 = [secret:password]"],
    ['secret: api_token_v2 = "q8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0l"', 'secret: api_token_v2 = "[secret:token]"'],
    ["secret:\n  DB_PASSWORD_2: Zq8vLm2pw7XkQ4", "secret:\n  DB_PASSWORD_2: [secret:password]"],
  ])("%j: a key after the word is no value, and its own value is masked", (text, expected) => {
    expect(masker.mask(text)).toBe(expected);
  });

  it.each([
    "secret: true",
    "the secret: Remember to rotate it",
    "secret: changeme",
    "secret: ${WEBHOOK_SECRET}",
    "secret: <your-secret>",
    `secret: ${"x".repeat(16)}`,
    'secret = "AKIAIOSFODNN7EXAMPLE"',
    "secret_name: MyAppSecretName",
    "a secret, Kx9vLm2pQ7wZ and more",
  ])("%j stays (the keyword rule's tests for words, templates and placeholders)", (text) => {
    expect(masker.mask(text)).toBe(text);
  });
});

/*
 * A value that holds no character the scan stops at and a run of hex of 16
 * to 31 characters (`9f8e7d6c5b4a3928`, a lower-case UUID with its dashes) is
 * found from its run of hex (hex-run-tokens.ts, shortHexRun) and judged as
 * after `client_secret`. Before, the bare key was reached only through a stop
 * inside its value, and these were left whole.
 */
describe("a bare key before a value of short hex", () => {
  it.each([
    ["secret: 9f8e7d6c5b4a3928", "secret: [secret:secret]"],
    ['{"secret":"62b35aa7d13664cb311a1dc2"}', '{"secret":"[secret:secret]"}'],
    ["--client-secret=62b35aa7d13664cb311a1dc2", "--client-secret=[secret:secret]"],
    ["--my-kucoin-secret=47dd800cb5638dd60dafea87", "--my-kucoin-secret=[secret:secret]"],
    ["credentials: 62b35aa7d13664cb311a1dc2", "credentials: [secret:credentials]"],
    ["creds=c9480eb4-b900-492f-d807-46f80229eadf", "creds=[secret:credentials]"],
    // The run may start three characters before the first aligned group of four, after digits the fast loop passes.
    ["secret=1234567890a1b2c3", "secret=[secret:secret]"],
    ["secret:  73829104658a9127", "secret:  [secret:secret]"],
    // A run of 28 to 31: seven groups of four counted, too short for the hex rule's 32.
    ["secret: 9f8e7d6c5b4a39280a1b2c3d4e5f", "secret: [secret:secret]"],
    [" secret: 9f8e7d6c5b4a39280a1b2c3d4e5f", " secret: [secret:secret]"],
    ['{"secret":"9f8e7d6c5b4a39280a1b2c3d4e5f01a"}', '{"secret":"[secret:secret]"}'],
    // A UUID whose first group has no letter where the scan reads four at a time: found from a later group.
    ['"secret": "c9480eb4-b900-492f-d807-46f80229eadf"', '"secret": "[secret:secret]"'],
    ['"secret": "19480384-b900-492f-d807-46f80229eadf"', '"secret": "[secret:secret]"'],
    [JSON.stringify({ msg: 'config {"secret": "62b35aa7d13664cb311a1dc2"}' }), JSON.stringify({ msg: 'config {"secret": "[secret:secret]"}' })],
  ])("%j is masked", (text, expected) => {
    expect(masker.mask(text)).toBe(expected);
  });

  it.each([
    '"id": "c9480eb4-b900-492f-d807-46f80229eadf"',
    "commit 9f8e7d6c5b4a3928 done",
    "the secret is 9f8e7d6c5b4a3928",
    "a secret, 9f8e7d6c5b4a3928 and more",
    "secret: deadbeefcafe",
    "secret: 2024-01-15",
    "secret: abcd",
    "secret: 0000abcd",
    // Shorter than 16: found at some places in a line and not at others, so at none (MIN_SHORT_RUN).
    "creds=50240c84",
    " creds=50240c84",
    "secret: 9f8e7d6c5b4a39",
  ])("%j stays", (text) => {
    expect(masker.mask(text)).toBe(text);
  });

  // Masking what stands before a value moves it against the groups of four the scan reads: the first pass must
  // find what a second would (masking twice changes nothing).
  const values = ["9f8e7d6c5b4a3928", "62b35aa7d13664cb311a1dc2", "c9480eb4-b900-492f-d807-46f80229eadf", "50240c84", "8b4c2e1f09a3d7e6"];
  const lines = values.flatMap((value) => [0, 1, 2, 3].flatMap((pad) => [`${" ".repeat(pad)}creds=${value}`, `password=Zq8Lk3Vw9pQ2xyz${" ".repeat(pad)} creds=${value}`, `{"token":"Zq8Lk3Vw9p${"Q".repeat(pad)}","secret":"${value}"}`]));
  it.each(lines)("%j: masked the same at every place, and masking twice changes nothing", (text) => {
    const once = masker.mask(text);
    expect(masker.mask(once)).toBe(once);
    const value = values.find((v) => text.endsWith(v) || text.includes(`"${v}"`))!;
    expect(once.includes(value)).toBe(value.length < 16);
  });
});
