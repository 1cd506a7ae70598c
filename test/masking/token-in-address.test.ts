import { describe, expect, it } from "vitest";
import { random, tokenSamples } from "jit-access-bench/masking-rule-samples.js";
import { createMasker } from "../../src/masking/index.js";

/*
 * A token found inside a word (after `-`, `.`, `+`) may run up to an `@`: it
 * is then the end of an address's local part. Masking the token alone left
 * the local part's start (`jane.doe-[secret:gitlab-token]@example.com`), a
 * name in the audit trail. The address is masked whole instead, the token with
 * it; a token that is the whole local part (`ghp_…@github.com`) or follows a
 * `:` of URL credentials stays a token.
 */

const masker = createMasker();
const GITLAB = "glpat-ab3def5hij7klm9nop1q";
const GITHUB = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
// RFC 5322's atext and the dot: what an unquoted local part may hold.
const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;

describe("a token glued inside an address's local part", () => {
  it.each([
    ["after a name and `-`", `jane.doe-${GITLAB}@example.com`, "j***@example.com"],
    ["in prose", `mail jane.doe-${GITLAB}@example.com now`, "mail j***@example.com now"],
    ["with more local part after it", `jane-${GITLAB}.doe@example.com`, "j***@example.com"],
    ["GitLab's issue-by-email address", "incoming+group-project-123-glimt-abcdefghijklmnopqrstuvwxy-issue@incoming.gitlab.com", "i***@incoming.gitlab.com"],
    ["JSON-escaped `@`", JSON.stringify({ email: `jane.doe-${GITLAB}\\u0040example.com` }).replace("\\\\u0040", "\\u0040"), '{"email":"j***@example.com"}'],
    ["percent-encoded `@`", `to=jane.doe-${GITLAB}%40example.com`, "to=j***%40example.com"],
    ["two tokens glued one after the other", `a-${GITHUB}-${GITLAB}@example.com`, "a***@example.com"],
  ])("masks the whole address: %s", (_name, text, expected) => {
    expect(masker.mask(text)).toBe(expected);
    expect(masker.mask(expected)).toBe(expected);
  });

  it.each([
    ["the token is the whole local part", `${GITHUB}@github.com`, "[secret:github-token]@github.com"],
    ["URL credentials after `:`", `https://x-access-token:${GITHUB.replace("ghp_", "ghs_")}@github.com/o/r`, "https://x-access-token:[secret:github-token]@github.com/o/r"],
    ["a URL password", "https://user:abc@api.com/v1", "https://user:[secret:password]@api.com/v1"],
    ["a key before the token is no local part", `token=${GITLAB}@example.com`, "token=[secret:gitlab-token]@example.com"],
    ["a token and then an address", `${GITLAB} jane.doe@example.com`, "[secret:gitlab-token] j***@example.com"],
    ["a quote before the token, another quote earlier", `I typed "ok" then "${GITLAB}@gitlab.com" by mistake`, 'I typed "ok" then "[secret:gitlab-token]@gitlab.com" by mistake'],
    ["only punctuation before the token", `'${GITHUB}@github.com'`, "'[secret:github-token]@github.com'"],
    ["markdown's bold around it", `**${GITHUB}@github.com**`, "**[secret:github-token]@github.com**"],
    ["another `@` after the domain", `ops-${GITLAB}@example.com-bob@corp.com`, "ops-[secret:gitlab-token]@e***@corp.com"],
    ["after `Basic`", `Authorization: Basic bob'${GITLAB}%40example.com`, "Authorization: Basic bob'[secret:gitlab-token]%40example.com"],
  ])("leaves the token a token: %s", (_name, text, expected) => {
    expect(masker.mask(text)).toBe(expected);
    expect(masker.mask(expected)).toBe(expected);
  });

  it.each([
    ["a URL's password that holds a token", `https://user:pass-${GITLAB}@gitlab.com/x`, "https://user:[secret:password]@gitlab.com/x"],
    ["mailto:", `mailto:jane-${GITLAB}@example.com`, "mailto:j***@example.com"],
  ])("masks %s whole, once for all", (_name, text, expected) => {
    expect(masker.mask(text)).toBe(expected);
    expect(masker.mask(expected)).toBe(expected);
    const full = createMasker({ emails: "full" });
    expect(full.mask(full.mask(text))).toBe(full.mask(text));
  });

  it("leaves nothing of the local part or the token, for every table token glued into an address", () => {
    const next = random(11);
    const names = ["jane.doe", "j.smith", "ops-team", "first.last+tag"];
    const glues = ["-", ".", "+"];
    const contexts: ((address: string) => string)[] = [(a) => a, (a) => `level=info msg="sent to ${a}"`, (a) => JSON.stringify({ to: a }), (a) => `* <${a}>`];
    const leaks: string[] = [];
    for (const sample of tokenSamples()) {
      const name = names[Math.floor(next() * names.length)]!;
      const glue = glues[Math.floor(next() * glues.length)]!;
      const address = `${name}${glue}${sample.token}@example.com`;
      // Only where the token alone is masked in a plain line (a few rows need a key or refuse a random body),
      // and only tokens that can stand in an address (not Ansible Vault's lines).
      if (masker.mask(`ok ${sample.token} ok`).includes(sample.token) || !ATEXT.test(sample.token)) continue;
      for (const wrap of contexts) {
        const out = masker.mask(wrap(address));
        if (out.includes(name.slice(1)) || out.includes(sample.token.slice(-8))) leaks.push(`${sample.rule}: ${out}`);
        if (masker.mask(out) !== out) leaks.push(`${sample.rule} (masking twice): ${out}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

describe("a token inside a URL's password", () => {
  const ghp = "ghp_Ab3dE5gH7jK9mN1pQ3sT5vXy7zAb3dE5gH7j";
  const sendgrid = "SG.Ab3dE5gH7jK9mN1pQ3sT5v.Xy7zAb3dE5gH7jK9mN1pQ3sT5vXy7zAb3dE5gH7jK9mN";

  it.each([
    ["after the password's start, glued", `redis://:Zq8vR2mX9kLp${sendgrid}@cache:6379`, "redis://:[secret:password]@cache:6379"],
    ["after a hyphen", `postgres://app:abc-${ghp}@db/app`, "postgres://app:[secret:password]@db/app"],
    ["in the middle, the password holding an @", `mongodb://admin:pre-${ghp}@ssw0rd@cluster0/x`, "mongodb://admin:[secret:password]@cluster0/x"],
    ["in a JSON log line", JSON.stringify({ url: `redis://:Zq8vR2mX9kLp${sendgrid}@cache` }), JSON.stringify({ url: "redis://:[secret:password]@cache" })],
    ["after an @ that starts the password", `mongodb://app:@Zq8pw-${ghp}@cache:27017`, "mongodb://app:[secret:password]@cache:27017"],
    ["a token the user, a password after it", `https://${ghp}:Zq8Lk3Vw9p@cache`, "https://[secret:github-token]:[secret:password]@cache"],
    ["the same before GitHub's host", `https://${ghp}:Zq8Lk3Vw9p@github.com/o/r`, "https://[secret:github-token]:[secret:password]@github.com/o/r"],
    ["a token in the user, a password after it", `https://u-${ghp}:Zq8Lk3Vw9p@cache`, "https://u-[secret:github-token]:[secret:password]@cache"],
    ["a token the user, another the password", `https://${ghp}:${ghp}@host`, "https://[secret:github-token]:[secret:github-token]@host"],
  ])("%s: the whole password is masked", (_name, text, output) => {
    const once = masker.mask(text);
    expect(once).toBe(output);
    expect(masker.mask(once)).toBe(once);
  });

  it.each([
    ["the whole password", `https://x-access-token:${ghp}@github.com/o/r`, "https://x-access-token:[secret:github-token]@github.com/o/r"],
    ["the user, no password", `https://${ghp}@github.com/o/r`, "https://[secret:github-token]@github.com/o/r"],
    ["a token beside a URL, not in it", `see https://github.com/o/r and ${ghp} today`, "see https://github.com/o/r and [secret:github-token] today"],
    ["GitHub's OAuth form: the password names no secret", `https://${ghp}:x-oauth-basic@github.com/o/r`, "https://[secret:github-token]:x-oauth-basic@github.com/o/r"],
    ["a template after a token's user", `https://${ghp}:\${PASSWORD}@host`, "https://[secret:github-token]:${PASSWORD}@host"],
  ])("%s: the token's span alone", (_name, text, output) => {
    expect(masker.mask(text)).toBe(output);
    expect(masker.mask(output)).toBe(output);
  });
});

describe("a URL percent-encoded whole, in a query string", () => {
  it.each([
    ["capitals", "GET /connect?dsn=postgres%3A%2F%2Fapp%3AZq8Lk3Vw9p%40db 200", "GET /connect?dsn=postgres%3A%2F%2Fapp%3A[secret:password]%40db 200"],
    ["small letters", "dsn=redis%3a%2f%2f%3aZq8Lk3Vw9p%40cache", "dsn=redis%3a%2f%2f%3a[secret:password]%40cache"],
    ["in a JSON log line", JSON.stringify({ url: "/c?dsn=postgres%3A%2F%2Fapp%3AZq8Lk3Vw9p%40db" }), JSON.stringify({ url: "/c?dsn=postgres%3A%2F%2Fapp%3A[secret:password]%40db" })],
  ])("%s: the password is masked", (_name, text, output) => {
    const once = masker.mask(text);
    expect(once).toBe(output);
    expect(masker.mask(once)).toBe(once);
  });

  it.each([
    ["no password", "next=https%3A%2F%2Fexample.com%2Fx%40y"],
    ["a stand-in", "dsn=redis%3A%2F%2F%3APASSWORD%40cache"],
    ["no encoded scheme", "q=app%3AZq8Lk3Vw9p%40db"],
  ])("%s: left", (_name, text) => {
    expect(masker.mask(text)).toBe(text);
  });
});
