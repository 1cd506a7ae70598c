import type { SecretSample } from "./masking-rule-samples.js";
import { SECRETLINT_NG } from "./secretlint-fixtures.js";

/*
 * Samples vendored from other projects' tests, each named by its source,
 * set in the same three contexts as the rest of the rule-sample corpus: a
 * log line, a JSON log line and markdown.
 */

/** validator.js test/validators/isEmail.test.js: the addresses `isEmail` accepts (default options, display names, IP domains). */
const VALIDATOR_EMAILS: readonly string[] = [
  "foo@bar.com",
  "x@x.au",
  "foo@bar.com.au",
  "foo+bar@bar.com",
  "hans.m端ller@test.com",
  "hans@m端ller.com",
  "test|123@m端ller.com",
  "test123+ext@gmail.com",
  "some.name.midd.leNa.me.and.locality+extension@GoogleMail.com",
  '"foobar"@example.com',
  '"  foo  m端ller "@example.com',
  '"foo\\@bar"@example.com',
  `${"a".repeat(64)}@${"a".repeat(63)}.com`,
  `${"a".repeat(31)}@gmail.com`,
  "test@gmail.com",
  "test.1@gmail.com",
  "test@1337.com",
  "foobar@my_sarisari_store.typepad.com",
  "email@[123.123.123.123]",
  "email@255.255.255.255",
  "Deleted-user-id-19430-Team-5051deleted-user-id-19430-team-5051XXXXXX@example.com",
];

/** secretlint packages/@secretlint/secretlint-rule-basicauth/test/snapshots (ng.*): URLs whose credentials it reports. */
const SECRETLINT_BASIC_AUTH: readonly [url: string, password: string][] = [
  ["ftp://user:pass@example.com", "pass"],
  ["https://apiuser:r3alP4ssw0rd@api.production.com/v2", "r3alP4ssw0rd"],
  ["https://svcaccount:myC0mpl3xP@ss@service.internal.com", "myC0mpl3xP@ss"],
  ["ftps://deployment:s3cur3K3y2024@files.company.com/uploads", "s3cur3K3y2024"],
  ["https://backup-user:BackupK3y987@backup.example.com", "BackupK3y987"],
  ["https://monitor:m0n1t0r!ng@metrics.company.com/api", "m0n1t0r!ng"],
];

const asIs = (value: string) => value;
const CONTEXTS: readonly { name: string; wrap: (value: string) => string; written: (value: string) => string }[] = [
  { name: "log line", wrap: (v) => `2026-04-01T10:00:00Z INFO notify: sent to ${v} after retry`, written: asIs },
  { name: "JSON log line", wrap: (v) => JSON.stringify({ level: 30, msg: "notified", detail: `recipient ${v} accepted` }), written: (v) => JSON.stringify(v).slice(1, -1) },
  { name: "markdown", wrap: (v) => `Contact:\n\n- ${v}\n\nor \`${v}\`.`, written: asIs },
];

/**
 * The vendored samples as labelled positives: an address counts as masked
 * when it no longer appears (partial masking keeps only its domain), a URL
 * when its password no longer appears, a secretlint fixture line when the
 * secret its rule reports no longer appears.
 *
 * @example
 * vendoredSamples().filter((s) => s.family === "email (validator.js)").length; // 63
 */
export function vendoredSamples(): SecretSample[] {
  const out: SecretSample[] = [];
  for (const context of CONTEXTS) {
    for (const address of VALIDATOR_EMAILS) {
      out.push({ family: "email (validator.js)", rule: "isEmail valid", source: "validator.js test/validators/isEmail.test.js", context: context.name, text: context.wrap(address), secret: context.written(address) });
    }
    for (const [url, password] of SECRETLINT_BASIC_AUTH) {
      const text = context.wrap(url);
      out.push({ family: "basic-auth (secretlint)", rule: "secretlint-rule-basicauth", source: "secretlint packages/@secretlint/secretlint-rule-basicauth/test/snapshots", context: context.name, text, secret: context.written(`:${password}@`) });
    }
    for (const [rule, fixture, line, secret] of SECRETLINT_NG) {
      const source = `secretlint packages/@secretlint/secretlint-rule-${rule}/test/snapshots/${fixture}`;
      out.push({ family: `${rule} (secretlint)`, rule: `secretlint-rule-${rule}`, source, context: context.name, text: context.wrap(line), secret: context.written(secret) });
    }
  }
  return out;
}
