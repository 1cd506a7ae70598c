import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../src/config.js";
import { checkEnvironment } from "../../src/environment/check-environment.js";
import { checkServerStart } from "../../src/environment/check-server-start.js";
import { loadDotEnv } from "../../src/environment/load-dot-env.js";

const folder = mkdtempSync(join(tmpdir(), "jit-env-"));
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const keyFile = join(folder, "app.private-key.pem");
writeFileSync(keyFile, privateKey);
const notAKey = join(folder, "not-a-key.pem");
writeFileSync(notAKey, "hello\n");
mkdirSync(join(folder, "a-folder.pem"));

const GOOD: NodeJS.ProcessEnv = {
  APP_ID: "123456",
  PRIVATE_KEY_PATH: keyFile,
  WEBHOOK_SECRET: "a-webhook-secret-of-some-length",
  JIT_ACCESS_SIGNING_KEY: "0123456789abcdef0123456789abcdef",
  JIT_ACCESS_REPOSITORIES: "acme/access",
};

/** What `npm start` writes for an environment: the lines, and whether it would start. */
function serverStart(env: NodeJS.ProcessEnv): { started: boolean; lines: string[] } {
  const written: string[] = [];
  const cwd = mkdtempSync(join(tmpdir(), "jit-cwd-"));
  const started = checkServerStart({ ...env }, (text) => void written.push(text), cwd);
  return { started, lines: written.join("").trimEnd().split("\n") };
}

describe("the one configuration check", () => {
  it("lets a good environment start", () => {
    expect(serverStart(GOOD)).toEqual({ started: true, lines: [""] });
    expect(checkEnvironment(GOOD, "server", folder).credentials).toMatchObject({ appId: 123456, baseUrl: undefined });
  });

  // Ten misconfigurations and more: each gets one line naming the variable, what is wrong and the fix, and no stack.
  it.each<[string, Record<string, string | undefined>, RegExp]>([
    ["APP_ID missing", { APP_ID: undefined, NODE_ENV: "production" }, /^ {2}- APP_ID is missing: set it to the app's numeric ID/],
    ["APP_ID not a number", { APP_ID: "xyz" }, /^ {2}- APP_ID must be the app's numeric ID, such as 123456 \(got "xyz"\): copy "App ID"/],
    ["no key at all", { PRIVATE_KEY_PATH: undefined }, /^ {2}- PRIVATE_KEY and PRIVATE_KEY_PATH are both missing: generate a private key/],
    ["key file missing", { PRIVATE_KEY_PATH: "/nonexistent.pem" }, /^ {2}- PRIVATE_KEY_PATH: no file at \/nonexistent\.pem: generate a private key/],
    ["key path is a folder", { PRIVATE_KEY_PATH: join(folder, "a-folder.pem") }, /^ {2}- PRIVATE_KEY_PATH: cannot read .*a-folder\.pem \(it is a folder, not the \.pem file\)/],
    ["key file is not a key", { PRIVATE_KEY_PATH: notAKey }, /^ {2}- PRIVATE_KEY_PATH: .*not-a-key\.pem does not hold a readable PEM private key/],
    ["PRIVATE_KEY not a PEM", { PRIVATE_KEY: "notapem", PRIVATE_KEY_PATH: undefined }, /^ {2}- PRIVATE_KEY is not a PEM private key \(no BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY line\)/],
    ["PRIVATE_KEY a damaged PEM", { PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", PRIVATE_KEY_PATH: undefined }, /^ {2}- PRIVATE_KEY is not a readable PEM private key/],
    ["WEBHOOK_SECRET missing", { WEBHOOK_SECRET: undefined }, /^ {2}- WEBHOOK_SECRET is missing: set it to the webhook secret/],
    ["signing key missing", { JIT_ACCESS_SIGNING_KEY: undefined }, /^ {2}- JIT_ACCESS_SIGNING_KEY is missing: set it to a random secret of at least 32 characters/],
    ["signing key short", { JIT_ACCESS_SIGNING_KEY: "short" }, /^ {2}- JIT_ACCESS_SIGNING_KEY is too short/],
    ["sweep interval a word", { JIT_ACCESS_SWEEP_INTERVAL: "often" }, /^ {2}- JIT_ACCESS_SWEEP_INTERVAL must be a whole number of seconds/],
    ["request label empty", { JIT_ACCESS_REQUEST_LABEL: "" }, /^ {2}- JIT_ACCESS_REQUEST_LABEL: /],
    ["REDIS_URL without scheme", { REDIS_URL: "localhost:6379" }, /^ {2}- REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    ["LOG_LEVEL unknown", { LOG_LEVEL: "loud" }, /^ {2}- LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent \(got "loud"\)/],
    ["PORT a word", { PORT: "http" }, /^ {2}- PORT must be a TCP port number from 1 to 65535 \(got "http"\)/],
    ["an owner's token left for the server", { JIT_ACCESS_DOCTOR_TOKEN: "ghp_owner0123456789" }, /^ {2}- JIT_ACCESS_DOCTOR_TOKEN is set, but only `jit-access doctor` reads it/],
    ["GHE_HOST a URL", { GHE_HOST: "https://ghe.example.com/" }, /^ {2}- GHE_HOST must be the host name of GitHub Enterprise Server/],
    ["a policy path with a dot segment", { JIT_ACCESS_POLICY_PATH: "./policies" }, /^ {2}- JIT_ACCESS_POLICY_PATH must be a plain folder path such as `policies`, without `.` or `..` segments$/],
    ["no repositories named", { JIT_ACCESS_REPOSITORIES: undefined }, /^ {2}- JIT_ACCESS_REPOSITORIES is missing: name the repositories whose policies the app obeys, as owner\/repo separated by commas \(for example acme\/access\); without it a policy folder in any repository/],
    ["repositories named blank", { JIT_ACCESS_REPOSITORIES: "  " }, /^ {2}- JIT_ACCESS_REPOSITORIES is missing: /],
    ["repositories named as URLs", { JIT_ACCESS_REPOSITORIES: "https://github.com/acme/access" }, /^ {2}- JIT_ACCESS_REPOSITORIES must list repositories as owner\/repo, separated by commas/],
    ["a repository named without its owner", { JIT_ACCESS_REPOSITORIES: "access" }, /^ {2}- JIT_ACCESS_REPOSITORIES must list repositories as owner\/repo/],
    ["a pin that is not a number", { JIT_ACCESS_REPOSITORIES: "acme/access@main" }, /^ {2}- JIT_ACCESS_REPOSITORIES must list repositories as owner\/repo, separated by commas, each optionally pinned to its numeric id, such as `acme\/access`, `acme\/access@123456789` \(pinned\)/],
    ["a pin of zero", { JIT_ACCESS_REPOSITORIES: "acme/access@0" }, /^ {2}- JIT_ACCESS_REPOSITORIES must list repositories as owner\/repo/],
    ["two pins on one name", { JIT_ACCESS_REPOSITORIES: "acme/access@1@2" }, /^ {2}- JIT_ACCESS_REPOSITORIES must list repositories as owner\/repo/],
    ["a pin of more digits than an id is read exactly with", { JIT_ACCESS_REPOSITORIES: "acme/access@9007199254740993" }, /^ {2}- JIT_ACCESS_REPOSITORIES must list repositories as owner\/repo/],
    ["one name pinned to two ids", { JIT_ACCESS_REPOSITORIES: "acme/access@111, Acme/Access@222" }, /^ {2}- JIT_ACCESS_REPOSITORIES pins acme\/access to two different ids: keep the one GitHub gives it \(`jit-access doctor` prints it\)$/],
    ["a smee.io channel left in production", { NODE_ENV: "production", WEBHOOK_PROXY_URL: "https://smee.io/AbCdEf123" }, /^ {2}- WEBHOOK_PROXY_URL is set, but it is for local development only .*; remove WEBHOOK_PROXY_URL here \(and from \.env\)$/],
  ])("%s: one clear line, and the server does not start", (_name, change, line) => {
    const { started, lines } = serverStart({ ...GOOD, ...change } as NodeJS.ProcessEnv);
    expect(started).toBe(false);
    expect(lines[0]).toBe("jit-access is not configured correctly:");
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(line);
    expect(lines.join("\n")).not.toMatch(/\n\s+at /);
  });

  it("reads the repositories as owner/repo in lower case, and none when unset or blank", () => {
    expect(readConfig({ ...GOOD, JIT_ACCESS_REPOSITORIES: " Acme/Access , acme/infra-access" }).repositories).toEqual(["acme/access", "acme/infra-access"]);
    expect(readConfig({ ...GOOD, JIT_ACCESS_REPOSITORIES: "" }).repositories).toBeUndefined();
    expect(readConfig({ ...GOOD, JIT_ACCESS_REPOSITORIES: undefined }).repositories).toBeUndefined();
  });

  it("reads a repository pinned to its id (owner/repo@id) as its name and the id, and no pins when none is given", () => {
    const config = readConfig({ ...GOOD, JIT_ACCESS_REPOSITORIES: " Acme/Access@123456789 , acme/infra-access" });
    expect(config.repositories).toEqual(["acme/access", "acme/infra-access"]);
    expect([...(config.repositoryIds ?? [])]).toEqual([["acme/access", 123456789]]);
    expect(readConfig({ ...GOOD, JIT_ACCESS_REPOSITORIES: "acme/access" }).repositoryIds).toBeUndefined();
  });

  it("refuses a server without the repositories whatever NODE_ENV says, and starts with a list", () => {
    expect(serverStart({ ...GOOD, JIT_ACCESS_REPOSITORIES: undefined }).lines[1]).toMatch(/^ {2}- JIT_ACCESS_REPOSITORIES is missing: /);
    expect(serverStart({ ...GOOD, NODE_ENV: "development", JIT_ACCESS_REPOSITORIES: undefined }).started).toBe(false);
    expect(serverStart({ ...GOOD, NODE_ENV: "production", JIT_ACCESS_REPOSITORIES: " acme/access , acme/infra-access " }).started).toBe(true);
  });

  it("lets a smee.io channel through outside production (the setup flow's local development), and a relay of the organisation's own in production", () => {
    expect(serverStart({ ...GOOD, WEBHOOK_PROXY_URL: "https://smee.io/AbCdEf123" }).started).toBe(true);
    expect(serverStart({ ...GOOD, NODE_ENV: "production", WEBHOOK_PROXY_URL: "https://relay.corp.example/jit-access" }).started).toBe(true);
  });

  it("reports every problem at once", () => {
    const { started, lines } = serverStart({ APP_ID: "xyz", PRIVATE_KEY: "notapem", LOG_LEVEL: "loud" } as Record<string, string> as NodeJS.ProcessEnv);
    expect(started).toBe(false);
    expect(lines.slice(1).map((l) => /^ {2}- ([A-Z_]+)/.exec(l)?.[1])).toEqual(["JIT_ACCESS_SIGNING_KEY", "LOG_LEVEL", "APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET", "JIT_ACCESS_REPOSITORIES"]);
  });

  it("never prints the key it could not read", () => {
    const secretish = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ1dC1icm9rZW4ta2V5LW1hdGVyaWFs\n-----END PRIVATE KEY-----";
    const { lines } = serverStart({ ...GOOD, PRIVATE_KEY: secretish, PRIVATE_KEY_PATH: undefined });
    expect(lines.join("\n")).not.toContain("c2VjcmV0");
  });

  // Two lines of a secret manifest swapped, a token pasted for a port: the message quotes what it refuses.
  it.each<[string, Record<string, string>, string]>([
    ["the webhook secret in APP_ID", { APP_ID: "Zq8Vx3Lm7Np2Rt6Wy1Kb", WEBHOOK_SECRET: "Zq8Vx3Lm7Np2Rt6Wy1Kb" }, "Zq8Vx3Lm7Np2Rt6Wy1Kb"],
    ["the signing key in PORT", { PORT: "0123456789abcdef0123456789abcdef" }, "0123456789abcdef0123456789abcdef"],
    ["the OAuth client secret in LOG_LEVEL", { LOG_LEVEL: "c0ffee51de5ecret9", GITHUB_CLIENT_SECRET: "c0ffee51de5ecret9" }, "c0ffee51de5ecret9"],
  ])("never prints a secret the environment holds, quoted in the wrong variable: %s", (_name, change, secret) => {
    const { started, lines } = serverStart({ ...GOOD, ...change });
    expect(started).toBe(false);
    expect(lines.join("\n")).toContain("[secret]");
    expect(lines.join("\n")).not.toContain(secret);
  });

  it("leaves Probot's setup flow alone: no APP_ID outside production starts the setup", () => {
    expect(serverStart({}).started).toBe(true);
  });

  it("reads ./.env as Probot does: the file's values win", () => {
    const cwd = mkdtempSync(join(tmpdir(), "jit-dotenv-"));
    writeFileSync(join(cwd, ".env"), `APP_ID=123456\nPRIVATE_KEY_PATH=${keyFile}\nWEBHOOK_SECRET="from the file"\nJIT_ACCESS_SIGNING_KEY=${"k".repeat(40)}\nJIT_ACCESS_REPOSITORIES=acme/access\n`);
    const env: NodeJS.ProcessEnv = { APP_ID: "1" };
    expect(loadDotEnv(env, cwd)).toEqual([]);
    expect(env).toMatchObject({ APP_ID: "123456", WEBHOOK_SECRET: "from the file" });
    expect(checkServerStart({}, () => undefined, cwd)).toBe(true);
  });

  it("says so when .env cannot be read", () => {
    const cwd = mkdtempSync(join(tmpdir(), "jit-dotenv-"));
    mkdirSync(join(cwd, ".env"));
    expect(loadDotEnv({}, cwd)).toEqual([expect.stringMatching(/^\.env: cannot read .*\(EISDIR\): make it a readable file/)]);
  });

  it("the GitHub commands need the credentials but not the webhook secret", () => {
    expect(() => checkEnvironment({ ...GOOD, WEBHOOK_SECRET: undefined }, "github", folder)).not.toThrow();
    expect(() => checkEnvironment({ JIT_ACCESS_SIGNING_KEY: GOOD.JIT_ACCESS_SIGNING_KEY }, "settings", folder)).not.toThrow();
    const empty = mkdtempSync(join(tmpdir(), "jit-cwd-"));
    expect(() => checkEnvironment({ JIT_ACCESS_SIGNING_KEY: GOOD.JIT_ACCESS_SIGNING_KEY }, "github", empty)).toThrow(/APP_ID is missing[\s\S]*PRIVATE_KEY and PRIVATE_KEY_PATH are both missing/);
    // Probot takes a lone .pem in the working folder; with several it cannot choose.
    expect(() => checkEnvironment({ ...GOOD, PRIVATE_KEY_PATH: undefined }, "github", folder)).toThrow(/PRIVATE_KEY_PATH is missing and the working folder holds more than one \.pem file/);
  });
});
