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
