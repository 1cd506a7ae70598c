import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

const masker = createMasker();
const TOKEN = "65721488:ApdB3HLiVL7r5mC1PgY158ScTBwM3FYY1Cm";

describe("Telegram bot tokens (gitleaks' telegram-bot-api-token)", () => {
  it.each([
    ["after a key of many words", `telegram bot: ${TOKEN}`],
    ["in a constructor", `new Telegraf("${TOKEN}")`],
    ["in the Bot API's URL", `GET https://api.telegram.org/bot${TOKEN}/getUpdates`],
    ["in a JSON log line", JSON.stringify({ msg: `polling with ${TOKEN}` })],
    ["with the shortest bot id", "id 12345:ApdB3HLiVL7r5mC1PgY158ScTBwM3FYY1Cm"],
    ["with the longest bot id", "id 1234567890123456:ApdB3HLiVL7r5mC1PgY158ScTBwM3FYY1Cm"],
  ])("are masked %s", (_name, text) => {
    const masked = masker.mask(text);
    expect(masked).toContain("[secret:telegram-bot-token]");
    expect(masked).not.toMatch(/ApdB3H/);
  });

  it.each([
    ["a bot id of 4 digits", "id 1234:ApdB3HLiVL7r5mC1PgY158ScTBwM3FYY1Cm"],
    ["a bot id of 17 digits", "id 12345678901234567:ApdB3HLiVL7r5mC1PgY158ScTBwM3FYY1Cm"],
    ["a body one longer", "id 65721488:ApdB3HLiVL7r5mC1PgY158ScTBwM3FYY1Cmx"],
    ["a body one shorter", "id 65721488:ApdB3HLiVL7r5mC1PgY158ScTBwM3FYY1C"],
    ["an id glued to a word", "build65721488:ApdB3HLiVL7r5mC1PgY158ScTBwM3FYY1Cm"],
    ["a body of one letter", "id 65721488:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a time and a word", "at 12:34:56 12345:Abstract"],
  ])("are not %s", (_name, text) => {
    expect(masker.mask(text)).toBe(text);
  });
});

describe("Sumo Logic access ids (gitleaks' sumologic-access-id)", () => {
  it.each([
    ['SUMO_ACCESS_ID = "suGyI5imvADdvU"', "suGyI5imvADdvU"],
    ["sumologic.accessId: suDbJw97o9WVo0", "suDbJw97o9WVo0"],
    [JSON.stringify({ sumoAccessId: "su9OL59biWiJu7" }), "su9OL59biWiJu7"],
    // Letters only, which the keyword rule after `token` takes for a word.
    ['sumo_api_token = "suJWrulscJfvnp"', "suJWrulscJfvnp"],
    ["SUMO_TOKEN=suJWrulscJfvnp", "suJWrulscJfvnp"],
    [JSON.stringify({ sumoKey: "suJWrulscJfvnp" }), "suJWrulscJfvnp"],
    // gitleaks' other operators: a CSV cell, an XML element, `=>`.
    ["sumoToken,suhHewyCHqgsyg,", "suhHewyCHqgsyg"],
    ["<sumoToken>supupedMNTYLVL</sumoToken>", "supupedMNTYLVL"],
    ['  "sumoToken" => "suhHewyCHqgsyg"', "suhHewyCHqgsyg"],
  ])("are masked after a key naming Sumo Logic: %s", (text, id) => {
    expect(masker.mask(text)).not.toContain(id);
  });

  it.each([
    ["without a key naming Sumo Logic", 'ACCESS_ID = "suGyI5imvADdvU"'],
    ["one character longer", 'SUMO_ACCESS_ID = "suGyI5imvADdvUq"'],
    ["a placeholder", "export SUMOLOGIC_ACCESSID=suXXXXXXXXXXXX"],
    ["a method named sumOf", "sumOfExposures = sumOfExposures;"],
    ["after a Sumo key that names no secret", "sumo_dashboard: supportTickets"],
    ["after another Sumo key that names no secret", "SUMO_COLLECTOR_TARGET=summaryReports"],
    ["quoted, after a Sumo key that names no secret", 'sumologic_bucket = "subscriptionV2"'],
    ["a sentence's comma after a Sumo key", "the sumo token, supercomputers and more"],
  ])("are not %s", (_name, text) => {
    expect(masker.mask(text)).toBe(text);
  });
});

describe("Sidekiq Enterprise credentials (gitleaks' sidekiq-secret)", () => {
  it.each([
    "export BUNDLE_ENTERPRISE__CONTRIBSYS__COM=cafebabe:deadbeef",
    'bundle_gems__contribsys__com: "cafeb4b3:d3adb33f"',
    // gitleaks' rule is case-insensitive as a whole: the value may be written in capitals.
    '{"BUNDLE_GEMS__CONTRIBSYS__COM":"CafeBabe:DEADBEEF","region":"eu-west-1"}',
    "'BUNDLE_ENTERPRISE__CONTRIBSYS__COM' => 'CAFEB4B3:d3adB33F'",
  ])("are masked: %s", (text) => {
    const masked = masker.mask(text);
    expect(masked).toContain("[secret:sidekiq]");
    expect(masked).not.toMatch(/cafeb/i);
  });

  it.each(["BUNDLE_ENTERPRISE__CONTRIBSYS__COM=cafebabe:deadbeef0", "OTHER__CONTRIBSYS__COM=cafebabe:deadbeef", "BUNDLE_GEMS__CONTRIBSYS__COM=${SIDEKIQ_CREDENTIALS}"])("are not: %s", (text) => {
    expect(masker.mask(text)).toBe(text);
  });
});

describe("Freemius secret keys in the PHP SDK's array (gitleaks' freemius-secret-key)", () => {
  it.each([
    ["gitleaks' own sample", '$config = array(\n  "secret_key" => "sk_ubb4yN3mzqGR2x8#P7r5&@*xC$utE",\n);', "sk_ubb4yN3mzqGR2x8#P7r5&@*xC$utE"],
    ["brackets, commas and parentheses in the body", "'secret_key'=>'sk_ot_E)oDxrE&h&+,i!%625%bgx-7]V'", "sk_ot_E)oDxrE&h&+,i!%625%bgx-7]V"],
    ["a quote of the other kind in the body", "'secret_key' => 'sk__pboPXK^?#4ngS\"qX[VdJ:$+Iz&h*'", "sk__pboPXK^?#4ngS\"qX[VdJ:$+Iz&h*"],
    ["in capitals", "'SECRET_KEY' => 'SK_ubb4yN3mzqGR2x8#P7r5&@*xC$utE'", "SK_ubb4yN3mzqGR2x8#P7r5&@*xC$utE"],
    ["in a JSON string", JSON.stringify({ msg: `"secret_key" => "sk_ot_E)oDxrE&h&+,i!%625%bgx-7]V"` }), "sk_ot_E)oDxrE&h&+,i!%625%bgx-7]V"],
  ])("%s", (_name, text, secret) => {
    const once = masker.mask(text);
    expect(once).toContain("[secret:freemius]");
    expect(once).not.toContain(secret.slice(3, 12));
    expect(masker.mask(once)).toBe(once);
  });

  it.each([
    ["an unquoted key (gitleaks' false positive)", 'secret_key => "sk_abcdefghijklmnopqrstuvwxyz123",'],
    ["another key (gitleaks' false positive)", '"other_key" => "sk_abcdefghijklmnopqrstuvwxyz123"'],
    ["a stand-in", "'secret_key' => 'sk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxx'"],
    ["quotes that do not match", "'secret_key' => \"sk_ot_E)oDxrE&h&+,i!%625%bgx-7]V'"],
  ])("%s stays", (_name, text) => {
    expect(masker.mask(text)).toBe(text);
  });
});

describe("private keys in DER, base64 without PEM's lines (gitleaks' private-key-non-pem-format)", () => {
  it.each([
    ["RSA (PKCS#1)", "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ=="],
    ["RSA 3072 (PKCS#8)", "MIIG/gIBADANBgkqhkiG9w0BAQEFAASCBugwggbkAgEAAoIBgQDMd5T1sQ2wz7Kc9Ppa0ExVb8YrNuH3fGtqLmW4jD"],
    ["EC P-256 (SEC 1)", "MHcCAQEEIEaH3r1Xq8Zk5dVnT2wLp9yUeB4sJ0cG7mFhQxRvN6tYoAoGCCqGSM49AwEHoUQDQgAE"],
    ["EC P-256 (PKCS#8)", "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgRk3Jp9Xz2Lq8Vt5Nw7Yb4Hc1Gd6Fs0Ma"],
  ])("are masked: %s", (_name, key) => {
    expect(masker.mask(`key ${key} end`)).toBe("key [secret:private-key] end");
  });

  it.each([
    ["a certificate", "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTESMBAGA1UEChMJQmFsdGltb3JlMRMw"],
    ["an identifier", "MIIBuildConfigurationManagerFactoryProviderSingletonForTheWholeApplicationContext"],
    ["hex after MII", "MIIBd4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9e8d7c6"],
  ])("are not %s", (_name, text) => {
    expect(masker.mask(`x ${text} y`)).toBe(`x ${text} y`);
  });
});

describe("what the new look-alike tests leave alone, and what they do not", () => {
  it.each([
    "cache key user:12345:AuthenticationServiceImplementation",
    "key: secret/mysecret",
    'telegramToken = "<xsd:element name="Agency" type="clm12345:AgencyIdentificationCodeContentType"/>"',
  ])("leave %s", (text) => {
    expect(masker.mask(text)).toBe(text);
  });

  it.each(["password: admin/secret/key", "password: <ZqvLmpwXkabc", "token: ab12:QwertyUiopAsdf", "VAULT_TOKEN=x1:TokenProdProdHunter", 'api_key = "<lyNcVm87MeY6gH>*'])(
    "still mask %s",
    (text) => {
      expect(masker.mask(text)).toMatch(/\[secret:[a-z-]+\]/);
    },
  );
});

describe("an Ansible Vault blob's header and body (gitleaks' ansible-vault-token)", () => {
  const blob = "$ANSIBLE_VAULT;1.1;AES256\n65363464616263303965623933616330623636326236386432306262343933653031353033393435";
  const escapedTwice = (text: string) => JSON.stringify({ body: JSON.stringify({ msg: text }) });

  it.each([
    ["as written", `vault_blob = "${blob}"`],
    ["in a JSON string", JSON.stringify({ detail: `vault_blob = "${blob}"` })],
    ["in JSON inside a JSON string", escapedTwice(`vault_blob = "${blob}"`)],
    ["after line breaks and an escaped backslash", JSON.stringify({ detail: "ANSIBLE_VAULT;1.6;AES256;\n\r\n\n\\6536346461626330" })],
  ])("%s", (_name, text) => {
    const masked = masker.mask(text);
    expect(masked).toContain("[secret:ansible-vault]");
    expect(masked).not.toContain("65363464");
  });
});

describe("an Adyen client key in a text that names Adyen (gitleaks' adyen-client-key)", () => {
  const key = "live_l8ErZrgXAnMQruooU9ue38waUod88L2PCx9jdY";

  it.each([
    ["in prose", `deploy used the adyen key ${key} for checkout`, "deploy used the adyen key [secret:adyen] for checkout"],
    ["the name capitalised", `Adyen: test_${key.slice(5)}.`, "Adyen: [secret:adyen]."],
    ["the name in capitals, elsewhere in the line", `${key} (ADYEN_ENVIRONMENT=live)`, "[secret:adyen] (ADYEN_ENVIRONMENT=live)"],
    ["in a JSON log line", JSON.stringify({ msg: `adyen checkout failed with ${key}` }), JSON.stringify({ msg: "adyen checkout failed with [secret:adyen]" })],
    ["thirty characters", `adyen test_${"a1B2c3D4e5".repeat(3)}`, "adyen [secret:adyen]"],
    ["after a JSON escape", JSON.stringify({ msg: `adyen key:\n${key}` }), JSON.stringify({ msg: "adyen key:\n[secret:adyen]" })],
    ["after a percent-encoded blank", `adyen%20${key}`, "adyen%20[secret:adyen]"],
    ["another token glued by a hyphen, both at once", `adyen ${key}-ghp_0123456789abcdefghijABCDEFGHIJ012345`, "adyen [secret:adyen]-[secret:github-token]"],
    ["a file's extension after it", `adyen ${key}.json`, "adyen [secret:adyen].json"],
  ])("%s", (_name, text, output) => {
    const once = masker.mask(text);
    expect(once).toBe(output);
    expect(masker.mask(once)).toBe(once);
  });

  it.each([
    ["a text that does not name Adyen", `deploy used the key ${key} for checkout`],
    ["glued to a word before", `adyen x${key}`],
    ["twenty-nine characters", `adyen test_${"a1B2c3D4e5".repeat(3).slice(1)}`],
    ["forty-one characters", `adyen test_${"a1B2c3D4e5".repeat(4)}Q`],
    ["no digit", "adyen test_lErZrgXAnMQruooUueuwaUodLPCxjdYq"],
    ["a test's name in camel case", "adyen test_ShouldRejectExpiredAdyenSessionsNow1234"],
    ["a test's name in lower case", "tests/test_adyen.py::test_handles3dsecure2challengeflowcorrectly"],
    ["a commit's hex", "adyen test_3f786850e387550fdab836ed7e6dc881de23001b"],
    ["a test's file in camel case, digits among its words", "adyen-python-api: test_Payment3ds2ChallengeFlowRedirect.py PASSED"],
    ["a test's class in camel case", "Adyen SDK: running test_Authorise3DS2ChallengeFlowWithRedirect.java"],
    ["a name that runs on", `adyen ${key}_spec.rb`],
    ["a stand-in", `adyen live_${"x".repeat(34)}`],
  ])("leave %s", (_name, text) => {
    expect(masker.mask(text)).toBe(text);
  });
});
