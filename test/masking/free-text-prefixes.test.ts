import { describe, expect, it } from "vitest";
import { random } from "jit-access-bench/masking-rule-samples.js";
import { createMasker } from "../../src/masking/index.js";

/*
 * Tokens whose prefix is made only of common characters (`glpat-`, `dp.pt.`,
 * `hvs.`, `sq0atp-`, Terraform's `….atlasv1.`), with bodies made the way
 * gitleaks' rule files make their true positives, set in free text: a log
 * line, a JSON string whose key names no secret, and markdown. Such a body
 * may hold none of the characters the scan stops at (gitleaks' GitLab
 * samples, `[a-z0-9]{20}`, about one time in ten), so these are found through
 * the prefix itself (docs/masking.md, "How a prefix is found"). Many seeds:
 * a token left whole by chance shows up here.
 */

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"; // utils.AlphaNumeric
const HEX = "0123456789abcdef"; // utils.Hex
const MIXED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

type Draw = (alphabet: string, length: number) => string;

/** Each family as its gitleaks rule file (cmd/generate/config/rules/<file>.go) makes its true positives. */
const FAMILIES: Record<string, (draw: Draw) => string> = {
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
  // doppler.go: `dp.pt.` + AlphaNumeric(43); the table's other Doppler kinds alike.
  "doppler.go dp.pt.": (d) => `dp.pt.${d(LOWER_ALNUM, 43)}`,
  "doppler.go dp.st.": (d) => `dp.st.${d(LOWER_ALNUM, 43)}`,
  "doppler.go dp.audit.": (d) => `dp.audit.${d(LOWER_ALNUM, 43)}`,
  // dynatrace.go: `dt0c01.` + AlphaNumeric(24) + `.` + AlphaNumeric(64).
  "dynatrace.go dt0c01.": (d) => `dt0c01.${d(LOWER_ALNUM, 24)}.${d(LOWER_ALNUM, 64)}`,
  // hashicorp.go: Hex(14) + `.atlasv1.` + AlphaNumericExtended("60,70"), whose `=` may stand before any stop.
  "hashicorp.go .atlasv1.": (d) => `${d(HEX, 14)}.atlasv1.${d(`${LOWER_ALNUM}=_-`, 60 + d("0123456789a", 1).charCodeAt(0) % 11)}`,
  // hashicorp_vault.go: `hvs\.[0-9][\w\-]{89}` and `hvb.` + AlphaNumericExtendedShort(138).
  "hashicorp_vault.go hvs.": (d) => `hvs.${d("0123456789", 1)}${d(`${MIXED}_-`, 89)}`,
  "hashicorp_vault.go hvb.": (d) => `hvb.${d(`${LOWER_ALNUM}_-`, 138)}`,
  // harness.go: its regex, `(?:pat|sat)\.[a-zA-Z0-9_-]{22}\.[a-zA-Z0-9]{24}\.[a-zA-Z0-9]{20}`.
  "harness.go pat.": (d) => `pat.${d(`${MIXED}_-`, 22)}.${d(MIXED, 24)}.${d(MIXED, 20)}`,
  "harness.go sat.": (d) => `sat.${d(`${MIXED}_-`, 22)}.${d(MIXED, 24)}.${d(MIXED, 20)}`,
  // square.go: `sq0atp-` + `[0-9A-Za-z\-_]{22}` and `sq0csp-` + `[0-9A-Za-z\\-_]{43}`.
  "square.go sq0atp-": (d) => `sq0atp-${d(`${MIXED}-_`, 22)}`,
  "square.go sq0csp-": (d) => `sq0csp-${d(`${MIXED}-_`, 43)}`,
  // Lower-case hex bodies, found through their run of hex.
  "databricks.go dapi": (d) => `dapi${d(HEX, 32)}`,
  "pulumi.go pul-": (d) => `pul-${d(HEX, 40)}`,
  "adobe.go p8e-": (d) => `p8e-${d(HEX, 32)}`,
  "intra42.go s-s4t2ud-": (d) => `s-s4t2ud-${d(HEX, 64)}`,
  "airtable.go pat": (d) => `pat${d(MIXED, 14)}.${d(HEX, 64)}`,
};

const CONTEXTS: Record<string, (token: string) => string> = {
  "log line": (t) => `2026-04-01T10:00:00Z INFO deploy: uploading with ${t} to the registry`,
  "JSON string": (t) => JSON.stringify({ level: 50, msg: "request failed", detail: `credential ${t} was rejected`, note: t }),
  markdown: (t) => `I pasted it by mistake:\n\n\`\`\`\n${t}\n\`\`\`\n\nand \`${t}\` again, then (${t}).`,
};

const SEEDS = 120;
const masker = createMasker();

describe("tokens of common-character prefixes in free text, gitleaks-style bodies over many seeds", () => {
  it.each(Object.entries(FAMILIES))("%s", (name, make) => {
    const left: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const next = random(seed * 7919 + name.length);
      const draw: Draw = (alphabet, length) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]!).join("");
      const token = make(draw);
      for (const [context, wrap] of Object.entries(CONTEXTS)) if (masker.mask(wrap(token)).includes(token)) left.push(`${context}: ${token}`);
    }
    expect(left).toEqual([]);
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
    "requests for platform.admins: 2 of 3 approvals",
  ])("%j stays", (text) => {
    expect(masker.mask(text)).toBe(text);
  });
});
