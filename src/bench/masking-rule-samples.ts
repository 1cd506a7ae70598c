import { compileShape } from "../masking/rules/shape.js";
import { TOKEN_TABLE } from "../masking/rules/token-table.js";

/*
 * A labelled corpus built from the public rule sets' own samples, for the
 * masking bench and the tests: for every row of the token table, a token
 * made the way gitleaks' rule files make their true positives
 * (`secrets.NewSecret(<the rule's regex>)`: random characters in the rule's
 * shape) set in a log line, a JSON log line, markdown, and gitleaks'
 * `GenerateSampleSecret` form; the keyword-anchored forms of
 * cmd/generate/config/utils/generate.go (`GenerateSampleSecrets`) for the
 * vendors whose gitleaks rules are found by keyword; and the rule files'
 * false-positive samples and placeholders, which must stay. Each sample names
 * its source. Seeded, so every run sees the same corpus.
 */

export interface SecretSample {
  readonly family: string;
  readonly rule: string;
  readonly source: string;
  readonly context: string;
  readonly text: string;
  /** The secret as it stands in `text`; masked means it no longer appears. */
  readonly secret: string;
  /** The vendor prefix of a table token. */
  readonly prefix?: string;
}

export interface NegativeSample {
  readonly source: string;
  readonly text: string;
}

/**
 * mulberry32: a small seeded generator, so every run sees the same corpus.
 *
 * @example
 * const next = random(7); next(); // a number in [0, 1)
 */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random text in a shape (each class segment at its minimum length, at least 8 where it may be longer). */
function sampleOf(shape: string, next: () => number): string {
  let out = "";
  for (const segment of compileShape(shape).segments) {
    if ("literal" in segment) {
      out += segment.literal;
      continue;
    }
    const members: string[] = [];
    segment.set.forEach((on, code) => on === 1 && members.push(String.fromCharCode(code)));
    const length = Math.min(segment.max, Math.max(segment.min, 8));
    for (let k = 0; k < length; k++) out += members[Math.floor(next() * members.length)]!;
  }
  return out;
}

const CONTEXTS: readonly { name: string; wrap: (secret: string, vendor: string) => string }[] = [
  { name: "log line", wrap: (s) => `2026-04-01T10:00:00Z INFO deploy: uploading with ${s} to the registry` },
  { name: "JSON log line", wrap: (s) => JSON.stringify({ level: 50, msg: "request failed", detail: `credential ${s} was rejected` }) },
  { name: "markdown", wrap: (s) => `I pasted it by mistake:\n\n\`\`\`\n${s}\n\`\`\`\n\nand \`${s}\` again.` },
  { name: "gitleaks GenerateSampleSecret", wrap: (s, vendor) => `${vendor}_api_token = "${s}"` },
];

const GITLEAKS_TEMPLATES: readonly string[] = [
  '{i}Token="{s}"',
  '{i}Token = "{s}"',
  "{i}Token={s}",
  "{i}Token = {s}",
  '{\n    "{i}_token": "{s}"\n}',
  '\\{\n    \\"{i}_token\\": \\"{s}\\"\n\\}',
  "<{i}Token>{s}</{i}Token>",
  "<{i}Token>\n    {s}\n</{i}Token>",
  "{i}_token: {s}",
  "{i}_token: '{s}'",
  '{i}_token: "{s}"',
  "{i}_token: |\n  {s}",
  "{i}_token: >\n  {s}",
  'string {i}Token = "{s}";',
  'var {i}Token string = "{s}"',
  '{i}Token := "{s}"',
  "{i}Token := `{s}`",
  'String {i}Token = "{s}";',
  'var {i}Token = "{s}"',
  '${i}Token .= "{s}"',
  "{i}Token = '{s}'",
  '{i}Token = "{s}"',
  "{i}Token,{s},",
  '  "{i}Token" => "{s}"',
  '{i}_TOKEN = "{s}"',
  '{i}_TOKEN := "{s}"',
  '{i}_TOKEN ::= "{s}"',
  '{i}_TOKEN :::= "{s}"',
  '{i}_TOKEN ?= "{s}"',
  '{i}_TOKEN += "{s}"',
];

/** Vendors whose gitleaks rules are keyword-anchored (`[\w.-]{0,50}?(?:<vendor>)…`), with their secret's shape. */
const KEYWORD_VENDORS: readonly [string, string][] = [
  ["adafruit", "[a-z0-9_-]{32}"],
  ["airtable", "[a-z0-9]{17}"],
  ["algolia", "[a-z0-9]{32}"],
  ["asana", "[0-9]{16}"],
  ["bitbucket", "[a-z0-9]{32}"],
  ["bittrex", "[a-z0-9]{32}"],
  ["cloudflare", "[a-z0-9_-]{40}"],
  ["codecov", "[a-z0-9]{32}"],
  ["coinbase", "[a-z0-9_-]{64}"],
  ["confluent", "[a-z0-9]{16}"],
  ["contentful", "[a-z0-9=_-]{43}"],
  ["datadog", "[a-z0-9]{40}"],
  ["discord", "[a-f0-9]{64}"],
  ["droneci", "[a-z0-9]{32}"],
  ["dropbox", "[a-z0-9]{15}"],
  ["etsy", "[a-z0-9]{24}"],
  ["facebook", "[a-f0-9]{32}"],
  ["fastly", "[a-z0-9=_-]{32}"],
  ["finicity", "[a-f0-9]{32}"],
  ["finnhub", "[a-z0-9]{20}"],
  ["flickr", "[a-z0-9]{32}"],
  ["freshbooks", "[a-z0-9]{64}"],
  ["gitter", "[a-z0-9_-]{40}"],
  ["heroku", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"],
  ["hubspot", "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"],
  ["intercom", "[a-z0-9=_-]{60}"],
  ["jfrog", "[a-z0-9]{73}"],
  ["kraken", "[a-z0-9/=_+-]{80}"],
  ["kucoin", "[a-f0-9]{24}"],
  ["launchdarkly", "[a-z0-9=_-]{40}"],
  ["mailchimp", "[a-f0-9]{32}-us[0-9]{2}"],
  ["mailgun", "key-[a-f0-9]{32}"],
  ["mattermost", "[a-z0-9]{26}"],
  ["meraki", "[0-9a-f]{40}"],
  ["netlify", "[a-z0-9=_-]{40}"],
  ["newrelic", "[a-z0-9]{64}"],
  ["okta", "00[a-zA-Z0-9=_-]{40}"],
  ["plaid", "[a-z0-9]{30}"],
  ["rapidapi", "[a-z0-9_-]{50}"],
  ["sendbird", "[a-f0-9]{40}"],
  ["sentry", "[a-f0-9]{64}"],
  ["squarespace", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"],
  ["sumo", "[a-z0-9]{64}"],
  ["telegram", "[0-9]{9}:A[a-z0-9_-]{34}"],
  ["travis", "[a-z0-9]{22}"],
  ["twitch", "[a-z0-9]{30}"],
  ["twitter", "[a-z0-9]{45}"],
  ["yandex", "AQVN[A-Za-z0-9_-]{35}"],
];

export interface TokenSample {
  readonly family: string;
  readonly rule: string;
  readonly source: string;
  readonly prefix: string;
  readonly token: string;
}

/**
 * One token for every prefix of every row of the token table, made the way
 * gitleaks makes its true positives: random characters in the rule's shape.
 *
 * @example
 * tokenSamples().find((s) => s.prefix === "npm_")?.token;
 */
export function tokenSamples(seed = 18): TokenSample[] {
  const next = random(seed);
  const out: TokenSample[] = [];
  for (const row of TOKEN_TABLE) {
    for (const prefix of row.prefixes) {
      const lead = row.lead === undefined ? "" : sampleOf(row.lead, next);
      out.push({ family: row.family, rule: row.id, source: row.source, prefix, token: `${lead}${prefix}${sampleOf(row.shape, next)}` });
    }
  }
  return out;
}

/**
 * Builds the positive samples (deterministic).
 *
 * @example
 * secretSamples().filter((s) => s.family === "npm-token");
 */
export function secretSamples(seed = 18): SecretSample[] {
  const next = random(seed + 1);
  const out: SecretSample[] = [];
  for (const { family, rule, source, prefix, token } of tokenSamples(seed)) {
    const vendor = family.split("-")[0]!;
    for (const context of CONTEXTS) out.push({ family, rule, source, prefix, context: context.name, text: context.wrap(token, vendor), secret: token });
  }
  for (const [vendor, shape] of KEYWORD_VENDORS) {
    for (const template of GITLEAKS_TEMPLATES) {
      const secret = sampleOf(shape, next);
      const text = template.replaceAll("{i}", vendor).replaceAll("{s}", secret);
      out.push({ family: "keyword", rule: `${vendor}-keyword`, source: "gitleaks cmd/generate/config/utils/generate.go GenerateSampleSecrets", context: template, text, secret });
    }
  }
  return out;
}

/** The defects of issue 18 and other claimed shapes, with their own sources. */
export const CLAIMED_SAMPLES: readonly SecretSample[] = [
  {
    family: "github-token",
    rule: "github-app-token (ghs_<app id>_<JWT>)",
    source: "GitHub changelog, April 2026: installation tokens as ghs_<app id>_<JWT>",
    context: "log line",
    text: "token ghs_123456_eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjM0NTYiLCJpYXQiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLWp3dA end",
    secret: "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjM0NTYiLCJpYXQiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLWp3dA",
  },
  { family: "authorization", rule: "curl-auth-header (Api-Token)", source: "gitleaks cmd/generate/config/rules/curl.go", context: "curl", text: 'curl -H "Authorization: Api-Token 9f8e7d6c5b4a39281706f5e4" https://api.example.com', secret: "9f8e7d6c5b4a39281706f5e4" },
  { family: "curl-user", rule: "curl-auth-user", source: "gitleaks cmd/generate/config/rules/curl.go", context: "log line", text: "2026-04-01T10:00:00Z INFO ran curl -u deploy:Zq8vLm2pw7 https://api.example.com", secret: "deploy:Zq8vLm2pw7" },
  { family: "curl-user", rule: "curl-auth-user", source: "gitleaks cmd/generate/config/rules/curl.go", context: "JSON log line", text: JSON.stringify({ msg: 'curl --user "ci:Tr0ub4dor&3" https://api.example.com' }), secret: "ci:Tr0ub4dor&3" },
  { family: "generic", rule: "generic-api-key", source: "gitleaks cmd/generate/config/rules/generic.go", context: "Python", text: "'access_token': 'eyJ0eXAioiJKV1slS3oASx=='", secret: "eyJ0eXAioiJKV1slS3oASx==" },
  { family: "generic", rule: "generic-api-key", source: "gitleaks cmd/generate/config/rules/generic.go", context: "INI", text: 'some_api_token_123 = "q8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0lq8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0l"', secret: "q8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0lq8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0l" },
  { family: "generic", rule: "generic-api-key", source: "gitleaks cmd/generate/config/rules/generic.go", context: "Java", text: "mySecretString=q8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0l", secret: "q8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0l" },
  { family: "generic", rule: "generic-api-key", source: "gitleaks cmd/generate/config/rules/generic.go", context: "env", text: "todo_secret_do_not_commit = q8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0l", secret: "q8Zr2xT5vW1yB4nM6kP9sD3fG7hJ0l" },
  { family: "generic", rule: "generic-api-key", source: "gitleaks cmd/generate/config/rules/generic.go", context: "Go", text: ' utils.GetEnvOrDefault("api_token", "dafa7817-e246-48f3-91a7-e87653d587b8")', secret: "dafa7817-e246-48f3-91a7-e87653d587b8" },
  { family: "basic-auth", rule: "curl-auth-header (value with @)", source: "gitleaks cmd/generate/config/rules/curl.go", context: "header", text: "Authorization: Basic jane@example.com:Sup3r-S3cret!", secret: "example.com:Sup3r-S3cret!" },
];

/** False-positive samples of the rule sets, and the placeholders docs/masking.md lists: none may change. */
export const NEGATIVE_SAMPLES: readonly NegativeSample[] = [
  { source: "gitleaks aws.go allowlist (.+EXAMPLE$)", text: "aws_access_key_id = AKIAIOSFODNN7EXAMPLE" },
  { source: "gitleaks hashicorp_vault.go FPs", text: `hvs.${"x".repeat(90)}` },
  { source: "gitleaks hashicorp_vault.go FPs", text: "  credentials: new AWS.SharedIniFileCredentials({ profile: '<YOUR_PROFILE>' })" },
  { source: "gitleaks hashicorp_vault.go FPs", text: "INFO 4 --- [           main] o.s.b.f.s.DefaultListableBeanFactory     : Overriding bean definition for bean" },
  { source: "gitleaks hashicorp_vault.go FPs", text: "s.AcceptanceTimeoutSeconds " },
  { source: "gitleaks hashicorp_vault.go FPs", text: "s.makeKubeConfigController = args" },
  { source: "gitleaks generic.go FPs", text: "client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.client-vpn-endpoint.id" },
  { source: "gitleaks generic.go FPs", text: "password combination.\n\nR5: Regulatory--21" },
  { source: "gitleaks cmd/generate/config/rules/generic.go", text: '<entry key="jetbrains.mps.v8_elimination" value="executed" />' },
  { source: "gitleaks cmd/generate/config/rules/generic.go", text: "  keyVaultToStoreSecrets: cmp2-qat-1208358310" },
  { source: "gitleaks cmd/generate/config/rules/generic.go", text: ',apiKey:"6fe4476ee5a1832882e326b506d14126",' },
  { source: "gitleaks cmd/generate/config/rules/generic.go", text: 'notes            = "Maven - io.jsonwebtoken:jjwt-jackson-0.11.2"' },
  { source: "gitleaks cmd/generate/config/rules/generic.go", text: "import { chain_Anvil1_Key, chain_Anvil2_Key } from '../blockchain-tests/pallets/supported-chains/consts';" },
  { source: "gitleaks cmd/generate/config/rules/generic.go", text: "pub const X509_pubkey_st = struct_X509_pubkey_st;" },
  { source: "gitleaks cmd/generate/config/rules/generic.go", text: '  "kms_key_id": "555ea4a3-d53a-4412-9c66-3a7cb667b0d6",' },
  { source: "gitleaks cmd/generate/config/rules/generic.go", text: "    access_token_url='https://github.com/login/oauth/access_token'," },
  { source: "gitleaks cmd/generate/config/rules/generic.go", text: "key_down_event=q8Zr2x-5vW1yB4nM6k.9sD3fG7hJ0l" },
  { source: "gitleaks cmd/generate/config/rules/generic.go", text: 'LLM_SECRET_NAME = "NEXUS-GPT4-API-KEY"' },
  { source: "gitleaks curl.go allowlist", text: "curl -u user:password https://example.com" },
  { source: "gitleaks curl.go allowlist", text: 'curl -u "$USER:$PASS" https://example.com' },
  { source: "gitleaks curl.go allowlist", text: "curl -u <user>:<password> https://example.com" },
  { source: "gitleaks curl.go allowlist", text: "curl -u 'ci:${{ secrets.PW }}' https://example.com" },
  { source: "issue 18: all-x placeholder", text: `export GITHUB_TOKEN=ghp_${"x".repeat(36)}` },
  { source: "issue 18: Bearer placeholder", text: "curl -H 'Authorization: Bearer XXXXXXXXXXXX' https://api.github.com" },
  { source: "issue 18: Bearer placeholder", text: "use Bearer XXXXXXXXXXXX in the header" },
  { source: "issue 18: template", text: "export GITHUB_TOKEN=${GITHUB_TOKEN}" },
  { source: "issue 18: template", text: "token: ${{ secrets.GITHUB_TOKEN }}" },
  { source: "issue 18: template", text: "password: $DB_PASSWORD" },
  { source: "issue 18: placeholder", text: "password: changeme" },
  { source: "issue 18: placeholder", text: 'api_key = "your_api_key_here"' },
  { source: "issue 18: placeholder", text: 'api_key = "<your-api-key>"' },
  { source: "issue 18: repeated characters", text: `secret_key = "${"0".repeat(40)}"` },
  { source: "issue 18: word in a file name", text: "attached hugs-xoxo-2024-final.png and xoxo, see you" },
  { source: "issue 18: PEM placeholder", text: "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----" },
  { source: "issue 18: PEM placeholder", text: "-----BEGIN PRIVATE KEY-----\n<your private key here>\n-----END PRIVATE KEY-----" },
  { source: "gitleaks generic-api-key allowlist (csrf, public key)", text: '{"csrf_token": "a8f5f167f44f4964e6c998dee827110c", "public_key": "a8f5f167f44f4964e6c998dee827110c"}' },
  { source: "gitleaks generic-api-key allowlist (words)", text: "token = refresh_interval_seconds" },
  { source: "prose", text: "the token is required; a Bearer token is required; set the password in the vault" },
  { source: "prose", text: "git push -u origin main" },
  { source: "configuration", text: 'password = ""\ntoken=null\nsecret: true\nkey: value' },
];

/** Recall by family and over all samples, and the share of negatives left intact, for one masking function. */
export interface RuleScore {
  readonly byFamily: ReadonlyMap<string, { masked: number; total: number }>;
  readonly recall: number;
  readonly negativesKept: number;
}

/**
 * Scores `mask` on the rule-sample corpus: a sample counts as masked when its
 * secret no longer appears; a negative counts as kept when it is unchanged.
 *
 * @example
 * ruleScore((text) => masker.mask(text)).recall;
 */
export function ruleScore(mask: (text: string) => string, samples: readonly SecretSample[] = [...secretSamples(), ...CLAIMED_SAMPLES]): RuleScore {
  const byFamily = new Map<string, { masked: number; total: number }>();
  let masked = 0;
  for (const sample of samples) {
    const gone = !mask(sample.text).includes(sample.secret);
    const tally = byFamily.get(sample.family) ?? { masked: 0, total: 0 };
    tally.masked += gone ? 1 : 0;
    tally.total += 1;
    byFamily.set(sample.family, tally);
    masked += gone ? 1 : 0;
  }
  const kept = NEGATIVE_SAMPLES.filter((n) => mask(n.text) === n.text).length;
  return { byFamily, recall: masked / samples.length, negativesKept: kept / NEGATIVE_SAMPLES.length };
}
