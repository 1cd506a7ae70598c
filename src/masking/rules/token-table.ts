/*
 * Self-identifying tokens, one row per rule: the literal prefix that names
 * the vendor, the shape after it, and the checks that keep look-alikes out.
 * Transcribed from gitleaks' rule set (config/gitleaks.toml, generated from
 * cmd/generate/config/rules/<file>.go, named in `source`), with Go RE2
 * rewritten as the shape syntax of ./shape.ts: `(?i)` spelled out as both
 * cases, optional groups and alternations as separate prefixes or rows, and
 * fixed lengths loosened to minimums where the prefix alone identifies the
 * vendor (a longer run is still that token, and is masked whole).
 *
 * Adding a vendor is adding a row. GitHub, AWS access key ids, JWTs, Slack
 * webhooks and PEM keys have scanners of their own (token-shapes.ts, pem.ts).
 */

export interface TokenRow {
  /** The rule's id in its source rule set. */
  readonly id: string;
  /** Names the placeholder: `[secret:<family>]`. */
  readonly family: string;
  /** Literal prefixes, case-sensitive; the rule is found through a rare character of one. */
  readonly prefixes: readonly string[];
  /** The rest of the token after the prefix (./shape.ts syntax). */
  readonly shape: string;
  /** Fixed-length shape that must stand right before the prefix, when the vendor's marker is not at the start. */
  readonly lead?: string;
  /** Minimum Shannon entropy of the whole token, from the source rule. */
  readonly entropy?: number;
  /** The body must hold a digit (gitleaks allowlists the all-letter form). */
  readonly digit?: boolean;
  /** The vendor's checksum, which lets a real token through the placeholder test. */
  readonly checksum?: "crc32-base62";
  /**
   * A body of one or two repeated characters is a key too, not a stand-in:
   * only runs of `x`, `X`, `*` or `.` and `EXAMPLE` are left alone.
   */
  readonly repeatsAreKeys?: boolean;
  /** The prefix may follow a word character (no word boundary before it). */
  readonly glued?: boolean;
  /** The body may not run longer than the shape allows (gitleaks ends the token at a word boundary). */
  readonly exact?: boolean;
  /**
   * The token must end where text does, not where more of a name or a call
   * goes on (see `endsToken` in table-candidates.ts): for a prefix so
   * common that `s.computeChecksum(…)` and `s.jane1987@example.com` start
   * with it too.
   */
  readonly standsAlone?: boolean;
  /** Whole tokens the source rule allowlists (published example keys): left alone. */
  readonly allow?: readonly string[];
  /** Where the row was transcribed from. */
  readonly source: string;
}

const G = (file: string) => `gitleaks cmd/generate/config/rules/${file}.go`;
const S = (rule: string) => `secretlint packages/@secretlint/secretlint-rule-${rule}`;

export const TOKEN_TABLE: readonly TokenRow[] = [
  { id: "1password-secret-key", family: "1password", prefixes: ["A3-"], shape: "[A-Z0-9]{6}-[A-Z0-9-]{29,}", entropy: 3.8, source: G("1password") },
  { id: "1password-service-account-token", family: "1password", prefixes: ["ops_eyJ"], shape: "[a-zA-Z0-9+/=]{250,}", entropy: 4, source: G("1password") },
  { id: "adobe-client-secret", family: "adobe", prefixes: ["p8e-"], shape: "[a-zA-Z0-9]{32}", entropy: 2, source: G("adobe") },
  // adobe.go's samples are p8e- and 32 lower-case hex, which holds no character the scan stops at: this row lets the hex-run rule find them.
  { id: "adobe-client-secret-hex", family: "adobe", prefixes: ["p8e-"], shape: "[a-f0-9]{32}", entropy: 2, source: `${G("adobe")} (tps: p8e- + utils.Hex("32"))` },
  { id: "ansible-vault", family: "ansible-vault", prefixes: ["ANSIBLE_VAULT;"], shape: "[0-9].[0-9];AES256[;]?[\r\n\\\\rn]{1,32}[0-9a-f]{8,}", glued: true, source: G("ansible") },
  // Bech32 of a 32-byte X25519 key: `Q` encodes zero bits, and the all-`Q` body (gitleaks' own sample) is the zero
  // key, which X25519 clamps to a valid one. The prefix names a private key and nothing else.
  { id: "age-secret-key", family: "age-secret-key", prefixes: ["AGE-SECRET-KEY-1"], shape: "[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", repeatsAreKeys: true, source: G("age") },
  { id: "adyen-api-key", family: "adyen", prefixes: ["AQE"], shape: "[a-z0-9]{5,}\\.[a-zA-Z0-9_=-]{50,}", entropy: 2, source: G("adyen") },
  { id: "airtable-personal-access-token", family: "airtable", prefixes: ["pat"], shape: "[a-zA-Z0-9]{14}\\.[a-f0-9]{64}", entropy: 3, source: G("airtable") },
  { id: "alibaba-access-key-id", family: "alibaba", prefixes: ["LTAI"], shape: "[a-zA-Z0-9]{20}", entropy: 2, source: G("alibaba") },
  { id: "anthropic-api-key", family: "anthropic-key", prefixes: ["sk-ant-api03-", "sk-ant-api04-", "sk-ant-admin01-"], shape: "[a-zA-Z0-9_-]{93}AA", exact: true, source: `${G("anthropic")} (api03, admin01), ${S("anthropic")} (api04)` },
  { id: "anthropic-oauth-token", family: "anthropic-key", prefixes: ["sk-ant-oat01-", "sk-ant-ort01-"], shape: "[a-zA-Z0-9_-]{40,}", source: `${G("anthropic")} (oat01, ort01), ${G("claude_code")}` },
  { id: "artifactory-api-key", family: "artifactory", prefixes: ["AKCp"], shape: "[A-Za-z0-9]{69}", entropy: 3, source: `${G("artifactory")} (entropy 3: its samples are hex, which stays under 4.5)` },
  { id: "artifactory-reference-token", family: "artifactory", prefixes: ["cmVmd"], shape: "[A-Za-z0-9]{59}", entropy: 3, source: `${G("artifactory")} (entropy 3: its samples are hex, which stays under 4.5)` },
  { id: "atlassian-api-token", family: "atlassian", prefixes: ["ATATT3"], shape: "[A-Za-z0-9_=-]{186}", entropy: 3.5, source: G("atlassian") },
  {
    id: "authress-service-client-access-key",
    family: "authress",
    prefixes: ["sc_", "ext_", "scauth_", "authress_"],
    shape: "[a-zA-Z0-9]{5,30}\\.[a-zA-Z0-9]{4,6}\\.acc[_-][a-zA-Z0-9-]{10,32}\\.[a-zA-Z0-9+/_=-]{30,}",
    entropy: 2,
    source: G("authress"),
  },
  { id: "aws-bedrock-api-key-long-lived", family: "aws-bedrock-key", prefixes: ["ABSK"], shape: "[A-Za-z0-9+/=]{109,}", entropy: 3, source: G("aws") },
  { id: "aws-bedrock-api-key-short-lived", family: "aws-bedrock-key", prefixes: ["bedrock-api-key-"], shape: "[A-Za-z0-9+/=]{40,}", entropy: 3, source: G("aws") },
  // aws.go's regex is the constant alone: every short-lived key starts with the base64 of `bedrock.amazonaws.com`.
  { id: "aws-bedrock-api-key-short-lived-start", family: "aws-bedrock-key", prefixes: ["bedrock-api-key-"], shape: "YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=]*", entropy: 3, source: G("aws") },
  { id: "azure-ad-client-secret", family: "azure", prefixes: ["Q~"], lead: "[a-zA-Z0-9_~.]{3}[0-9]", shape: "[a-zA-Z0-9_~.-]{31,34}", entropy: 3, exact: true, source: G("azure") },
  { id: "braintree-access-token", family: "braintree", prefixes: ["access_token$production$", "access_token$sandbox$"], shape: "[a-z0-9]{16}", entropy: 2, source: G("braintree") },
  { id: "braintree-tokenization-key", family: "braintree", prefixes: ["production_", "sandbox_"], shape: "[a-z0-9]{8}_[a-z0-9]{16}", entropy: 2, source: G("braintree") },
  { id: "claude-code-session-url", family: "claude-session", prefixes: ["claude.ai/code/session_", "CLAUDE.AI/code/session_"], shape: "[A-Za-z0-9]{16,}", glued: true, source: G("claude") },
  { id: "castai-api-key", family: "castai", prefixes: ["castai_v1_"], shape: "[A-Za-z0-9]{64}_[A-Za-z0-9]{8}", entropy: 2, source: G("castai") },
  { id: "chieftools-token", family: "chieftools", prefixes: ["ctp_", "cto_", "ctr_"], shape: "[a-zA-Z0-9]{30,}", entropy: 3, source: `${G("chieftools")} (PAT, access, refresh)` },
  { id: "cloudflare-api-token", family: "cloudflare", prefixes: ["cfk_", "cfut_", "cfat_"], shape: "[A-Za-z0-9]{48}", entropy: 3, exact: true, source: S("cloudflare") },
  { id: "clickhouse-cloud-api-secret-key", family: "clickhouse", prefixes: ["4b1d"], shape: "[A-Za-z0-9]{38}", entropy: 3, source: G("clickhouse") },
  { id: "clojars-api-token", family: "clojars", prefixes: ["CLOJARS_"], shape: "[a-zA-Z0-9]{60}", entropy: 2, glued: true, source: G("clojars") },
  { id: "cloudflare-origin-ca-key", family: "cloudflare", prefixes: ["v1.0-"], shape: "[a-f0-9]{24}-[a-f0-9]{146}", entropy: 2, source: G("cloudflare") },
  { id: "datafactory-shir-token", family: "azure", prefixes: ["IR@"], shape: "[0-9a-zA-Z-]{36}@[0-9a-zA-Z_.-]+@[0-9a-zA-Z=-]*@[A-Za-z0-9+/=]{44}", source: G("datafactory") },
  { id: "databricks-api-token-suffixed", family: "databricks", prefixes: ["dapi"], shape: "[a-fA-F0-9]{32}-[0-9]", entropy: 3, exact: true, source: `${G("databricks")}, ${S("databricks")}` },
  { id: "databricks-api-token", family: "databricks", prefixes: ["dapi"], shape: "[a-fA-F0-9]{32}", entropy: 3, exact: true, source: `${G("databricks")}, ${S("databricks")}` },
  { id: "defined-networking-api-token", family: "defined-networking", prefixes: ["dnkey-"], shape: "[a-zA-Z0-9=_-]{26}-[a-zA-Z0-9=_-]{52,}", entropy: 3, source: G("definednetworking") },
  { id: "digitalocean-token", family: "digitalocean-token", prefixes: ["doo_v1_", "dop_v1_", "dor_v1_"], shape: "[a-fA-F0-9]{64}", entropy: 3, source: `${G("digitalocean")} (dor_v1_ is (?i): either case of hex)` },
  { id: "django-insecure-secret-key", family: "django", prefixes: ["django-insecure-"], shape: "[A-Za-z0-9!@#$%^&*()_+=.-]{10,}", source: G("django") },
  { id: "docker-personal-access-token", family: "docker", prefixes: ["dckr_pat_"], shape: "[A-Za-z0-9_-]{27,}", entropy: 3, source: S("docker") },
  { id: "doppler-api-token", family: "doppler", prefixes: ["dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."], shape: "[a-zA-Z0-9_]{40,}", entropy: 2, source: G("doppler") },
  { id: "duffel-api-token", family: "duffel", prefixes: ["duffel_test_", "duffel_live_"], shape: "[a-zA-Z0-9_=-]{43}", entropy: 2, source: G("duffel") },
  { id: "dynatrace-api-token", family: "dynatrace", prefixes: ["dt0c01."], shape: "[a-zA-Z0-9]{24}\\.[a-zA-Z0-9]{64}", entropy: 4, source: G("dynatrace") },
  { id: "easypost-api-token", family: "easypost", prefixes: ["EZAK", "EZTK"], shape: "[a-zA-Z0-9]{54}", entropy: 2, exact: true, source: `${G("easypost")} (exact: its false positives are longer base64 runs)` },
  { id: "facebook-access-token", family: "facebook", prefixes: ["|", "%"], lead: "[0-9]{15}", shape: "[0-9a-zA-Z_-]{27,}", entropy: 3, source: G("facebook") },
  { id: "facebook-access-token-16", family: "facebook", prefixes: ["|", "%"], lead: "[0-9]{16}", shape: "[0-9a-zA-Z_-]{27,}", entropy: 3, source: G("facebook") },
  { id: "figma-personal-access-token", family: "figma", prefixes: ["figd_"], shape: "[A-Za-z0-9_-]{40,}", entropy: 3, source: "secretlint packages/@secretlint/secretlint-rule-figma" },
  { id: "facebook-page-access-token", family: "facebook", prefixes: ["EAAM", "EAAC"], shape: "[a-zA-Z0-9]{100,}", entropy: 4, source: G("facebook") },
  { id: "flutterwave-key", family: "flutterwave", prefixes: ["FLWSECK_TEST-", "FLWPUBK_TEST-", "FLWSECK-", "FLWPUBK-"], shape: "[a-hA-H0-9]{12,}", entropy: 2, source: G("flutterwave") },
  { id: "flyio-access-token", family: "flyio", prefixes: ["fo1_"], shape: "[a-zA-Z0-9_-]{43}", entropy: 4, source: G("flyio") },
  { id: "flyio-macaroon", family: "flyio", prefixes: ["fm1r_", "fm1a_", "fm2_"], shape: "[a-zA-Z0-9+/=]{100,}", entropy: 4, source: G("flyio") },
  { id: "frameio-api-token", family: "frameio", prefixes: ["fio-u-"], shape: "[a-zA-Z0-9_=-]{64}", source: G("frameio") },
  {
    id: "gcp-api-key",
    family: "google-api-key",
    prefixes: ["AIza"],
    shape: "[a-zA-Z0-9_-]{35}",
    entropy: 3,
    exact: true,
    // The Firebase SDK's published example keys, as gitleaks' gcp.go allowlists them.
    allow: [
      "AIzaSyabcdefghijklmnopqrstuvwxyz1234567", "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs", "AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM",
      "AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU", "AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0", "AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A",
      "AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c", "AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4", "AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY",
      "AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM", "AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ", "AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g",
      "AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU", "AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw", "AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE",
      "AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY",
    ],
    source: G("gcp"),
  },
  { id: "gcp-oauth-client-secret", family: "google-oauth-secret", prefixes: ["GOCSPX-"], shape: "[a-zA-Z0-9_-]{28}", entropy: 3, source: G("gcp") },
  { id: "gitlab-cicd-job-token", family: "gitlab-token", prefixes: ["glcbt-"], shape: "[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_-]{20,}", entropy: 3, source: G("gitlab") },
  {
    id: "gitlab-token",
    family: "gitlab-token",
    prefixes: ["gldt-", "glffct-", "glft-", "glimt-", "glagent-", "gloas-", "glpat-", "glrt-", "glsoat-", "gltst-", "glwt-"],
    shape: "[0-9a-zA-Z_.-]{20,}",
    entropy: 3,
    source: `${G("gitlab")} (deploy, feature flag, feed, incoming mail, agent, OAuth app, PAT and routable PAT, runner, SCIM)`,
  },
  { id: "gitlab-ptt", family: "gitlab-token", prefixes: ["glptt-"], shape: "[0-9a-f]{40}", entropy: 3, source: G("gitlab") },
  { id: "gitlab-rrt", family: "gitlab-token", prefixes: ["GR1348941"], shape: "[a-zA-Z0-9_-]{20}", entropy: 3, glued: true, source: G("gitlab") },
  { id: "gitlab-session-cookie", family: "gitlab-token", prefixes: ["_gitlab_session="], shape: "[0-9a-z]{32}", entropy: 3, glued: true, source: G("gitlab") },
  { id: "grafana-api-key", family: "grafana", prefixes: ["eyJrIjoi"], shape: "[A-Za-z0-9=]{70,}", entropy: 3, source: G("grafana") },
  { id: "grafana-cloud-api-token", family: "grafana", prefixes: ["glc_"], shape: "[A-Za-z0-9+/=]{32,}", entropy: 3, source: G("grafana") },
  { id: "grafana-service-account-token", family: "grafana", prefixes: ["glsa_"], shape: "[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}", entropy: 3, source: G("grafana") },
  { id: "groq-api-key", family: "groq", prefixes: ["gsk_"], shape: "[a-zA-Z0-9]{48}", entropy: 3, exact: true, source: G("groq") },
  { id: "groq-api-key-52", family: "groq", prefixes: ["gsk_"], shape: "[a-zA-Z0-9]{52}", entropy: 3, exact: true, source: S("groq") },
  { id: "harness-api-key", family: "harness", prefixes: ["pat.", "sat."], shape: "[a-zA-Z0-9_-]{22}\\.[a-zA-Z0-9]{24}\\.[a-zA-Z0-9]{20}", source: G("harness") },
  { id: "hashicorp-tf-api-token", family: "terraform", prefixes: [".atlasv1."], lead: "[a-zA-Z0-9]{14}", shape: "[a-zA-Z0-9_=-]{60,}", entropy: 3.5, source: G("hashicorp") },
  { id: "heroku-api-key-v2", family: "heroku", prefixes: ["HRKU-AA"], shape: "[0-9a-zA-Z_-]{58}", entropy: 4, source: G("heroku") },
  { id: "huggingface-access-token", family: "huggingface-token", prefixes: ["hf_"], shape: "[a-zA-Z]{34}", entropy: 2, exact: true, source: G("huggingface") },
  { id: "huggingface-organization-api-token", family: "huggingface-token", prefixes: ["api_org_"], shape: "[a-zA-Z]{34}", entropy: 2, exact: true, source: G("huggingface") },
  { id: "infracost-api-token", family: "infracost", prefixes: ["ico-"], shape: "[a-zA-Z0-9]{32}", entropy: 3, source: G("infracost") },
  { id: "intra42-client-secret", family: "intra42", prefixes: ["s-s4t2ud-", "s-s4t2af-"], shape: "[a-fA-F0-9]{64}", entropy: 3, source: G("intra42") },
  { id: "jwt-base64", family: "jwt", prefixes: ["ZXlK"], shape: "[a-zA-Z0-9/_+=-]{40,}", entropy: 2, source: G("jwt") },
  { id: "langsmith-api-key", family: "langsmith", prefixes: ["lsv2_pt_", "lsv2_sk_"], shape: "[a-z0-9]{32}_[a-z0-9]{10}", entropy: 3, source: `${G("langsmith")} ([a-z0-9], not hex: its samples are utils.AlphaNumeric)` },
  { id: "linear-api-key", family: "linear", prefixes: ["lin_api_"], shape: "[a-zA-Z0-9_]{32,}", entropy: 2, source: `${G("linear")}, ${S("linear")}` },
  { id: "mapbox-secret-token", family: "mapbox", prefixes: ["sk.eyJ"], shape: "[a-zA-Z0-9_.-]{60,}", entropy: 3, source: G("mapbox") },
  { id: "maxmind-license-key", family: "maxmind", prefixes: ["_mmk"], lead: "[A-Za-z0-9]{6}_[A-Za-z0-9]{29}", shape: "", entropy: 4, source: G("maxmind") },
  // The URL is the credential: whoever holds it posts to the channel. Not in either rule set.
  { id: "discord-webhook-url", family: "discord-webhook", prefixes: ["discord.com/api/webhooks/", "discordapp.com/api/webhooks/"], shape: "[0-9]{17,20}/[a-zA-Z0-9_-]{60,}", glued: true, entropy: 3, source: "Discord's webhook URLs (discord.com/developers/docs/resources/webhook: Execute Webhook, /webhooks/{webhook.id}/{webhook.token})" },
  { id: "microsoft-teams-webhook", family: "teams-webhook", prefixes: ["webhook.office.com/webhookb2/"], shape: "[a-zA-Z0-9@/-]{100,}", glued: true, source: G("teams") },
  { id: "new-relic-browser-api-token", family: "new-relic", prefixes: ["NRJS-"], shape: "[a-f0-9]{19}", source: G("newrelic") },
  { id: "new-relic-insert-key", family: "new-relic", prefixes: ["NRII-"], shape: "[a-zA-Z0-9-]{32}", source: G("newrelic") },
  { id: "new-relic-user-api-key", family: "new-relic", prefixes: ["NRAK-"], shape: "[a-zA-Z0-9]{27}", source: G("newrelic") },
  { id: "notion-integration-token", family: "notion", prefixes: ["secret_"], shape: "[A-Za-z0-9]{43}", entropy: 4, digit: true, source: S("notion") },
  { id: "notion-api-token", family: "notion", prefixes: ["ntn_"], shape: "[0-9]{11}[A-Za-z0-9]{35}", entropy: 4, exact: true, source: `${G("notion")}, ${S("notion")}` },
  { id: "npm-access-token", family: "npm-token", prefixes: ["npm_"], shape: "[a-zA-Z0-9]{36}", entropy: 2, checksum: "crc32-base62", source: G("npm") },
  { id: "octopus-deploy-api-key", family: "octopus-deploy", prefixes: ["API-"], shape: "[A-Z0-9]{26}", entropy: 3, digit: true, exact: true, source: G("octopusdeploy") },
  { id: "openai-api-key", family: "openai-key", prefixes: ["sk-proj-", "sk-svcacct-", "sk-admin-"], shape: "[A-Za-z0-9_-]{40,}", entropy: 3, source: G("openai") },
  { id: "openai-api-key-legacy", family: "openai-key", prefixes: ["T3BlbkFJ"], lead: "sk-[a-zA-Z0-9]{20}", shape: "[a-zA-Z0-9]{20}", entropy: 3, source: G("openai") },
  { id: "openrouter-api-key", family: "openrouter", prefixes: ["sk-or-v1-", "sk-or-"], shape: "[a-f0-9]{64}", exact: true, source: G("openrouter") },
  { id: "openshift-user-token", family: "openshift", prefixes: ["sha256~"], shape: "[a-zA-Z0-9_-]{43}", entropy: 3.5, source: G("openshift") },
  { id: "paystack-public-key", family: "paystack", prefixes: ["pk_test_", "pk_live_"], shape: "[a-z0-9]{40}", entropy: 2, exact: true, source: G("paystack") },
  { id: "perplexity-api-key", family: "perplexity", prefixes: ["pplx-"], shape: "[a-zA-Z0-9_]{48}", entropy: 4, source: `${G("perplexity")} (\\w, so _ too)` },
  { id: "pinecone-api-key", family: "pinecone", prefixes: ["pcsk_"], shape: "[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63}", entropy: 3, exact: true, source: G("pinecone") },
  { id: "planetscale-token", family: "planetscale", prefixes: ["pscale_tkn_", "pscale_oauth_", "pscale_pw_"], shape: "[a-zA-Z0-9_=.-]{32,}", entropy: 3, source: G("planetscale") },
  { id: "postman-api-token", family: "postman", prefixes: ["PMAK-"], shape: "[a-fA-F0-9]{24}-[a-fA-F0-9]{34}", entropy: 3, source: G("postman") },
  { id: "prefect-api-token", family: "prefect", prefixes: ["pnu_"], shape: "[a-zA-Z0-9]{36}", entropy: 2, source: G("prefect") },
  { id: "pulumi-api-token", family: "pulumi", prefixes: ["pul-"], shape: "[a-f0-9]{40}", entropy: 2, source: G("pulumi") },
  { id: "pypi-upload-token", family: "pypi-token", prefixes: ["pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw"], shape: "[a-zA-Z0-9_-]{50,}", entropy: 3, source: G("pypi") },
  { id: "razorpay-key-id", family: "razorpay", prefixes: ["rzp_live_", "rzp_test_"], shape: "[a-zA-Z0-9]{14}", entropy: 2, exact: true, source: G("razorpay") },
  { id: "readme-api-token", family: "readme", prefixes: ["rdme_"], shape: "[a-z0-9]{70}", entropy: 2, source: G("readme") },
  { id: "replicate-api-token", family: "replicate", prefixes: ["r8_"], shape: "[a-zA-Z0-9]{37}", entropy: 3, source: "trufflehog replicate detector" },
  { id: "resend-api-key", family: "resend", prefixes: ["re_"], shape: "[1-9A-HJ-NP-Za-km-z]{8}_[1-9A-HJ-NP-Za-km-z]{24}", entropy: 3, exact: true, source: G("resend") },
  { id: "rubygems-api-token", family: "rubygems", prefixes: ["rubygems_"], shape: "[a-f0-9]{48}", entropy: 2, source: G("rubygems") },
  { id: "scalingo-api-token", family: "scalingo", prefixes: ["tk-us-"], shape: "[a-zA-Z0-9_-]{48}", entropy: 2, source: G("scalingo") },
  { id: "sendgrid-api-token", family: "sendgrid-key", prefixes: ["SG."], shape: "[a-zA-Z0-9=_.-]{66}", entropy: 2, source: G("sendgrid") },
  // Glued to the word before it (secretlint's `somSG.…` fixture): only the key's own two parts, random, so that a dotted name after `MSG.` stays.
  { id: "sendgrid-api-token-glued", family: "sendgrid-key", prefixes: ["SG."], shape: "[a-zA-Z0-9_-]{22}.[a-zA-Z0-9_-]{43}", entropy: 4.5, digit: true, glued: true, source: S("sendgrid") },
  { id: "sendinblue-api-token", family: "sendinblue", prefixes: ["xkeysib-"], shape: "[a-f0-9]{64}-[a-zA-Z0-9]{16}", entropy: 2, source: G("sendinblue") },
  { id: "sentry-org-token", family: "sentry", prefixes: ["sntrys_eyJpYXQiO"], shape: "[a-zA-Z0-9+/=_]{60,}", entropy: 4.5, source: G("sentry") },
  { id: "sentry-user-token", family: "sentry", prefixes: ["sntryu_"], shape: "[a-f0-9]{64}", entropy: 3.5, source: G("sentry") },
  { id: "settlemint-token", family: "settlemint", prefixes: ["sm_aat_", "sm_pat_", "sm_sat_"], shape: "[a-zA-Z0-9]{12,}", entropy: 3, source: `${G("settlemint")} ({12,}, as its regex)` },
  { id: "shippo-api-token", family: "shippo", prefixes: ["shippo_live_", "shippo_test_"], shape: "[a-fA-F0-9]{40}", entropy: 2, source: G("shippo") },
  { id: "shopify-token", family: "shopify-token", prefixes: ["shpat_", "shpca_", "shppa_", "shpss_"], shape: "[a-zA-Z0-9]{32,}", entropy: 2, source: `${G("shopify")}, ${S("shopify")}` },
  { id: "slack-bot-token", family: "slack-token", prefixes: ["xoxb-"], shape: "[0-9]{8,14}-[a-zA-Z0-9-]{10,}", entropy: 2, source: `${G("slack")} (bot, legacy bot)` },
  { id: "slack-user-token", family: "slack-token", prefixes: ["xoxp-", "xoxe-"], shape: "[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-zA-Z0-9-]{28,}", entropy: 2, source: G("slack") },
  { id: "slack-config-refresh-token", family: "slack-token", prefixes: ["xoxe-"], shape: "[0-9]-[A-Za-z0-9]{140,}", entropy: 2, source: G("slack") },
  { id: "slack-config-access-token", family: "slack-token", prefixes: ["xoxe.xoxb-", "xoxe.xoxp-"], shape: "[0-9]-[A-Za-z0-9]{160,}", entropy: 2, source: G("slack") },
  { id: "slack-legacy-token", family: "slack-token", prefixes: ["xoxo-", "xoxs-"], shape: "[0-9]+-[0-9]+-[0-9]+-[a-fA-F0-9]+", entropy: 2, source: G("slack") },
  { id: "slack-token", family: "slack-token", prefixes: ["xoxo-", "xoxs-"], shape: "[0-9]{10,14}-[0-9]{10,}[a-zA-Z0-9]*", entropy: 2, source: S("slack") },
  { id: "slack-legacy-workspace-token", family: "slack-token", prefixes: ["xoxa-", "xoxr-"], shape: "[0-9a-zA-Z-]{8,}", entropy: 2, source: G("slack") },
  { id: "slack-app-token", family: "slack-token", prefixes: ["xapp-"], shape: "[0-9]-[A-Za-z0-9]+-[0-9]+[-]?[a-zA-Z0-9]*", entropy: 2, source: `${G("slack")}, ${S("slack")} (the last part optional)` },
  { id: "sonarqube-token", family: "sonar", prefixes: ["squ_", "sqp_", "sqa_"], shape: "[a-f0-9]{40}", entropy: 3, source: G("sonar") },
  { id: "sourcegraph-access-token", family: "sourcegraph", prefixes: ["sgp_local_"], shape: "[a-fA-F0-9]{40}", entropy: 3, exact: true, source: G("sourcegraph") },
  { id: "sourcegraph-access-token-16", family: "sourcegraph", prefixes: ["sgp_"], shape: "[a-fA-F0-9]{16}_[a-fA-F0-9]{40}", entropy: 3, exact: true, source: G("sourcegraph") },
  { id: "sourcegraph-access-token-legacy", family: "sourcegraph", prefixes: ["sgp_"], shape: "[a-fA-F0-9]{40}", entropy: 3, exact: true, source: G("sourcegraph") },
  { id: "square-access-token", family: "square", prefixes: ["EAAA", "sq0atp-", "sq0csp-"], shape: "[a-zA-Z0-9_-]{22,}", entropy: 2, source: G("square") },
  { id: "stripe-access-token", family: "stripe-key", prefixes: ["sk_test_", "sk_live_", "sk_prod_", "rk_test_", "rk_live_", "rk_prod_"], shape: "[a-zA-Z0-9]{10,}", entropy: 2, source: G("stripe") },
  { id: "stripe-webhook-secret", family: "stripe-key", prefixes: ["whsec_"], shape: "[a-zA-Z0-9+/=]{32,}", entropy: 3, source: "Stripe webhook signing secret format" },
  { id: "supabase-service-key", family: "supabase", prefixes: ["sbp_"], shape: "[a-f0-9]{40}", entropy: 3.5, exact: true, source: G("supabase") },
  { id: "tailscale-key", family: "tailscale", prefixes: ["tskey-api-", "tskey-auth-", "tskey-client-", "tskey-scim-", "tskey-webhook-"], shape: "[a-zA-Z0-9-]{20,}", entropy: 3, source: S("tailscale") },
  { id: "tailscale-key-any-type", family: "tailscale", prefixes: ["tskey-"], shape: "[a-z]+-[0-9A-Za-z_]{8,40}-[0-9A-Za-z_]{16,}", entropy: 3, source: `${S("tailscale")} (a type not yet documented)` },
  { id: "twilio-api-key", family: "twilio", prefixes: ["SK"], shape: "[0-9a-fA-F]{32}", entropy: 3, source: G("twilio") },
  { id: "typeform-api-token", family: "typeform", prefixes: ["tfp_"], shape: "[a-zA-Z0-9_.=-]{59}", source: G("typeform") },
  { id: "vault-batch-token", family: "vault-token", prefixes: ["hvb."], shape: "[a-zA-Z0-9_-]{138,}", entropy: 4, source: G("hashicorp_vault") },
  { id: "vault-service-token", family: "vault-token", prefixes: ["hvs."], shape: "[a-zA-Z0-9_-]{90,}", entropy: 3.5, source: G("hashicorp_vault") },
  // The legacy service token: gitleaks allowlists the letters-only form (`s.AcceptanceTimeoutSeconds`).
  { id: "vault-service-token-legacy", family: "vault-token", prefixes: ["s."], shape: "[a-zA-Z0-9]{24}", entropy: 3.5, digit: true, exact: true, standsAlone: true, source: G("hashicorp_vault") },
  { id: "vault-recovery-token", family: "vault-token", prefixes: ["hvr."], shape: "[a-zA-Z0-9_-]{90,}", entropy: 3.5, source: S("hashicorp-vault") },
  { id: "vercel-token", family: "vercel", prefixes: ["vcp_", "vci_", "vca_", "vcr_", "vck_"], shape: "[A-Za-z0-9]{20,}", entropy: 3, source: S("vercel") },
  { id: "xai-api-key", family: "xai", prefixes: ["xai-"], shape: "[0-9a-zA-Z_]{80}", entropy: 3, source: G("xai") },
  { id: "yandex-api-key", family: "yandex", prefixes: ["AQVN"], shape: "[A-Za-z0-9_-]{35,38}", entropy: 3, source: G("yandex") },
];
