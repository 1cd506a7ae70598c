import { describe, expect, it } from "vitest";
import { random } from "jit-access-bench/masking-rule-samples.js";
import { createMasker } from "../../src/masking/index.js";

/*
 * Tokens whose prefix is made only of common characters (`glpat-`, `dp.pt.`,
 * `hvs.`, `sq0atp-`, Terraform's `….atlasv1.`), with bodies made the way
 * gitleaks' rule files make their true positives, set in free text: a log
 * line, a JSON string whose key names no secret, and markdown.
 * GitLab's prefixes are anchored (at `g`, in a text that holds `gl`) and
 * found whatever the body: gitleaks' own samples, `[a-z0-9]{20}`, held no
 * character the scan stops at about one time in ten and were left whole.
 * Hex bodies are found through their run of hex. The others are found
 * through a stop in their body, which a random body lacks only as often as
 * the arithmetic says (docs/masking.md, "Not found in free text"); Terraform's
 * bodies, which may hold `=` before any stop, were left whole one time in six.
 */

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"; // utils.AlphaNumeric
const HEX = "0123456789abcdef"; // utils.Hex
const MIXED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

type Draw = (alphabet: string, length: number) => string;

/** Families found whatever their body, as their gitleaks rule file (cmd/generate/config/rules/<file>.go) makes its true positives. */
const ANCHORED: Record<string, (draw: Draw) => string> = {
  // gitlab.go: every kind but the hex-bodied pipeline trigger token is `<prefix>` + AlphaNumeric(n).
  "gitlab.go glpat-": (d) => `glpat-${d(LOWER_ALNUM, 20)}`,
  "gitlab.go glpat- routable": (d) => `glpat-${d(LOWER_ALNUM, 27)}.${d(LOWER_ALNUM, 2)}${d(LOWER_ALNUM, 7)}`,
  "gitlab.go gldt-": (d) => `gldt-${d(LOWER_ALNUM, 20)}`,
  "gitlab.go glffct-": (d) => `glffct-${d(LOWER_ALNUM, 20)}`,
  "gitlab.go glft-": (d) => `glft-${d(LOWER_ALNUM, 20)}`,
  "gitlab.go glimt-": (d) => `glimt-${d(LOWER_ALNUM, 25)}`,
  "gitlab.go glagent-": (d) => `glagent-${d(LOWER_ALNUM, 50)}`,
  "gitlab.go gloas-": (d) => `gloas-${d(LOWER_ALNUM, 64)}`,
  "gitlab.go glrt-": (d) => `glrt-${d(LOWER_ALNUM, 20)}`,
  "gitlab.go glsoat-": (d) => `glsoat-${d(LOWER_ALNUM, 20)}`,
  "gitlab.go glcbt-": (d) => `glcbt-${d(LOWER_ALNUM, 5)}_${d(LOWER_ALNUM, 20)}`,
  "gitlab.go glptt-": (d) => `glptt-${d(HEX, 40)}`,
  // Lower-case hex bodies, found through their run of hex.
  "databricks.go dapi": (d) => `dapi${d(HEX, 32)}`,
  "pulumi.go pul-": (d) => `pul-${d(HEX, 40)}`,
  "adobe.go p8e-": (d) => `p8e-${d(HEX, 32)}`,
  "intra42.go s-s4t2ud-": (d) => `s-s4t2ud-${d(HEX, 64)}`,
  "airtable.go pat": (d) => `pat${d(MIXED, 14)}.${d(HEX, 64)}`,
};

/** Families found through a stop in their body, with how often such a body holds none (for these lengths and classes). */
const THROUGH_THE_BODY: Record<string, { make: (draw: Draw) => string; lacksStops: number }> = {
  // doppler.go: `dp.pt.` + AlphaNumeric(43): none of k, w, x, z in 43 of 36 characters.
  "doppler.go dp.pt.": { make: (d) => `dp.pt.${d(LOWER_ALNUM, 43)}`, lacksStops: (32 / 36) ** 43 },
  // square.go: `sq0atp-` + `[0-9A-Za-z\-_]{22}`: none of the 16 stops among 64 characters.
  "square.go sq0atp-": { make: (d) => `sq0atp-${d(`${MIXED}-_`, 22)}`, lacksStops: (48 / 64) ** 22 },
  // hashicorp.go: Hex(14) + `.atlasv1.` + AlphaNumericExtended(60): `=` may stand before the first stop.
  "hashicorp.go .atlasv1.": { make: (d) => `${d(HEX, 14)}.atlasv1.${d(`${LOWER_ALNUM}=_-`, 60)}`, lacksStops: (34 / 39) ** 60 },
  // dynatrace.go: `dt0c01.` + AlphaNumeric(24) + `.` + AlphaNumeric(64).
  "dynatrace.go dt0c01.": { make: (d) => `dt0c01.${d(LOWER_ALNUM, 24)}.${d(LOWER_ALNUM, 64)}`, lacksStops: (32 / 36) ** 88 },
  // infracost.go and clickhouse.go: `[A-Za-z0-9]{32}` and `{38}`: none of the 15 stops among 62 characters.
  "infracost.go ico-": { make: (d) => `ico-${d(MIXED, 32)}`, lacksStops: (47 / 62) ** 32 },
  "clickhouse.go 4b1d": { make: (d) => `4b1d${d(MIXED, 38)}`, lacksStops: (47 / 62) ** 38 },
  // hashicorp_vault.go and harness.go: long mixed bodies.
  "hashicorp_vault.go hvs.": { make: (d) => `hvs.${d("0123456789", 1)}${d(`${MIXED}_-`, 89)}`, lacksStops: (48 / 64) ** 89 },
  // hashicorp_vault.go's legacy service token: `s.` + a digit + `[a-zA-Z0-9]{23}`.
  "hashicorp_vault.go s.": { make: (d) => `s.${d("0123456789", 1)}${d(MIXED, 23)}`, lacksStops: (47 / 62) ** 23 },
  "harness.go pat.": { make: (d) => `pat.${d(`${MIXED}_-`, 22)}.${d(MIXED, 24)}.${d(MIXED, 20)}`, lacksStops: (47 / 62) ** 66 },
};

const CONTEXTS: Record<string, (token: string) => string> = {
  "log line": (t) => `2026-04-01T10:00:00Z INFO deploy: uploading with ${t} to the registry`,
  "JSON string": (t) => JSON.stringify({ level: 50, msg: "request failed", detail: `credential ${t} was rejected`, note: t }),
  markdown: (t) => `I pasted it by mistake:\n\n\`\`\`\n${t}\n\`\`\`\n\nand \`${t}\` again, then (${t}).`,
};

const masker = createMasker();

/** The tokens of `count` seeds left whole in some context. */
function leftWhole(name: string, make: (draw: Draw) => string, count: number): string[] {
  const left: string[] = [];
  for (let seed = 1; seed <= count; seed++) {
    const next = random(seed * 7919 + name.length);
    const draw: Draw = (alphabet, length) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]!).join("");
    const token = make(draw);
    for (const [context, wrap] of Object.entries(CONTEXTS)) if (masker.mask(wrap(token)).includes(token)) left.push(`${context}: ${token}`);
  }
  return left;
}

describe("tokens of common-character prefixes in free text, gitleaks-style bodies over many seeds", () => {
  it.each(Object.entries(ANCHORED))("%s: every one", (name, make) => {
    expect(leftWhole(name, make, 200)).toEqual([]);
  });

  it.each(Object.entries(THROUGH_THE_BODY))("%s: left whole no more often than its body lacks every stop", (name, { make, lacksStops }) => {
    const seeds = 1000;
    // Three contexts a token: a token left whole counts three times; the bound allows four times the expected share and two tokens.
    expect(leftWhole(name, make, seeds).length).toBeLessThanOrEqual(3 * Math.ceil(4 * lacksStops * seeds + 2));
  });
});

describe("words and placeholders that only start like such a prefix", () => {
  it.each([
    "global-config and glass-door in gl-matrix",
    "see globals.d.ts, gltf-loader and glpat-XXXXXXXXXXX-XXXXXXXX",
    "glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.xxxxxxxxx",
    "gl-matrix-configuration-options and glob-pattern-matching-rules",
    "terraform.tfvars holds prod.atlasv1.tfvars and xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "dp.pt.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx in dp.pt.config.yaml",
    "hvs.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "pat.json, sat.yaml and the square sq0atp-short token",
    // hashicorp_vault.go's false positives for the legacy `s.` token.
    "  credentials: new AWS.SharedIniFileCredentials({ profile: '<YOUR_PROFILE>' })",
    "INFO 4 --- [           main] o.s.b.f.s.DefaultListableBeanFactory     : Overriding bean definition for bean",
    "s.xxxxxxxxxxxxxxxxxxxxxxxx s.THISSTRINGISALLUPPERCASE s.thisstringisalllowercase",
    "s.AcceptanceTimeoutSeconds and s.makeKubeConfigController = args",
    "bus.7e2cPG5AOUTMsKmcluDRDTAc, s.7e2cPG5AOUTMsKmcluDRDTAcX",
    "requests for platform.admins: 2 of 3 approvals",
  ])("%j stays", (text) => {
    expect(masker.mask(text)).toBe(text);
  });
});

describe("Vault's legacy `s.` token stands alone", () => {
  const token = "s.7e2cPG5AOUTMsKmcluDRDTAc";

  it.each(["s.computeSha256ChecksumFor(buf)", "s.deleteRunUtf8ByReadParse(ctx)"])("a call stays: %j", (text) => {
    expect(masker.mask(text)).toBe(text);
  });

  it("more of a name after a dash stays", () => {
    expect(masker.mask(`x ${token}-Zq8Lk3Vw9Xy2`)).toBe(`x ${token}-Zq8Lk3Vw9Xy2`);
  });

  it("an address that starts like one is masked as an address", () => {
    expect(masker.mask("mail s.kowalczykmarek1987wrocla@gmail.com now")).toBe("mail s***@gmail.com now");
  });

  it.each([`VAULT_TOKEN=${token}.jGTPn`, `VAULT_TOKEN=${token}-Zq8Lk3Vw9Xy2`])("a longer value after a key is masked whole: %j", (text) => {
    expect(masker.mask(text)).toBe("VAULT_TOKEN=[secret:token]");
  });

  it.each([
    [`used ${token}.`, "used [secret:vault-token]."],
    [`<b>${token}</b>`, "<b>[secret:vault-token]</b>"],
    [`(${token})`, "([secret:vault-token])"],
    [`The root token is ${token}!`, "The root token is [secret:vault-token]!"],
    [`Is it ${token}?`, "Is it [secret:vault-token]?"],
    [`“${token}”`, "“[secret:vault-token]”"],
    [`?t=${token}&y=1`, "?t=[secret:vault-token]&y=1"],
    [`令牌 ${token}，已撤销`, "令牌 [secret:vault-token]，已撤销"],
    [`token ${token}\u00a0x`, "token [secret:vault-token]\u00a0x"],
    [`token=${token}-\${X}`, "token=[secret:vault-token]-${X}"],
    [`\x1b[32m${token}\x1b[0m`, "\x1b[32m[secret:vault-token]\x1b[0m"],
    [JSON.stringify({ msg: `\x1b[32m${token}\x1b[0m` }), JSON.stringify({ msg: "\x1b[32m[secret:vault-token]\x1b[0m" })],
  ])("it is masked where it ends: %j", (text, output) => {
    expect(masker.mask(text)).toBe(output);
  });
});
