import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";
import { crc32Base62 } from "../../src/masking/rules/checksum.js";

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
/** The body of the tables below: `input` comes out as `expected`. */
const masksAs = (_name: string, input: string, expected: string) => {
  expect(masker.mask(input)).toBe(expected);
};

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
    ["URL password that is short and plain", "https://user:abc@api.com/v1", "https://user:[secret:password]@api.com/v1"],
    ["URL password `pass` (secretlint reports it)", "ftp://user:pass@example.com", "ftp://user:[secret:password]@example.com"],
    ["URL password `secret`", "jdbc:mysql://sandy:secret@[myhost1:1111,myhost2:2222]/db", "jdbc:mysql://sandy:[secret:password]@[myhost1:1111,myhost2:2222]/db"],
    ["URL password holding a brace, masked whole", "https://u:ab{cd9@host", "https://u:[secret:password]@host"],
    ["URL stand-in followed by an address is no stand-in", "https://u:${pw}@jane.doe@example.com", "https://u:[secret:password]@example.com"],
    ["URL stand-in braces hiding an address", "https://u:{x}@jane.doe}@example.com", "https://u:[secret:password]@example.com"],
    // A stand-in is the whole password, or none: nothing may hide behind one (review of the stand-in rule).
    ["URL stand-in run followed by an address", "conn=postgres://app:********,owner=jane.doe@example.com", "conn=postgres://app:[secret:password]@example.com"],
    ["URL password with a placeholder word inside", "postgres://svc:Zq8Lk3EXAMPLE,cc=jane.doe@example.com", "postgres://svc:[secret:password]@example.com"],
    ["URL template followed by an address", "postgres://svc:${DB_PW},owner=jane.doe@example.com", "postgres://svc:[secret:password]@example.com"],
    ["URL password after a dollar", "postgres://admin:$Zq8Lk3Vw9p@db.internal/app", "postgres://admin:[secret:password]@db.internal/app"],
    ["URL password between percent signs", "x://admin:%Zq8Lk3Vw9p%@h", "x://admin:[secret:password]@h"],
    ["URL password in braces", "x://admin:{Zq8Lk3Vw9p}@h", "x://admin:[secret:password]@h"],
    ["URL password of two alternating characters", "x://admin:a1a1a1a1@h", "x://admin:[secret:password]@h"],
    ["URL passphrase ending in Password", "x://a:SuperSecretPassword@h", "x://a:[secret:password]@h"],
    ["URL template name holding an address", "x://u:$jane.doe@example.com", "x://u:[secret:password]@example.com"],
    ["token inside a URL template", `https://u:\${ghp_${alnum36}}@host`, "https://u:${[secret:github-token]}@host"],
  ])("%s", masksAs);
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

  it("replaces values longer than a 16-bit count, beside others anchored at the same character", () => {
    const long = `Z${"q8Zr2xT5".repeat(9000)}`;
    const both = createMasker({ secrets: [long, "Zebra-0123456789"] });
    expect(both.mask(`a ${long} b Zebra-0123456789 c`)).toBe("a [secret] b [secret] c");
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

describe("issue 18: defects in claimed shapes", () => {
  const jwtBody = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjM0NTYiLCJpYXQiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLWp3dA";

  it("masks the installation-token format ghs_<app id>_<JWT> whole", () => {
    expect(masker.mask(`token ghs_123456_${jwtBody} end`)).toBe("token [secret:github-token] end");
    expect(masker.mask(JSON.stringify({ token: `ghs_123456_${jwtBody}` }))).toBe('{"token":"[secret:github-token]"}');
  });

  it("masks Authorization: Api-Token", () => {
    expect(masker.mask("Authorization: Api-Token 9f8e7d6c5b4a39281706f5e4")).toBe("Authorization: Api-Token [secret:authorization]");
  });

  // Vendors' own schemes: Okta, Discord, Azure Storage, Opsgenie, Splunk HEC, GoDaddy.
  it.each([
    ["Authorization: SSWS 00QCjAl4MlV-WPXM4B6y2GkLNJGJbBYdWMNbAsBkVk", "Authorization: SSWS [secret:authorization]"],
    ["Authorization: Bot MTA4NjIxNzQ0NjA3MjQ1NjE0OA.GxYz1a.Qw3rTy7uIoPaSdFgHjKlZx", "Authorization: Bot [secret:authorization]"],
    ["Authorization: SharedKey myaccount:ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08=", "Authorization: SharedKey [secret:authorization]"],
    ['curl -H "Authorization: GenieKey 3f1b6c2e-8d4a-4b7f-9e21-5a6c7d8e9f01" https://api.opsgenie.com', 'curl -H "Authorization: GenieKey [secret:authorization]" https://api.opsgenie.com'],
    ['{"authorization":"Splunk 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"}', '{"authorization":"Splunk [secret:authorization]"}'],
    ["Authorization: sso-key dLP4wKz4YJ3t_8ZnVPw2kXu7fXKqyBXgRs:Hh7nA3tBVq8tYk2Ld9QwRz", "Authorization: sso-key [secret:authorization]"],
    // Short credentials, and ones that start like a date, are credentials still.
    ["Authorization: Custom hunter2Passw0rd", "Authorization: Custom [secret:authorization]"],
    ["Authorization: Key 9f8a7b6c5d4e3f2a", "Authorization: Key [secret:authorization]"],
    ["Authorization: Session s3ss10n-1d-42", "Authorization: Session [secret:authorization]"],
    ["Authorization: SSWS 2026-12-06-00abcDEF123ghiJKL456mnoPQR789", "Authorization: SSWS [secret:authorization]"],
    ["Authorization: HMAC 2026-12-06T10:00:00Z:c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ==", "Authorization: HMAC [secret:authorization]"],
    ["authorization: Custom ab***@cdefghijklmnopqrstuvwxyz0123", "authorization: Custom [secret:authorization]"],
    // A ticket's shape with a secret's length is a secret.
    ["Authorization: key-48291377650199887766", "Authorization: [secret:authorization]"],
    ['{"authorization":"sk-1234567890123456789012345678901234567890"}', '{"authorization":"[secret:authorization]"}'],
    ["Authorization: SSWS key-00998877665544332211", "Authorization: SSWS [secret:authorization]"],
  ])("masks the credentials after a scheme word it does not list: %s", (input, output) => {
    expect(masker.mask(input)).toBe(output);
    expect(masker.mask(output)).toBe(output);
  });

  it.each([
    "Authorization: required for this endpoint",
    "Authorization header is missing in request 12345678",
    "Authorization: see the runbook",
    '{"authorization":"pending approval-1234567 from @alice"}',
    "Authorization: for INC-12345678 granted",
    "Authorization: expires 2026-12-06T10:00:00Z",
  ])("leaves prose after an Authorization key alone: %s", (input) => {
    expect(masker.mask(input)).toBe(input);
  });

  it.each(["authorization: see x@abcdefghijk.com", "authorization: contact jo@abcdefghijkl.com for access", "authorization: x@abcdefghijk.com"])(
    "masks an address after an Authorization key once, as masking it again changes nothing: %s",
    (input) => {
      const once = masker.mask(input);
      expect(once).toContain("***@");
      expect(masker.mask(once)).toBe(once);
    },
  );

  it("masks an Authorization value that holds @ whole", () => {
    expect(masker.mask("Authorization: Basic jane@example.com:Sup3r-S3cret!")).toBe("Authorization: Basic [secret:basic-auth]");
    expect(masker.mask('{"authorization":"Bearer abc123@def456ghi"}')).toBe('{"authorization":"Bearer [secret:bearer]"}');
  });

  // base64 puts `+` or `/` first, base64url `-`, in about one random token in twenty.
  it.each([
    ["Authorization: Bearer /Zq8vR2mX9kLp7wTb3nYc5dFg", "Authorization: Bearer [secret:bearer]"],
    ["Authorization: Bearer +Zq8vR2mX9kLp7wTb3nYc5dFg==", "Authorization: Bearer [secret:bearer]"],
    ["Authorization: Basic +ZGVwbG95OlpxOHZSMm1YOWtMcDd3", "Authorization: Basic [secret:basic-auth]"],
    ['{"headers":{"authorization":"Bearer /Zq8vR2mX9kLp7wTb3nYc5dFg"}}', '{"headers":{"authorization":"Bearer [secret:bearer]"}}'],
    ['{"authorization":"/Zq8vR2mX9kLp7wTb3nYc5dFg"}', '{"authorization":"[secret:authorization]"}'],
    ["ran curl with Bearer -Zq8vR2mX9kLp7wTb3nYc5dFg today", "ran curl with Bearer [secret:bearer] today"],
    ["Authorization: SSWS /0QCjAl4MlV-WPXM4B6y2GkLNJGJbBYdW", "Authorization: SSWS [secret:authorization]"],
    ["Authorization: Bearer +/Zq8vR2mX9kLp7wTb3nYc5dFg", "Authorization: Bearer [secret:bearer]"],
    // PHP's json_encode writes `/` as `\/`, first or anywhere in the value.
    ['{"authorization":"Bearer \\/Zq8vR2mX9kLp7wTb3nYc5dFg"}', '{"authorization":"Bearer [secret:bearer]"}'],
    ['{"authorization":"Bearer Zq8vR2\\/mX9kLp7wTb3nYc5dFg"}', '{"authorization":"Bearer [secret:bearer]"}'],
    ['{"headers":{"Authorization":["Bearer Zq8vR2mX9kLp7wTb\\/3nYc5dFg\\/Pq9"]}}', '{"headers":{"Authorization":["Bearer [secret:bearer]"]}}'],
    ['{"token":"Bearer \\/Zq8vR2mX9kLp7wTb3nYc5dFg"}', '{"token":"Bearer [secret:bearer]"}'],
    ["Authorization: SharedAccessSignature sr=abc&sig=Zq8Pw2Lm9Xr4Tb7Kd1AbCdEfGhQ", "Authorization: SharedAccessSignature [secret:authorization]"],
    ["Authorization: Bearer Zq8Pw2Lm9Xr4Tb7Kd1Ab&refresh=Yq8Pw2Lm9Xr4Tb7Kd1Ab", "Authorization: Bearer [secret:bearer]"],
    ["Authorization: Bearer /Zq8vK3pW9xLm2RtY&scope=read.write", "Authorization: Bearer [secret:bearer]"],
    ["wss://hub.example.com/ws?authorization=-Zq8vK3pW9xLm2RtY7bN4&v=1.2", "wss://hub.example.com/ws?authorization=[secret:authorization]"],
    ["Authorization: ZqvKpWxLmRtYbNcHdFgJ from vault", "Authorization: [secret:authorization] from vault"],
    ["Authorization: Bearer -abc&sig=Zq8Pw2Lm9Xr4Tb7Kd1AbCdEf", "Authorization: Bearer [secret:bearer]"],
    ["authorization=-Zq8P&sr=b&sig=Zq8Pw2Lm9Xr4Tb7Kd1AbCdEfGh", "authorization=[secret:authorization]"],
    ["Authorization: Basic dXNlcjpw&YXNz", "Authorization: Basic [secret:basic-auth]"],
  ])("masks credentials that start with a base64 symbol: %s", (input, output) => {
    expect(masker.mask(input)).toBe(output);
    expect(masker.mask(output)).toBe(output);
  });

  it.each([
    "Authorization:://example.com",
    "Authorization: Bearer --help",
    "Authorization: Bearer /etc",
    "Authorization: Bearer ${TOKEN}",
    "use Bearer -H to pass it",
    "Authorization: -",
    "Authorization: Bearer //x",
    "authorization: /oauth2/v1/authorize",
    '{"endpoints":{"authorization":"/connect/authorize1"}}',
    "Authorization: Bearer /api/v2/token",
    "use Bearer /tmp/token-v2.txt",
    "authorization: -Xmx2048m",
    "Authorization: +15551234567",
    "authorization: /api/v2/OAuth/Authorize",
    '"authorization":"/connect/AuthorizeCallback"',
    "Authorization: /Users/JaneDoe/Library/Keychains",
    "authorization: -DAuthProviderClass=Foo",
    "Authorization: Bearer -ErrorActionPreference",
    "use Bearer /api/Users/GetProfile",
    "Bearer /Windows/System32/Drivers",
  ])("leaves a symbol that starts no token alone: %s", (input) => {
    expect(masker.mask(input)).toBe(input);
  });

  it.each([
    ["password: Xk9$mQ2(vL8!nR4", "password: [secret:password](vL8!nR4"],
    ["DB_PASSWORD=Pa55.w0rd(2024)", "DB_PASSWORD=[secret:password](2024)"],
    ["token=Zq8Pw2Lm9.Xr4Tb7Kd1AbCdEf(", "token=[secret:token]("],
    ["password=Zq8::Pw2Lm9Xr4Tb7()", "password=[secret:password]()"],
    ["password=j.wsaInH(dxlWm8", "password=[secret:password](dxlWm8"],
    ["password=xxU37:w5LU(@l*~r", "password=[secret:password](@l*~r"],
  ])("masks a password before a bracket, which no namespaced function's name reads like: %s", (input, output) => {
    expect(masker.mask(input)).toBe(output);
  });

  it.each(["Authorization: -jo@examplecorp.com", '{"authorization":"-jo@examplecorp.com"}', "Authorization: Bearer /jo@examplecorp.com", "Authorization: Basic -ab@example-corp.io", "Bearer \\/ZqPwLmXrTbKdAbCd\\/bob.smith@corp.example.org"])(
    "masks an address after a symbol once, as masking it again changes nothing: %s",
    (input) => {
      const once = masker.mask(input);
      expect(once).toContain("***@");
      expect(masker.mask(once)).toBe(once);
    },
  );
});

describe("issue 18: vendor tokens and keyword-anchored secrets", () => {
  it.each([
    ["npm", `npm_${"a1B2c3D4e5".repeat(3)}abcdef`, "[secret:npm-token]"],
    ["Google API key", "AIzaSyD-1234567890abcdefghijklmnopqrstu", "[secret:google-api-key]"],
    ["Stripe", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "[secret:stripe-key]"],
    ["Anthropic", `sk-ant-api03-${"Ab3dE5gH7jK9mN1pQ3sT5vW7yZ".repeat(4).slice(0, 93)}AA`, "[secret:anthropic-key]"],
    ["age", "AGE-SECRET-KEY-1QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7LQPZRY9X8GF2TVDW0S3JN54KHCE6MU", "[secret:age-secret-key]"],
    ["Discord webhook", "https://discord.com/api/webhooks/1075565484306608198/BVAdPnc8ZMuDZG9neaEnIBekuNErtmd9FRQPMV66LS3eEfxZI3OLR87izK096ILhnejJ", "https://[secret:discord-webhook]"],
    ["Discord webhook, another host", "https://ptb.discordapp.com/api/webhooks/1075565484306608198/BVAdPnc8ZMuDZG9neaEnIBekuNErtmd9FRQPMV66LS3eEfxZI3OLR87izK096ILhnejJ?wait=true", "https://ptb.[secret:discord-webhook]?wait=true"],
    ["GitLab after a key", 'gitlab_token = "glpat-Ab3dE5gH7jK9mN1pQ3sT"', 'gitlab_token = "[secret:gitlab-token]"'],
    ["Vault after a flag", `-vaultToken hvs.${"CAESIJ3x9k".repeat(10)}`, "-vaultToken [secret:vault-token]"],
    ["password=", "password=hunter2hunter2", "password=[secret:password]"],
    ["env", 'DB_PASSWORD: "s3cr3t-Pa55w0rd"', 'DB_PASSWORD: "[secret:password]"'],
    ["JSON", '{"client_secret":"6da89121079f83b2eb6acccf8219ea98"}', '{"client_secret":"[secret:secret]"}'],
    ["HTTP header", "X-Api-Key: 0123abcd4567efgh8901", "X-Api-Key: [secret:api-key]"],
    ["AWS secret access key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYz9s8d7f6g5h", "aws_secret_access_key = [secret:api-key]"],
    ["XML", "<adafruitToken>q8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0lC2</adafruitToken>", "<adafruitToken>[secret:token]</adafruitToken>"],
    ["YAML block", "adafruit_token: |\n  q8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0lC2", "adafruit_token: |\n  [secret:token]"],
    ["Makefile", 'ADAFRUIT_TOKEN ::= "q8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0lC2"', 'ADAFRUIT_TOKEN ::= "[secret:token]"'],
    ["Go, with a declared type", 'var adafruitToken string = "q8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0lC2"', 'var adafruitToken string = "[secret:token]"'],
    ["GitLab in free text", "pushed with glpat-Ab3dE5gH7jK9mN1pQ3sT today", "pushed with [secret:gitlab-token] today"],
    ["Vault in a JSON line", `{"msg":"hvs.${"CAESIJ3x9k".repeat(10)}"}`, '{"msg":"[secret:vault-token]"}'],
    ["Doppler in markdown", "`dp.pt.Ab3dE5gH7jK9mN1pQ3sTAb3dE5gH7jK9mN1pQ3sT`", "`[secret:doppler]`"],
    ["Terraform in free text", "token km6Yj10kdkJgfq.atlasv1.MABhNY2YZj4C16CuiH0lWxjkx9hUzq429M-TKhqMgBa6nbZFxhpoag_nyMaE ok", "token [secret:terraform] ok"],
    ["curl -u", "curl -u admin:S3cr3tPa55 https://api.example.com", "curl -u admin:[secret:password] https://api.example.com"],
    ["curl --user, quoted in a JSON line", JSON.stringify({ msg: 'curl --user "deploy:Zq8!vLm2pw" https://api' }), JSON.stringify({ msg: 'curl --user "deploy:[secret:password]" https://api' })],
    ["curl -u with an address as the user", "curl -u jane@example.com:hunter2xyz https://a", "curl -u j***@example.com:[secret:password] https://a"],
    ["curl -u after a url and a word ending in c", '{"url":"https://x","msg":"sync curl -u admin:S3cr3tPa55"}', '{"url":"https://x","msg":"sync curl -u admin:[secret:password]"}'],
    ["curl -u at the text's start, right after a url", "curl -u admin:S3cr3tPa55 url", "curl -u admin:[secret:password] url"],
    ["curl -u, a password that starts like a placeholder", "curl -u admin:passW0rd8s8Vh7y1Ow https://h", "curl -u admin:[secret:password] https://h"],
    ["curl -u, a password that starts with X", "curl -u admin:Xk8s8Vh7y1OwFZCjo https://h", "curl -u admin:[secret:password] https://h"],
    ["curl -u, a password that starts with < and is no placeholder", "curl -u admin:<S3cr3tPa55w0rd https://h", "curl -u admin:[secret:password] https://h"],
    ["a key and a value glued to `==` (an INI value whose alphabet holds `=`)", "intercomToken==iikkupgr6843ow7wro8ea03h0ugx1-3_03h498czz9n4pfh41", "intercomToken==[secret:token]"],
    ["a key and a value glued to `==`, in JSON", JSON.stringify({ msg: "api_key==Zq8Lk3Vw9pXy2Rt6" }), JSON.stringify({ msg: "api_key==[secret:api-key]" })],
  ])("%s", masksAs);
});

describe("issue 18: placeholders and look-alikes stay", () => {
  it.each([
    "AKIAIOSFODNN7EXAMPLE",
    `ghp_${"x".repeat(36)}`,
    "Bearer XXXXXXXXXXXX",
    "Authorization: Bearer XXXXXXXXXXXX",
    "export GITHUB_TOKEN=${GITHUB_TOKEN}",
    "token: ${{ secrets.GITHUB_TOKEN }}",
    "password: changeme",
    `api_key = "${"a".repeat(32)}"`,
    "attached hugs-xoxo-2024-final.png",
    "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
    '{"key":"-----BEGIN PRIVATE KEY-----\\n<your key here>\\n-----END PRIVATE KEY-----"}',
    "curl -u user:password https://example.com",
    "curl -u user:PASSWORD https://example.com",
    "curl -u user:xxxxxxxx https://example.com",
    // A comparison, not an assignment: `==` with a blank or a quote after it.
    'if (token == "Zq8Lk3Vw9pXy2Rt6") return',
    'if token == expected_token_value_1:',
    'curl -u "$USER:$PASS" https://example.com',
    "curl -u 'ci:${{ secrets.PW }}' https://example.com",
    "curl -u admin: https://example.com",
    "https://discord.com/api/webhooks/{id}/{token}",
    "https://discord.com/api/webhooks/123/token",
    "curl -u <user>:<password> https://example.com",
    // URL passwords that stand in for one (secretlint's basic-auth and database-connection-string false positives).
    "https://username:password@example.com/api",
    "https://username:mypassword@test.com/endpoint",
    "https://YOUR_USERNAME:YOUR_PASSWORD@api.service.com",
    "mysql://admin:REPLACE_WITH_PASSWORD@mysql.server.com:3306/database",
    "https://${username}:${password}@api.example.com/v1",
    "mysql://user:${PASSWORD}@example.com:3306/db",
    "https://user:$DB_PASSWORD@db.internal/app",
    "https://{{user}}:{{pass}}@config.example.com",
    "https://{USER}:{PASS}@template.example.com",
    "https://user:%DB_PASSWORD%@db.internal/app",
    "https://user:1111@service.com/api",
    "https://testuser:xxxx@demo.com",
    "https://deploy:changeme@ci.internal",
    "a release of HttpError with ABC_DEF and glpat- in prose",
    "the token is required and the token itself = rotated weekly",
  ])("%j", (input) => {
    expect(masker.mask(input)).toBe(input);
  });

  it("decides a keyword's value the same when the text is masked again", () => {
    const custom = createMasker({ patterns: ["(?i)x\\.y"], secrets: ["0123456789abcdef"] });
    for (const input of ["<apiKey>hooks.slack.com/services/0123456789abcdef", "key:a@x.y", "token=jane.doe@example.com"]) {
      const once = custom.mask(input);
      expect(custom.mask(once)).toBe(once);
    }
  });

  it("masks a token whose checksum holds even when it looks like a placeholder", () => {
    const random = "x".repeat(30);
    expect(masker.mask(`ghp_${random}${crc32Base62(random)}`)).toBe("[secret:github-token]");
  });

  it("masks Resend keys, and leaves what resend.go lists as no key (a character outside base58, a short part, no separator)", () => {
    // resend.go's own samples.
    expect(masker.mask('resendApiKey := "re_1234abcd_aBcDeFgHiJkLmNoPqRsTuVwX"')).toBe('resendApiKey := "[secret:resend]"');
    expect(masker.mask("sent with re_c1tpEyD8_NKFusih9vKVQknRAQfmFcWCv today")).toBe("sent with [secret:resend] today");
    for (const notAKey of ["re_0234abcd_aBcDeFgHiJkLmNoPqRsTuVwX", "re_1234abcd_OBcDeFgHiJkLmNoPqRsTuVwX", "re_I234abcd_aBcDeFgHiJkLmNoPqRsTuVwX", "re_1234abcl_aBcDeFgHiJkLmNoPqRsTuVwX", "re_1234abc_aBcDeFgHiJkLmNoPqRsTuVwX", "re_1234abcdaBcDeFgHiJkLmNoPqRsTuVwX"]) {
      expect(masker.mask(`resendApiKey := "${notAKey}"`)).toBe(`resendApiKey := "${notAKey}"`);
    }
  });

  it.each([
    ["Supabase", "sbp_da12112678d6286273427b5f432348311d9cc12a", "[secret:supabase]"],
    ["Pinecone", "pcsk_zbi6L_olwozmb538xh9i4yuja91molwa70lwtk24w3durxu9vjnqmn3mxx6a28n97wc13", "[secret:pinecone]"],
    ["Razorpay key id", "rzp_test_xvh0yqnd0onphw", "[secret:razorpay]"],
    ["Razorpay key id of letters", "rzp_live_pohntxxupkavtj", "[secret:razorpay]"],
    ["Paystack public key", "pk_test_vtkr8r44g2tpo8qr2y81i050swj9xu5lbfmdiqfc", "[secret:paystack]"],
    ["a short-lived Bedrock key's start (aws.go's regex)", "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t", "[secret:aws-bedrock-key]"],
    ["a short-lived Bedrock key", "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2Fs", "[secret:aws-bedrock-key]"],
  ])("masks a %s token in free text, in JSON and after a key", (_name, token, placeholder) => {
    expect(masker.mask(`I pasted ${token} by mistake`)).toBe(`I pasted ${placeholder} by mistake`);
    expect(masker.mask(JSON.stringify({ key: token }))).toBe(JSON.stringify({ key: placeholder }));
    expect(masker.mask(`- \`${token}\``)).toBe(`- \`${placeholder}\``);
  });

  it.each([
    "SUPABASE_PAT=sbp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    'pinecone_api_key = "pcsk_abcde_tooShort"',
    "pccm_abcde_0123456789012345678901234567890123456789012345678901234567890",
    'nonMatchingToken := "rxp_test_pohntxxupkavtj"',
    "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29",
    // An exact token's shape followed by a word character is part of a longer word (gitleaks' `\b`).
    "rzp_test_authentication_flow",
    "re_c1tpEyD8_NKFusih9vKVQknRAQfmFcWCv_suffix",
    "pk_live_vtkr8r44g2tpo8qr2y81i050swj9xu5lbfmdiqfc_x",
  ])("leaves the rule files' false positive, or a longer word, %j", (input) => {
    expect(masker.mask(input)).toBe(input);
  });

  it("masks an age key of repeated characters, the zero key, and leaves its typed stand-ins", () => {
    // gitleaks' own age.go sample; `Q` encodes zero bits in bech32.
    expect(masker.mask(`ageToken="AGE-SECRET-KEY-1${"Q".repeat(58)}"`)).toBe('ageToken="[secret:age-secret-key]"');
    expect(masker.mask(`AGE-SECRET-KEY-1${"QP".repeat(29)}`)).toBe("[secret:age-secret-key]");
    for (const standIn of [`AGE-SECRET-KEY-1${"X".repeat(58)}`, `AGE-SECRET-KEY-1EXAMPLE${"Q".repeat(51)}`]) {
      expect(masker.mask(standIn)).toBe(standIn);
    }
    // Other vendors keep the rule: one or two repeated characters after the prefix are a stand-in.
    expect(masker.mask(`glpat-${"Q".repeat(20)}`)).toBe(`glpat-${"Q".repeat(20)}`);
  });
});

describe("a keyword's value judged whole, whatever it starts with or runs into", () => {
  const m = createMasker();
  it.each([
    ["a real password that starts like a Slack token", "password=xoxb-MyRealPassw0rd", "password=[secret:password]"],
    ["a quoted one that starts like an OpenAI key", "password='sk-proj-Zx9Pw8Mr7Gy6'", "password='[secret:password]'"],
    ["a truncated Anthropic key after its variable", "ANTHROPIC_API_KEY=sk-ant-api03-Zx9Pw8Mr7Gy6Ui5Lp4Df3Gh2Jk1LzXcVbNm0RwErHyUiKpAsDfGhZ", "ANTHROPIC_API_KEY=[secret:api-key]"],
    ["a secret followed by a URL field", "password=Zx9Pw8Mr7Gy6Ui5Lp,callback=https://app.example.com/cb", "password=[secret:password],callback=https://app.example.com/cb"],
    ["an OAuth client secret before its redirect", "client_secret=Zx9Pw8Mr7Gy6Ui5Lp,redirect_uri=https://a.example.com/cb", "client_secret=[secret:secret],redirect_uri=https://a.example.com/cb"],
    ["a token before a line break tag and a link", "token=Zx9Pw8Mr7Gy6Ui5Lp<br>https://example.com", "token=[secret:token]<br>https://example.com"],
  ])("masks %s", (_what, input, expected) => {
    expect(m.mask(input)).toBe(expected);
  });

  it("leaves a vendor prefix followed by a word alone (gitleaks' own false positive)", () => {
    expect(m.mask('anthropic_token = "sk-ant-oat01-tooShort"')).toBe('anthropic_token = "sk-ant-oat01-tooShort"');
  });
});

describe("gitleaks parity: what gitleaks' rule files find is masked", () => {
  it.each([
    // aws.go has matched `[A-Z0-9]{16}`; its regex-made samples hold 0, 1, 8 and 9, which base32 ids never do.
    ["AWS key id body with 0, 1, 8 and 9", "key AKIA0189QWERTYUIOP01 end", "key [secret:aws-access-key-id] end"],
    ["AWS A3T key id body with digits", "A3TX9Z8Y1W0V2U3T4S5R ok", "[secret:aws-access-key-id] ok"],
    // digitalocean.go's refresh-token rule is case-insensitive: its hex may be upper case.
    ["DigitalOcean refresh token with upper-case hex", `dor_v1_${"3F9A0C7E1B5D2846".repeat(4)}`, "[secret:digitalocean-token]"],
    // artifactory.go makes its samples of hex (entropy under 4) and asks for entropy 3; the table asked for 4.5.
    ["Artifactory API key with a hex body", `AKCp${"5bdb9a8ce8f0a7f5a7c1f0e6d7c8b9a0f1e2d3c4b5a6978877665544332211".slice(0, 60)}0ffeeddcc ok`, "[secret:artifactory] ok"],
    ["Artifactory reference token with a hex body", `cmVmd${"e4944c8575f6d3dd677b15fef87007ccf02916d077e275b3b505e00090aec4ae".slice(0, 59)} ok`, "[secret:artifactory] ok"],
    // langsmith.go takes [a-z0-9] (its samples are utils.AlphaNumeric), not hex; perplexity.go takes \w, `_` included.
    ["LangSmith key with a lower-case alphanumeric body", "lsv2_pt_q8zr2xt5vw1yb4nm6kp9sd3fg7hj0lq8_zr2xt5vw1y ok", "[secret:langsmith] ok"],
    ["Perplexity key with an underscore", "pplx-d7m9i004uJ7RXsix28_73aEWzQeGOEQKyJACbXg2GVBLT2eT ok", "[secret:perplexity] ok"],
    // settlemint.go takes twelve characters or more; the row asked for sixteen.
    ["Settlemint token of twelve characters", "sm_pat_Q8zr2xT5vW1y ok", "[secret:settlemint] ok"],
    // adobe.go's samples: p8e- and lower-case hex, no character the scan stops at; found through the run of hex.
    ["Adobe client secret with a hex body in free text", "signing with p8e-0a1b2c3d4e5f60718293a4b5c6d7e8f9 now", "signing with [secret:adobe] now"],
    // An AWS secret access key may start with `/`: a long stretch of mixed case and digits is base64, not a path.
    ["AWS secret key starting with a slash (CSV)", "AWSSecretToken,/oFPTa9d5EnPSpN5j2juFJGrnHJW74aarZT6G/Af,", "AWSSecretToken,[secret:token],"],
    // An element's body runs to its closing tag: database.go's class holds `;`, where a bare value ends.
    ["element body starting with a semicolon", "<DB_PASSWORDToken>;lBxK$Ib1OTdmOF9j4n;</DB_PASSWORDToken>", "<DB_PASSWORDToken>[secret:password]</DB_PASSWORDToken>"],
    // generic.go's true positives with a bare lower-case credentials key, which has no anchor.
    ["creds = …", "creds = ParrznXDH0MRbIBFPsE7mG4LaNOyXQ", "creds = [secret:credentials]"],
    ["credentials with a hex value", '"credentials" : "0afae57f3ccfd9d7f5767067bc48b30f719e271ba470488056e37ab35d4b6506"', '"credentials" : "[secret:credentials]"'],
    ["credential in JSON", '{"credential":"q8Zr2xT5vW1yB4nM"}', '{"credential":"[secret:credentials]"}'],
    // A run of hex is now read back for a bare key too: `secret:` before a 40-hex value was left whole.
    ["bare secret before a run of hex", "secret: 9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c", "secret: [secret:secret]"],
    ["a bracket that never closes over words", "password: <Zq8vLm2pw7", "password: [secret:password]"],
  ])("%s", (_name, input, expected) => {
    expect(masker.mask(input)).toBe(expected);
  });
});

describe("gitleaks parity: what gitleaks' rule files leave stays", () => {
  it.each([
    // sumologic.go's false positive: read up to its first blank, `<SUMOLOGIC` was masked and `ACCESS KEY>` left.
    ['sumo_access_key   = "<SUMOLOGIC ACCESS KEY>"'],
    ["api_key: <SUMOLOGIC ACCESS KEY>"],
    ['{"client_secret":"{your client secret}"}'],
    ["commit 9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c done"],
    ["credentials: none provided"],
    ["secret: /etc/ssl/private/server.key"],
    ["password: /home/ci/.cache/Go2Build/x86_64/v1.2.3"],
    ["the creds = value"],
    // easypost.go's false positive: EZAK inside a longer base64 run is no EasyPost key (the regex ends at a word boundary after 54).
    ["...6wqX6fNUXA/rYqRvfQ+EZAKGqQRiRyqAFRQshGPWOIAwNWGORfKHSBnVNFtVmWYoW6PH23lkqbbDWep95C/3VmWq/edti6..."],
    ['secret = "0000000000000000000000000000000000000000"'],
  ])("%s", (input) => {
    expect(masker.mask(input)).toBe(input);
  });
});

describe("secretlint's fixtures: rows as wide as its rules, and its near misses", () => {
  // Each case is a fixture line of secretlint packages/@secretlint/secretlint-rule-<rule>/test/snapshots (docs/masking.md, "Rule coverage").
  it.each([
    ["Shopify app secret of letters and digits (shopify ng.apikey)", "shpss_QlRSJy5AXX1cILNjVatTsEIhFxuPF5ex", "[secret:shopify-token]"],
    ["Shopify custom-app token of 38 characters", "token shpca_7jqbg9cupMkZRxJKXWz3v8BvS8QBa7hMdJfAex ok", "token [secret:shopify-token] ok"],
    ["Anthropic api04 key (anthropic ng.secret)", "sk-ant-api04-pRLEoxKCq2cuUW5bhgMTVPcAuDd6aoydZQYcEXVp_Fu46ri_GkPW5INiuAEYTqOx4w27CnqVik4Ak_wNjjzKAA-Q5uYbwAA", "[secret:anthropic-key]"],
    ["Databricks token in upper-case hex (databricks ng.secret)", "DATABRICKS_TOKEN=dapi1234567890ABCDEF1234567890ABCDEF", "DATABRICKS_TOKEN=[secret:databricks]"],
    ["Databricks token with its -digit suffix, whole", "see dapi0123456789ABCDEF0123456789ABCDEF-3 here", "see [secret:databricks] here"],
    ["Vault recovery token (hashicorp-vault ng.secret)", "hvr.3WskR14ts7U3oTURLM-EWl0ZwGlmVKurmA0VF3krh2SCPQnvJxK90RlqJBAJYNZK29ZU_I5RUZkqnjUQ3d_6bLEEBiKT6Yg", "[secret:vault-token]"],
    ["Slack legacy token of two number groups (slack ng.found-slack-token)", "xoxo-23984754863-2348975623103", "[secret:slack-token]"],
    ["Slack app token without its last part (slack ng.xapp-token)", "xapp-1-AA2JWS7BEDD-1234576618999 is an app token", "[secret:slack-token] is an app token"],
    ["Vercel token of 20 characters", "vcp_aB3dEf9hIjK2mN0pQr7T", "[secret:vercel]"],
    ["Linear key with an underscore, 32 characters", "lin_api_k3Jq9_Zr8Tn4Vb6Yc1Hd5Jf0Ks2QaWxm", "[secret:linear]"],
    ["Tailscale key of a type not yet documented", "tskey-future-k7Gq2xWp9Lm3-Zr8Tn4Vb6Yc1Hd5Jf0Ks2Qa", "[secret:tailscale]"],
    [
      "GitHub token as the user of x-oauth-basic (npm package.json-has-x-oauth-basic)",
      '"private-pkg": "git+https://111da111qqqq309bqq562159952c2c2a11111a1:x-oauth-basic@github.com/example/example.git#v1.0.0"',
      '"private-pkg": "git+https://[secret:github-token]:x-oauth-basic@github.com/example/example.git#v1.0.0"',
    ],
    ["a base64 value that decodes to a password is masked", "ANY_KEY = bXkgZHVtbXkgcGFzc3dvcmQgWnE4IUxrMyRWdw==", "ANY_KEY = [secret:api-key]"],
    ["a base64 URL with a password and a stand-in word is masked", "password=cG9zdGdyZXM6Ly9hcHA6WnE4TGszVnc5cFFyN3NUNkBleGFtcGxlLWRiLmludGVybmFsOjU0MzIvYXBw", "password=[secret:password]"],
    ["a base64 JSON credential with a stand-in word is masked", '"client_secret": "eyJ1c2VybmFtZSI6ImR1bW15IiwicGFzc3dvcmQiOiJacTghTGszJFZ3OXBRcjcifQ=="', '"client_secret": "[secret:secret]"'],
    ["a value that starts with a tag is masked", "api_key: <v1>AbC9dEf8GhI7jKl6", "api_key: [secret:api-key]"],
    ["a value that starts with a bracketed word is masked", '"password": "(x)Zq8Lk3Vw9p"', '"password": "[secret:password]"'],
    // The first character the scan stops at comes after a symbol of the body, where the walk back to the prefix used to end.
    ["Django key with + and = before its first stop", "see django-insecure-ab+cd=efg(hij)Klmnop@qrstuvwxyz0123456789abcdefghijkl!", "see [secret:django]"],
    ["Django key with @ before its first stop, in JSON", JSON.stringify({ msg: "django-insecure-s@7v#k!e2x9Zq0m$h^4&w*b(c)n+d=f.g-r_t1y3u5i8o6p" }), JSON.stringify({ msg: "[secret:django]" })],
    ["Frame.io token with = before its first stop", `see fio-u-abc=defQ${"w3".repeat(28)} end`, "see [secret:frameio] end"],
  ])("%s", masksAs);

  it.each([
    ["a Cloudflare token one character too long (cloudflare ok.valid)", "cfat_aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStT03fa099bZ"],
    ["a Groq key four characters too long (groq ok.valid)", "gsk_aBcDeFgHiJkLmNoPqRsT1234567890abcdefghijklmnopqrstuvWXYZ"],
    ["a Groq key cut by a dash (groq ok.valid)", "gsk_aBcDeFgHiJkLmNoPqRsT1234567890abcdefghijklmnopqrs-uv"],
    ["a Notion token one character too long (notion ok.valid)", "ntn_12345678901aBcDeFgHiJkLmNoPqRsT1234567890abcdef"],
    ["a Databricks body of 34 hex digits", "dapi0123456789abcdef0123456789abcdef01"],
    ["a base64 value that decodes to stand-in words (aws ok.AWS Secret Access Key)", "ANY_KEY = ZHVtbXkgdGV4dCBkYXRhIGRhdGEgZGF0YQ=="],
    ["a Slack xoxp- of two groups cut by placeholders", '"token4": "xoxp-572370529330-573807301142-572331691188-####################"'],
  ])("%s stays", (name, input) => masksAs(name, input, input));
});

describe("secretlint's GitHub rule: a classic token's body of word characters", () => {
  it("masks a ghp_ token whose body holds an underscore whole, as secretlint's [A-Za-z0-9_]{36} reads it", () => {
    expect(masker.mask("t ghp_wWPw5k4aXcaT4fNP0U_nZwJUVFk6LO0pINUx e")).toBe("t [secret:github-token] e");
  });
});
