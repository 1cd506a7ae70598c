import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

const masker = createMasker();

describe("placeholder words inside a value after a secret-naming key", () => {
  it.each([
    ["password=Zq8!example#Lk3$Vw", "Lk3$Vw"],
    ['client_secret="Xk9qwerty$Lm2Pq7Rt"', "Pq7Rt"],
    ["api_key=7fG2dummyQ9zLp4Wm", "zLp4Wm"],
    ["password: Tr0ub4dor3-changeme-Vq8Lw", "Vq8Lw"],
  ])("a secret with a word in it is still masked: %s", (line, tail) => {
    expect(masker.mask(line)).not.toContain(tail);
  });

  it.each([
    "password=changeme123",
    "password=your_password_here",
    "api_key=example-api-key",
    "password=123456789",
    "token=<your-token>",
    "client_secret=qwertyuiop",
    "password=example123456",
  ])("a stand-in made of such words is left alone: %s", (line) => {
    expect(masker.mask(line)).toBe(line);
  });

  it("a value masked already (`***`) is not masked again", () => {
    const once = masker.mask("password=Zq8!example#Lk3$Vw user j***@example.com");
    expect(masker.mask(once)).toBe(once);
  });
});

describe("a value that starts with `$` after a secret-naming key", () => {
  it.each([
    ['var DB_PASSWDToken = "$dV8lxT?DC"', "$dV8lxT?DC"],
    ["password=$Zq8vLm2pw7", "$Zq8vLm2pw7"],
  ])("is a password when it is no variable name: %s", (line, secret) => {
    expect(masker.mask(line)).not.toContain(secret);
  });

  it.each(["password: $DB_PASSWORD", "token=$GITHUB_TOKEN_2", "password=$dbPassword", "password: $(cat /run/pw)", "password: ${DB_PASSWORD}", "password: $1"])(
    "is a variable, left alone: %s",
    (line) => {
      expect(masker.mask(line)).toBe(line);
    },
  );
});

describe("a value between two `@` after a secret-naming key (autoconf's substitution, gitleaks' global allowlist)", () => {
  it.each(["auth_token=@AUTH_TOKEN@", "password=@db_password@", 'DB_PASSWORD: "@DB_PASSWORD@"'])("is left alone: %s", (line) => {
    expect(masker.mask(line)).toBe(line);
  });

  it.each([
    ["token: @Mixed_Case@", "@Mixed_Case@"],
    ["password=@Zq8vLm2pw7", "@Zq8vLm2pw7"],
    // Digits are no part of a substitution's name.
    ["X-Api-Key: @I5DH5AA082@", "I5DH5AA082"],
    ["token=@0_AE2DDC8E@", "0_AE2DDC8E"],
  ])("is judged as any value when it is no name in one case between two `@`: %s", (line, secret) => {
    expect(masker.mask(line)).not.toContain(secret);
  });
});
