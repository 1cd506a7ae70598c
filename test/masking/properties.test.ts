import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokenSamples } from "jit-access-bench/masking-rule-samples.js";
import { createMasker, type MaskerOptions } from "../../src/masking/index.js";
import { TOKEN_TABLE } from "../../src/masking/rules/token-table.js";

/*
 * Properties over arbitrary text. The text is built from fragments chosen to
 * collide with the scanners (quotes, backslashes, escapes, `@` in all its
 * forms, token prefixes, placeholders) so that the shrunk counterexamples
 * stay readable.
 */
const FRAGMENTS = [
  "a", "Z", "9", "é", "用", "😀", "jane", "x.y", "-", "_", ".", "..", " ", "\n", "\t", "\\", "\\\\", "\\n", "\\u00e9",
  "\\u003c", "\\u0040", '"', '\\"', "'", "`", "*", "=", "/", ":", ",", "(", ")", "[", "]", "{", "}", "<", ">", "+", "%",
  "%40", "%2B", "@", "@@", "example.com", "io", "localhost", "4.17.21", "[bot]", "[masked]", "[email]", "[email:0123abcd]",
  "[secret]", "[secret:jwt]", "***", "ghp_", "gho_", "github_pat_", "AKIA", "eyJ", "xoxb-", "xapp-", "-----BEGIN ",
  "PRIVATE KEY-----", "-----END ", "Bearer ", "Authorization: ", "://", "hooks.slack.com/services/", "0123456789abcdef",
  "token=", "Token: ", "_secret", "PASSWORD=", "key:", " |\n ", "<apiKey>", "npm_", "sk-ant-", "glpat-", "AIza", "SG.",
];
const text = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(""));
const noise = fc.oneof(text, fc.string({ maxLength: 30 }), fc.string({ unit: "grapheme", maxLength: 20 }));

const OPTIONS: Record<string, MaskerOptions> = {
  partial: {},
  full: { emails: "full" },
  hash: { emails: "hash", hashKey: "k" },
  custom: { patterns: ["EMP-[0-9]{3}", "(?i)x\\.y", "a[ab]*b", "\\\\n?jane"], secrets: ["0123456789abcdef"] },
};

const RUNS = { numRuns: 400 };

describe.each(Object.entries(OPTIONS))("%s", (_name, options) => {
  const masker = createMasker(options);

  it("is idempotent", () => {
    fc.assert(
      fc.property(noise, (input) => {
        const once = masker.mask(input);
        expect(masker.mask(once)).toBe(once);
      }),
      RUNS,
    );
  });

  it("is idempotent on an Authorization value that is an escaped address (a counterexample fast-check found)", () => {
    for (const input of ["Authorization: a%40io", "authorization=ab%40example.com", "Authorization: abcdefgh%40io"]) {
      const once = masker.mask(input);
      expect(masker.mask(once)).toBe(once);
    }
  });

  it.each([
    ["a PEM label's `KEY-----` before a key and a value", "-----BEGIN PRIVATE KEY-----,db_password=-----END PRIVATE KEY-----"],
    ["a PEM label's `KEY-----` before a token key", "-----BEGIN RSA PRIVATE KEY-----,token=-----END RSA PRIVATE KEY-----"],
    ["a quoted `curl -u` token with an empty password", 'curl -u "d2LkV78zLx!t:" https://localhost:9200'],
    ["GitHub's OAuth form in a package.json URL", '"git+https://111da111qqqq309bqq562159952c2c2a11111a1:x-oauth-basic@github.com/example/example.git#v1.0.0"'],
  ])("is idempotent on %s", (_name, input) => {
    const once = masker.mask(input);
    expect(masker.mask(once)).toBe(once);
  });

  it("reads text the same where anchors come thick as where they are sparse", () => {
    // fast-check found this one: mid-line, `==` is a comparison, at a line's start an assignment.
    const lead = "a@".repeat(40) + " ";
    expect(masker.mask(`${lead}PASSWORD==a4.17.21`)).toBe(`${lead}PASSWORD==a4.17.21`);
    expect(masker.mask(`${".".repeat(80)} PASSWORD==a4.17.21`)).toBe(`${".".repeat(80)} PASSWORD==a4.17.21`);
    // After such a lead the scanner reads every code unit; after a lead without anchors, the text is searched
    // anchor to anchor. Leads of both parities, since the dense scan reads code units in pairs. Both leads leave the
    // text on the same line, after the same blank: what the text means (`PASSWORD==…` assigns at a line's start
    // only, docs/masking.md) is the same after either.
    const leads = ["a@".repeat(40) + " ", "a@".repeat(40) + "  "];
    fc.assert(
      fc.property(noise, fc.constantFrom(...leads), (input, lead) => {
        const sparse = ".".repeat(80) + lead.slice(80);
        expect(masker.mask(lead + input)).toBe(lead + masker.mask(sparse + input).slice(sparse.length));
      }),
      RUNS,
    );
  });

  it("keeps JSON valid, however deeply the text is serialised", () => {
    fc.assert(
      fc.property(noise, (input) => {
        const line = JSON.stringify({ msg: input, nested: JSON.stringify({ body: input }) });
        const masked = masker.mask(line);
        expect(() => JSON.parse(masked)).not.toThrow();
        const inner = JSON.parse(masked) as { nested: string };
        expect(() => JSON.parse(inner.nested)).not.toThrow();
      }),
      RUNS,
    );
  });
});

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
// The first label carries a letter, and is no `v` and a number: such labels read as versions (`lodash@4.17.21`,
// `pkg@v0.0.0-0.aa`, docs/masking.md).
const address = fc.oneof(
  fc.tuple(
    fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9._+'-]{0,15}[A-Za-z0-9])?$/).filter((l) => !l.includes("..")),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/).filter((l) => !/^v[0-9]+$/.test(l)),
    fc.array(label, { maxLength: 2 }),
    fc.stringMatching(/^[a-z]{2,10}$/),
  ).map(([local, first, labels, tld]) => `${local}@${[first, ...labels, tld].join(".")}`),
  fc.constantFrom('"john doe"@example.com', "用户@例子.广告", "josé@example.com", "ops@[192.0.2.7]", "test@io", "x@163.com"),
);

const alnum = (n: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${n}}$`));
const token = fc.oneof(
  fc.tuple(fc.constantFrom("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), alnum(36)).map(([p, b]) => p + b),
  fc.tuple(alnum(22), fc.stringMatching(/^[A-Za-z0-9_]{59}$/)).map(([a, b]) => `github_pat_${a}_${b}`),
  fc.tuple(fc.constantFrom("AKIA", "ASIA", "ABIA", "ACCA", "A3TX", "A3T7"), fc.stringMatching(/^[A-Z2-7]{16}$/)).map(([p, b]) => p + b),
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9_-]{20,40}$/), fc.stringMatching(/^[A-Za-z0-9_-]{20,60}$/), fc.stringMatching(/^[A-Za-z0-9_-]{20,43}$/))
    .map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`),
  fc.tuple(fc.stringMatching(/^\d{10,13}$/), fc.stringMatching(/^\d{10,13}$/), alnum(24)).map(([a, b, c]) => `xoxb-${a}-${b}-${c}`),
  alnum(40).map((b) => `-----BEGIN RSA PRIVATE KEY-----\n${b}\n${b}\n-----END RSA PRIVATE KEY-----`),
  fc.tuple(fc.stringMatching(/^A[0-9A-Z]{10}$/), fc.stringMatching(/^\d{13}$/), fc.stringMatching(/^[a-f0-9]{64}$/)).map(([a, b, c]) => `xapp-1-${a}-${b}-${c}`),
  fc.tuple(fc.stringMatching(/^[A-Z0-9]{9}$/), fc.stringMatching(/^[A-Z0-9]{9}$/), alnum(24)).map(([t, b, k]) => `https://hooks.slack.com/services/T${t}/B${b}/${k}`),
);
// Word boundaries are part of some shapes (AWS key ids, JWTs), as in gitleaks.
const separator = fc.constantFrom(" ", "\n", '"', "'", "(", ")", ",", ";", ":", "<", ">", "=", "\t");

describe("what must never survive", () => {
  const maskers = Object.values(OPTIONS).map((options) => createMasker(options));

  it("an address embedded anywhere in arbitrary text", () => {
    fc.assert(
      fc.property(noise, address, noise, separator, separator, (before, email, after, left, right) => {
        for (const masker of maskers) {
          expect(masker.mask(`${before}${left}${email}${right}${after}`)).not.toContain(email);
          expect(masker.mask(JSON.stringify({ msg: `${before}${left}${email}${right}${after}` }))).not.toContain(JSON.stringify(email).slice(1, -1));
        }
      }),
      RUNS,
    );
  });

  it("a token embedded anywhere in arbitrary text", () => {
    fc.assert(
      fc.property(noise, token, noise, separator, separator, (before, secret, after, left, right) => {
        for (const masker of maskers) {
          const masked = masker.mask(`${before}${left}${secret}${right}${after}`);
          expect(masked).not.toContain(secret);
          expect(masker.mask(JSON.stringify({ msg: `${before}${left}${secret}${right}${after}` }))).not.toContain(
            JSON.stringify(secret).slice(1, -1),
          );
        }
      }),
      RUNS,
    );
  });

  // One token of every prefix of every row of the token table: all are found in free text now, the
  // hex-bodied ones (`dapi…`, `pul-…`, `glptt-…`, `v1.0-…`) through their run of hex (docs/masking.md).
  const familyTokens = tokenSamples();

  // A token of a row that stands alone (Vault's legacy `s.…`) is no token before `(`, which makes it a call (`s.computeSha256…(`).
  const standsAlone = new Set(TOKEN_TABLE.filter((row) => row.standsAlone === true).map((row) => row.id));

  it("a token of every family embedded anywhere in arbitrary text", () => {
    fc.assert(
      fc.property(noise, fc.constantFrom(...familyTokens), noise, separator, separator, (before, sample, after, left, right) => {
        if (right === "(" && standsAlone.has(sample.rule)) return;
        for (const masker of maskers) {
          expect(masker.mask(`${before}${left}${sample.token}${right}${after}`)).not.toContain(sample.token);
          expect(masker.mask(JSON.stringify({ msg: `${before}${left}${sample.token}${right}${after}` }))).not.toContain(sample.token);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("a configured secret, whatever it is made of", () => {
    fc.assert(
      fc.property(noise, fc.string({ minLength: 8, maxLength: 40 }), noise, (before, secret, after) => {
        const masker = createMasker({ secrets: [secret] });
        expect(masker.mask(`${before} ${secret} ${after}`)).not.toContain(secret);
      }),
      RUNS,
    );
  });
});
