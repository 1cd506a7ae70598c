import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

const masker = createMasker();
const alnum36 = "0123456789abcdefghijABCDEFGHIJklmnop";
const pem = [
  "-----BEGIN RSA PRIVATE KEY-----",
  "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi8aSKRjmZQ1c3rnU0t3X1v0Y2",
  "Proc-Type: 4,ENCRYPTED",
  "DEK-Info: AES-128-CBC,0123456789ABCDEF",
  "q2b9Lx0V7n4aQ+w/abcd==",
  "-----END RSA PRIVATE KEY-----",
].join("\n");
const jwt =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

describe("secret shapes", () => {
  it.each([
    ["GitHub personal access token", `token ghp_${alnum36} ok`, "token [secret:github-token] ok"],
    ["GitHub OAuth token", `gho_${alnum36}`, "[secret:github-token]"],
    ["GitHub user-to-server token", `ghu_${alnum36}`, "[secret:github-token]"],
    ["GitHub installation token", `"token":"ghs_${alnum36}"`, '"token":"[secret:github-token]"'],
    ["GitHub refresh token", `ghr_${alnum36}`, "[secret:github-token]"],
    ["longer GitHub token", `ghs_${alnum36}${alnum36}`, "[secret:github-token]"],
    ["fine-grained PAT", `github_pat_11ABCDEFG0123456789abc_${alnum36}Zq8rT2vW9yB4nM6kP1sD3fG5hJ7`, "[secret:github-token]"],
    ["AWS access key id", "aws_access_key_id = AKIAZ7Q2RT5VWX3YB6ND", "aws_access_key_id = [secret:aws-access-key-id]"],
    ["AWS temporary key id", "ASIAY34FZKBOKMUTVV7A,", "[secret:aws-access-key-id],"],
    ["AWS key after a JSON escape", '"x\\nAKIAZ7Q2RT5VWX3YB6ND"', '"x\\n[secret:aws-access-key-id]"'],
    ["JWT", `token=${jwt}; path=/`, "token=[secret:jwt]; path=/"],
    ["JWT at sentence end", `see ${jwt}.`, "see [secret:jwt]."],
    ["unsigned JWT", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.", "[secret:jwt]"],
    ["PEM block", `key:\n${pem}\ndone`, "key:\n[secret:private-key]\ndone"],
    ["PEM block in a JSON string", JSON.stringify({ key: pem }), '{"key":"[secret:private-key]"}'],
    ["PEM block cut short", '{"key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC"}', '{"key":"[secret:private-key]"}'],
    ["OpenSSH key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----", "[secret:private-key]"],
    ["PGP key block", "-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF0xMjM0NTY3ODkwYWJjZGVm\n-----END PGP PRIVATE KEY BLOCK-----", "[secret:private-key]"],
    ["Authorization: Bearer", "Authorization: Bearer abc.def-123", "Authorization: Bearer [secret:bearer]"],
    ["Authorization: Bearer, short", "Authorization: Bearer s3cr3t", "Authorization: Bearer [secret:bearer]"],
    ["authorization header in JSON", '{"authorization":"bearer 0123456789abcdef0123"}', '{"authorization":"bearer [secret:bearer]"}'],
    ["token scheme", '{"authorization":"token 0123456789abcdef"}', '{"authorization":"token [secret:bearer]"}'],
    ["Basic scheme", "Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: Basic [secret:basic-auth]"],
    ["bare Bearer token", "curl -H 'Bearer 9f8e7d6c5b4a39281706f5e4'", "curl -H 'Bearer [secret:bearer]'"],
    ["Bearer JWT names the JWT", `Authorization: Bearer ${jwt}`, "Authorization: Bearer [secret:jwt]"],
    ["Slack bot token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "[secret:slack-token]"],
    ["Slack user token", "xoxp-123456789012-123456789012-123456789012-0123456789abcdef0123456789abcdef", "[secret:slack-token]"],
    ["Slack app token", "xapp-1-A0123456789-1234567890123-abcdef0123456789", "[secret:slack-token]"],
    ["Slack config token", `xoxe.xoxp-1-${"Q7wE2rT9yU4iO1pA6sD3fG8hJ5kL0zX".repeat(6)}`, "[secret:slack-token]"],
    ["Slack webhook", "post to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX now", "post to [secret:slack-webhook] now"],
    ["URL password", "REDIS_URL=redis://:hunter2hunter2@redis.internal:6379", "REDIS_URL=redis://:[secret:password]@redis.internal:6379"],
    ["URL user and password", "postgres://app:s3cret@db.example.com/app", "postgres://app:[secret:password]@db.example.com/app"],
  ])("%s", (_name, input, expected) => {
    expect(masker.mask(input)).toBe(expected);
  });
});

describe("near misses stay", () => {
  it.each([
    "ghp_short",
    "the ghp_ prefix marks a personal token",
    "github_pat_ is the fine-grained prefix",
    "AKIAIOSFODNN7EXAMPL",
    "XAKIAIOSFODNN7EXAMPLE",
    "AKIAIOSFODNN7EXAMPLEX",
    "eyJhbGciOiJIUzI1NiJ9 alone is only a header",
    "a Bearer token is required",
    "Bearer tokens are fine",
    "the Authorization header is required",
    "Authorization: required",
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
    "-----BEGIN PUBLIC KEY-----",
    "xoxo, see you",
    "https://github.com/octo-org/access/issues/42",
    "https://user@example/path",
  ])("%s", (input) => {
    expect(masker.mask(input)).toBe(input);
  });
});

describe("configured secrets", () => {
  const webhookSecret = "whsec-Xq9!p2#Lm0";
  const privateKey = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----";
  const withSecrets = createMasker({ secrets: [webhookSecret, privateKey, "short", "signing-key-0123456789"] });

  it("replaces each value wherever it appears, as written and JSON-escaped", () => {
    expect(withSecrets.mask(`secret=${webhookSecret}; again ${webhookSecret}`)).toBe("secret=[secret]; again [secret]");
    expect(withSecrets.mask(JSON.stringify({ key: privateKey }))).toBe('{"key":"[secret]"}');
    expect(withSecrets.mask(`sig=${encodeURIComponent(webhookSecret)}`)).toBe("sig=[secret]");
    expect(withSecrets.mask("mid-word:signing-key-0123456789abc")).toBe("mid-word:[secret]abc");
  });

  it("ignores values too short to be told apart from ordinary words", () => {
    expect(withSecrets.mask("a short note")).toBe("a short note");
  });

  it("wins over an address that contains it", () => {
    expect(withSecrets.mask(`${webhookSecret}@example.com`)).toBe("[secret]@example.com");
  });
});

describe("secrets and addresses together", () => {
  it("masks a token glued to an address without exposing either", () => {
    const out = masker.mask(`jane@example.comghp_${alnum36}`);
    expect(out).toBe("j***@example.com[secret:github-token]");
  });

  it("keeps serialised log lines valid JSON", () => {
    const line = JSON.stringify({ msg: `Authorization: Bearer ${jwt}`, err: { stack: `Error: bad\n    at x (jane@example.com)\n${pem}` } });
    const out = masker.mask(line);
    expect(() => JSON.parse(out)).not.toThrow();
    expect(out).not.toContain("jane@");
    expect(out).not.toContain("MIIE");
  });
});
