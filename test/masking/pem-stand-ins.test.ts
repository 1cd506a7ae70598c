import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

const masker = createMasker();
const block = (body: string, label = "PRIVATE KEY") => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
/** base64 of printable text: what documentation puts in a key's place. */
const textBody = (text: string) => Buffer.from(text).toString("base64").replace(/.{64}/g, "$&\n");
/** An Ed25519 key in PKCS #8, the shortest private key of a standard format (48 bytes, 64 base64 characters). */
const ED25519 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256))]).toString("base64");

describe("a PEM private-key block whose body is base64 of text", () => {
  it.each([
    // secretlint's privatekey rule, test/snapshots/ok.placeholder-short-base64.
    ["the alphabet", block("YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=")],
    ["a sentence over several lines", block(textBody("This is not a real key. Paste the key from the vault here, as issued by the platform team."))],
    ["in JSON", JSON.stringify({ key: block(textBody("your private key goes here")) })],
    ["an RSA label", block(textBody("placeholder for the RSA private key of the deploy user"), "RSA PRIVATE KEY")],
    // `echo … | base64` ends the text with a line break. Three bytes to a group: here it ends a whole group, which is
    // judged as it is read, before the end is known, and stays.
    ["a sentence from echo, its line break last", block(textBody("This is not a real key.\n"))],
    ["a sentence from echo, in JSON", JSON.stringify({ key: block(textBody("the key goes here\n")) })],
    // Each of a sentence's marks inside a whole group, before the padded end: each is a byte the text may hold.
    ["a sentence's punctuation", block(textBody(`don't use (example) key - "replace"! ok? no,. ok.`))],
  ])("stays: %s", (_name, text) => {
    expect(masker.mask(text)).toBe(text);
  });

  it.each([
    ["the shortest real key", block(ED25519)],
    ["the shortest real key, in JSON", JSON.stringify({ key: block(ED25519) })],
    ["a key of random bytes", block(Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 73 + 19) % 256)).toString("base64").replace(/.{64}/g, "$&\n"))],
    // Text for its first groups, then bytes no text holds (OpenSSH's `openssh-key-v1` and its zero; a line break inside).
    ["text, then a zero", block(textBody(`This is not a real key${"\u0000"}${ED25519}`))],
    ["a line break inside the text", block(textBody("This is not\na real key"))],
  ])("is masked when it holds bytes no text holds: %s", (_name, text) => {
    // The body's first line, as written (JSON escapes its line breaks).
    const body = /-----(?:\n|\\n)([A-Za-z0-9+/=]{16})/.exec(text)![1]!;
    expect(masker.mask(text)).not.toContain(body);
    expect(masker.mask(text)).toContain("[secret:private-key]");
  });
});

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString().trim();
const lines = rsa.split("\n");
const body = lines.slice(1, -1);
/** A stretch of the key's base64 that must never be written. */
const material = body[10]!;

describe("a real key is never read as base64 of text", () => {
  it.each([
    // Node's base64 decoder stops at the first `=`: "db" decodes to "u", text, and the whole key stays.
    ["every line behind a `db=` prefix", lines.map((l) => `db=${l}`).join("\n")],
    ["a padded short line before the key", [lines[0], "YQ==", ...body, lines.at(-1)].join("\n")],
    // base64 of a PEM key (a Kubernetes `tls.key` value) pasted between the markers: the text it decodes to is a key.
    ["base64 of a PEM key", `-----BEGIN PRIVATE KEY-----\n${Buffer.from(rsa).toString("base64").replace(/.{64}/g, "$&\n")}\n-----END PRIVATE KEY-----`],
  ])("%s", (_name, text) => {
    const once = masker.mask(text);
    expect(once).not.toContain(material);
    expect(once).not.toContain(Buffer.from(rsa).toString("base64").slice(640, 680));
  });
});

describe("a PEM block whose body is base64 of a secret", () => {
  it.each([
    ["a user and a password", "admin:Zq8Lk3Vw9pXy2Rt6"],
    ["a user and a password, a blank between", "admin Zq8Lk3Vw9pXy2Rt6"],
    ["a GitHub token", "ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5"],
    ["a Stripe key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"],
    ["an AWS key pair", "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI_K7MDENG_bPxRfiCYEXAMPLEKEY"],
    ["random letters", "the key is qKhVKQxLmZpTrWbYc"],
    // Letters of one case, then letters that happen to hold vowels: no stand-in's words.
    ["a Google app password (four groups of four lower-case letters)", "xmqp tbvd lrzk weca"],
    ["random lower-case letters", "qkhvkqxlmzptrwbycnfd"],
    ["random capitals", "QKHVKQXLMZPTRWBYCNFD"],
    ["a Google app password, each group with a vowel", "quhh uhtw eumj yivw"],
    ["a Google app password, no blanks", "yccyhwxujqneptyg"],
    ["random lower-case letters holding vowels", "hhpkzonbzsijuypjmkge"],
    ["random capitals holding vowels", "YBQJPDUOFLUKHOAIFDIU"],
    ["random mixed case (camel-case split into short parts)", "sTdxysAHejbfoyIeKced"],
  ])("is masked: %s", (_name, secret) => {
    const body = Buffer.from(secret).toString("base64");
    expect(masker.mask(block(body))).not.toContain(body);
  });
});

describe("a PEM block whose body is base64 of a stand-in as people write one", () => {
  it.each([
    ["`echo 'this is not a real key' | base64` (a trailing newline)", "this is not a real key\n"],
    ["a stand-in in camel case", "ThisIsNotARealKey"],
    ["another", "DoNotUseInProduction"],
  ])("stays: %s", (_name, text) => {
    const t = block(Buffer.from(text).toString("base64"));
    expect(masker.mask(t)).toBe(t);
  });
});

describe("stand-ins written as one lowercase word or filler text", () => {
  it.each([
    ["notarealkey", block(textBody("notarealkey"))],
    ["yourkeyhere", block(textBody("yourkeyhere"))],
    ["lorem ipsum", block(textBody("Lorem ipsum dolor sit amet, consectetur adipiscing elit"))],
    ["hello world", block(textBody("hello world"))],
  ])("stays: %s", (_name, text) => {
    expect(masker.mask(text)).toBe(text);
  });
});
